package io.dendro;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The width of the buckets of a downsampling query: one of Datastream's seven calendar units,
 * {@code weeks}, {@code months} or {@code years}, or a fixed width in nanoseconds. Immutable;
 * equal granularities make equal buckets. {@link #buckets(ZoneId)} gives the buckets in a time
 * zone, each a half-open interval {@code [start, end)}: start inclusive, end exclusive.
 *
 * <table>
 * <caption>What {@link #parse(String)} accepts (case-sensitive)</caption>
 * <tr><th>name</th><th>key</th><th>a bucket is</th></tr>
 * <tr><td>{@code seconds}</td><td>{@code s}</td><td>a local second</td></tr>
 * <tr><td>{@code 10seconds}</td><td>{@code S}</td><td>local seconds 0-9, 10-19, ... 50-59</td></tr>
 * <tr><td>{@code minutes}</td><td>{@code m}</td><td>a local minute</td></tr>
 * <tr><td>{@code 10minutes}</td><td>{@code M}</td><td>local minutes 0-9, 10-19, ... 50-59</td></tr>
 * <tr><td>{@code hours}</td><td>{@code h}</td><td>a local hour</td></tr>
 * <tr><td>{@code 6hours}</td><td>{@code H}</td><td>local hours 0-5, 6-11, 12-17, 18-23</td></tr>
 * <tr><td>{@code days}</td><td>{@code d}</td><td>a local date</td></tr>
 * <tr><td>{@code weeks}</td><td></td><td>an ISO week, Monday to Sunday</td></tr>
 * <tr><td>{@code months}</td><td></td><td>a calendar month</td></tr>
 * <tr><td>{@code years}</td><td></td><td>a calendar year</td></tr>
 * <tr><td>{@code <n><unit>}</td><td></td><td>a fixed width: n &gt; 0 of {@code ns}, {@code us},
 * {@code ms}, {@code s}, {@code min} or {@code h}, at most {@link Long#MAX_VALUE} ns in all
 * ({@code 250ms}, {@code 90s}, {@code 15min}); buckets {@code [k*w, (k+1)*w)} aligned to the epoch,
 * the same in every zone</td></tr>
 * </table>
 *
 * <p>The calendar units follow the local clock of the zone: see {@link Buckets} for the exact
 * rules at offset changes. A local second is always an epoch second (offsets and their changes
 * are whole seconds), so {@code seconds} and {@code 1s} make the same buckets, but {@code hours}
 * and {@code 1h} do not in Asia/Kolkata.
 */
public final class Granularity {
    public static final Granularity SECONDS = new Granularity("seconds", "s", ChronoUnit.SECONDS, 1);
    public static final Granularity TEN_SECONDS = new Granularity("10seconds", "S", ChronoUnit.SECONDS, 10);
    public static final Granularity MINUTES = new Granularity("minutes", "m", ChronoUnit.MINUTES, 1);
    public static final Granularity TEN_MINUTES = new Granularity("10minutes", "M", ChronoUnit.MINUTES, 10);
    public static final Granularity HOURS = new Granularity("hours", "h", ChronoUnit.HOURS, 1);
    public static final Granularity SIX_HOURS = new Granularity("6hours", "H", ChronoUnit.HOURS, 6);
    public static final Granularity DAYS = new Granularity("days", "d", ChronoUnit.DAYS, 1);
    public static final Granularity WEEKS = new Granularity("weeks", "weeks", ChronoUnit.WEEKS, 1);
    public static final Granularity MONTHS = new Granularity("months", "months", ChronoUnit.MONTHS, 1);
    public static final Granularity YEARS = new Granularity("years", "years", ChronoUnit.YEARS, 1);

    /** The calendar granularities by name and by key. */
    private static final Map<String, Granularity> NAMED = new LinkedHashMap<>();
    /** The units of a fixed width, largest first (the canonical name uses the largest that divides it). */
    private static final String[] FIXED_UNITS = {"h", "min", "s", "ms", "us", "ns"};
    private static final long[] FIXED_UNIT_NANOS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
            1_000_000L, 1_000L, 1L};
    private static final Pattern FIXED = Pattern.compile("([0-9]+)(ns|us|ms|s|min|h)");
    private static final String ACCEPTED = "expected seconds/s, 10seconds/S, minutes/m, 10minutes/M, hours/h,"
            + " 6hours/H, days/d, weeks, months, years, or a fixed width <n><unit> with n > 0 and unit"
            + " ns, us, ms, s, min or h, such as 15min";
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    static {
        for (Granularity g : new Granularity[] {SECONDS, TEN_SECONDS, MINUTES, TEN_MINUTES, HOURS, SIX_HOURS,
                DAYS, WEEKS, MONTHS, YEARS}) {
            NAMED.put(g.name, g);
            NAMED.put(g.key, g);
        }
    }

    private final String name;
    private final String key;
    /** {@code NANOS} for a fixed width of {@code amount} ns; otherwise {@code amount} local units. */
    private final ChronoUnit unit;
    private final long amount;

    private Granularity(String name, String key, ChronoUnit unit, long amount) {
        this.name = name;
        this.key = key;
        this.unit = unit;
        this.amount = amount;
    }

    /**
     * Parses a name or key of the table above, or a fixed width. Case matters ({@code S} is
     * 10seconds, {@code Seconds} is nothing); surrounding white space is ignored.
     *
     * @throws DendroException INVALID_ARGUMENT naming the text, with what is accepted, when it is
     *         none of these, or a fixed width of zero or more than {@link Long#MAX_VALUE} ns
     */
    public static Granularity parse(String text) {
        String s = text.trim();
        Granularity named = NAMED.get(s);
        if (named != null) {
            return named;
        }
        Matcher m = FIXED.matcher(s);
        if (!m.matches()) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "not a granularity: '" + text + "' ("
                    + ACCEPTED + ")");
        }
        long width;
        try {
            width = Math.multiplyExact(Long.parseLong(m.group(1)), unitNanos(m.group(2)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "granularity '" + text
                    + "' is wider than " + Long.MAX_VALUE + " ns (" + ACCEPTED + ")");
        }
        if (width == 0) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "granularity '" + text + "' has zero width ("
                    + ACCEPTED + ")");
        }
        return fixed(width);
    }

    private static long unitNanos(String unit) {
        for (int u = 0; ; u++) {
            if (FIXED_UNITS[u].equals(unit)) {
                return FIXED_UNIT_NANOS[u];
            }
        }
    }

    /** A fixed width of {@code nanos} ns, named in the largest unit that divides it ({@code 60s} is {@code 1min}). */
    private static Granularity fixed(long nanos) {
        int u = 0;
        while (nanos % FIXED_UNIT_NANOS[u] != 0) {
            u++;
        }
        String name = (nanos / FIXED_UNIT_NANOS[u]) + FIXED_UNITS[u];
        return new Granularity(name, name, ChronoUnit.NANOS, nanos);
    }

    /**
     * Parses a time zone: an IANA name ({@code Europe/Ljubljana}), {@code UTC}, or an offset
     * ({@code +05:30}, {@code UTC+05:30}); surrounding white space is ignored.
     *
     * @throws DendroException INVALID_ARGUMENT naming the text when it is none of these
     */
    public static ZoneId zone(String text) {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "unknown time zone: '" + text
                    + "' (expected an IANA name such as Europe/Ljubljana, UTC, or an offset such as +05:30)");
        }
    }

    /**
     * The buckets of this granularity in {@code zone} (ignored by a fixed width). The result is
     * thread-safe and cheap to make; reuse it across a query, as it remembers the offset period
     * of its last answer.
     */
    public Buckets buckets(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return switch (unit) {
            case NANOS -> new FixedBuckets(this, zone, amount);
            case SECONDS, MINUTES, HOURS -> new ClockBuckets(this, zone, unit.getDuration().toSeconds() * amount);
            default -> new DateBuckets(this, zone, unit);
        };
    }

    /** True for a fixed width (zone-independent buckets), false for a calendar unit. */
    public boolean isFixed() {
        return unit == ChronoUnit.NANOS;
    }

    /**
     * Datastream's name for its seven ({@code 10minutes}), {@code weeks}, {@code months},
     * {@code years}, or the canonical fixed width ({@code 15min}; {@code 90s}; {@code 60s} is
     * {@code 1min}). {@link #parse(String)} reads it back to an equal granularity.
     */
    public String name() {
        return name;
    }

    /** Datastream's one-character key for its seven ({@code M} for 10minutes); the name for the others. */
    public String key() {
        return key;
    }

    /** The name. */
    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Granularity g && unit == g.unit && amount == g.amount;
    }

    @Override
    public int hashCode() {
        return unit.hashCode() * 31 + Long.hashCode(amount);
    }

    /**
     * Epoch seconds to nanoseconds, saturating at {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}
     * (which are 1677-09-21 and 2262-04-11, so only bucket bounds far outside Dendro's times saturate).
     */
    static long saturatedNanos(long epochSecond) {
        if (epochSecond > Long.MAX_VALUE / NANOS_PER_SECOND) {
            return Long.MAX_VALUE;
        }
        if (epochSecond < Long.MIN_VALUE / NANOS_PER_SECOND) {
            return Long.MIN_VALUE;
        }
        return epochSecond * NANOS_PER_SECOND;
    }
}
