package io.dendro.storage;

/**
 * A hold on the store's mapped memory, from {@link Store#acquire()} until {@link #close()}.
 * While it is held, every record reachable from any root read under it stays mapped and
 * readable, even if compaction has since moved the live data elsewhere. Close it exactly once
 * (further calls do nothing); not thread-safe itself, but any thread may close it.
 */
public final class Lease implements AutoCloseable {
    private final Store store;
    final Store.Epoch epoch;
    private boolean closed;

    Lease(Store store, Store.Epoch epoch) {
        this.store = store;
        this.epoch = epoch;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            store.release(this);
        }
    }
}
