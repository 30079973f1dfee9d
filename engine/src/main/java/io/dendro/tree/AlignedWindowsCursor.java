package io.dendro.tree;

import io.dendro.storage.RecordSource;

/**
 * {@code aligned_windows}: windows of {@code 2^pw} ns aligned to multiples of their width;
 * empty windows omitted. A child no wider than a window lies inside exactly one window, so its
 * summary is merged whole without reading it: the cost is the number of windows plus the tree
 * height whenever {@code pw} is at or above the leaf level. The walk is {@link WindowWalker}'s,
 * with the range rounded down to whole windows and {@code depth = pw}.
 */
public final class AlignedWindowsCursor extends WindowWalker {

    public AlignedWindowsCursor(RecordSource store, long root, long start, long end, int pw, long version, Runnable onClose) {
        super(store, root, floor(start, pw), Math.max(floor(start, pw), floor(end, pw)), 1L << pw, pw, false, version,
                onClose);
    }

    /** Rounds down to a multiple of {@code 2^pw} (floor, also for negative times). */
    public static long floor(long t, int pw) {
        return t & -(1L << pw);
    }
}
