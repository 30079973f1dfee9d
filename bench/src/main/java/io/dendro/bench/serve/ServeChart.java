package io.dendro.bench.serve;

import java.util.ArrayList;
import java.util.List;

/**
 * The comparison as an SVG chart for docs/benchmarks.md: a panel per figure, a bar per system
 * with its median written beside it. Query times differ by orders of magnitude, so their bars
 * are on a log scale (each panel says which); the other figures are linear from zero.
 */
final class ServeChart {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
    private static final int PANEL_W = 440;
    private static final int BAR_H = 18;
    private static final int LABEL_W = 120;
    private static final int VALUE_W = 90;

    /** A panel: a metric, and whether its bars are on a log scale. */
    private record Panel(String key, String title, boolean log) {
    }

    private static final List<Panel> PANELS = List.of(
            new Panel("ingest", "ingest over HTTP, points/s (higher: better)", false),
            new Panel("bytes_per_point", "bytes on disk per point (lower: better)", false),
            new Panel("hourly_median", "hourly stats, whole series, ms (log scale)", true),
            new Panel("query_median", "minute stats over an hour, ms (log scale)", true),
            new Panel("raw_median", "raw points of a minute, ms (log scale)", true),
            new Panel("peak_rss_mb", "peak resident memory, MB (lower: better)", false));

    private ServeChart() {
    }

    static String svg(ServeCompare.Run r) {
        List<Panel> panels = new ArrayList<>();
        for (Panel p : PANELS) {
            if (r.systems.stream().anyMatch(s -> r.median(s, p.key()) != null)) {
                panels.add(p);
            }
        }
        int n = r.systems.size();
        int panelH = 30 + n * (BAR_H + 6) + 10;
        int cols = 2;
        int rows = (panels.size() + cols - 1) / cols;
        int width = cols * PANEL_W + 20;
        int height = 50 + rows * panelH;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(10, 22, 15, "bold", "start", String.format("Dendro, InfluxDB and VictoriaMetrics: %,d points, %s",
                r.points, r.data.equals("ekg") ? "the 1 kHz EKG tiled" : r.hosts + " hosts × " + r.fields + " fields")));
        s.append(text(10, 40, 11, "normal", "start", "times: lower is better; median of " + r.repeat + (r.repeat == 1 ? " run" : " runs")
                + ", " + r.date.substring(0, 10) + ", Dendro " + r.commit + " (" + r.command + ")"));
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            int x0 = 10 + (i % cols) * PANEL_W;
            int y0 = 50 + (i / cols) * panelH;
            s.append(text(x0, y0 + 18, 12, "bold", "start", p.title()));
            double max = 0;
            double min = Double.MAX_VALUE;
            for (String sys : r.systems) {
                Double v = r.median(sys, p.key());
                if (v != null && v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
            int barMax = PANEL_W - LABEL_W - VALUE_W - 20;
            for (int k = 0; k < n; k++) {
                String sys = r.systems.get(k);
                Double v = r.median(sys, p.key());
                int y = y0 + 28 + k * (BAR_H + 6);
                s.append(text(x0 + LABEL_W - 6, y + BAR_H - 5, 12, "normal", "end", ServeReport.display(sys)));
                if (v == null || v <= 0 || max <= 0) {
                    s.append(text(x0 + LABEL_W, y + BAR_H - 5, 12, "normal", "start", "—"));
                    continue;
                }
                double frac;
                if (p.log()) {
                    // the smallest value gets a tenth of the bar, each decade below the largest an equal step
                    double decades = Math.max(1, Math.log10(max / min));
                    frac = 0.1 + 0.9 * (1 - Math.log10(max / v) / decades);
                } else {
                    frac = v / max;
                }
                int w = Math.max(2, (int) Math.round(frac * barMax));
                s.append("<rect x=\"").append(x0 + LABEL_W).append("\" y=\"").append(y).append("\" width=\"").append(w)
                        .append("\" height=\"").append(BAR_H).append("\" fill=\"").append(COLOURS[k % COLOURS.length])
                        .append("\"/>\n");
                s.append(text(x0 + LABEL_W + w + 5, y + BAR_H - 5, 12, "normal", "start",
                        ServeReport.format(v, unit(p.key()))));
            }
        }
        return s.append("</svg>\n").toString();
    }

    private static String unit(String key) {
        for (ServeReport.Metric m : ServeReport.METRICS) {
            if (m.key().equals(key)) {
                return m.unit();
            }
        }
        return "";
    }

    private static String text(int x, int y, int size, String weight, String anchor, String t) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"" + size + "\" font-weight=\"" + weight
                + "\" text-anchor=\"" + anchor + "\">" + escape(t) + "</text>\n";
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
