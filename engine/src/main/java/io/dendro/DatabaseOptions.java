package io.dendro;

import io.dendro.storage.FileIO;
import io.dendro.storage.StoreOptions;

/**
 * How a {@link Database} is opened. Start from {@link #defaults()}.
 *
 * @param store the storage options: file system, segment size, fsync, create-if-missing
 */
public record DatabaseOptions(StoreOptions store) {
    public static DatabaseOptions defaults() {
        return new DatabaseOptions(StoreOptions.defaults());
    }

    /**
     * Turns forcing files to disk at each commit off or on. Off is only for tests and
     * throw-away data: a crash may then lose or tear recent commits.
     */
    public DatabaseOptions fsync(boolean on) {
        return new DatabaseOptions(store.withFsync(on));
    }

    /** Bytes per segment file (default 1 GiB, sparse). */
    public DatabaseOptions segmentCapacity(long bytes) {
        return new DatabaseOptions(store.withSegmentCapacity(bytes));
    }

    /** Whether to create a database when the directory holds none (default true). */
    public DatabaseOptions create(boolean on) {
        return new DatabaseOptions(store.withCreate(on));
    }

    /** The file system to use (tests inject faults here). */
    public DatabaseOptions io(FileIO io) {
        return new DatabaseOptions(store.withIo(io));
    }
}
