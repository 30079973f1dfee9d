package io.dendro.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns for the demo tour: a header row, a rule, then rows.
 * Each column is left- or right-aligned as given by one letter per column ({@code "lrr"}).
 */
final class TextTable {
    private final String[] headers;
    private final String align;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String align, String... headers) {
        if (align.length() != headers.length) {
            throw new IllegalArgumentException("one alignment letter per column");
        }
        this.headers = headers;
        this.align = align;
    }

    TextTable row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out, String indent) {
        int[] w = new int[headers.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        line(out, indent, headers, w);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        out.append(indent).append(rule).append('\n');
        for (String[] r : rows) {
            line(out, indent, r, w);
        }
    }

    private void line(PrintWriter out, String indent, String[] cells, int[] w) {
        StringBuilder sb = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(w[i] - cells[i].length());
            if (align.charAt(i) == 'r') {
                sb.append(pad).append(cells[i]);
            } else {
                sb.append(cells[i]).append(i == cells.length - 1 ? "" : pad);
            }
        }
        out.append(sb).append('\n');
    }
}
