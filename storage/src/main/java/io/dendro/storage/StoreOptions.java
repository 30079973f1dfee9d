package io.dendro.storage;

/**
 * How a {@link Store} is opened.
 *
 * @param io              the file system (tests inject faults here)
 * @param segmentCapacity bytes per segment file; segments are created sparse at this size and
 *                        mapped whole. 1 GiB by default: big enough that a large database needs
 *                        few mappings, small enough that an almost empty database wastes no
 *                        real disk (the file is sparse).
 * @param fsync           force files at each commit; only tests turn this off
 * @param create          create the database when the directory holds none
 */
public record StoreOptions(FileIO io, long segmentCapacity, boolean fsync, boolean create) {
    public static final long DEFAULT_SEGMENT_CAPACITY = 1L << 30;
    /** Smallest allowed segment: a header plus a little room. */
    public static final long MIN_SEGMENT_CAPACITY = 4096;

    public StoreOptions {
        if (io == null) {
            throw new IllegalArgumentException("io must not be null");
        }
        if (segmentCapacity < MIN_SEGMENT_CAPACITY || segmentCapacity > NodeAddress.OFFSET_MASK) {
            throw new IllegalArgumentException("segmentCapacity out of range: " + segmentCapacity);
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(FileIO.DEFAULT, DEFAULT_SEGMENT_CAPACITY, true, true);
    }

    public StoreOptions withIo(FileIO newIo) {
        return new StoreOptions(newIo, segmentCapacity, fsync, create);
    }

    public StoreOptions withSegmentCapacity(long capacity) {
        return new StoreOptions(io, capacity, fsync, create);
    }

    public StoreOptions withFsync(boolean on) {
        return new StoreOptions(io, segmentCapacity, on, create);
    }

    public StoreOptions withCreate(boolean on) {
        return new StoreOptions(io, segmentCapacity, fsync, on);
    }
}
