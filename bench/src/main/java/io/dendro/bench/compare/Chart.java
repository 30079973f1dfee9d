package io.dendro.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The comparison as an SVG chart, drawn here without any outside tool: one row per workload,
 * one bar per peer showing how many times better (right, green side) or worse (left, red side)
 * Dendro is than that peer, on a log scale centred on 1×; each row also names the raw figures.
 */
final class Chart {
    private static final int WIDTH = 1040;
    private static final int LEFT = 390;
    private static final int RIGHT = 40;
    private static final int ROW = 58;
    private static final int BAR = 15;
    private static final Map<String, String> COLOURS = Map.of("questdb", "#6a4fc9", "duckdb", "#d08a00");

    private Chart() {
    }

    static String svg(Compare.Results r) {
        List<Workload> rows = new ArrayList<>();
        for (Workload w : Workload.values()) {
            if (Report.present(r, w) && r.value("dendro", w) != null) {
                rows.add(w);
            }
        }
        List<String> peers = Report.peers(r);
        // decades on each side of 1×: as many as the data needs, at least one
        double better = 1;
        double worse = 0;
        for (Workload w : rows) {
            for (String p : peers) {
                double a = Report.advantage(r, w, p);
                if (!Double.isNaN(a) && a > 0) {
                    better = Math.max(better, Math.log10(a));
                    worse = Math.max(worse, -Math.log10(a));
                }
            }
        }
        int right = (int) Math.min(6, Math.ceil(better - 1e-9));
        // room on the left for the label beyond the longest "worse" bar
        int left = (int) Math.min(6, Math.max(1, Math.ceil(worse + 0.7)));
        int top = 118;
        int height = top + rows.size() * ROW + 78;
        int x0 = LEFT;
        int x1 = WIDTH - RIGHT;
        double perDecade = (x1 - x0) / (double) (left + right);
        double cx = x0 + left * perDecade;

        StringBuilder s = new StringBuilder();
        s.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"Helvetica, Arial, sans-serif\">%n", WIDTH, height, WIDTH, height));
        s.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        s.append(String.format("<text x=\"20\" y=\"32\" font-size=\"20\" font-weight=\"bold\" fill=\"#222\">%s</text>%n",
                esc("How many times better Dendro is — " + r.dataset + ", " + String.format("%,d", r.points) + " points")));
        StringBuilder peersText = new StringBuilder();
        for (String p : peers) {
            peersText.append(peersText.isEmpty() ? "against " : " and ").append(Report.displayName(p)).append(' ')
                    .append(r.versions.getOrDefault(p, "?"));
        }
        s.append(String.format("<text x=\"20\" y=\"54\" font-size=\"13\" fill=\"#555\">%s</text>%n",
                esc(peersText + "; log scale; right of 1× Dendro is better, left it is worse; median of " + r.repeat
                        + (r.repeat == 1 ? " run" : " runs") + ", " + r.date.substring(0, 10))));
        s.append(String.format("<text x=\"20\" y=\"72\" font-size=\"11\" fill=\"#777\">%s</text>%n", esc(Report.machineLine(r))));
        // legend
        int lx = 20;
        for (String p : peers) {
            s.append(String.format("<rect x=\"%d\" y=\"84\" width=\"14\" height=\"14\" fill=\"%s\"/>%n", lx, colour(p)));
            s.append(String.format("<text x=\"%d\" y=\"96\" font-size=\"13\" fill=\"#333\">Dendro vs %s</text>%n", lx + 20,
                    esc(Report.displayName(p))));
            lx += 170;
        }
        int plotTop = top - 6;
        int plotBottom = top + rows.size() * ROW;
        s.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fbeeee\"/>%n", x0, plotTop,
                cx - x0, plotBottom - plotTop));
        s.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#ecf7ec\"/>%n", cx, plotTop,
                x1 - cx, plotBottom - plotTop));
        for (int k = -left; k <= right; k++) {
            double x = cx + k * perDecade;
            s.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"/>%n",
                    x, plotTop, x, plotBottom, k == 0 ? "#333" : "#c8c8c8", k == 0 ? "1.5" : "1"));
            String label = String.format("%,d×", (long) Math.pow(10, Math.abs(k)));
            s.append(String.format("<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#555\" text-anchor=\"middle\">%s</text>%n",
                    x, plotBottom + 16, esc(label)));
        }
        s.append(String.format("<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#a33\" text-anchor=\"end\">%s</text>%n",
                cx - 8, plotBottom + 36, esc("← the peer is better")));
        s.append(String.format("<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#2a7a2a\" text-anchor=\"start\">%s</text>%n",
                cx + 8, plotBottom + 36, esc("Dendro is better →")));

        int y = top;
        for (Workload w : rows) {
            s.append(String.format("<line x1=\"20\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e4e4e4\"/>%n", y + ROW - 4, x1,
                    y + ROW - 4));
            s.append(String.format("<text x=\"20\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\">%s</text>%n",
                    y + 15, esc(shortLabel(w))));
            StringBuilder raw = new StringBuilder("Dendro " + Report.format(r.value("dendro", w), w.unit));
            for (String p : peers) {
                Double v = r.value(p, w.peerWorkload());
                if (v != null) {
                    raw.append(" · ").append(Report.displayName(p)).append(' ').append(Report.format(v, w.unit));
                }
            }
            s.append(String.format("<text x=\"20\" y=\"%d\" font-size=\"11\" fill=\"#555\">%s</text>%n", y + 32,
                    esc(raw.toString())));
            s.append(String.format("<text x=\"20\" y=\"%d\" font-size=\"10\" fill=\"#888\">%s</text>%n", y + 46,
                    esc(w.higherIsBetter ? "higher is better" : "lower is better")));
            int by = y + 6;
            for (String p : peers) {
                double a = Report.advantage(r, w, p);
                if (!Double.isNaN(a) && a > 0) {
                    double len = Math.max(-left, Math.min(right, Math.log10(a))) * perDecade;
                    double bx = len >= 0 ? cx : cx + len;
                    s.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" rx=\"2\"/>%n",
                            bx, by, Math.max(1.5, Math.abs(len)), BAR, colour(p)));
                    String text = Report.ratio(a);
                    boolean onRight = len >= 0;
                    // the label goes beyond the bar's end, or inside it when it would pass the plot's edge
                    // and the bar is long enough to hold it
                    double textWidth = 6.7 * text.length();
                    double tx = onRight ? cx + len + 5 : cx + len - 5;
                    String anchor = onRight ? "start" : "end";
                    String fill = "#222";
                    boolean fitsInside = Math.abs(len) >= textWidth + 10;
                    if (onRight && tx + textWidth > x1 && fitsInside) {
                        tx = cx + len - 5;
                        anchor = "end";
                        fill = "#fff";
                    } else if (!onRight && tx - textWidth < x0 && fitsInside) {
                        tx = cx + len + 5;
                        anchor = "start";
                        fill = "#fff";
                    }
                    s.append(String.format("<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"%s\" text-anchor=\"%s\">%s</text>%n",
                            tx, by + 12, fill, anchor, esc(text)));
                }
                by += BAR + 4;
            }
            y += ROW;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String shortLabel(Workload w) {
        return switch (w) {
            case INGEST -> "Bulk ingest (durable)";
            case SCAN -> "Scan 10 M points";
            case SCAN_PER_POINT -> "Scan 10 M points, a call per point";
            case HOURLY -> "Hourly stats, whole series (1 h windows)";
            case HOURLY_PW42 -> "Hourly stats as 2^42 ns aligned windows";
            case COUNT_1H -> "Count in a random hour";
            case RANGE_1S -> "Raw points of a random second";
            case LATEST -> "Latest point";
            case BYTES -> "Bytes on disk per point";
            case HEAP -> "Heap after load";
            case RSS -> "Resident memory after load";
        };
    }

    private static String colour(String peer) {
        return COLOURS.getOrDefault(peer, "#4477aa");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
