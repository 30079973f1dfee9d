package io.dendro.storage;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * One segment file, mapped read-only in full into its own shared {@link Arena}. Nodes are
 * written with positional writes through {@link FileHandle} (never through the mapping) and
 * read through the mapping; on Linux both go through the same page cache, so a node is visible
 * to readers as soon as its write returns.
 */
final class Segment {
    final int index;
    final Path path;
    final FileHandle file;
    final long capacity;
    final MemorySegment map;
    private final Arena arena;
    /**
     * Records of this mapping whose checksum has passed, as a 4-way associative set of
     * {@code offset / 8 + 1} (0 = empty), allocated at the first read and grown with the
     * offsets read (about one slot per KiB of segment, {@value #MIN_SLOTS} to {@value #MAX_SLOTS}
     * slots: 4 MiB of heap for a full 1 GiB segment). The file's bytes never change once
     * written and read, so a record is checked once per mapping, not at every read; racy plain
     * writes are fine (an int is written whole; a lost entry or array only costs a re-check).
     */
    private volatile int[] verified;
    static final int MIN_SLOTS = 1 << 12;
    static final int MAX_SLOTS = 1 << 20;

    private Segment(int index, Path path, FileHandle file, long capacity, Arena arena, MemorySegment map) {
        this.index = index;
        this.path = path;
        this.file = file;
        this.capacity = capacity;
        this.arena = arena;
        this.map = map;
    }

    static String fileName(int index) {
        return String.format("seg-%06d.dnd", index);
    }

    /** Creates (or re-initialises) the segment file: header written and forced, file extended sparse. */
    static Segment create(FileIO io, Path dir, int index, long capacity, boolean fsync) {
        Path path = dir.resolve(fileName(index));
        FileHandle f = null;
        try {
            f = io.open(path, true);
            ByteBuffer h = ByteBuffer.allocate(SegmentHeaderLayout.SIZE).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(SegmentHeaderLayout.MAGIC, SegmentHeaderLayout.MAGIC_VALUE);
            h.putInt(SegmentHeaderLayout.FORMAT, FormatVersion.CURRENT);
            h.putInt(SegmentHeaderLayout.INDEX, index);
            h.putLong(SegmentHeaderLayout.CAPACITY, capacity);
            java.util.zip.CRC32C c = new java.util.zip.CRC32C();
            c.update(h.array(), 0, SegmentHeaderLayout.CRC);
            h.putInt(SegmentHeaderLayout.CRC, (int) c.getValue());
            f.writeFully(h, 0);
            if (f.size() < capacity) { // extend sparse: one byte at the end
                f.writeFully(ByteBuffer.allocate(1), capacity - 1);
            }
            if (fsync) {
                f.force();
                io.forceDirectory(dir); // the new file's directory entry must survive a crash too
            }
            return map(index, path, f, capacity, capacity);
        } catch (IOException e) {
            closeQuietly(f);
            throw StorageErrors.io("cannot create segment", path, e);
        } catch (RuntimeException e) {
            closeQuietly(f);
            throw e;
        }
    }

    /** Opens an existing segment and checks its header (read-only: without write access). */
    static Segment open(FileIO io, Path dir, int index, boolean readOnly) {
        Path path = dir.resolve(fileName(index));
        FileHandle f = null;
        try {
            if (!io.exists(path)) {
                throw DendroException.corruption(path.toString(), 0, "segment file is missing");
            }
            f = readOnly ? io.openReadOnly(path) : io.open(path, false);
            long size = f.size();
            if (size < SegmentHeaderLayout.SIZE) {
                throw DendroException.corruption(path.toString(), size, "segment file truncated below its header");
            }
            ByteBuffer h = ByteBuffer.allocate(SegmentHeaderLayout.SIZE).order(ByteOrder.LITTLE_ENDIAN);
            f.readFully(h, 0);
            java.util.zip.CRC32C c = new java.util.zip.CRC32C();
            c.update(h.array(), 0, SegmentHeaderLayout.CRC);
            if (h.getInt(SegmentHeaderLayout.MAGIC) != SegmentHeaderLayout.MAGIC_VALUE
                    || h.getInt(SegmentHeaderLayout.CRC) != (int) c.getValue()) {
                throw DendroException.corruption(path.toString(), 0, "bad segment header");
            }
            int format = h.getInt(SegmentHeaderLayout.FORMAT);
            if (format < 1 || format > FormatVersion.CURRENT) {
                throw new DendroException(ErrorCode.UNSUPPORTED_FORMAT,
                        path + " has format version " + format + "; this Dendro reads format " + FormatVersion.CURRENT);
            }
            if (h.getInt(SegmentHeaderLayout.INDEX) != index) {
                throw DendroException.corruption(path.toString(), SegmentHeaderLayout.INDEX,
                        "segment header names index " + h.getInt(SegmentHeaderLayout.INDEX));
            }
            long capacity = h.getLong(SegmentHeaderLayout.CAPACITY);
            // A truncated file maps only what exists; reads past it fail the bounds check.
            return map(index, path, f, capacity, Math.min(size, capacity));
        } catch (IOException e) {
            closeQuietly(f);
            throw StorageErrors.io("cannot open segment", path, e);
        } catch (RuntimeException e) {
            closeQuietly(f);
            throw e;
        }
    }

    private static Segment map(int index, Path path, FileHandle f, long capacity, long mapSize) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment m = f.mapReadOnly(0, mapSize, arena);
            return new Segment(index, path, f, capacity, arena, m);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Whether the record at {@code offset} passed its checksum before in this mapping. */
    boolean isVerified(long offset) {
        int[] v = verified;
        if (v == null || offset >= (1L << 34)) {
            return false;
        }
        int key = (int) (offset >>> 3) + 1;
        int b = bucket(key, v.length);
        return v[b] == key || v[b + 1] == key || v[b + 2] == key || v[b + 3] == key;
    }

    /** Remembers that the record at {@code offset} passed its checksum. */
    void markVerified(long offset) {
        if (offset >= (1L << 34)) {
            return;
        }
        int[] v = verified;
        if (v == null || (v.length < MAX_SLOTS && offset >>> 10 > v.length)) { // grown past a slot per KiB
            int slots = (int) Math.min(MAX_SLOTS, Math.max(MIN_SLOTS, Long.highestOneBit(offset >>> 9)));
            v = new int[slots];
            verified = v; // two threads may each install one: a lost array only costs re-checks
        }
        int key = (int) (offset >>> 3) + 1;
        int b = bucket(key, v.length);
        for (int i = b; i < b + BUCKET; i++) {
            if (v[i] == key) {
                return;
            }
            if (v[i] == 0) {
                v[i] = key;
                return;
            }
        }
        v[b + (key & (BUCKET - 1))] = key; // a full bucket: one of its four makes room
    }

    /** Forgets every verified record, so that each is checked again at its next read. */
    void forgetVerified() {
        verified = null;
    }

    /**
     * Slots per bucket: the set is 4-way associative. Direct-mapped, a set about as full as it
     * is large (a 100 M-point database: about 0.8 records per slot, an estimate) loses about a
     * third of its entries to collisions (a Poisson estimate), each costing a whole checksum at
     * the record's next read; four slots in one 16-byte bucket (within one cache line) keep all
     * but a few percent.
     */
    private static final int BUCKET = 4;

    /** The first slot of the bucket of {@code key}. */
    private static int bucket(int key, int slots) {
        return ((key * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(slots / BUCKET))) * BUCKET;
    }

    /** Unmaps and closes the file. No reader may use {@link #map} afterwards. */
    void close() {
        try {
            arena.close();
        } finally {
            closeQuietly(file);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after a failure: the first error is the one to report
            }
        }
    }
}
