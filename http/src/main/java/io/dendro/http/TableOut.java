package io.dendro.http;

import java.io.OutputStream;

/**
 * A download written in one format: batches of rows ({@link Batch}), then {@link #finish()}.
 * Nothing is held beyond the batch being written and a write buffer; what is written goes out as
 * it is produced (chunked). The same columns read the same in every format: a JSON key, a CSV
 * header, an Arrow field of the same name.
 */
sealed interface TableOut permits JsonTable, CsvTable, ArrowTable {
    /** Writes the batch's rows. */
    void write(Batch b);

    /** Ends the answer (the JSON's closing bracket, the Arrow end-of-stream marker) and flushes. */
    void finish();

    /**
     * A writer of {@code format} onto {@code out}.
     *
     * @param iso    times as ISO-8601 strings in JSON and CSV (Arrow's are typed)
     * @param single one row, written in JSON as an object rather than an array of one
     */
    static TableOut open(Format format, OutputStream out, Batch.Column[] columns, boolean iso, boolean single) {
        return switch (format) {
            case JSON -> new JsonTable(out, columns, iso, single);
            case CSV -> new CsvTable(out, columns, iso);
            case ARROW -> new ArrowTable(out, columns);
        };
    }
}
