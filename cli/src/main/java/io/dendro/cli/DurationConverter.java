package io.dendro.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a width argument: integer nanoseconds ({@code 900000000000}) or an ISO-8601
 * duration ({@code PT15M}). Zero and negative widths are left for the engine to reject
 * (INVALID_WIDTH).
 */
final class DurationConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String s = value.trim();
        try {
            if (s.startsWith("P") || s.startsWith("p") || s.startsWith("-P") || s.startsWith("-p")) {
                return Duration.parse(s).toNanos();
            }
            return Long.parseLong(s);
        } catch (RuntimeException e) {
            throw new TypeConversionException("not a width: '" + value
                    + "' (expected integer nanoseconds or an ISO-8601 duration such as PT15M)");
        }
    }
}
