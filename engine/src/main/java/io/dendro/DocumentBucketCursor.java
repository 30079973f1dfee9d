package io.dendro;

import java.util.Map;

/**
 * Calendar buckets of a nominal or graph stream ({@link Stream#downsampleDocuments}): what
 * {@link BucketCursor} gives (times, count, first, last and mean time), and per kind:
 *
 * <ul>
 * <li>nominal: the label frequencies of the bucket ({@link #frequencies}), the most frequent
 *     label ({@link #mostOften}) and the least frequent ({@link #leastOften}); {@code min},
 *     {@code mean}, {@code max} and {@code stddev} are NaN;</li>
 * <li>graph: {@code min}, {@code mean}, {@code max} and {@code stddev} are those of the number
 *     of vertices of the bucket's graphs, {@link #edgesMin} and the others those of their edges.</li>
 * </ul>
 * Labels are the values' compact JSON ({@code "on"} with its quotes, {@code 3}, {@code {"a":1}}).
 */
public interface DocumentBucketCursor extends BucketCursor {
    /**
     * Each label of the bucket with the number of its points, most frequent first (ties in the
     * order the labels first occur in the bucket); empty for a graph stream and an empty bucket.
     */
    Map<String, Long> frequencies();

    /** The most frequent label (ties: the one that occurs first), or null in an empty bucket or a graph stream. */
    String mostOften();

    /** The least frequent label (ties: the one that occurs first), or null in an empty bucket or a graph stream. */
    String leastOften();

    /** The fewest edges of a graph of the bucket (NaN when empty or nominal). */
    double edgesMin();

    /** The mean number of edges of the bucket's graphs (NaN when empty or nominal). */
    double edgesMean();

    /** The most edges of a graph of the bucket (NaN when empty or nominal). */
    double edgesMax();
}
