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
