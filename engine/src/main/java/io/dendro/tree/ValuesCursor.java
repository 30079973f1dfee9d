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
        if (closed) {
            throw new DendroException(ErrorCode.CLOSED, "cursor is closed");
        }
        return advance() == POINT;
    }

    @Override
    public long time() {
        return time;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
