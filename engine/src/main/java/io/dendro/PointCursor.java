package io.dendro;

import java.util.ArrayList;
import java.util.List;

/**
 * A forward-only cursor over raw points, in ascending time (points that share a timestamp come
 * in the order they were inserted). It allocates nothing per point and holds the database's
 * mapped files open until {@link #close()}, so always close it (try-with-resources).
 *
 * <pre>{@code
 * try (PointCursor c = stream.values(start, end, 0)) {
 *     while (c.next()) { use(c.time(), c.value()); }
 * }
 * }</pre>
 *
 * <p>{@link #next(long[], double[])} hands out points many at a time, for consumers that
 * work on arrays (it is the fastest way to read a range: a copy per leaf instead of a call per
 * point):
 *
 * <pre>{@code
 * long[] t = new long[4096];
 * double[] v = new double[4096];
 * try (PointCursor c = stream.values(start, end, 0)) {
 *     for (int n; (n = c.next(t, v)) > 0; ) { use(t, v, n); }
 * }
 * }</pre>
 */
public interface PointCursor extends AutoCloseable {
    /** Advances to the next point; false when there is none. */
    boolean next();

    /** The current point's time in nanoseconds. */
    long time();

    /** The current point's value. */
    double value();

    /**
     * Copies the next points, up to {@code min(times.length, values.length)} of them, into the
     * arrays from index 0; returns how many (0 when there are none left, never 0 otherwise
     * unless the arrays are empty). Continues after the point {@link #next()} last moved to;
     * afterwards {@link #time()} and {@link #value()} are those of the last point copied.
     *
     * @throws io.dendro.error.DendroException INVALID_ARGUMENT for a null array (nothing is
     *                                         read); CLOSED after {@link #close()}
     */
    int next(long[] times, double[] values);

    /**
     * The current point's aggregate when it arrived pre-aggregated (a numeric stream; its
     * {@link #value()} is the aggregate's mean), else null.
     */
    default io.dendro.value.Aggregate aggregate() {
        return null;
    }

    /**
     * The current point's value as compact JSON in a nominal or graph stream (exactly as stored),
     * else null.
     */
    default String document() {
        return null;
    }

    /** The stream version this cursor reads (never 0). */
    long version();

    @Override
    void close();

    /** Reads the rest of the cursor into a list (for small results and tests), then closes it. */
    default List<RawPoint> toList() {
        List<RawPoint> out = new ArrayList<>();
        try (this) {
            while (next()) {
                out.add(new RawPoint(time(), value(), aggregate(), document()));
            }
        }
        return out;
    }
}
