package io.dendro;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Timestamps: signed 64-bit nanoseconds since 1970-01-01T00:00:00Z. A point's time must lie in
 * {@code [MIN_TIME, MAX_TIME)}; a query range may use {@code [MIN_TIME, MAX_TIME)} for
 * "everything".
 */
public final class Time {
    /** The smallest storable time, {@code -(16 << 56)} ns (1933-06-20T00:01:35.393153024Z). */
    public static final long MIN_TIME = -(16L << 56);
    /**
     * One past the largest storable time, {@code (48 << 56) - 1} ns; the last storable instant is
     * 2079-08-08T23:55:13.820540926Z.
     */
    public static final long MAX_TIME = (48L << 56) - 1;

    private Time() {
    }

    /**
     * Parses integer nanoseconds ({@code 1500000000000000000}) or an ISO-8601 instant
     * ({@code 2017-07-14T02:40:00.000000001Z}).
     *
     * @throws DendroException INVALID_ARGUMENT naming the text when it is neither
     */
    public static long parse(String text) {
        String s = text.trim();
        if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-') && s.indexOf('T') < 0) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new DendroException(ErrorCode.INVALID_ARGUMENT, "not a time: '" + text
                        + "' (expected integer nanoseconds or an ISO-8601 instant)");
            }
        }
        try {
            Instant i = Instant.parse(s);
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "not a time: '" + text
                    + "' (expected integer nanoseconds or an ISO-8601 instant)");
        }
    }

    /**
     * Nanoseconds of a duration as the command line and the HTTP face write them, or null when it
     * does not parse (or overflows 64 bits): an ISO-8601 duration ({@code PT15M}, {@code P7D}); a
     * whole number followed by {@code d}, {@code h}, {@code m}, {@code s}, {@code ms}, {@code us}
     * or {@code ns} ({@code 15m}; optionally negative: the caller rejects what it cannot use); with
     * {@code bareNanos}, also a bare integer of nanoseconds.
     */
    public static Long durationNanos(String value, boolean bareNanos) {
        String s = value.strip();
        try {
            if (s.startsWith("P") || s.startsWith("p") || s.startsWith("-P") || s.startsWith("-p")) {
                return java.time.Duration.parse(s).toNanos();
            }
            int end = s.length();
            while (end > 0 && Character.isLetter(s.charAt(end - 1))) {
                end--;
            }
            String number = s.substring(0, end);
            if (number.isEmpty() || number.equals("-") || number.startsWith("+")) {
                return null;
            }
            long perUnit = switch (s.substring(end)) {
                case "" -> bareNanos ? 1L : 0L;
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "d" -> 86_400_000_000_000L;
                default -> 0L;
            };
            return perUnit == 0 ? null : Math.multiplyExact(Long.parseLong(number), perUnit);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Formats nanoseconds as an ISO-8601 instant. */
    public static String format(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .toString();
    }

    /** Checks a point's time; INVALID_TIME_RANGE naming it when outside {@code [MIN_TIME, MAX_TIME)}. */
    static void checkPointTime(long t, int index) {
        if (t < MIN_TIME || t >= MAX_TIME) {
            throw new DendroException(ErrorCode.INVALID_TIME_RANGE, "point " + index + " has time " + t
                    + ", outside [" + MIN_TIME + ", " + MAX_TIME + ")");
        }
    }

    /** Checks a query range: both ends inside {@code [MIN_TIME, MAX_TIME]} and start <= end. */
    static void checkRange(long start, long end) {
        if (start < MIN_TIME || start > MAX_TIME) {
            throw new DendroException(ErrorCode.INVALID_TIME_RANGE, "start " + start + " is outside ["
                    + MIN_TIME + ", " + MAX_TIME + "]");
        }
        if (end < MIN_TIME || end > MAX_TIME) {
            throw new DendroException(ErrorCode.INVALID_TIME_RANGE, "end " + end + " is outside ["
                    + MIN_TIME + ", " + MAX_TIME + "]");
        }
        if (start > end) {
            throw new DendroException(ErrorCode.INVALID_TIME_RANGE, "start " + start + " is after end " + end);
        }
    }

    /** Checks a single query time (nearest): inside {@code [MIN_TIME, MAX_TIME]}. */
    static void checkQueryTime(long t) {
        if (t < MIN_TIME || t > MAX_TIME) {
            throw new DendroException(ErrorCode.INVALID_TIME_RANGE, "time " + t + " is outside ["
                    + MIN_TIME + ", " + MAX_TIME + "]");
        }
    }
}
