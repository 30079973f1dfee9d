package io.dendro;

/** One stored point: a nanosecond timestamp and a finite double value. */
public record RawPoint(long time, double value) {
}
