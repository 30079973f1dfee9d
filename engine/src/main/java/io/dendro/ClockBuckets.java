package io.dendro;

import static io.dendro.Granularity.NANOS_PER_SECOND;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The buckets of a unit of the local clock, from a second to 6 hours (see {@link Buckets}): a
 * bucket starts where the local clock shows a multiple of the unit, and where an offset change
 * makes the clock jump over a multiple, forward or back (the clock truncated to the unit differs
 * on the two sides of the change).
 *
 * <p>Everything is in epoch seconds: offsets and offset changes are whole seconds and every unit
 * is whole seconds, so every bucket bound is a whole second, and seconds of a long nanosecond
 * time (at most 2^63 / 10^9, about 9.2e9) leave room to add offsets and units without overflow.
 * Every unit divides a day, so a multiple of the unit counted from the epoch in local time is a
 * multiple counted from local midnight. Within a {@link Span}, a period of constant offset, the
 * local clock is {@code second + offset}, so the bucket bounds there are plain arithmetic; only
 * at the span's ends does the rule about jumps apply.
 */
final class ClockBuckets implements Buckets {
    private final Granularity granularity;
    private final ZoneId zone;
    private final ZoneRules rules;
    /** The unit in seconds: 1, 10, 60, 600, 3600 or 21600, each a divisor of 86400. */
    private final long unit;
    /**
     * The span of the last look-up: a cache, read and written without locks, which is safe
     * because a Span is immutable (final fields) and any span is correct for the times it holds.
     */
    private Span span = new Span(0, 0, 0, 0, 0);

    /**
     * The seconds {@code [start, end)} between two offset changes, where the offset is
     * {@code offset}; {@code before} is the offset just before start and {@code after} the one
     * from end. Without an earlier change, start is Long.MIN_VALUE; without a later one, end is
     * Long.MAX_VALUE. Offsets are in seconds.
     */
    private record Span(long start, long end, int before, int offset, int after) {
    }

    ClockBuckets(Granularity granularity, ZoneId zone, long unitSeconds) {
        assert 86_400 % unitSeconds == 0;
        this.granularity = granularity;
        this.zone = zone;
        this.rules = zone.getRules();
        this.unit = unitSeconds;
    }

    @Override
    public long startOf(long t) {
        return Granularity.saturatedNanos(startSecond(Math.floorDiv(t, NANOS_PER_SECOND)));
    }

    @Override
    public long next(long t) {
        return Granularity.saturatedNanos(nextSecond(Math.floorDiv(t, NANOS_PER_SECOND)));
    }

    /** The last bucket start at or before the second {@code sec}. */
    private long startSecond(long sec) {
        while (true) {
            Span p = spanOf(sec);
            long clock = sec + p.offset;
            long multiple = clock - Math.floorMod(clock, unit); // the last multiple the clock showed
            long start = multiple - p.offset;
            if (start >= p.start) {
                return start; // the clock showed it in this span
            }
            // In [p.start, sec] the clock shows no multiple and truncates to multiple; at p.start
            // it jumped from p.start + before - 1 (its last second before the change). A bucket
            // starts at the change if the clock jumped over a multiple (forward or back).
            long last = p.start + p.before - 1;
            if (last - Math.floorMod(last, unit) != multiple) {
                return p.start;
            }
            sec = p.start - 1;
        }
    }

    /** The first bucket start after the second {@code sec}. */
    private long nextSecond(long sec) {
        while (true) {
            Span p = spanOf(sec);
            long clock = sec + p.offset;
            long multiple = clock - Math.floorMod(clock, unit) + unit; // the next multiple the clock shows
            long end = multiple - p.offset;
            if (end < p.end) {
                return end; // the clock shows it in this span
            }
            // Up to the change at p.end the clock truncates to multiple - unit; then it jumps to
            // p.end + after. A bucket starts at the change if it lands on a multiple or jumps
            // over one (forward or back).
            long landing = p.end + p.after;
            long landingMultiple = landing - Math.floorMod(landing, unit);
            if (landingMultiple == landing || landingMultiple != multiple - unit) {
                return p.end;
            }
            sec = p.end;
        }
    }

    private Span spanOf(long sec) {
        Span p = span;
        if (sec >= p.start && sec < p.end) {
            return p;
        }
        Instant at = Instant.ofEpochSecond(sec);
        // previousTransition is strictly before its argument: the one before sec + 1 is at or before sec
        ZoneOffsetTransition prev = rules.previousTransition(Instant.ofEpochSecond(sec + 1));
        ZoneOffsetTransition next = rules.nextTransition(at);
        int offset = rules.getOffset(at).getTotalSeconds();
        p = new Span(prev == null ? Long.MIN_VALUE : prev.toEpochSecond(),
                next == null ? Long.MAX_VALUE : next.toEpochSecond(),
                prev == null ? offset : prev.getOffsetBefore().getTotalSeconds(), offset,
                next == null ? offset : next.getOffsetAfter().getTotalSeconds());
        span = p;
        return p;
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
        return granularity + " buckets in " + zone;
    }
}
