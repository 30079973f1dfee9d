package io.dendro.cli;

import io.dendro.storage.NodeAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a record address: {@code segment:offset} (as Dendro prints addresses, e.g.
 * {@code 0:4096}) or the raw 64-bit value in decimal or {@code 0x} hex.
 */
final class AddressConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String s = value.strip();
        try {
            int colon = s.indexOf(':');
            if (colon >= 0) {
                return NodeAddress.of(Integer.parseInt(s.substring(0, colon)), Long.parseLong(s.substring(colon + 1)));
            }
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            return Long.parseLong(s);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new TypeConversionException("not an address: '" + value
                    + "' (expected segment:offset such as 0:4096, or a 64-bit integer)");
        }
    }
}
