package io.dendro;

/**
 * A {@link StatCursor} over the buckets of a {@link Buckets} ({@link Stream#downsample}): each
 * row is one bucket {@code [time(), end())}, with the statistics of the points of the query
 * range inside it, and Datastream's time downsamplers. {@link #time()} and {@link #end()} are
 * the bucket's own edges, also where the query range cuts the first or last bucket.
 */
public interface BucketCursor extends StatCursor {
    /** The end of the bucket (exclusive): the start of the next one. */
    long end();

    /** The bucket's null points ({@link Stream#NULL}), which {@link #count()} leaves out. */
    long nulls();

    /** The time of the bucket's first point (Datastream's {@code a}); {@link Long#MIN_VALUE} when empty. */
    long firstTime();

    /** The time of the bucket's last point (Datastream's {@code z}); {@link Long#MIN_VALUE} when empty. */
    long lastTime();

    /**
     * The mean of the times of the bucket's points (null points included, as for {@link #firstTime()}
     * and {@link #lastTime()}), exact, rounded half up to a nanosecond (Datastream's
     * {@code m} time downsampler); {@link Long#MIN_VALUE} when empty.
     *
     * @throws IllegalStateException when the cursor was opened without {@code timeMean}
     */
    long meanTime();

    /** The sum of the values (Datastream's {@code s}): {@code mean · count}; 0 when empty. */
    default double sum() {
        return count() == 0 ? 0 : mean() * count();
    }

    /**
     * The sum of the squares of the values (Datastream's {@code q}):
     * {@code count · (stddev² + mean²)}; 0 when empty.
     */
    default double sumOfSquares() {
        if (count() == 0) {
            return 0;
        }
        double m = mean();
        double d = stddev();
        return count() * (d * d + m * m);
    }
}
