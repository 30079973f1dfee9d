package io.dendro.bench.compare;

import java.nio.file.Path;

/**
 * One system under comparison, driven by {@link Child} in a JVM of its own. A subject holds one
 * series (a table of {@code ts, value}); every query returns what it read so that the harness can
 * check that all systems answered alike and that nothing was optimised away.
 */
interface Subject extends AutoCloseable {
    /** {@code dendro}, {@code questdb} or {@code duckdb}. */
    String name();

    /** The version of the engine, for the report. */
    String version();

    /** Creates an empty database with one empty series in {@code dir}. */
    void open(Path dir) throws Exception;

    /** Appends points {@code 0 .. n-1} of the arrays, which are in ascending time. */
    void append(long[] t, double[] v, int n) throws Exception;

    /** Makes every appended point durable (forced to the storage device). */
    void durable() throws Exception;

    /**
     * Reads every point with {@code from <= t < to}, in time order; {@code variant} is one of
     * {@link #scanVariants()}.
     */
    Sum scan(String variant, long from, long to) throws Exception;

    /** The workload names of {@link #scan}: the first is the system's fastest way, compared with peers. */
    default String[] scanVariants() {
        return new String[] {Workload.SCAN.key};
    }

    /**
     * Hourly min, mean, max, count and population stddev over {@code [from, to)}, where
     * {@code from} is on an hour; {@code variant} is one of {@link #hourlyVariants()}.
     */
    Sum hourly(String variant, long from, long to) throws Exception;

    /** The workload names of {@link #hourly}: the first is the 1-hour one compared with peers. */
    default String[] hourlyVariants() {
        return new String[] {Workload.HOURLY.key};
    }

    /** The number of points with {@code from <= t < to}. */
    long count(long from, long to) throws Exception;

    /** The time of the last point. */
    long latest() throws Exception;

    /** Notes on how the system is used, for the report (one line each). */
    default String setup() {
        return "";
    }

    @Override
    void close() throws Exception;

    /** A running count, value sum and time checksum of what a query returned (for windows: total
     * points, total of values, non-empty windows). */
    final class Sum {
        long count;
        double sum;
        long times;
        double other;

        void add(long t, double v) {
            count++;
            sum += v;
            times += t;
        }

        void addWindow(long t, double min, double mean, double max, long n, double stddev) {
            if (n == 0) {
                return; // dendro's windows() reports empty windows; the peers omit them
            }
            count += n; // total points
            sum += mean * n; // total of the values
            times++; // non-empty windows
            other += min + max + stddev; // every field is read
        }
    }
}
