package io.dendro;

import io.dendro.value.Aggregate;
import java.util.UUID;

/**
 * One stream's points in an atomic insert across streams ({@link Database#insertAll}): numbers
 * (with nulls as {@link Stream#NULL} and, optionally, pre-aggregated points) for a numeric stream,
 * or JSON documents for a nominal or graph stream, as {@link Stream#insert} and
 * {@link Stream#insertDocuments} take them.
 *
 * @param aggregates null, or as long as {@code times} (numbers only)
 * @param documents  null for numbers; for documents, as long as {@code times} ({@code values}
 *                   then null)
 */
public record StreamInsert(UUID stream, long[] times, double[] values, Aggregate[] aggregates, String[] documents) {
    /** Numbers (and {@link Stream#NULL}s) for a numeric stream. */
    public static StreamInsert numbers(UUID stream, long[] times, double[] values) {
        return new StreamInsert(stream, times, values, null, null);
    }

    /** Numbers some of which are aggregates (where {@code aggregates[i]} is not null). */
    public static StreamInsert numbers(UUID stream, long[] times, double[] values, Aggregate[] aggregates) {
        return new StreamInsert(stream, times, values, aggregates, null);
    }

    /** JSON documents for a nominal or graph stream. */
    public static StreamInsert documents(UUID stream, long[] times, String[] documents) {
        return new StreamInsert(stream, times, null, null, documents);
    }
}
