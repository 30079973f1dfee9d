package io.dendro.tree;

/**
 * The seam for what a stream's points hold. Every tree node records its value kind; a leaf's
 * payload layout and an internal entry's summary layout are chosen by it. Only
 * {@link #NUMERIC} exists today. A later kind (labels or small documents with counts and
 * frequencies as summary; pre-aggregated points carrying count, min, max, mean and stddev)
 * adds a constant here, a leaf layout and a summary layout, and leaves the tree walk alone.
 */
public enum ValueKind {
    /** Finite doubles; summary = count, min, max, mean and the spread (see {@link Summary}). */
    NUMERIC((byte) 1, Summary.BYTES);

    private final byte id;
    private final int summaryBytes;

    ValueKind(byte id, int summaryBytes) {
        this.id = id;
        this.summaryBytes = summaryBytes;
    }

    public byte id() {
        return id;
    }

    /** Bytes one child summary occupies in an internal node entry. */
    public int summaryBytes() {
        return summaryBytes;
    }

    public static ValueKind of(byte id) {
        for (ValueKind k : values()) {
            if (k.id == id) {
                return k;
            }
        }
        return null;
    }
}
