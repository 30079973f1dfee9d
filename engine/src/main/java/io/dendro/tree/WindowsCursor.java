package io.dendro.tree;

import io.dendro.StatCursor;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.RecordSource;

/**
 * {@code windows(start, end, width, depth)}: windows {@code [start + k*width, start + (k+1)*width)}
 * up to the rounded end, every one reported (empty ones with count 0 and NaN statistics).
 * A child that lies in one window is merged whole; a child inside the range that straddles a
 * window boundary is merged whole into the window where it starts when it is no wider than
 * {@code 2^depth}, and descended into otherwise. Children straddling the range's edges are
 * always descended into, so the totals over all windows are exact.
 */
public final class WindowsCursor extends Walker implements StatCursor {
    private final long start;
    private final long end;   // rounded
    private final long width;
    private final int depth;
    private final long windows;
    private final long version;
    private final Runnable onClose;
    private long k;               // next window to report
    private final Summary acc = new Summary();
    private long accWindow = -1;  // window of the accumulated data, -1 when none
    private boolean ended;
    private boolean closed;
    private long outTime;
    private final Summary out = new Summary();

    public WindowsCursor(RecordSource store, long root, long start, long end, long width, int depth, long version,
                         Runnable onClose) {
        super(store, root, start, start + (end - start) / width * width);
        this.start = start;
        this.width = width;
        this.windows = (end - start) / width;
        this.end = start + windows * width;
        this.depth = depth;
        this.version = version;
        this.onClose = onClose;
    }

    private long windowOf(long t) {
        return (t - start) / width;
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
        if (cs < start || ce > end) {
            return DESCEND;
        }
        if (windowOf(cs) == windowOf(ce - 1) || cpw <= depth) {
            return TAKE;
        }
        return DESCEND;
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new DendroException(ErrorCode.CLOSED, "cursor is closed");
        }
        if (k >= windows) {
            return false;
        }
        // Pull events until one lands past window k; events arrive in non-decreasing window order.
        while (!ended && (accWindow < 0 || accWindow == k)) {
            int ev = advance();
            if (ev == Walker.END) {
                ended = true;
                break;
            }
            long w = windowOf(time);
            if (accWindow >= 0 && w != accWindow) {
                // the accumulated window is complete; keep this event for later
                flushTo(w, ev);
                break;
            }
            accWindow = w;
            add(ev, acc);
        }
        outTime = start + k * width;
        if (accWindow == k) {
            out.copyFrom(acc);
            acc.clear();
            accWindow = carriedWindow;
            if (carriedWindow >= 0) {
                acc.copyFrom(carried);
                carriedWindow = -1;
            }
        } else {
            out.clear();
        }
        k++;
        return true;
    }

    private long carriedWindow = -1;
    private final Summary carried = new Summary();

    private void flushTo(long w, int ev) {
        carried.clear();
        add(ev, carried);
        carriedWindow = w;
    }

    private void add(int ev, Summary s) {
        if (ev == Walker.POINT) {
            s.add(value);
        } else {
            s.merge(block);
        }
    }

    @Override
    public long time() {
        return outTime;
    }

    @Override
    public double min() {
        return out.minOrNaN();
    }

    @Override
    public double mean() {
        return out.meanOrNaN();
    }

    @Override
    public double max() {
        return out.maxOrNaN();
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
