package io.dendro.catalog;

import io.dendro.storage.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * Read-only field accessors over the registry's records, for the inspection tools (verify,
 * dump). The offsets stay owned by {@link Catalog}, {@link VersionIndex}, {@link StreamRecord}
 * and {@link Properties}; this class only exposes them, so the tools never repeat a byte offset.
 * Every method takes a record payload as returned by {@code Store.read}; none of them checks
 * sizes (callers check {@code byteSize()} against the {@code *Size} methods first).
 * <pre>
 * catalog root   : | kind u8 = 10 | reserved [7] | streams i64 | trie i64 |
 * catalog node   : | kind u8 = 11 | depth u8 | reserved u16 | children u32 | mask u64 | child i64 [children] |
 * catalog bucket : | kind u8 = 12 | depth u8 | reserved u16 | count u32 | (msb, lsb, record) i64 [count] |
 * version leaf   : | kind u8 = 3 | reserved u8 | count u16 | reserved u32 | (root, commitTime) i64 [count] |
 * version node   : | kind u8 = 4 | reserved u8 | count u16 | reserved u32 | child i64 [count] |
 * stream record  : | kind u8 = 20 | valueKind u8 | reserved u16 | reserved u32 | ... 64 bytes |
 * properties     : | kind u8 = 21 | reserved [7] | property version i64 | ... |
 * </pre>
 * See docs/format/catalog.md, version-index.md, stream-record.md and properties.md.
 */
public final class CatalogLayout {
    /** Entries a catalog bucket holds before it splits (except at {@link #MAX_DEPTH}). */
    public static final int BUCKET_CAPACITY = Catalog.BUCKET_CAPACITY;
    /** Depth at which catalog buckets no longer split. */
    public static final int MAX_DEPTH = Catalog.MAX_DEPTH;
    /** Size of a catalog root payload. */
    public static final int ROOT_SIZE = Catalog.R_SIZE;
    /** Size of a catalog root payload before format 8 (no registry index). */
    public static final int ROOT_SIZE_BEFORE_INDEX = Catalog.R_SIZE_BEFORE_INDEX;
    /** Size of a stream record payload. */
    public static final int STREAM_SIZE = StreamRecord.SIZE;
    /** Fan-out of the version index. */
    public static final int VERSION_FANOUT = VersionIndex.FANOUT;

    private CatalogLayout() {
    }

    /** The record kind (first byte of every engine payload), or -1 for an empty payload. */
    public static int kind(MemorySegment p) {
        return p.byteSize() == 0 ? -1 : p.get(Bytes.U8, 0);
    }

    /** Whether bytes {@code [from, to)} of {@code p} are all zero. */
    public static boolean zero(MemorySegment p, int from, int to) {
        for (int i = from; i < to && i < p.byteSize(); i++) {
            if (p.get(Bytes.U8, i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Catalog root: the reserved bytes 1..7 are zero. */
    public static boolean rootReservedZero(MemorySegment p) {
        return zero(p, 1, Catalog.R_STREAMS);
    }

    /** The chunk of {@code hash} that the trie branches on at {@code depth}. */
    public static int chunk(long hash, int depth) {
        return (int) ((hash >>> (6 * depth)) & 63);
    }

    // ---- catalog node and bucket (shared header: kind, depth, reserved u16)

    public static int depth(MemorySegment p) {
        return p.get(Bytes.U8, 1) & 0xFF;
    }

    /** Node and bucket: the reserved u16 at bytes 2..3 is zero. */
    public static boolean trieReservedZero(MemorySegment p) {
        return p.get(Bytes.I16, 2) == 0;
    }

    public static int nodeHeaderSize() {
        return Catalog.N_CHILD;
    }

    public static int nodeChildren(MemorySegment p) {
        return p.get(Bytes.I32, Catalog.N_CHILDREN);
    }

    public static long nodeMask(MemorySegment p) {
        return p.get(Bytes.I64, Catalog.N_MASK);
    }

    public static long nodeChild(MemorySegment p, int j) {
        return p.get(Bytes.I64, Catalog.N_CHILD + 8L * j);
    }

    public static long nodeSize(int children) {
        return Catalog.N_CHILD + 8L * children;
    }

    public static int bucketHeaderSize() {
        return Catalog.B_ENTRIES;
    }

    public static int bucketCount(MemorySegment p) {
        return p.get(Bytes.I32, Catalog.B_COUNT);
    }

    public static long bucketMsb(MemorySegment p, int j) {
        return p.get(Bytes.I64, Catalog.B_ENTRIES + (long) j * Catalog.B_ENTRY);
    }

    public static long bucketLsb(MemorySegment p, int j) {
        return p.get(Bytes.I64, Catalog.B_ENTRIES + (long) j * Catalog.B_ENTRY + 8);
    }

    public static long bucketRecord(MemorySegment p, int j) {
        return p.get(Bytes.I64, Catalog.B_ENTRIES + (long) j * Catalog.B_ENTRY + 16);
    }

    public static long bucketSize(int count) {
        return Catalog.B_ENTRIES + (long) count * Catalog.B_ENTRY;
    }

    // ---- version index

    public static int versionHeaderSize() {
        return VersionIndex.ENTRIES;
    }

    public static int versionCount(MemorySegment p) {
        return p.get(Bytes.I16, VersionIndex.COUNT) & 0xFFFF;
    }

    /** Version leaf and node: byte 1 and bytes 4..7 are zero. */
    public static boolean versionReservedZero(MemorySegment p) {
        return zero(p, 1, VersionIndex.COUNT) && zero(p, VersionIndex.COUNT + 2, VersionIndex.ENTRIES);
    }

    public static long versionNodeSize(int count) {
        return VersionIndex.ENTRIES + (long) count * Long.BYTES;
    }

    public static long versionLeafSize(int count) {
        return VersionIndex.ENTRIES + (long) count * VersionIndex.LEAF_ENTRY;
    }

    public static long versionChild(MemorySegment p, int j) {
        return p.get(Bytes.I64, VersionIndex.ENTRIES + (long) j * Long.BYTES);
    }

    public static long versionRoot(MemorySegment p, int j) {
        return p.get(Bytes.I64, VersionIndex.ENTRIES + (long) j * VersionIndex.LEAF_ENTRY);
    }

    public static long versionCommitTime(MemorySegment p, int j) {
        return p.get(Bytes.I64, VersionIndex.ENTRIES + (long) j * VersionIndex.LEAF_ENTRY + 8);
    }

    // ---- registry index

    /** One child of a registry index node. */
    public record IndexChild(byte[] first, long address, long keys) {
    }

    /** A registry index leaf's keys (CORRUPTION when they cannot be read). */
    public static byte[][] indexLeafKeys(io.dendro.storage.Store store, long address, MemorySegment p) {
        return RegistryIndex.leafKeys(store, address, p);
    }

    /** A registry index node's children (CORRUPTION when they cannot be read). */
    public static IndexChild[] indexChildren(io.dendro.storage.Store store, long address, MemorySegment p) {
        RegistryIndex.Child[] cs = RegistryIndex.children(store, address, p);
        IndexChild[] out = new IndexChild[cs.length];
        for (int i = 0; i < cs.length; i++) {
            out[i] = new IndexChild(cs[i].first(), cs[i].address(), cs[i].keys());
        }
        return out;
    }

    /** Registry index leaf and node: byte 1 and bytes 4..7 are zero. */
    public static boolean indexReservedZero(MemorySegment p) {
        return zero(p, 1, RegistryIndex.COUNT) && zero(p, RegistryIndex.COUNT + 2, RegistryIndex.HEADER);
    }

    // ---- stream record and properties

    /** Stream record: bytes 2..7 are zero. */
    public static boolean streamReservedZero(MemorySegment p) {
        return zero(p, StreamRecord.VALUE_KIND + 1, StreamRecord.MSB);
    }

    /** Properties: bytes 1..7 are zero. */
    public static boolean propertiesReservedZero(MemorySegment p) {
        return zero(p, 1, Properties.VERSION);
    }
}
