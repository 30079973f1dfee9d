package io.dendro;

import java.time.ZoneId;

/**
 * The buckets of a {@link Granularity} in a time zone: they cut the time line into contiguous
 * half-open intervals {@code [start, end)}, start inclusive, end exclusive. Every time belongs
 * to exactly one bucket. {@link #startOf(long)} is the largest bucket start {@code <= t} and
 * {@link #next(long)} the smallest bucket start {@code > t}. So for every t,
 * {@code startOf(t) <= t < next(t)}, {@code next(t) == next(startOf(t))}, and a bucket start s
 * has {@code startOf(s) == s}. Times are nanoseconds since the epoch, as everywhere in Dendro.
 *
 * <h2>Fixed widths</h2>
 * {@code [k*w, (k+1)*w)} for every integer k: aligned to the epoch, the same in every zone.
 *
 * <h2>seconds, 10seconds, minutes, 10minutes, hours, 6hours</h2>
 * A bucket starts wherever the zone's local clock shows a multiple of the unit counted from
 * local midnight ({@code 10minutes} at :00, :10, ... :50; {@code 6hours} at 00:00, 06:00, 12:00
 * and 18:00), and at an offset change where the clock jumps over such a multiple, forward or
 * back. So all the times of a bucket have local date-times that truncate to the same value, and:
 * <ul>
 * <li>while the offset stays the same, a bucket is one unit long; hours in Asia/Kolkata
 * (+05:30) start at :30 UTC;</li>
 * <li>a local time that the clock shows twice makes two buckets, each time in the one of its own
 * offset: the repeated hour of America/New_York on 2026-11-01 gives the buckets 01:00 EDT to
 * 01:00 EST and 01:00 EST to 02:00 EST, one hour each; a {@code 6hours} bucket across a change
 * is 5 or 7 hours long;</li>
 * <li>where a gap skips the start of a bucket, the bucket starts at the first valid instant,
 * the end of the gap: Australia/Lord_Howe springs from 02:00+10:30 to 02:30+11:00, so its 02:00
 * hour starts at the change and is 30 minutes long;</li>
 * <li>a change that does not cross a multiple joins the times on its two sides: Lord_Howe falls
 * back from 02:00+11:00 to 01:30+10:30, so its 01:00 hour is 90 minutes long; Pacific/Chatham
 * falls back from 03:45+13:45 to 02:45+12:45, across 03:00, so its 03:00+13:45 hour lasts 45
 * minutes, followed by 15 minutes of the second 02:00 hour from 02:45+12:45.</li>
 * </ul>
 * This is {@code ZonedDateTime.ofInstant(t, zone).truncatedTo(unit)}, floored to the multiple,
 * wherever that makes buckets. It does not where the truncated local time falls inside a gap
 * (java.time moves it forward by the gap's length, sometimes past t: 10minutes in
 * Asia/Kathmandu at 1986-01-01 00:17+05:45 would start at 00:25), nor where the clock falls back
 * across a multiple from a time that is not one (at Chatham above, java.time puts 02:50+12:45
 * into the hour of 02:00+13:45, before the bucket of 03:00+13:45): here such buckets start at
 * the change.
 *
 * <h2>days, weeks, months, years</h2>
 * A bucket starts at {@code d.atStartOfDay(zone)} for every local date d (weeks: every Monday;
 * months: every first of a month; years: every January 1): local midnight, its earlier instant
 * when it repeats, or the first valid instant when a gap skips it. So a day in Europe/Ljubljana
 * is 23 hours on 2026-03-29 and 25 hours on 2026-10-25; Pacific/Apia skipped 2011-12-30, so its
 * 2011-12-29 ends where 2011-12-31 begins. The bucket of t is t's local date (week, month, year)
 * except where the clock falls back across midnight: America/Goose_Bay went from 1987-10-25
 * 00:01-03:00 back to 10-24 23:01-04:00, and those repeated 59 minutes of the 24th belong to
 * the day that had begun, the 25th (25 hours long), since buckets do not overlap.
 *
 * <h2>Range and overflow</h2>
 * Both methods take any long and are exact whenever the answer fits in a long; a bucket start
 * before {@link Long#MIN_VALUE} saturates to {@code Long.MIN_VALUE}, and an end after
 * {@link Long#MAX_VALUE} to {@code Long.MAX_VALUE} (then the properties above fail at that
 * edge). For t in {@code [Time.MIN_TIME, Time.MAX_TIME)} only next of a fixed width over about
 * 2^62 ns can saturate; a bucket start before {@code MIN_TIME} (1933-01-01 for years) or an end
 * after {@code MAX_TIME} is returned as it is.
 *
 * <p>Implementations are thread-safe. Fixed widths are plain arithmetic; the units up to
 * {@code 6hours} are arithmetic on the offset of the period between two offset changes, which an
 * instance remembers, so scanning a query range costs a few integer operations per bucket and
 * one {@code ZoneRules} look-up per offset change; days and longer use {@code java.time}.
 */
public interface Buckets {
    /** The start of the bucket that holds {@code t}: the largest bucket start {@code <= t}. */
    long startOf(long t);

    /**
     * The end of the bucket that holds {@code t}, which is the start of the following bucket:
     * the smallest bucket start {@code > t}. For a bucket start s, {@code [s, next(s))} is the bucket.
     */
    long next(long t);

    /** The granularity of these buckets. */
    Granularity granularity();

    /** The zone of these buckets (which a fixed width ignores). */
    ZoneId zone();
}
