package io.dendro.tree;

import io.dendro.StatCursor;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.RecordSource;

/**
 * The walk both window cursors share: windows {@code [start + k*width, start + (k+1)*width)}
 * for {@code k} from 0 while they end by {@code end}, and the walk's events (points, and
 * children's summaries taken whole) summed into the window where each starts. A window is
 * complete when an event of a later one arrives; that event stays in the walker's fields
 * ({@link #time}, {@link #value}, {@link #block}) until the next call adds it, so nothing is
 * copied or allocated per window or per point.
 *
 * <p>Children outside the range are skipped, children straddling its edges descended into, so
 * totals are exact; a child inside it is taken whole when it lies in one window or is no wider
 * than {@code 2^depth} (then it counts in the window where it starts), and descended into
 * otherwise. {@link AlignedWindowsCursor} omits empty windows; {@link WindowsCursor} reports
 * every one.
 */
abstract class WindowWalker extends Walker implements StatCursor {
    private final long start;
    private final long end;          // start + windows * width
    private final long width;
    /** {@code log2(width)} when the width is a power of two (a shift instead of a division), else -1. */
    private final int shift;
    private final int depth;
    private final long windows;
    private final boolean reportEmpty;
    private final long version;
    private final Runnable onClose;
    private final Summary acc = new Summary();
    private long accWindow = -1;     // window of the accumulated data, -1 when none
    /** An event of a later window than acc's, read but not added yet ({@link #END}: none). */
    private int pending = END;
    private boolean ended;
    private long k;                  // next window to report, when every one is reported
    private boolean closed;
    private long outTime;
    private final Summary out = new Summary();

    /** {@code end} is rounded down to a whole number of windows. */
    WindowWalker(RecordSource store, long root, long start, long end, long width, int depth, boolean reportEmpty,
                 long version, Runnable onClose) {
        super(store, root, start, start + (end - start) / width * width);
        this.start = start;
        this.width = width;
        this.shift = Long.bitCount(width) == 1 ? Long.numberOfTrailingZeros(width) : -1;
        this.windows = (end - start) / width;
        this.end = start + windows * width;
        this.depth = depth;
        this.reportEmpty = reportEmpty;
        this.version = version;
        this.onClose = onClose;
    }

    /** The window of time {@code t}, {@code start <= t < end}. */
    private long windowOf(long t) {
        return shift >= 0 ? (t - start) >>> shift : (t - start) / width;
    }

    @Override
    protected final int decide(long cs, int cpw) {
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
    public final boolean next() {
        if (closed) {
            throw new DendroException(ErrorCode.CLOSED, "cursor is closed");
        }
        if (reportEmpty && k >= windows) {
            return false;
        }
        if (accWindow < 0) {
            fill();
        }
        if (reportEmpty) {
            outTime = start + k * width;
            if (accWindow == k) {
                take();
            } else {
                out.clear();
            }
            k++;
            return true;
        }
        if (acc.count == 0) {
            return false; // the walk has ended (at most summaries of no points were left)
        }
        outTime = start + accWindow * width;
        take();
        return true;
    }

    /**
     * Sums the next window that has events into {@link #acc} (its number in {@link #accWindow}),
     * starting with the pending event; leaves {@code accWindow} at -1 when the walk has ended.
     * When empty windows are omitted, summaries of no points do not make a window: the events
     * after them join the same sum.
     */
    private void fill() {
        if (pending != END) {
            accWindow = windowOf(time);
            add(pending, acc);
            pending = END;
        }
        while (!ended) {
            int ev = advance();
            if (ev == END) {
                ended = true;
                return;
            }
            long w = windowOf(time);
            if (accWindow >= 0 && w != accWindow && (reportEmpty || acc.count > 0)) {
                pending = ev; // the accumulated window is complete; this event starts a later one
                return;
            }
            accWindow = w;
            add(ev, acc);
        }
    }

    private void add(int ev, Summary s) {
        if (ev == POINT) {
            s.addPoint(value, payload);
        } else {
            s.merge(block);
        }
    }

    private void take() {
        out.copyFrom(acc);
        acc.clear();
        accWindow = -1;
    }

    @Override
    public final long time() {
        return outTime;
    }

    @Override
    public final double min() {
        return out.minOrNaN();
    }

    @Override
    public final double mean() {
        return out.meanOrNaN();
    }

    @Override
    public final double max() {
        return out.maxOrNaN();
    }

    @Override
    public final long count() {
        return out.count;
    }

    @Override
    public final double stddev() {
        return out.stddev();
    }

    @Override
    public final long version() {
        return version;
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            releaseLeaf();
            onClose.run();
        }
    }
}
