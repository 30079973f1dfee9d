package io.dendro.http;

import io.dendro.Stream;
import io.dendro.Time;
import io.dendro.value.Aggregate;
import java.io.OutputStream;

/**
 * A download as JSON: an array of one object per row, {@code [{"time": 1767225600000000000,
 * "value": 1.5}, ...]}, keys in column order (or the one row's object for {@code count} and
 * {@code version}). Times are integer nanoseconds, or ISO-8601 strings with {@code iso};
 * numbers as {@code Double.toString} writes them (as the CLI prints them); a null point and an
 * empty window's statistics are {@code null}; an aggregate point is
 * {@code {"c", "s", "q", "l", "u", "m", "d"}} as {@code dendro values --format jsonl} prints it; a
 * label or graph is its JSON as stored.
 */
final class JsonTable implements TableOut {
    private final JsonOut j;
    private final Batch.Column[] columns;
    private final boolean iso;
    private final boolean single;

    JsonTable(OutputStream out, Batch.Column[] columns, boolean iso, boolean single) {
        this.j = new JsonOut(out);
        this.columns = columns;
        this.iso = iso;
        this.single = single;
        if (!single) {
            j.beginArray();
        }
    }

    @Override
    public void write(Batch b) {
        for (int r = 0; r < b.rows; r++) {
            j.beginObject();
            for (int c = 0; c < columns.length; c++) {
                j.name(columns[c].name());
                switch (columns[c].type()) {
                    case TIME -> {
                        if (iso) {
                            j.string(Time.format(b.longs[c][r]));
                        } else {
                            j.number(b.longs[c][r]);
                        }
                    }
                    case COUNT -> j.number(b.longs[c][r]);
                    case STAT -> j.number(b.doubles[c][r]); // NaN is null
                    case NUMBER -> number(b.doubles[c][r], b.aggregates[c][r]);
                    case DOCUMENT -> {
                        String d = b.documents[c][r];
                        if (d == null) {
                            j.nul();
                        } else {
                            j.raw(d);
                        }
                    }
                }
            }
            j.endObject();
        }
    }

    private void number(double v, Aggregate a) {
        if (a != null) {
            j.beginObject().name("c").number(a.count()).name("s").number(a.sum()).name("q").number(a.sumOfSquares())
                    .name("l").number(a.min()).name("u").number(a.max()).name("m").number(a.mean())
                    .name("d").number(a.stddev()).endObject();
        } else if (Stream.isNull(v)) {
            j.nul();
        } else {
            j.number(v);
        }
    }

    @Override
    public void finish() {
        if (!single) {
            j.endArray();
        }
        j.close();
    }
}
