package io.dendro.cli;

import io.dendro.Stream;
import io.dendro.http.PlotData;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A static SVG picture of a stream, written by hand, of the kind the web plot draws (ADR 0022):
 * the rows {@link PlotData} reads for one window per pixel of the plot area; for a numeric
 * stream a min/max band ({@code class="band"}) and a mean line ({@code class="mean"}; raw points
 * are the line alone), for a nominal stream a strip of colours by label ({@code class="label"})
 * with a legend; axes with nice values and UTC time labels. Fill {@link #sink()}, then
 * {@link #render}.
 */
final class SvgPlot {
    static final String LINE = "#1f77b4";
    static final String[] LABEL_COLOURS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 28;
    static final int BOTTOM = 40;
    /** Time steps the x axis may use, in ns: 1-2-5 below a second, then the clock's and calendar's. */
    static final long[] TIME_STEPS;

    static {
        List<Long> steps = new ArrayList<>();
        for (long unit = 1; unit < 1_000_000_000L; unit *= 10) {
            steps.add(unit);
            steps.add(2 * unit);
            steps.add(5 * unit);
        }
        long s = 1_000_000_000L;
        for (long k : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
            86400, 172800, 604800, 2592000, 31536000}) {
            steps.add(k * s);
        }
        TIME_STEPS = steps.stream().mapToLong(Long::longValue).toArray();
    }

    final int width;
    final int height;
    private int n;
    private double[] min = new double[256];
    private double[] mean = new double[256];
    private double[] max = new double[256];
    private long[] t = new long[256];
    private final List<String> labels = new ArrayList<>();

    SvgPlot(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** The rows received. */
    int rows() {
        return n;
    }

    /** Columns of the plot area: one window each, or so. */
    int pixels() {
        return Math.max(1, width - LEFT - RIGHT);
    }

    private void add(long time, double lo, double mid, double hi, String label) {
        if (n == t.length) {
            t = java.util.Arrays.copyOf(t, 2 * n);
            min = java.util.Arrays.copyOf(min, 2 * n);
            mean = java.util.Arrays.copyOf(mean, 2 * n);
            max = java.util.Arrays.copyOf(max, 2 * n);
        }
        t[n] = time;
        min[n] = lo;
        mean[n] = mid;
        max[n] = hi;
        if (label != null) {
            labels.add(label);
        }
        n++;
    }

    /** Where {@link PlotData#read} puts its rows. */
    PlotData.Sink sink() {
        return new PlotData.Sink() {
            @Override
            public void window(long time, double lo, double mid, double hi, long count) {
                add(time, lo, mid, hi, null);
            }

            @Override
            public void point(long time, double value) {
                double v = Stream.isNull(value) ? Double.NaN : value;
                add(time, v, v, v, null);
            }

            @Override
            public void label(long time, String label, long count) {
                add(time, Double.NaN, Double.NaN, Double.NaN, label == null ? "null" : label);
            }
        };
    }

    /** The picture of what the sink received, read as {@code shape} says, titled {@code title}. */
    String render(PlotData.Shape shape, String title, boolean nominal) {
        long start = shape.start();
        long end = shape.end();
        long width2 = shape.raw() ? 0 : 1L << shape.pointwidth();
        int plotW = pixels();
        int plotH = Math.max(10, height - TOP - BOTTOM);
        StringBuilder b = new StringBuilder(64 * n + 4096);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        b.append("<title>").append(escape(title)).append("</title>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        b.append("<text x=\"").append(LEFT).append("\" y=\"18\" font-size=\"13\">").append(escape(title))
                .append("</text>\n");
        double span = Math.max(1, end - start);
        java.util.function.LongToDoubleFunction x = tt -> LEFT + (tt - start) / span * plotW;
        // y range over the band
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(min[i])) {
                lo = Math.min(lo, min[i]);
                hi = Math.max(hi, max[i]);
            }
        }
        b.append("<g class=\"grid\" stroke=\"#e6e6e6\">\n");
        List<long[]> xTicks = timeTicks(start, end, plotW);
        for (long[] tick : xTicks) {
            double px = x.applyAsDouble(tick[0]);
            b.append("<line x1=\"").append(f(px)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(f(px))
                    .append("\" y2=\"").append(TOP + plotH).append("\"/>\n");
        }
        double[] yTicks = new double[0];
        if (!nominal && lo <= hi) {
            if (lo == hi) {
                lo -= Math.max(1, Math.abs(lo) * 0.05);
                hi += Math.max(1, Math.abs(hi) * 0.05);
            }
            double pad = (hi - lo) * 0.05;
            lo -= pad;
            hi += pad;
            yTicks = niceTicks(lo, hi, Math.max(2, plotH / 50));
            for (double v : yTicks) {
                double py = TOP + (hi - v) / (hi - lo) * plotH;
                b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(f(py)).append("\" x2=\"")
                        .append(LEFT + plotW).append("\" y2=\"").append(f(py)).append("\"/>\n");
            }
        }
        b.append("</g>\n");
        if (nominal) {
            strip(b, x, start, end, width2, plotH, plotW);
        } else if (lo <= hi) {
            double fLo = lo;
            double fHi = hi;
            java.util.function.DoubleUnaryOperator y = v -> TOP + (fHi - v) / (fHi - fLo) * plotH;
            if (!shape.raw()) {
                band(b, x, y, width2);
            }
            mean(b, x, y, width2);
        }
        // axes and their labels
        b.append("<g class=\"axes\" stroke=\"#333333\" fill=\"none\">\n<path d=\"M").append(LEFT).append(' ')
                .append(TOP).append("V").append(TOP + plotH).append("H").append(LEFT + plotW).append("\"/>\n</g>\n");
        b.append("<g class=\"ticks\" fill=\"#333333\">\n");
        long step = xTicks.isEmpty() ? 1 : xTicks.get(0)[1];
        for (long[] tick : xTicks) {
            if (x.applyAsDouble(tick[0]) > width - 36) {
                continue; // its label would be cut at the picture's edge
            }
            b.append("<text x=\"").append(f(x.applyAsDouble(tick[0]))).append("\" y=\"").append(TOP + plotH + 14)
                    .append("\" text-anchor=\"middle\">").append(escape(timeLabel(tick[0], step))).append("</text>\n");
        }
        b.append("<text x=\"").append(LEFT + plotW).append("\" y=\"").append(TOP + plotH + 30)
                .append("\" text-anchor=\"end\">").append(escape("UTC, " + Instant.ofEpochSecond(0, 0)
                        .plusNanos(start) + " to " + Instant.ofEpochSecond(0, 0).plusNanos(end)
                        + (shape.raw() ? ", raw points" : ", windows of 2^" + shape.pointwidth() + " ns")))
                .append("</text>\n");
        double fLo = lo;
        double fHi = hi;
        for (double v : yTicks) {
            double py = TOP + (fHi - v) / (fHi - fLo) * plotH;
            b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(py + 4))
                    .append("\" text-anchor=\"end\">").append(escape(number(v))).append("</text>\n");
        }
        b.append("</g>\n</svg>\n");
        return b.toString();
    }

    /** The min/max band: one closed path per run of adjacent windows (a missing window breaks it). */
    private void band(StringBuilder b, java.util.function.LongToDoubleFunction x,
                      java.util.function.DoubleUnaryOperator y, long w) {
        b.append("<path class=\"band\" fill=\"").append(LINE).append("\" fill-opacity=\"0.25\" stroke=\"none\" d=\"");
        int from = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || t[i] - t[i - 1] > w || Double.isNaN(min[i])) {
                int a = from;
                while (a < i && Double.isNaN(min[a])) {
                    a++;
                }
                if (a < i) {
                    for (int k = a; k < i; k++) {
                        b.append(k == a ? 'M' : 'L').append(f(x.applyAsDouble(t[k]))).append(',')
                                .append(f(y.applyAsDouble(max[k])));
                        b.append('L').append(f(x.applyAsDouble(t[k] + w))).append(',').append(f(y.applyAsDouble(max[k])));
                    }
                    for (int k = i - 1; k >= a; k--) {
                        b.append('L').append(f(x.applyAsDouble(t[k] + w))).append(',').append(f(y.applyAsDouble(min[k])));
                        b.append('L').append(f(x.applyAsDouble(t[k]))).append(',').append(f(y.applyAsDouble(min[k])));
                    }
                    b.append('Z');
                }
                from = i;
            }
        }
        b.append("\"/>\n");
    }

    /** The mean line through the middle of each window (or through the raw points). */
    private void mean(StringBuilder b, java.util.function.LongToDoubleFunction x,
                      java.util.function.DoubleUnaryOperator y, long w) {
        b.append("<path class=\"mean\" fill=\"none\" stroke=\"").append(LINE)
                .append("\" stroke-width=\"1.5\" stroke-linejoin=\"round\" d=\"");
        boolean pen = false;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(mean[i]) || (w > 0 && i > 0 && t[i] - t[i - 1] > w)) {
                pen = false;
                if (Double.isNaN(mean[i])) {
                    continue;
                }
            }
            b.append(pen ? 'L' : 'M').append(f(x.applyAsDouble(t[i] + w / 2))).append(',')
                    .append(f(y.applyAsDouble(mean[i])));
            pen = true;
        }
        b.append("\"/>\n");
    }

    /** A nominal stream: a strip of colours by (most frequent) label, and a legend. */
    private void strip(StringBuilder b, java.util.function.LongToDoubleFunction x, long start, long end, long w,
                       int plotH, int plotW) {
        Map<String, String> colours = new LinkedHashMap<>();
        int stripH = Math.min(40, plotH);
        int top = TOP + plotH - stripH;
        b.append("<g class=\"strip\">\n");
        for (int i = 0; i < n; i++) {
            String label = labels.get(i);
            String colour = colours.computeIfAbsent(label, k -> LABEL_COLOURS[colours.size() % LABEL_COLOURS.length]);
            long to = w > 0 ? t[i] + w : i + 1 < n ? t[i + 1] : end;
            double x0 = Math.max(LEFT, x.applyAsDouble(t[i]));
            double x1 = Math.min(LEFT + plotW, x.applyAsDouble(to));
            b.append("<rect class=\"label\" x=\"").append(f(x0)).append("\" y=\"").append(top).append("\" width=\"")
                    .append(f(Math.max(0.5, x1 - x0))).append("\" height=\"").append(stripH).append("\" fill=\"")
                    .append(colour).append("\"><title>").append(escape(label)).append("</title></rect>\n");
        }
        b.append("</g>\n<g class=\"legend\">\n");
        int lx = LEFT;
        int ly = TOP + 4;
        for (Map.Entry<String, String> e : colours.entrySet()) {
            if (ly > top - 14) {
                break; // more labels than room: the strip's titles still name them
            }
            b.append("<rect x=\"").append(lx).append("\" y=\"").append(ly).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(e.getValue()).append("\"/><text x=\"").append(lx + 14).append("\" y=\"").append(ly + 9)
                    .append("\">").append(escape(e.getKey())).append("</text>\n");
            ly += 16;
        }
        b.append("</g>\n");
    }

    /** Multiples of a time step from the table that give about one tick per 110 px. */
    static List<long[]> timeTicks(long start, long end, int plotW) {
        double want = Math.max(2, plotW / 110.0);
        long step = TIME_STEPS[TIME_STEPS.length - 1];
        for (long s : TIME_STEPS) {
            if ((end - start) / (double) s <= want) {
                step = s;
                break;
            }
        }
        List<long[]> out = new ArrayList<>();
        for (long tt = Math.floorDiv(start, step) * step + (Math.floorMod(start, step) == 0 ? 0 : step);
             tt <= end && out.size() < 100; tt += step) {
            out.add(new long[] {tt, step});
        }
        return out;
    }

    static String timeLabel(long nanos, long step) {
        Instant i = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        String pattern = step >= 86_400_000_000_000L ? "yyyy-MM-dd" : step >= 60_000_000_000L ? "MM-dd HH:mm"
                : step >= 1_000_000_000L ? "HH:mm:ss" : step >= 1_000_000L ? "HH:mm:ss.SSS" : "ss.SSSSSSSSS";
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC).format(i);
    }

    /** 1-2-5 steps between lo and hi, about {@code count} of them. */
    static double[] niceTicks(double lo, double hi, int count) {
        double raw = (hi - lo) / count;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi && out.size() < 50; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String number(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append('?'); // not allowed in XML 1.0
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
