package io.dendro.cli;

import io.dendro.Durability;
import io.dendro.error.DendroException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code sync|group|none} (any case) to a {@link Durability}. */
final class DurabilityConverter implements ITypeConverter<Durability> {
    @Override
    public Durability convert(String value) {
        try {
            return Durability.parse(value);
        } catch (DendroException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
