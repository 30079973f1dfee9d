package io.dendro;

import io.dendro.value.Aggregate;

/**
 * One stored point: a nanosecond timestamp and a value (a finite double or {@link Stream#NULL});
 * for a point that arrived pre-aggregated, its {@code aggregate} (whose mean is {@code value});
 * for a point of a nominal or graph stream, its {@code document} (compact JSON).
 */
public record RawPoint(long time, double value, Aggregate aggregate, String document) {
    /** A plain numeric point. */
    public RawPoint(long time, double value) {
        this(time, value, null, null);
    }
}
