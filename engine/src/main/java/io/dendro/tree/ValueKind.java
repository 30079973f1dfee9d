package io.dendro.tree;

/**
 * The seam for what a stream's points hold. Every tree node records its value kind (byte 1): a
 * leaf of a label or graph stream says so (its layout is the numeric one with a payload column);
 * an internal node's kind says which section follows its numeric summary columns (none, label
 * tables, edge statistics: {@link InternalLayout}). The stream's own kind is in its stream
 * record ({@code io.dendro.StreamKind}, the same ids).
 */
public enum ValueKind {
    /** Finite doubles; summary = count, min, max, mean and the spread (see {@link Summary}). */
    NUMERIC((byte) 1, Summary.BYTES),
    /** Labels (JSON documents): a leaf's payload column holds them; an internal node adds label tables. */
    NOMINAL((byte) 2, Summary.BYTES),
    /** Graphs (JSON documents with their edge counts): an internal node adds edge statistics. */
    GRAPH((byte) 3, Summary.BYTES);

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
