package io.dendro.catalog;

import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.tree.Nodes;
import io.dendro.tree.RecordKind;
import java.lang.foreign.MemorySegment;

/**
 * A stream's version index: version number to (tree root, commit time), as a copy-on-write
 * trie of fan-out 64 keyed by {@code version - 1}. Appending a version copies one path
 * (height + 1 nodes: a 1 KiB leaf and small internal nodes); looking one up reads that path.
 * The height follows from the number of versions: {@code h} levels above the leaves hold up to
 * {@code 64^(h+1)} versions.
 * <pre>
 * leaf : | kind u8 = 3 | reserved u8 | count u16 | reserved u32 | (root i64, commitTime i64) [count] |
 * node : | kind u8 = 4 | reserved u8 | count u16 | reserved u32 | child i64 [count] |
 * </pre>
 */
public final class VersionIndex {
    static final int KIND = 0;
    static final int COUNT = 2;
    static final int ENTRIES = 8;
    static final int LEAF_ENTRY = 16;
    static final int FANOUT = 64;

    private VersionIndex() {
    }

    /** Levels above the leaves needed for {@code versions} entries. */
    public static int height(long versions) {
        int h = 0;
        long cap = FANOUT;
        while (cap < versions && h < 9) { // 64^10 > 2^59: more versions than any stream can reach
            cap *= FANOUT;
            h++;
        }
        return h;
    }

    /**
     * Appends version {@code versions + 1} to an index holding {@code versions} entries; returns
     * the new index root.
     */
    public static long append(Store store, NodeWriter w, long root, long versions, long treeRoot, long commitTime) {
        int oldHeight = height(Math.max(1, versions));
        int newHeight = height(versions + 1);
        if (versions > 0 && newHeight > oldHeight) {
            // grow: the old root becomes child 0 of a new root whose child 1 starts the new path
            long child = append(store, w, NodeAddress.NONE, newHeight - 1, versions, treeRoot, commitTime);
            MemorySegment p = w.reserve(ENTRIES + 2 * Long.BYTES);
            header(p, RecordKind.VERSION_NODE, 2);
            p.set(Bytes.I64, ENTRIES, root);
            p.set(Bytes.I64, ENTRIES + Long.BYTES, child);
            return w.lastAddress();
        }
        return append(store, w, root, newHeight, versions, treeRoot, commitTime);
    }

    private static long append(Store store, NodeWriter w, long addr, int level, long index, long treeRoot, long time) {
        if (level == 0) {
            int n = 0;
            MemorySegment old = null;
            if (addr != NodeAddress.NONE) {
                old = Nodes.record(store, addr, RecordKind.VERSION_LEAF, ENTRIES);
                n = count(store, addr, old, LEAF_ENTRY);
            }
            MemorySegment p = w.reserve(ENTRIES + (n + 1) * LEAF_ENTRY);
            header(p, RecordKind.VERSION_LEAF, n + 1);
            if (n > 0) {
                MemorySegment.copy(old, ENTRIES, p, ENTRIES, (long) n * LEAF_ENTRY);
            }
            p.set(Bytes.I64, ENTRIES + (long) n * LEAF_ENTRY, treeRoot);
            p.set(Bytes.I64, ENTRIES + (long) n * LEAF_ENTRY + 8, time);
            return w.lastAddress();
        }
        int slot = (int) ((index >>> (6 * level)) & (FANOUT - 1));
        int n = 0;
        MemorySegment old = null;
        if (addr != NodeAddress.NONE) {
            old = Nodes.record(store, addr, RecordKind.VERSION_NODE, ENTRIES);
            n = count(store, addr, old, Long.BYTES);
        }
        long child = slot < n ? old.get(Bytes.I64, ENTRIES + (long) slot * 8) : NodeAddress.NONE;
        long newChild = append(store, w, child, level - 1, index, treeRoot, time);
        int m = Math.max(n, slot + 1);
        MemorySegment p = w.reserve(ENTRIES + m * Long.BYTES);
        header(p, RecordKind.VERSION_NODE, m);
        if (n > 0) {
            MemorySegment.copy(old, ENTRIES, p, ENTRIES, (long) n * Long.BYTES);
        }
        p.set(Bytes.I64, ENTRIES + (long) slot * 8, newChild);
        return w.lastAddress();
    }

    /**
     * Builds an index over {@code roots[i], times[i]} (version {@code i + 1}) bottom-up, writing
     * each node once (compaction); returns its root, NONE when empty.
     */
    public static long build(NodeWriter w, long[] roots, long[] times, int versions) {
        if (versions == 0) {
            return NodeAddress.NONE;
        }
        int n = (versions + FANOUT - 1) / FANOUT;
        long[] level = new long[n];
        for (int i = 0; i < n; i++) {
            int from = i * FANOUT;
            int count = Math.min(FANOUT, versions - from);
            MemorySegment p = w.reserve(ENTRIES + count * LEAF_ENTRY);
            header(p, RecordKind.VERSION_LEAF, count);
            for (int k = 0; k < count; k++) {
                p.set(Bytes.I64, ENTRIES + (long) k * LEAF_ENTRY, roots[from + k]);
                p.set(Bytes.I64, ENTRIES + (long) k * LEAF_ENTRY + 8, times[from + k]);
            }
            level[i] = w.lastAddress();
        }
        while (level.length > 1) {
            int m = (level.length + FANOUT - 1) / FANOUT;
            long[] up = new long[m];
            for (int i = 0; i < m; i++) {
                int from = i * FANOUT;
                int count = Math.min(FANOUT, level.length - from);
                MemorySegment p = w.reserve(ENTRIES + count * Long.BYTES);
                header(p, RecordKind.VERSION_NODE, count);
                for (int k = 0; k < count; k++) {
                    p.set(Bytes.I64, ENTRIES + (long) k * Long.BYTES, level[from + k]);
                }
                up[i] = w.lastAddress();
            }
            level = up;
        }
        return level[0];
    }

    /** The tree root of version {@code v} (1-based) in an index holding {@code versions} entries. */
    public static long rootOf(Store store, long root, long versions, long v) {
        return entry(store, root, versions, v, 0);
    }

    /** The commit time (ns since the epoch) of version {@code v}. */
    public static long commitTimeOf(Store store, long root, long versions, long v) {
        return entry(store, root, versions, v, 8);
    }

    private static long entry(Store store, long root, long versions, long v, int field) {
        long index = v - 1;
        long addr = root;
        for (int level = height(versions); level > 0; level--) {
            MemorySegment n = Nodes.record(store, addr, RecordKind.VERSION_NODE, ENTRIES);
            int slot = (int) ((index >>> (6 * level)) & (FANOUT - 1));
            if (slot >= count(store, addr, n, Long.BYTES)) {
                throw Nodes.corrupt(store, addr, "version " + v + " missing from the version index");
            }
            addr = n.get(Bytes.I64, ENTRIES + (long) slot * 8);
        }
        MemorySegment leaf = Nodes.record(store, addr, RecordKind.VERSION_LEAF, ENTRIES);
        int slot = (int) (index & (FANOUT - 1));
        if (slot >= count(store, addr, leaf, LEAF_ENTRY)) {
            throw Nodes.corrupt(store, addr, "version " + v + " missing from the version index");
        }
        return leaf.get(Bytes.I64, ENTRIES + (long) slot * LEAF_ENTRY + field);
    }

    private static int count(Store store, long addr, MemorySegment n, int entrySize) {
        int c = n.get(Bytes.I16, COUNT) & 0xFFFF;
        if (c > FANOUT || n.byteSize() != ENTRIES + (long) c * entrySize) {
            throw Nodes.corrupt(store, addr, "version index node with inconsistent count " + c);
        }
        return c;
    }

    private static void header(MemorySegment p, byte kind, int count) {
        p.set(Bytes.U8, KIND, kind);
        p.set(Bytes.U8, 1, (byte) 0);
        p.set(Bytes.I16, COUNT, (short) count);
        p.set(Bytes.I32, 4, 0);
    }
}
