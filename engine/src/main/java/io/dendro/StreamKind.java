package io.dendro;

/**
 * What a stream's values are, chosen at creation ({@link Database#create(java.util.UUID, String,
 * java.util.Map, java.util.Map, StreamKind)}) and never changed (docs/design/value-kinds.md).
 */
public enum StreamKind {
    /**
     * Finite doubles, {@link Stream#NULL} (a sample that was due and did not come) and
     * aggregates (a point that stands for several samples: {@link Stream#insert(long[], double[],
     * io.dendro.value.Aggregate[], MergePolicy, Durability)}). Statistics: count, min, max, mean,
     * standard deviation, sum and sum of squares.
     */
    NUMERIC((byte) 1),
    /**
     * Any JSON value (a label string most often), stored as given in compact form and returned
     * identical ({@link Stream#insertDocuments}). Statistics: count and label frequencies.
     */
    NOMINAL((byte) 2),
    /**
     * Graphs {@code {"v": [{"i": ID, ...}, ...], "e": [{"f": ID, "t": ID, ...}, ...]}}, checked as
     * Datastream checks them ({@link io.dendro.value.GraphValue}). Statistics: count, and the
     * numbers of vertices and edges.
     */
    GRAPH((byte) 3);

    private final byte id;

    StreamKind(byte id) {
        this.id = id;
    }

    /** The byte a stream record stores for this kind (docs/format/stream-record.md). */
    public byte id() {
        return id;
    }

    /** The kind a stream record's byte names, or null for an unknown byte. */
    public static StreamKind of(byte id) {
        for (StreamKind k : values()) {
            if (k.id == id) {
                return k;
            }
        }
        return null;
    }

    /** The kind by its lower-case name ({@code numeric}, {@code nominal}, {@code graph}), or null. */
    public static StreamKind named(String name) {
        for (StreamKind k : values()) {
            if (k.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** The lower-case name, as the command line and the APIs spell it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
