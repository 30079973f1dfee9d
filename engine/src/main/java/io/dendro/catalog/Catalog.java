package io.dendro.catalog;

import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.tree.Nodes;
import io.dendro.tree.RecordKind;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * The stream registry on disk: a copy-on-write hash array mapped trie from UUID to the address
 * of the stream's {@link StreamRecord}. Depth {@code d} branches on bits {@code [6d, 6d+6)} of
 * {@link #hash(UUID)}; a bucket holds up to {@link #BUCKET_CAPACITY} entries before it splits
 * (at depth 10 the 60 hash bits are used up and buckets just grow). A lookup reads about
 * {@code log64(streams / 16) + 1} records: 4 for a million streams. An update copies that path.
 * <pre>
 * root   : | kind u8 = 10 | reserved [7] | streams i64 | trie i64 | log LSN i64 | index i64 |   (index: format 8)
 * node   : | kind u8 = 11 | depth u8 | reserved u16 | children u32 | mask u64 | child i64 [children] |
 * bucket : | kind u8 = 12 | depth u8 | reserved u16 | count u32 | (msb i64, lsb i64, record i64) [count] |
 * </pre>
 */
public final class Catalog {
    /** 16 entries x 24 bytes: a bucket stays under 400 bytes, so an update copies little. */
    static final int BUCKET_CAPACITY = 16;
    static final int MAX_DEPTH = 10;
    static final int R_STREAMS = 8;
    static final int R_TRIE = 16;
    static final int R_LSN = 24;
    static final int R_INDEX = 32;
    /** A catalog root's size before format 8's registry index (still read: {@link #NO_INDEX}). */
    static final int R_SIZE_BEFORE_INDEX = 32;
    static final int R_SIZE = 40;
    /** The index of a catalog root written before format 8: none was kept, lookups walk the trie. */
    public static final long NO_INDEX = -1;
    static final int N_CHILDREN = 4;
    static final int N_MASK = 8;
    static final int N_CHILD = 16;
    static final int B_COUNT = 4;
    static final int B_ENTRIES = 8;
    static final int B_ENTRY = 24;

    private Catalog() {
    }

    /**
     * The catalog root: the number of streams, the trie, and the highest write-ahead log LSN
     * whose content any commit has put into a tree (new log records must number above it).
     */
    public record Root(long streams, long trie, long lsn, long index) {
        /** The root of a database where no stream was ever created (its index is empty). */
        public static final Root EMPTY = new Root(0, NodeAddress.NONE, 0, NodeAddress.NONE);

        /** Whether this root has a registry index (format 8 on; an older root reads {@link #NO_INDEX}). */
        public boolean indexed() {
            return index != NO_INDEX;
        }
    }

    public static Root readRoot(Store store, long address) {
        if (address == NodeAddress.NONE) {
            return Root.EMPTY;
        }
        MemorySegment p = Nodes.record(store, address, RecordKind.CATALOG_ROOT, R_SIZE_BEFORE_INDEX);
        long index = p.byteSize() >= R_SIZE ? p.get(Bytes.I64, R_INDEX) : NO_INDEX;
        return new Root(p.get(Bytes.I64, R_STREAMS), p.get(Bytes.I64, R_TRIE), p.get(Bytes.I64, R_LSN), index);
    }

    /** Writes a catalog root; its index must be built ({@link RegistryIndex}). */
    public static long writeRoot(NodeWriter w, Root r) {
        if (!r.indexed()) {
            throw new IllegalStateException("a catalog root is written with its registry index");
        }
        MemorySegment p = w.reserve(R_SIZE);
        p.fill((byte) 0);
        p.set(Bytes.U8, 0, RecordKind.CATALOG_ROOT);
        p.set(Bytes.I64, R_STREAMS, r.streams());
        p.set(Bytes.I64, R_TRIE, r.trie());
        p.set(Bytes.I64, R_LSN, r.lsn());
        p.set(Bytes.I64, R_INDEX, r.index());
        return w.lastAddress();
    }

    /** The stable 64-bit hash the trie branches on (MurmurHash3's fmix64 over both halves). */
    public static long hash(UUID id) {
        return fmix(id.getMostSignificantBits() ^ fmix(id.getLeastSignificantBits()));
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static int chunk(long h, int depth) {
        return (int) ((h >>> (6 * depth)) & 63);
    }

    /** The stream record address for {@code id}, or {@link NodeAddress#NONE}. */
    public static long lookup(Store store, long trie, UUID id) {
        long h = hash(id);
        long addr = trie;
        for (int depth = 0; addr != NodeAddress.NONE; depth++) {
            MemorySegment n = store.read(addr);
            byte kind = n.byteSize() > 0 ? n.get(Bytes.U8, 0) : 0;
            if (kind == RecordKind.CATALOG_BUCKET) {
                int c = bucketCount(store, addr, n);
                for (int i = 0; i < c; i++) {
                    long off = B_ENTRIES + (long) i * B_ENTRY;
                    if (n.get(Bytes.I64, off) == id.getMostSignificantBits()
                            && n.get(Bytes.I64, off + 8) == id.getLeastSignificantBits()) {
                        return n.get(Bytes.I64, off + 16);
                    }
                }
                return NodeAddress.NONE;
            }
            if (kind != RecordKind.CATALOG_NODE || depth >= MAX_DEPTH) {
                throw Nodes.corrupt(store, addr, "expected a catalog node at depth " + depth);
            }
            long mask = nodeMask(store, addr, n);
            int c = chunk(h, depth);
            if ((mask & (1L << c)) == 0) {
                return NodeAddress.NONE;
            }
            addr = n.get(Bytes.I64, N_CHILD + 8L * Long.bitCount(mask & ((1L << c) - 1)));
        }
        return NodeAddress.NONE;
    }

    /** Sets {@code id -> record}; returns the new trie root. */
    public static long put(Store store, NodeWriter w, long trie, UUID id, long record) {
        if (record == NodeAddress.NONE) {
            throw new IllegalArgumentException("a stream record address is required");
        }
        return put(store, w, trie, 0, hash(id), new Entry(id, record));
    }

    private record Entry(UUID id, long record) {
    }

    /**
     * Adds (or replaces) many entries at once, {@code ids[i]} to {@code records[i]}; returns the
     * new trie. Each node on the touched paths is copied once, children before parents, so nothing
     * written by this call is read back (no flush between entries) and the cost is that of one
     * bulk build of the new part: what {@code Database.createAll} uses.
     */
    public static long putAll(Store store, NodeWriter w, long trie, UUID[] ids, long[] records) {
        return putAll(store, w, trie, ids, records, false);
    }

    /**
     * {@link #putAll(Store, NodeWriter, long, UUID[], long[])}; with {@code fresh}, every UUID
     * must be new: one already in the trie is a STREAM_EXISTS error (found on the way, without
     * a lookup per UUID; what was written is then never committed).
     */
    public static long putAll(Store store, NodeWriter w, long trie, UUID[] ids, long[] records, boolean fresh) {
        List<Entry> entries = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (records[i] == NodeAddress.NONE) {
                throw new IllegalArgumentException("a stream record address is required");
            }
            entries.add(new Entry(ids[i], records[i]));
        }
        return entries.isEmpty() ? trie : putAll(store, w, trie, 0, entries, fresh);
    }

    private static long putAll(Store store, NodeWriter w, long addr, int depth, List<Entry> add, boolean fresh) {
        if (addr == NodeAddress.NONE) {
            return build(w, depth, add);
        }
        MemorySegment n = store.read(addr);
        byte kind = n.byteSize() > 0 ? n.get(Bytes.U8, 0) : 0;
        if (kind == RecordKind.CATALOG_BUCKET) {
            List<Entry> entries = readBucket(store, addr, n);
            java.util.Map<UUID, Integer> at = new java.util.HashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                at.put(entries.get(i).id(), i);
            }
            for (Entry e : add) {
                Integer i = at.get(e.id());
                if (i != null && fresh) {
                    throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.STREAM_EXISTS,
                            "stream " + e.id() + " already exists");
                }
                if (i != null) {
                    entries.set(i, e);
                } else {
                    at.put(e.id(), entries.size());
                    entries.add(e);
                }
            }
            return build(w, depth, entries);
        }
        if (kind != RecordKind.CATALOG_NODE) {
            throw Nodes.corrupt(store, addr, "expected a catalog node at depth " + depth);
        }
        long mask = nodeMask(store, addr, n);
        List<List<Entry>> groups = new ArrayList<>(64);
        for (int i = 0; i < 64; i++) {
            groups.add(null);
        }
        for (Entry e : add) {
            int c = chunk(hash(e.id()), depth);
            if (groups.get(c) == null) {
                groups.set(c, new ArrayList<>());
            }
            groups.get(c).add(e);
        }
        long newMask = mask;
        for (int c = 0; c < 64; c++) {
            if (groups.get(c) != null) {
                newMask |= 1L << c;
            }
        }
        long[] children = new long[Long.bitCount(newMask)];
        int j = 0; // index among the old node's children
        int k = 0;
        for (int c = 0; c < 64; c++) {
            if ((newMask & (1L << c)) == 0) {
                continue;
            }
            boolean present = (mask & (1L << c)) != 0;
            long old = present ? n.get(Bytes.I64, N_CHILD + 8L * j++) : NodeAddress.NONE;
            children[k++] = groups.get(c) == null ? old : putAll(store, w, old, depth + 1, groups.get(c), fresh);
        }
        return writeNode(w, depth, newMask, children);
    }

    private static long put(Store store, NodeWriter w, long addr, int depth, long h, Entry e) {
        if (addr == NodeAddress.NONE) {
            return writeBucket(w, depth, List.of(e));
        }
        MemorySegment n = store.read(addr);
        byte kind = n.byteSize() > 0 ? n.get(Bytes.U8, 0) : 0;
        if (kind == RecordKind.CATALOG_BUCKET) {
            List<Entry> entries = readBucket(store, addr, n);
            boolean replaced = false;
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).id().equals(e.id())) {
                    entries.set(i, e);
                    replaced = true;
                }
            }
            if (!replaced) {
                entries.add(e);
            }
            return build(w, depth, entries);
        }
        if (kind != RecordKind.CATALOG_NODE) {
            throw Nodes.corrupt(store, addr, "expected a catalog node at depth " + depth);
        }
        long mask = nodeMask(store, addr, n);
        int c = chunk(h, depth);
        int pos = Long.bitCount(mask & ((1L << c) - 1));
        boolean present = (mask & (1L << c)) != 0;
        long child = present ? n.get(Bytes.I64, N_CHILD + 8L * pos) : NodeAddress.NONE;
        long newChild = put(store, w, child, depth + 1, h, e);
        long newMask = mask | (1L << c);
        int count = Long.bitCount(newMask);
        long[] children = new long[count];
        for (int i = 0, j = 0; i < count; i++) {
            if (i == pos) {
                children[i] = newChild;
                if (present) {
                    j++;
                }
            } else {
                children[i] = n.get(Bytes.I64, N_CHILD + 8L * j++);
            }
        }
        return writeNode(w, depth, newMask, children);
    }

    /** A bucket when the entries fit (or the hash bits are used up), else a node over sub-tries. */
    private static long build(NodeWriter w, int depth, List<Entry> entries) {
        if (entries.size() <= BUCKET_CAPACITY || depth >= MAX_DEPTH) {
            return writeBucket(w, depth, entries);
        }
        List<List<Entry>> groups = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            groups.add(new ArrayList<>());
        }
        for (Entry e : entries) {
            groups.get(chunk(hash(e.id()), depth)).add(e);
        }
        long mask = 0;
        List<Long> children = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if (!groups.get(i).isEmpty()) {
                mask |= 1L << i;
                children.add(build(w, depth + 1, groups.get(i)));
            }
        }
        return writeNode(w, depth, mask, children.stream().mapToLong(Long::longValue).toArray());
    }

    private static long writeBucket(NodeWriter w, int depth, List<Entry> entries) {
        MemorySegment p = w.reserve(B_ENTRIES + entries.size() * B_ENTRY);
        p.set(Bytes.U8, 0, RecordKind.CATALOG_BUCKET);
        p.set(Bytes.U8, 1, (byte) depth);
        p.set(Bytes.I16, 2, (short) 0);
        p.set(Bytes.I32, B_COUNT, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            long off = B_ENTRIES + (long) i * B_ENTRY;
            Entry e = entries.get(i);
            p.set(Bytes.I64, off, e.id().getMostSignificantBits());
            p.set(Bytes.I64, off + 8, e.id().getLeastSignificantBits());
            p.set(Bytes.I64, off + 16, e.record());
        }
        return w.lastAddress();
    }

    private static long writeNode(NodeWriter w, int depth, long mask, long[] children) {
        MemorySegment p = w.reserve(N_CHILD + children.length * 8);
        p.set(Bytes.U8, 0, RecordKind.CATALOG_NODE);
        p.set(Bytes.U8, 1, (byte) depth);
        p.set(Bytes.I16, 2, (short) 0);
        p.set(Bytes.I32, N_CHILDREN, children.length);
        p.set(Bytes.I64, N_MASK, mask);
        for (int i = 0; i < children.length; i++) {
            p.set(Bytes.I64, N_CHILD + 8L * i, children[i]);
        }
        return w.lastAddress();
    }

    private static List<Entry> readBucket(Store store, long addr, MemorySegment n) {
        int c = bucketCount(store, addr, n);
        List<Entry> out = new ArrayList<>(c + 1);
        for (int i = 0; i < c; i++) {
            long off = B_ENTRIES + (long) i * B_ENTRY;
            out.add(new Entry(new UUID(n.get(Bytes.I64, off), n.get(Bytes.I64, off + 8)), n.get(Bytes.I64, off + 16)));
        }
        return out;
    }

    private static int bucketCount(Store store, long addr, MemorySegment n) {
        if (n.byteSize() < B_ENTRIES) {
            throw Nodes.corrupt(store, addr, "catalog bucket too short");
        }
        int c = n.get(Bytes.I32, B_COUNT);
        if (c < 0 || n.byteSize() != B_ENTRIES + (long) c * B_ENTRY) {
            throw Nodes.corrupt(store, addr, "catalog bucket with inconsistent count " + c);
        }
        return c;
    }

    private static long nodeMask(Store store, long addr, MemorySegment n) {
        if (n.byteSize() < N_CHILD) {
            throw Nodes.corrupt(store, addr, "catalog node too short");
        }
        long mask = n.get(Bytes.I64, N_MASK);
        int c = n.get(Bytes.I32, N_CHILDREN);
        if (c != Long.bitCount(mask) || n.byteSize() != N_CHILD + 8L * c) {
            throw Nodes.corrupt(store, addr, "catalog node with inconsistent children " + c);
        }
        return mask;
    }

    /**
     * Removes {@code id}; returns the new trie root ({@code trie} itself when absent, NONE when
     * the trie becomes empty).
     */
    public static long remove(Store store, NodeWriter w, long trie, UUID id) {
        return remove(store, w, trie, 0, hash(id), id);
    }

    private static long remove(Store store, NodeWriter w, long addr, int depth, long h, UUID id) {
        if (addr == NodeAddress.NONE) {
            return addr;
        }
        MemorySegment n = store.read(addr);
        byte kind = n.byteSize() > 0 ? n.get(Bytes.U8, 0) : 0;
        if (kind == RecordKind.CATALOG_BUCKET) {
            List<Entry> entries = readBucket(store, addr, n);
            if (!entries.removeIf(e -> e.id().equals(id))) {
                return addr;
            }
            return entries.isEmpty() ? NodeAddress.NONE : writeBucket(w, depth, entries);
        }
        if (kind != RecordKind.CATALOG_NODE) {
            throw Nodes.corrupt(store, addr, "expected a catalog node at depth " + depth);
        }
        long mask = nodeMask(store, addr, n);
        int c = chunk(h, depth);
        if ((mask & (1L << c)) == 0) {
            return addr;
        }
        int pos = Long.bitCount(mask & ((1L << c) - 1));
        long child = n.get(Bytes.I64, N_CHILD + 8L * pos);
        long newChild = remove(store, w, child, depth + 1, h, id);
        if (newChild == child) {
            return addr;
        }
        int count = Long.bitCount(mask);
        List<Long> children = new ArrayList<>();
        long newMask = mask;
        for (int i = 0; i < count; i++) {
            long a = i == pos ? newChild : n.get(Bytes.I64, N_CHILD + 8L * i);
            if (i == pos && a == NodeAddress.NONE) {
                newMask &= ~(1L << c);
                continue;
            }
            children.add(a);
        }
        if (newMask == 0) {
            return NodeAddress.NONE;
        }
        return writeNode(w, depth, newMask, children.stream().mapToLong(Long::longValue).toArray());
    }

    /** Builds a fresh trie over every (id, record) pair at once (compaction). */
    public static long build(NodeWriter w, java.util.Map<UUID, Long> records) {
        if (records.isEmpty()) {
            return NodeAddress.NONE;
        }
        List<Entry> entries = new ArrayList<>(records.size());
        records.forEach((id, rec) -> entries.add(new Entry(id, rec)));
        return build(w, 0, entries);
    }

    /** Calls {@code action} with every stream record address, in trie order. */
    public static void forEach(Store store, long trie, LongConsumer action) {
        if (trie == NodeAddress.NONE) {
            return;
        }
        MemorySegment n = store.read(trie);
        byte kind = n.byteSize() > 0 ? n.get(Bytes.U8, 0) : 0;
        if (kind == RecordKind.CATALOG_BUCKET) {
            for (Entry e : readBucket(store, trie, n)) {
                action.accept(e.record());
            }
        } else if (kind == RecordKind.CATALOG_NODE) {
            long mask = nodeMask(store, trie, n);
            int c = Long.bitCount(mask);
            for (int i = 0; i < c; i++) {
                forEach(store, n.get(Bytes.I64, N_CHILD + 8L * i), action);
            }
        } else {
            throw Nodes.corrupt(store, trie, "expected a catalog node");
        }
    }
}
