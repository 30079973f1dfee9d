package io.dendro.tree;

import io.dendro.PointCursor;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.RecordSource;

/** Raw points in {@code [start, end)}, descending only into children that overlap the range. */
public final class ValuesCursor extends Walker implements PointCursor {
    private final long start;
    private final long end;
    private final long version;
    private final Runnable onClose;
    private boolean closed;

    public ValuesCursor(RecordSource store, long root, long start, long end, long version, Runnable onClose) {
        super(store, root, start, end);
        this.start = start;
        this.end = end;
        this.version = version;
        this.onClose = onClose;
    }

    @Override
    protected int decide(long cs, int cpw) {
        if (cs >= end) {
            return STOP;
        }
        return Geometry.end(cs, cpw) <= start ? SKIP : DESCEND;
    }

    @Override
    public boolean next() {
        int i = leafIndex;
        if (i < leafEnd) { // the common case, a point of the current leaf (never after close)
            LeafPoints p = leaf;
            time = p.times[i];
            value = p.values[i];
            leafIndex = i + 1;
            return true;
        }
        if (closed) {
            throw new DendroException(ErrorCode.CLOSED, "cursor is closed");
        }
        return advance() == POINT;
    }

    @Override
    public int next(long[] times, double[] values) {
        if (times == null || values == null) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "next(times, values): "
                    + (times == null ? "times" : "values") + " must not be null");
        }
        int room = Math.min(times.length, values.length);
        int n = 0;
        while (n < room) {
            int i = leafIndex;
            int k = Math.min(leafEnd - i, room - n);
            if (k > 0) { // whole runs of the current leaf
                LeafPoints p = leaf;
                System.arraycopy(p.times, i, times, n, k);
                System.arraycopy(p.values, i, values, n, k);
                leafIndex = i + k;
                n += k;
                time = times[n - 1];
                value = values[n - 1];
            } else if (!next()) { // the next leaf (or the end, or a closed cursor's error)
                break;
            } else {
                times[n] = time;
                values[n] = value;
                n++;
            }
        }
        return n;
    }

    @Override
    public long time() {
        return time;
    }

    @Override
    public double value() {
        return value;
    }

    /** The current point's payload (an aggregate's or a document's bytes), or null. */
    public byte[] payload() {
        return leaf.payload(leafIndex - 1);
    }

    @Override
    public io.dendro.value.Aggregate aggregate() {
        return Payloads.aggregate(payload(), value);
    }

    @Override
    public String document() {
        return Payloads.document(payload());
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            releaseLeaf(); // leafEnd 0: next() leaves its fast path and reports the close
            onClose.run();
        }
    }
}
