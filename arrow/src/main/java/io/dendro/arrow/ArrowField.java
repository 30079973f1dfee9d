package io.dendro.arrow;

import java.util.Objects;

/**
 * One column of an {@link ArrowSchema}. Arrow's custom metadata, dictionary encoding and child
 * fields are not represented: the reader ignores custom metadata and rejects the other two.
 *
 * @param name     the column name; may be empty, never null (an absent name reads as "")
 * @param type     the column type
 * @param nullable whether the column may hold nulls. The writer refuses a null in a field that
 *                 is not nullable; the reader reports nulls as the stream declares them
 *                 (check {@link ArrowStreamReader#nullCount(int)})
 */
public record ArrowField(String name, ArrowType type, boolean nullable) {
    public ArrowField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return name + ": " + type + (nullable ? "" : " not null");
    }
}
