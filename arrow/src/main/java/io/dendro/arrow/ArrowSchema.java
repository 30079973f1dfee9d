package io.dendro.arrow;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable list of 1 to {@value #MAX_FIELDS} {@link ArrowField}s, in column order. Names
 * need not be unique (Arrow allows duplicates); {@link #indexOf(String)} finds the first.
 * Endianness is always little: the reader rejects big-endian schemas.
 */
public final class ArrowSchema {
    /**
     * Most fields a schema may have. BTrDB's answers have at most a dozen columns; the bound keeps
     * a hostile schema from making the reader allocate per-field state by the million.
     */
    public static final int MAX_FIELDS = 1024;

    private final List<ArrowField> fields;

    private ArrowSchema(List<ArrowField> fields) {
        if (fields.isEmpty() || fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException(
                    "a schema has 1 to " + MAX_FIELDS + " fields, not " + fields.size());
        }
        this.fields = fields;
    }

    /**
     * @param fields 1 to {@value #MAX_FIELDS} fields, none null
     * @return the schema
     * @throws IllegalArgumentException when there are no fields or too many
     */
    public static ArrowSchema of(ArrowField... fields) {
        return new ArrowSchema(List.of(fields));
    }

    /** @see #of(ArrowField...) */
    public static ArrowSchema of(List<ArrowField> fields) {
        return new ArrowSchema(List.copyOf(fields));
    }

    /** @return the fields in column order, unmodifiable */
    public List<ArrowField> fields() {
        return fields;
    }

    /** @return the field of column {@code index}, 0-based */
    public ArrowField field(int index) {
        return fields.get(index);
    }

    /** @return the number of fields (columns) */
    public int size() {
        return fields.size();
    }

    /** @return the index of the first field named {@code name}, or -1 when there is none */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrowSchema other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "ArrowSchema" + Arrays.toString(fields.toArray());
    }
}
