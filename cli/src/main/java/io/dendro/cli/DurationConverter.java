package io.dendro.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a width argument to nanoseconds: integer nanoseconds ({@code 900000000000}), an
 * ISO-8601 duration ({@code PT15M}, {@code P7D}) or a whole number with a unit ({@code 15m}; see
 * {@link #parse}). Zero and negative widths are left for the engine to reject (INVALID_WIDTH).
 */
final class DurationConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        Long n = parse(value, true);
        if (n == null) {
            throw new TypeConversionException("not a width: '" + value + "' (expected integer nanoseconds, an "
                    + "ISO-8601 duration such as PT15M, or a number with a unit: 15m, 12h, 7d)");
        }
        return n;
    }

    /**
     * Converts a retention period ({@code retention --keep-for}): an ISO-8601 duration
     * ({@code PT24H}, {@code P7D}) or a whole number with a unit ({@code 90d}, {@code 12h},
     * {@code 30m}, {@code 45s}). A bare number other than 0 is refused: {@code --keep-for 90}
     * would otherwise keep 90 nanoseconds and drop every older version for good.
     */
    static final class Retention implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Long n = parse(value, false);
            if (n == null && value.trim().equals("0")) {
                n = 0L;
            }
            if (n == null) {
                throw new TypeConversionException("not a duration: '" + value + "' (expected an ISO-8601 duration "
                        + "such as PT24H or P7D, or a number with a unit: 90d, 12h, 30m, 45s; 0 for no limit)");
            }
            return Duration.ofNanos(n);
        }
    }

    /**
     * Nanoseconds of {@code value}, or null when it does not parse (or overflows 64 bits): an
     * ISO-8601 duration; a whole number followed by {@code d}, {@code h}, {@code m}, {@code s},
     * {@code ms}, {@code us} or {@code ns} (optionally negative: the caller's engine call
     * rejects what it cannot use); with {@code bareNanos}, also a bare integer of nanoseconds.
     */
    static Long parse(String value, boolean bareNanos) {
        return io.dendro.Time.durationNanos(value, bareNanos);
    }
}
