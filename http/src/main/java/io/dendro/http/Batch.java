package io.dendro.http;

import io.dendro.value.Aggregate;

/**
 * Rows of a download on their way out, column by column in arrays that are filled, written in
 * one format ({@link TableOut}) and filled again: a download of any length costs one batch of
 * memory. A batch is full at {@link #ROWS} rows, or sooner when its documents (labels, graphs)
 * reach {@link #MAX_DOCUMENT_CHARS}.
 */
final class Batch {
    /**
     * Rows per batch: 16,384 rows of six 8-byte columns (the widest answer, windows) take 768 KiB,
     * and the Arrow writer's scratch as much again, so 256 requests in flight hold under 400 MiB;
     * an Arrow record batch of this size is what readers handle well (pyarrow splits nothing).
     */
    static final int ROWS = 16_384;
    /** Characters of documents per batch, at most (one document may be larger: it goes alone). */
    static final long MAX_DOCUMENT_CHARS = 4L << 20;

    /** What a column holds, and so how each format writes it. */
    enum Type {
        /**
         * Nanoseconds since the epoch ({@code longs}): an integer, ISO-8601 with {@code iso}, Arrow
         * timestamp[ns, UTC].
         */
        TIME,
        /** A statistic ({@code doubles}); NaN (an empty window) is JSON null, CSV {@code NaN}, an Arrow null. */
        STAT,
        /** A count or a version ({@code longs}, never negative): Arrow uint64. */
        COUNT,
        /**
         * A numeric stream's value ({@code doubles}, with {@code aggregates}): {@code Stream.NULL} is
         * JSON null, CSV {@code null}, an Arrow null; an aggregate point is its seven keys in JSON and
         * its mean in CSV and Arrow.
         */
        NUMBER,
        /**
         * A label or graph as stored, compact JSON ({@code documents}; null for a null point): as is in
         * JSON, CSV-quoted in CSV, Arrow utf8 (a string label as itself, anything else as its JSON).
         */
        DOCUMENT
    }

    /** A column's name (the CSV header, the JSON key, the Arrow field) and type. */
    record Column(String name, Type type) {
    }

    final Column[] columns;
    final long[][] longs;
    final double[][] doubles;
    final Aggregate[][] aggregates;
    final String[][] documents;
    int rows;
    long documentChars;

    Batch(Column... columns) {
        this.columns = columns;
        int n = columns.length;
        longs = new long[n][];
        doubles = new double[n][];
        aggregates = new Aggregate[n][];
        documents = new String[n][];
        for (int i = 0; i < n; i++) {
            switch (columns[i].type()) {
                case TIME, COUNT -> longs[i] = new long[ROWS];
                case STAT -> doubles[i] = new double[ROWS];
                case NUMBER -> {
                    doubles[i] = new double[ROWS];
                    aggregates[i] = new Aggregate[ROWS];
                }
                case DOCUMENT -> documents[i] = new String[ROWS];
            }
        }
    }

    boolean full() {
        return rows == ROWS || documentChars >= MAX_DOCUMENT_CHARS;
    }

    /** Empties the batch for the next rows (documents and aggregates let go). */
    void clear() {
        for (int i = 0; i < columns.length; i++) {
            if (documents[i] != null) {
                java.util.Arrays.fill(documents[i], 0, rows, null);
            }
            if (aggregates[i] != null) {
                java.util.Arrays.fill(aggregates[i], 0, rows, null);
            }
        }
        rows = 0;
        documentChars = 0;
    }

    /** Puts a document into column {@code c} of the current row (counting its size). */
    void document(int c, String doc) {
        documents[c][rows] = doc;
        if (doc != null) {
            documentChars += doc.length();
        }
    }
}
