package io.dendro;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.FileIO;
import io.dendro.storage.StoreOptions;
import java.util.Objects;

/**
 * How a {@link Database} is opened: immutable; start from {@link #defaults()} and change what
 * you need, each method returning a new object.
 *
 * <ul>
 * <li>{@link #durability()}: the default {@link Durability} of inserts (SYNC)</li>
 * <li>{@link #bufferPoints()}: a stream's buffered points are committed to the tree as one new
 *     version when they reach this many (32,768, BTrDB's figure)</li>
 * <li>{@link #bufferMaxAgeMillis()}: ... or when the oldest buffered point is this old (1,000 ms)</li>
 * <li>{@link #groupCommitMillis()}: the period of the log force for {@link Durability#GROUP} (4 ms)</li>
 * <li>{@link #logFileBytes()}: the write-ahead log moves to a new file past this size (64 MiB);
 *     files whose records are all in the tree are deleted</li>
 * <li>{@link #segmentCapacity()}: bytes per segment file (1 GiB, sparse)</li>
 * <li>{@link #fsync()}: force files at each commit (true)</li>
 * <li>{@link #create()}: create a database when the directory holds none (true)</li>
 * <li>{@link #readOnly()}: open for reading only (false), see {@link #readOnly(boolean)}</li>
 * <li>{@link #refreshMillis()}: a read-only database moves to the writer's newest state this
 *     often (1,000 ms; 0: only when {@link Database#refresh()} is called)</li>
 * </ul>
 */
public final class DatabaseOptions {
    private final StoreOptions store;
    private final Durability durability;
    private final int bufferPoints;
    private final long bufferMaxAgeMillis;
    private final long groupCommitMillis;
    private final long logFileBytes;
    private final boolean readOnly;
    private final long refreshMillis;

    private DatabaseOptions(StoreOptions store, Durability durability, int bufferPoints, long bufferMaxAgeMillis,
                            long groupCommitMillis, long logFileBytes, boolean readOnly, long refreshMillis) {
        if (store == null || durability == null) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "the file system and durability are required");
        }
        if (bufferPoints < 1 || bufferMaxAgeMillis < 1 || groupCommitMillis < 1 || logFileBytes < 4096) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "buffer points, ages and sizes must be positive "
                    + "(log files at least 4096 bytes)");
        }
        if (refreshMillis < 0) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "refreshMillis must not be negative");
        }
        this.store = store;
        this.durability = durability;
        this.bufferPoints = bufferPoints;
        this.bufferMaxAgeMillis = bufferMaxAgeMillis;
        this.groupCommitMillis = groupCommitMillis;
        this.logFileBytes = logFileBytes;
        this.readOnly = readOnly;
        this.refreshMillis = refreshMillis;
    }

    public static DatabaseOptions defaults() {
        return new DatabaseOptions(StoreOptions.defaults(), Durability.SYNC, 32_768, 1_000, 4, 64L << 20, false, 1_000);
    }

    /** The storage layer's options, for {@link Database#open}. */
    StoreOptions storeOptions() {
        return store;
    }

    public Durability durability() {
        return durability;
    }

    public int bufferPoints() {
        return bufferPoints;
    }

    public long bufferMaxAgeMillis() {
        return bufferMaxAgeMillis;
    }

    public long groupCommitMillis() {
        return groupCommitMillis;
    }

    public long logFileBytes() {
        return logFileBytes;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public long refreshMillis() {
        return refreshMillis;
    }

    public long segmentCapacity() {
        return store.segmentCapacity();
    }

    public boolean fsync() {
        return store.fsync();
    }

    public boolean create() {
        return store.create();
    }

    /**
     * Turns forcing files to disk off or on (on by default). Off is only for tests and
     * throw-away data: an operating-system crash may then lose or tear recent commits.
     */
    public DatabaseOptions fsync(boolean on) {
        return withStore(store.withFsync(on));
    }

    /**
     * Bytes per segment file (default 1 GiB, sparse).
     *
     * @throws DendroException INVALID_ARGUMENT outside 4 KiB .. 1 TiB
     */
    public DatabaseOptions segmentCapacity(long bytes) {
        try {
            return withStore(store.withSegmentCapacity(bytes));
        } catch (IllegalArgumentException e) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "segment capacity " + bytes + " is out of range");
        }
    }

    /** Whether to create a database when the directory holds none (default true). */
    public DatabaseOptions create(boolean on) {
        return withStore(store.withCreate(on));
    }

    /** The file system to use: tests inject faults here (package-private: not for embedders). */
    DatabaseOptions io(FileIO io) {
        return withStore(store.withIo(io));
    }

    public DatabaseOptions durability(Durability d) {
        return new DatabaseOptions(store, d, bufferPoints, bufferMaxAgeMillis, groupCommitMillis, logFileBytes,
                readOnly, refreshMillis);
    }

    public DatabaseOptions bufferPoints(int n) {
        return new DatabaseOptions(store, durability, n, bufferMaxAgeMillis, groupCommitMillis, logFileBytes,
                readOnly, refreshMillis);
    }

    public DatabaseOptions bufferMaxAgeMillis(long ms) {
        return new DatabaseOptions(store, durability, bufferPoints, ms, groupCommitMillis, logFileBytes,
                readOnly, refreshMillis);
    }

    public DatabaseOptions groupCommitMillis(long ms) {
        return new DatabaseOptions(store, durability, bufferPoints, bufferMaxAgeMillis, ms, logFileBytes,
                readOnly, refreshMillis);
    }

    public DatabaseOptions logFileBytes(long bytes) {
        return new DatabaseOptions(store, durability, bufferPoints, bufferMaxAgeMillis, groupCommitMillis, bytes,
                readOnly, refreshMillis);
    }

    /**
     * Opens read-only (or not): the database is never created, nothing is written, locked or
     * deleted, and every file is opened without write access, so it works beside a writer in
     * another process, on a read-only file system and on a full disk. Every write is a
     * {@code READ_ONLY} error. {@link #create(boolean)}, durability and the buffer and log
     * settings do not apply. Same as {@link Database#openReadOnly(java.nio.file.Path)}.
     */
    public DatabaseOptions readOnly(boolean on) {
        return new DatabaseOptions(store, durability, bufferPoints, bufferMaxAgeMillis, groupCommitMillis, logFileBytes,
                on, refreshMillis);
    }

    /** How often a read-only database refreshes itself (milliseconds; 0: never by itself). */
    public DatabaseOptions refreshMillis(long ms) {
        return new DatabaseOptions(store, durability, bufferPoints, bufferMaxAgeMillis, groupCommitMillis, logFileBytes,
                readOnly, ms);
    }

    private DatabaseOptions withStore(StoreOptions s) {
        return new DatabaseOptions(s, durability, bufferPoints, bufferMaxAgeMillis, groupCommitMillis, logFileBytes,
                readOnly, refreshMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseOptions d && store.equals(d.store) && durability == d.durability
                && bufferPoints == d.bufferPoints && bufferMaxAgeMillis == d.bufferMaxAgeMillis
                && groupCommitMillis == d.groupCommitMillis && logFileBytes == d.logFileBytes
                && readOnly == d.readOnly && refreshMillis == d.refreshMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(store, durability, bufferPoints, bufferMaxAgeMillis, groupCommitMillis, logFileBytes,
                readOnly, refreshMillis);
    }

    @Override
    public String toString() {
        return "DatabaseOptions[durability=" + durability + ", bufferPoints=" + bufferPoints + ", bufferMaxAgeMillis="
                + bufferMaxAgeMillis + ", groupCommitMillis=" + groupCommitMillis + ", logFileBytes=" + logFileBytes
                + ", segmentCapacity=" + segmentCapacity() + ", fsync=" + fsync() + ", create=" + create()
                + ", readOnly=" + readOnly + ", refreshMillis=" + refreshMillis + "]";
    }
}
