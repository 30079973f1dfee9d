package io.dendro;

import static io.dendro.Granularity.NANOS_PER_SECOND;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneRules;

/**
 * The buckets of days, weeks, months or years (see {@link Buckets}): a bucket starts at
 * {@code d.atStartOfDay(zone)} for every first date d of the unit. Bounds are whole seconds (the
 * start of a day is a local midnight with a whole-second offset, or an offset change), so the
 * work is in epoch seconds. A query makes few of these buckets, so this is plain java.time.
 */
final class DateBuckets implements Buckets {
    private final Granularity granularity;
    private final ZoneId zone;
    private final ZoneRules rules;
    /** DAYS, WEEKS, MONTHS or YEARS. */
    private final ChronoUnit unit;

    DateBuckets(Granularity granularity, ZoneId zone, ChronoUnit unit) {
        this.granularity = granularity;
        this.zone = zone;
        this.rules = zone.getRules();
        this.unit = unit;
    }

    @Override
    public long startOf(long t) {
        long sec = Math.floorDiv(t, NANOS_PER_SECOND);
        LocalDate first = firstOfBucket(sec);
        return Granularity.saturatedNanos(startSecond(first));
    }

    @Override
    public long next(long t) {
        long sec = Math.floorDiv(t, NANOS_PER_SECOND);
        return Granularity.saturatedNanos(startSecond(firstOfBucket(sec).plus(1, unit)));
    }

    /**
     * The first date of the bucket of the second {@code sec}: the first date of the unit holding
     * sec's local date, or a later one when that has already begun (after the clock fell back
     * across midnight, the local date can be the day before the last day that began).
     */
    private LocalDate firstOfBucket(long sec) {
        int offset = rules.getOffset(Instant.ofEpochSecond(sec)).getTotalSeconds();
        LocalDate first = firstOfUnit(LocalDate.ofEpochDay(Math.floorDiv(sec + offset, 86_400)));
        LocalDate following = first.plus(1, unit);
        while (startSecond(following) <= sec) {
            first = following;
            following = first.plus(1, unit);
        }
        return first;
    }

    private LocalDate firstOfUnit(LocalDate d) {
        return switch (unit) {
            case DAYS -> d;
            case WEEKS -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHS -> d.withDayOfMonth(1);
            case YEARS -> d.withDayOfYear(1);
            default -> throw new IllegalStateException(unit.toString());
        };
    }

    /** Local midnight of d: its earlier instant when it repeats, the end of the gap when skipped. */
    private long startSecond(LocalDate d) {
        return d.atStartOfDay(zone).toEpochSecond();
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
