package io.dendro.tree;

import java.util.Arrays;

/**
 * The label frequencies of a subtree of a nominal stream, as a summary holds them: each distinct
 * label (its compact JSON bytes) with its number of points, exact while the subtree holds at
 * most {@link #MAX_LABELS} distinct labels of at most {@link #MAX_BYTES} bytes each; otherwise
 * only the mark {@link #many} ("more than the table holds"), which makes a query read the
 * subtree's leaves. Labels keep the order in which they first occur (points in time order,
 * children in entry order), so that merging is deterministic. No method allocates once the
 * table has held its labels.
 */
public final class LabelTable {
    public static final int MAX_LABELS = 8;
    public static final int MAX_BYTES = 64;

    /** More distinct labels (or longer ones) than the table holds: the counts below are not kept. */
    public boolean many;
    /** The number of labels held. */
    public int size;
    public final byte[][] labels = new byte[MAX_LABELS][];
    public final long[] counts = new long[MAX_LABELS];

    public void clear() {
        many = false;
        size = 0;
    }

    /** Whether the table holds anything (a label or the mark). */
    public boolean isEmpty() {
        return size == 0 && !many;
    }

    /** Adds {@code count} points of {@code label} (bytes not copied: a caller keeps them unchanged). */
    public void add(byte[] label, long count) {
        if (many) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(labels[i], label)) {
                counts[i] += count;
                return;
            }
        }
        if (size == MAX_LABELS || label.length > MAX_BYTES) {
            many = true;
            size = 0;
            return;
        }
        labels[size] = label;
        counts[size++] = count;
    }

    public void merge(LabelTable o) {
        if (o.many) {
            many = true;
            size = 0;
            return;
        }
        for (int i = 0; i < o.size; i++) {
            add(o.labels[i], o.counts[i]);
        }
    }

    public void copyFrom(LabelTable o) {
        many = o.many;
        size = o.size;
        System.arraycopy(o.labels, 0, labels, 0, o.size);
        System.arraycopy(o.counts, 0, counts, 0, o.size);
    }

    /** Whether both hold the same labels with the same counts in the same order (or both the mark). */
    public boolean same(LabelTable o) {
        if (many != o.many || size != o.size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (counts[i] != o.counts[i] || !Arrays.equals(labels[i], o.labels[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        if (many) {
            return "many";
        }
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : ", ").append(new String(labels[i], java.nio.charset.StandardCharsets.UTF_8))
                    .append('=').append(counts[i]);
        }
        return b.append('}').toString();
    }
}
