package io.dendro;

import java.util.ArrayList;
import java.util.List;

/**
 * A forward-only cursor over statistical windows in ascending time. Holds the database's
 * mapped files open until {@link #close()}.
 *
 * <h2>Exactness</h2>
 * {@link #count()}, {@link #min()} and {@link #max()} are exact ({@code -0.0} orders before
 * {@code 0.0}). {@link #mean()} and {@link #stddev()} are computed from the tree's summaries
 * and are finite for any finite values, also near {@code ±Double.MAX_VALUE}, where sums and
 * squares overflow, and for subnormals. Each lies within
 * <pre>{@code k · 2^-53 · max(max |x|, 2^-1022)},  k = 120·L + 10,000·h + 100</pre>
 * of the exact value for the points of the window, where {@code max |x|} is the largest
 * magnitude among them, {@code L} the number of points in the largest leaf the window reads (at
 * most 8,192, except for a leaf at the lowest level, 4 ns wide, which holds every point in its
 * span) and {@code h} the number of internal levels of the tree (at most 10). With the default
 * leaves {@code k·2^-53 < 1.21e-10}: about ten significant digits relative to the largest
 * magnitude. The bound is a worst case (every rounding error in one direction); the derivation
 * and the errors the tests see, three orders of magnitude smaller, are in
 * docs/design/statistics.md ({@code io.dendro.tree.Summary.errorBound} computes it). It holds
 * for windows read from the in-memory overlay of buffered points too. One exception: a block
 * written by format 4 whose stored M2 overflowed (values beyond about {@code 1e154}) reads as an
 * infinite standard deviation until an insert or delete rewrites it.
 */
public interface StatCursor extends AutoCloseable {
    /** Advances to the next window; false when there is none. */
    boolean next();

    /** The window's start time (inclusive). */
    long time();

    double min();

    double mean();

    double max();

    long count();

    /** The population standard deviation of the window's points (see "Exactness" above). */
    double stddev();

    /** The stream version this cursor reads (never 0). */
    long version();

    @Override
    void close();

    /** The current window as a record. */
    default StatPoint point() {
        return new StatPoint(time(), min(), mean(), max(), count(), stddev());
    }

    /** Reads the rest of the cursor into a list (for small results and tests), then closes it. */
    default List<StatPoint> toList() {
        List<StatPoint> out = new ArrayList<>();
        try (this) {
            while (next()) {
                out.add(point());
            }
        }
        return out;
    }
}
