package io.dendro.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a record address as a usage error before anything is opened: {@code segment:offset}
 * (as Dendro prints addresses, e.g. {@code 0:4096}) or the raw 64-bit value in decimal or
 * {@code 0x} hex. {@link io.dendro.Database#dumpNode} decodes it.
 */
final class AddressConverter implements ITypeConverter<String> {
    private static final Pattern ADDRESS = Pattern.compile("\\d+:\\d+|0[xX][0-9a-fA-F]{1,16}|-?\\d+");

    @Override
    public String convert(String value) {
        String s = value.strip();
        if (!ADDRESS.matcher(s).matches()) {
            throw new TypeConversionException("not an address: '" + value
                    + "' (expected segment:offset such as 0:4096, or a 64-bit integer)");
        }
        return s;
    }
}
