package io.dendro.cli;

import io.dendro.Granularity;
import io.dendro.error.DendroException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A granularity by Datastream's name or key, weeks/months/years, or a fixed width ({@link Granularity#parse}). */
final class GranularityConverter implements ITypeConverter<Granularity> {
    @Override
    public Granularity convert(String value) {
        try {
            return Granularity.parse(value);
        } catch (DendroException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
