package io.dendro;

/** A half-open time range {@code [start, end)} in nanoseconds. */
public record TimeRange(long start, long end) {
}
