package io.dendro.http;

import io.dendro.Stream;
import io.dendro.Time;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A download as CSV, as the CLI prints it: a header line of the column names, one row per line,
 * {@code \n} line ends; times as integer nanoseconds (ISO-8601 with {@code iso}); numbers as
 * {@code Double.toString} writes them; an empty window's statistics {@code NaN}; a null point
 * {@code null}; an aggregate point its mean; a label or graph its compact JSON quoted as CSV
 * quotes (RFC 4180: in {@code "}, every {@code "} inside doubled), so {@code "on"} is
 * {@code """on"""}.
 */
final class CsvTable implements TableOut {
    private final Writer w;
    private final Batch.Column[] columns;
    private final boolean iso;
    private final StringBuilder sb = new StringBuilder(128);

    CsvTable(OutputStream out, Batch.Column[] columns, boolean iso) {
        this.w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 15);
        this.columns = columns;
        this.iso = iso;
        for (int c = 0; c < columns.length; c++) {
            sb.append(c == 0 ? "" : ",").append(columns[c].name());
        }
        flushRow();
    }

    @Override
    public void write(Batch b) {
        for (int r = 0; r < b.rows; r++) {
            for (int c = 0; c < columns.length; c++) {
                if (c > 0) {
                    sb.append(',');
                }
                switch (columns[c].type()) {
                    case TIME -> {
                        if (iso) {
                            sb.append(Time.format(b.longs[c][r]));
                        } else {
                            sb.append(b.longs[c][r]);
                        }
                    }
                    case COUNT -> sb.append(b.longs[c][r]);
                    case STAT -> sb.append(b.doubles[c][r]);
                    case NUMBER -> {
                        double v = b.doubles[c][r];
                        if (Stream.isNull(v)) {
                            sb.append("null");
                        } else {
                            sb.append(v);
                        }
                    }
                    case DOCUMENT -> quoted(b.documents[c][r]);
                }
            }
            flushRow();
        }
    }

    private void quoted(String doc) {
        if (doc == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < doc.length(); i++) {
            char ch = doc.charAt(i);
            sb.append(ch);
            if (ch == '"') {
                sb.append('"');
            }
        }
        sb.append('"');
    }

    private void flushRow() {
        sb.append('\n');
        try {
            w.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sb.setLength(0);
    }

    @Override
    public void finish() {
        try {
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
