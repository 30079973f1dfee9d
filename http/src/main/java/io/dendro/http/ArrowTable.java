package io.dendro.http;

import io.dendro.Stream;
import io.dendro.arrow.ArrowColumn;
import io.dendro.arrow.ArrowField;
import io.dendro.arrow.ArrowSchema;
import io.dendro.arrow.ArrowStreamWriter;
import io.dendro.arrow.ArrowType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A download as an Arrow IPC stream ({@code application/vnd.apache.arrow.stream}), written by the
 * {@code arrow} module's {@link ArrowStreamWriter}: the schema, one record batch per
 * {@link Batch} (at most {@link Batch#ROWS} rows), the end-of-stream marker; what
 * {@code pyarrow.ipc.open_stream(...).read_all()}, {@code polars.read_ipc_stream} and pandas
 * through pyarrow read.
 *
 * <table>
 * <caption>Column types</caption>
 * <tr><th>column</th><th>Arrow type</th><th>null when</th></tr>
 * <tr><td>time</td><td>timestamp[ns, tz=UTC]</td><td>never</td></tr>
 * <tr><td>statistic</td><td>float64</td><td>the window is empty (the CSV's NaN)</td></tr>
 * <tr><td>count, version</td><td>uint64</td><td>never</td></tr>
 * <tr><td>a numeric value</td><td>float64 (an aggregate point's mean)</td><td>a null point</td></tr>
 * <tr><td>a label or graph</td><td>utf8: a string label as itself ({@code on}), any other value
 *     as its compact JSON ({@code {"state":"fault"}}), as downsample's frequencies name them</td>
 *     <td>a null point</td></tr>
 * </table>
 */
final class ArrowTable implements TableOut {
    private final OutputStream out;
    private final ArrowStreamWriter writer;
    private final Batch.Column[] columns;
    private final ArrowColumn[] arrow;
    private final boolean[][] valid;
    private final String[][] text;

    ArrowTable(OutputStream body, Batch.Column[] columns) {
        this.out = new BufferedOutputStream(body, 1 << 16);
        this.columns = columns;
        ArrowField[] fields = new ArrowField[columns.length];
        arrow = new ArrowColumn[columns.length];
        valid = new boolean[columns.length][];
        text = new String[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            String name = columns[c].name();
            fields[c] = switch (columns[c].type()) {
                case TIME -> new ArrowField(name, ArrowType.TIMESTAMP_NS_UTC, false);
                case COUNT -> new ArrowField(name, ArrowType.UINT64, false);
                case STAT, NUMBER -> new ArrowField(name, ArrowType.FLOAT64, true);
                case DOCUMENT -> new ArrowField(name, new ArrowType.Utf8(), true);
            };
            if (columns[c].type() == Batch.Type.STAT || columns[c].type() == Batch.Type.NUMBER) {
                valid[c] = new boolean[Batch.ROWS];
            }
            if (columns[c].type() == Batch.Type.DOCUMENT) {
                text[c] = new String[Batch.ROWS];
            }
        }
        this.writer = new ArrowStreamWriter(out, ArrowSchema.of(fields));
    }

    @Override
    public void write(Batch b) {
        for (int c = 0; c < columns.length; c++) {
            arrow[c] = switch (columns[c].type()) {
                case TIME, COUNT -> ArrowColumn.longs(b.longs[c]);
                case STAT -> ArrowColumn.doubles(b.doubles[c], validity(c, b, false));
                case NUMBER -> ArrowColumn.doubles(b.doubles[c], validity(c, b, true));
                case DOCUMENT -> {
                    String[] t = text[c];
                    for (int r = 0; r < b.rows; r++) {
                        t[r] = label(b.documents[c][r]);
                    }
                    java.util.Arrays.fill(t, b.rows, t.length, null);
                    yield ArrowColumn.strings(t);
                }
            };
        }
        writer.writeBatch(b.rows, arrow);
    }

    /** The validity of a double column: null when every row has a value (no bitmap is then written). */
    private boolean[] validity(int c, Batch b, boolean nullPoints) {
        boolean[] v = valid[c];
        double[] d = b.doubles[c];
        boolean any = false;
        for (int r = 0; r < b.rows; r++) {
            v[r] = nullPoints ? !Stream.isNull(d[r]) : !Double.isNaN(d[r]);
            any |= !v[r];
        }
        return any ? v : null;
    }

    /** A label as a dataframe wants it: a JSON string as its text, any other JSON as it is. */
    static String label(String document) {
        if (document == null || document.length() < 2 || document.charAt(0) != '"') {
            return document;
        }
        if (document.indexOf('\\') < 0) {
            return document.substring(1, document.length() - 1);
        }
        return unescape(document);
    }

    /** The text of a JSON string as stored (valid, compact: the engine checked it on the way in), at any length. */
    private static String unescape(String json) {
        StringBuilder sb = new StringBuilder(json.length());
        for (int i = 1; i < json.length() - 1; i++) {
            char ch = json.charAt(i);
            if (ch != '\\') {
                sb.append(ch);
                continue;
            }
            char e = json.charAt(++i);
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(json, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> sb.append(e); // " \\ /
            }
        }
        return sb.toString();
    }

    @Override
    public void finish() {
        writer.finish();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
