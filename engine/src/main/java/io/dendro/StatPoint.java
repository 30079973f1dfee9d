package io.dendro;

/**
 * The statistics of the points in one window {@code [time, time + width)}: minimum, mean,
 * maximum, count and population standard deviation. An empty window (only reported by
 * {@code windows}) has {@code count == 0} and NaN for the other statistics.
 */
public record StatPoint(long time, double min, double mean, double max, long count, double stddev) {
}
