package io.dendro.cli;

import io.dendro.Time;
import io.dendro.error.DendroException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a time argument: integer nanoseconds or an ISO-8601 instant ({@link Time#parse}).
 * Text that is neither is a usage error; a time outside the storable range is left for the
 * engine to reject (INVALID_TIME_RANGE).
 */
final class TimeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Time.parse(value);
        } catch (DendroException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
