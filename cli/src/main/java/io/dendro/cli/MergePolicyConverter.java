package io.dendro.cli;

import io.dendro.MergePolicy;
import io.dendro.error.DendroException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code never|equal|retain|replace} (any case) to a {@link MergePolicy}. */
final class MergePolicyConverter implements ITypeConverter<MergePolicy> {
    @Override
    public MergePolicy convert(String value) {
        try {
            return MergePolicy.parse(value);
        } catch (DendroException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
