package io.dendro.cli;

import io.dendro.StreamKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A stream kind by its lower-case name: {@code numeric}, {@code nominal} or {@code graph}. */
final class KindConverter implements ITypeConverter<StreamKind> {
    @Override
    public StreamKind convert(String value) {
        StreamKind k = StreamKind.named(value);
        if (k == null) {
            throw new TypeConversionException("unknown kind '" + value + "' (expected numeric, nominal or graph)");
        }
        return k;
    }
}
