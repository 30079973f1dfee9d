package io.dendro;

import java.util.ArrayList;
import java.util.List;

/**
 * A forward-only cursor over statistical windows in ascending time. Holds the database's
 * mapped files open until {@link #close()}.
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

    /** The population standard deviation of the window's points. */
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
