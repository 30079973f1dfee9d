package io.dendro.cli;

import io.dendro.Granularity;
import io.dendro.error.DendroException;
import java.time.ZoneId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A time zone: an IANA name ({@code Europe/Ljubljana}), {@code UTC} or an offset ({@code +05:30}). */
final class ZoneConverter implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
        try {
            return Granularity.zone(value);
        } catch (DendroException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
