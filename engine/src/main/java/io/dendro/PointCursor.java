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
 */
public interface PointCursor extends AutoCloseable {
    /** Advances to the next point; false when there is none. */
    boolean next();

    /** The current point's time in nanoseconds. */
    long time();

    /** The current point's value. */
    double value();

    /** The stream version this cursor reads (never 0). */
    long version();

    @Override
    void close();

    /** Reads the rest of the cursor into a list (for small results and tests), then closes it. */
    default List<RawPoint> toList() {
        List<RawPoint> out = new ArrayList<>();
        try (this) {
            while (next()) {
                out.add(new RawPoint(time(), value()));
            }
        }
        return out;
    }
}
