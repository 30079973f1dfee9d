package io.dendro;

import io.dendro.catalog.Properties;
import io.dendro.catalog.StreamRecord;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory side of one open stream: its writer lock (one writer per stream at a time) and
 * the snapshot of its latest committed state, replaced atomically after each commit so that
 * readers never wait.
 */
final class StreamHandle {
    /** A committed state: the stream record, its address, and its decoded properties. */
    record Snapshot(StreamRecord record, long address, Properties properties) {
    }

    final ReentrantLock writeLock = new ReentrantLock();
    volatile Snapshot state;

    StreamHandle(Snapshot state) {
        this.state = state;
    }
}
