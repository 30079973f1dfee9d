package io.dendro;

import java.time.ZoneId;

/** Buckets {@code [k*w, (k+1)*w)} of a fixed width w aligned to the epoch: arithmetic only. */
final class FixedBuckets implements Buckets {
    private final Granularity granularity;
    private final ZoneId zone;
    private final long width;

    FixedBuckets(Granularity granularity, ZoneId zone, long width) {
        assert width > 0;
        this.granularity = granularity;
        this.zone = zone;
        this.width = width;
    }

    /** {@code t - floorMod(t, w)}, or Long.MIN_VALUE when that is below it. */
    @Override
    public long startOf(long t) {
        long r = Math.floorMod(t, width); // 0 <= r < width, so MIN_VALUE + r cannot overflow
        return t >= Long.MIN_VALUE + r ? t - r : Long.MIN_VALUE;
    }

    /** {@code t + (w - floorMod(t, w))}, or Long.MAX_VALUE when that is above it. */
    @Override
    public long next(long t) {
        long ahead = width - Math.floorMod(t, width); // 0 < ahead <= width
        return t <= Long.MAX_VALUE - ahead ? t + ahead : Long.MAX_VALUE;
    }

    @Override
    public Granularity granularity() {
        return granularity;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return granularity + " buckets";
    }
}
