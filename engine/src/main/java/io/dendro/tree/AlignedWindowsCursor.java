package io.dendro.tree;

import io.dendro.StatCursor;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.RecordSource;

/**
 * {@code aligned_windows}: windows of {@code 2^pw} ns aligned to multiples of their width;
 * empty windows omitted. A child no wider than a window lies inside exactly one window, so its
 * summary is merged whole without reading it: the cost is the number of windows plus the tree
 * height whenever {@code pw} is at or above the leaf level.
 */
public final class AlignedWindowsCursor extends Walker implements StatCursor {
    private final int pw;
    private final long start; // rounded down
    private final long end;   // rounded down
    private final long version;
    private final Runnable onClose;
    private final Summary acc = new Summary();
    private long accWindow;
    private boolean done;
    private boolean closed;
    private long outTime;
    private final Summary out = new Summary();

    public AlignedWindowsCursor(RecordSource store, long root, long start, long end, int pw, long version, Runnable onClose) {
        super(store, root, floor(start, pw), Math.max(floor(start, pw), floor(end, pw)));
        this.pw = pw;
        this.start = floor(start, pw);
        this.end = Math.max(this.start, floor(end, pw));
        this.version = version;
        this.onClose = onClose;
    }

    /** Rounds down to a multiple of {@code 2^pw} (floor, also for negative times). */
    public static long floor(long t, int pw) {
        return t & -(1L << pw);
    }

    @Override
    protected int decide(long cs, int cpw) {
        if (cs >= end) {
            return STOP;
        }
        long ce = Geometry.end(cs, cpw);
        if (ce <= start) {
            return SKIP;
        }
        return cpw <= pw ? TAKE : DESCEND;
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new DendroException(ErrorCode.CLOSED, "cursor is closed");
        }
        if (done) {
            return false;
        }
        while (true) {
            int ev = advance();
            if (ev == END) {
                done = true;
                return emit();
            }
            long w = floor(time, pw);
            if (acc.count > 0 && w != accWindow) {
                boolean r = emit();
                // start the next window with the event just read
                accWindow = w;
                addEvent(ev);
                return r;
            }
            accWindow = w;
            addEvent(ev);
        }
    }

    private void addEvent(int ev) {
        if (ev == POINT) {
            acc.add(value);
        } else {
            acc.merge(block);
        }
    }

    private boolean emit() {
        if (acc.count == 0) {
            return false;
        }
        outTime = accWindow;
        out.copyFrom(acc);
        acc.clear();
        return true;
    }

    @Override
    public long time() {
        return outTime;
    }

    @Override
    public double min() {
        return out.min;
    }

    @Override
    public double mean() {
        return out.mean;
    }

    @Override
    public double max() {
        return out.max;
    }

    @Override
    public long count() {
        return out.count;
    }

    @Override
    public double stddev() {
        return out.stddev();
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            releaseLeaf();
            onClose.run();
        }
    }
}
