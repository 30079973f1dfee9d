package io.dendro.tree;

import io.dendro.storage.RecordSource;

/**
 * {@code windows(start, end, width, depth)}: windows {@code [start + k*width, start + (k+1)*width)}
 * up to the rounded end, every one reported (empty ones with count 0 and NaN statistics).
 * A child that lies in one window is merged whole; a child inside the range that straddles a
 * window boundary is merged whole into the window where it starts when it is no wider than
 * {@code 2^depth}, and descended into otherwise. Children straddling the range's edges are
 * always descended into, so the totals over all windows are exact. The walk is
 * {@link WindowWalker}'s.
 */
public final class WindowsCursor extends WindowWalker {

    public WindowsCursor(RecordSource store, long root, long start, long end, long width, int depth, long version,
                         Runnable onClose) {
        super(store, root, start, end, width, depth, true, version, onClose);
    }
}
