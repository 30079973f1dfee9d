package io.dendro.catalog;

import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.tree.Nodes;
import io.dendro.tree.RecordKind;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The registry's secondary index (docs/format/registry-index.md): a copy-on-write B+-tree over
 * byte-string keys without values ({@link IndexKeys}: a stream's collection, each tag and each
 * annotation, each followed by the stream's creation time and UUID). Keys sort as unsigned bytes.
 * Leaves hold prefix-compressed keys (the terms only; see {@link #UNSHARED_TAIL}); nodes hold, per child, its address, how many keys lie
 * below it and its first key, so that a range is counted by reading two paths.
 * <pre>
 * leaf : | kind u8 = 13 | reserved u8 | count u16 | reserved u32 | (shared u16, suffix u16, suffix bytes) [count] |
 * node : | kind u8 = 14 | reserved u8 | count u16 | reserved u32 | (child i64, keys i64) [count] |
 *        | (length u16, first key bytes) [count] |
 * </pre>
 * A batch of changes copies each touched record once (children before parents; nothing written
 * by the batch is read back). Leaves are filled to about {@link #LEAF_TARGET} bytes and nodes to
 * {@link #NODE_TARGET}; a node is never left with one child (the child takes its place), so
 * removals may leave leaves at different depths, which lookups do not mind; compaction builds
 * the index afresh.
 */
public final class RegistryIndex {
    /** Bytes a leaf is filled to before the next key starts another (soft: one key always fits). */
    static final int LEAF_TARGET = 4096;
    /** Bytes a node is filled to before the next child starts another. */
    static final int NODE_TARGET = 4096;
    static final int COUNT = 2;
    static final int HEADER = 8;
    static final int CHILD_ENTRY = 16;

    private RegistryIndex() {
    }

    /** One child of a node: its first key, its address and how many keys lie below it. */
    record Child(byte[] first, long address, long keys) {
    }

    /** Changes to apply: keys to add and keys to remove, in any order, no key in both. */
    public static final class Changes {
        private final List<byte[]> keys = new ArrayList<>();
        private final List<Boolean> adds = new ArrayList<>();

        public Changes add(byte[] key) {
            keys.add(key);
            adds.add(Boolean.TRUE);
            return this;
        }

        public Changes remove(byte[] key) {
            keys.add(key);
            adds.add(Boolean.FALSE);
            return this;
        }

        public Changes addAll(List<byte[]> ks) {
            ks.forEach(this::add);
            return this;
        }

        public Changes removeAll(List<byte[]> ks) {
            ks.forEach(this::remove);
            return this;
        }

        /** Old keys out, new keys in, leaving out the keys both have. */
        public Changes replace(List<byte[]> before, List<byte[]> after) {
            List<byte[]> b = RegistryIndex.sorted(before);
            List<byte[]> a = RegistryIndex.sorted(after);
            int i = 0;
            int j = 0;
            while (i < b.size() || j < a.size()) {
                int c = i == b.size() ? 1 : j == a.size() ? -1 : Arrays.compareUnsigned(b.get(i), a.get(j));
                if (c == 0) {
                    i++;
                    j++;
                } else if (c < 0) {
                    remove(b.get(i++));
                } else {
                    add(a.get(j++));
                }
            }
            return this;
        }

        public boolean isEmpty() {
            return keys.isEmpty();
        }

        public int size() {
            return keys.size();
        }

        private Sorted sorted() {
            int n = keys.size();
            record Change(byte[] key, boolean add) {
            }
            Change[] cs = new Change[n];
            for (int i = 0; i < n; i++) {
                cs[i] = new Change(keys.get(i), adds.get(i));
            }
            java.util.Comparator<Change> order = (x, y) -> Arrays.compareUnsigned(x.key, y.key);
            if (n > 50_000) {
                Arrays.parallelSort(cs, order);
            } else {
                Arrays.sort(cs, order);
            }
            byte[][] ks = new byte[n][];
            boolean[] as = new boolean[n];
            for (int i = 0; i < n; i++) {
                ks[i] = cs[i].key;
                as[i] = cs[i].add;
                if (i > 0 && as[i] != as[i - 1] && Arrays.equals(ks[i], ks[i - 1])) {
                    throw new IllegalArgumentException("an index key both added and removed in one batch");
                }
            }
            return new Sorted(ks, as);
        }
    }

    private static List<byte[]> sorted(List<byte[]> ks) {
        List<byte[]> s = new ArrayList<>(ks);
        s.sort(Arrays::compareUnsigned);
        return s;
    }

    /**
     * Applies {@code changes} to the index at {@code root}; returns the new root (NONE when it
     * becomes empty). Adding a key already there or removing one that is not changes nothing.
     *
     * @throws IllegalArgumentException when one key is both added and removed
     */
    public static long update(Store store, NodeWriter w, long root, Changes changes) {
        if (changes.isEmpty()) {
            return root;
        }
        Sorted c = changes.sorted();
        if (root == NodeAddress.NONE) {
            List<byte[]> out = new ArrayList<>();
            merge(new byte[0][], c, 0, c.keys.length, out);
            return build(w, out);
        }
        List<Child> top = update(store, w, root, c, 0, c.keys.length);
        if (top == null) {
            return root;
        }
        return top(w, top);
    }

    /**
     * The index of the catalog root {@code root} after {@code changes}: {@link #update} when it
     * has one; for a root written before format 8, one built from every stream in its trie.
     */
    public static long apply(Store store, NodeWriter w, Catalog.Root root, Changes changes) {
        if (root.indexed()) {
            return update(store, w, root.index(), changes);
        }
        List<byte[]> keys = keysOf(store, root.trie());
        Sorted c = changes.sorted();
        List<byte[]> out = new ArrayList<>(keys.size() + c.keys.length);
        merge(keys.toArray(new byte[0][]), c, 0, c.keys.length, out);
        return build(w, out);
    }

    /** Every index key of every stream in the trie, sorted: what the index holds. */
    public static List<byte[]> keysOf(Store store, long trie) {
        List<byte[]> keys = new ArrayList<>();
        Catalog.forEach(store, trie, addr -> {
            StreamRecord rec = StreamRecord.read(store, addr);
            keys.addAll(keysOf(store, rec));
        });
        keys.sort(Arrays::compareUnsigned);
        return keys;
    }

    /** Every index key of the stream whose (committed) record is {@code rec}. */
    public static List<byte[]> keysOf(Store store, StreamRecord rec) {
        List<UUID> sources = new ArrayList<>();
        if (rec.isDerived()) {
            for (Derivation.Source s : Derivation.read(store, rec.derivation()).sources()) {
                sources.add(s.uuid());
            }
        }
        return IndexKeys.of(rec.uuid(), rec.created(), Properties.read(store, rec.properties()), sources);
    }

    /** Changes in key order. */
    private record Sorted(byte[][] keys, boolean[] adds) {
    }

    /**
     * Merges the sorted changes {@code [lo, hi)} into the sorted keys {@code old}, appending the
     * result to {@code out}; returns whether any change took effect.
     */
    private static boolean merge(byte[][] old, Sorted c, int lo, int hi, List<byte[]> out) {
        boolean changed = false;
        int i = 0;
        int j = lo;
        while (i < old.length || j < hi) {
            int cmp = i == old.length ? 1 : j == hi ? -1 : Arrays.compareUnsigned(old[i], c.keys[j]);
            if (cmp < 0) {
                out.add(old[i++]);
            } else if (cmp == 0) {
                if (c.adds[j]) {
                    out.add(old[i]);
                } else {
                    changed = true;
                }
                i++;
                j = skipSame(c.keys, j, hi);
            } else {
                if (c.adds[j]) {
                    out.add(c.keys[j]);
                    changed = true;
                }
                j = skipSame(c.keys, j, hi);
            }
        }
        return changed;
    }

    /** Builds an index over {@code sortedKeys} (ascending, distinct); NONE when there are none. */
    public static long build(NodeWriter w, List<byte[]> sortedKeys) {
        if (sortedKeys.isEmpty()) {
            return NodeAddress.NONE;
        }
        return top(w, packLeaves(w, sortedKeys));
    }

    /** Packs a level into nodes until one record is left. */
    private static long top(NodeWriter w, List<Child> level) {
        while (level.size() > 1) {
            level = packNodes(w, level);
        }
        return level.isEmpty() ? NodeAddress.NONE : level.get(0).address();
    }

    /** The new children that replace the record at {@code addr}, or null when nothing changed. */
    private static List<Child> update(Store store, NodeWriter w, long addr, Sorted c, int lo, int hi) {
        MemorySegment p = store.read(addr);
        int kind = p.byteSize() > 0 ? p.get(Bytes.U8, 0) : -1;
        if (kind == RecordKind.INDEX_LEAF) {
            byte[][] old = leafKeys(store, addr, p);
            List<byte[]> out = new ArrayList<>(old.length + (hi - lo));
            return merge(old, c, lo, hi, out) ? packLeaves(w, out) : null;
        }
        if (kind != RecordKind.INDEX_NODE) {
            throw Nodes.corrupt(store, addr, "expected a registry index record");
        }
        Child[] cs = children(store, addr, p);
        List<Child> out = new ArrayList<>(cs.length + 4);
        boolean changed = false;
        int m = lo;
        for (int i = 0; i < cs.length; i++) {
            int end = i + 1 < cs.length ? lowerBound(c.keys, m, hi, cs[i + 1].first()) : hi;
            List<Child> r = end > m ? update(store, w, cs[i].address(), c, m, end) : null;
            if (r == null) {
                out.add(cs[i]);
            } else {
                out.addAll(r);
                changed = true;
            }
            m = end;
        }
        return changed ? packNodes(w, out) : null;
    }

    private static int skipSame(byte[][] keys, int j, int hi) {
        int k = j + 1;
        while (k < hi && Arrays.equals(keys[k], keys[j])) {
            k++;
        }
        return k;
    }

    /** The first index in {@code [lo, hi)} whose key is at least {@code key}. */
    private static int lowerBound(byte[][] keys, int lo, int hi, byte[] key) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Arrays.compareUnsigned(keys[mid], key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---- packing

    /**
     * Bytes at the end of every key that a leaf never shares with the key before: a key's
     * creation time and UUID ({@link IndexKeys#SUFFIX}). Sharing them would make a leaf's size
     * depend on the clock, and the same operations would no longer write the same bytes.
     */
    static final int UNSHARED_TAIL = IndexKeys.SUFFIX;

    private static int shared(byte[] a, byte[] b) {
        int n = Math.max(0, Math.min(Math.min(a.length, b.length) - UNSHARED_TAIL, 0xFFFF));
        int m = Arrays.mismatch(a, 0, n, b, 0, n);
        return m < 0 ? n : m;
    }

    /** Writes {@code keys} as leaves of about {@link #LEAF_TARGET} bytes. */
    private static List<Child> packLeaves(NodeWriter w, List<byte[]> keys) {
        List<Child> out = new ArrayList<>();
        if (keys.isEmpty()) {
            return out;
        }
        List<int[]> chunks = chunks(keys.size(), i -> 4 + keys.get(i).length
                        - (i == 0 ? 0 : shared(keys.get(i - 1), keys.get(i))), i -> 4 + keys.get(i).length,
                LEAF_TARGET, 1);
        for (int[] c : chunks) {
            out.add(new Child(keys.get(c[0]), writeLeaf(w, keys, c[0], c[1]), c[1] - c[0]));
        }
        return out;
    }

    /**
     * Writes {@code children} as nodes of about {@link #NODE_TARGET} bytes; a chunk of one child
     * is that child itself.
     */
    private static List<Child> packNodes(NodeWriter w, List<Child> children) {
        List<Child> out = new ArrayList<>();
        if (children.isEmpty()) {
            return out;
        }
        java.util.function.IntUnaryOperator size = i -> CHILD_ENTRY + 2 + children.get(i).first().length;
        for (int[] c : chunks(children.size(), size, size, NODE_TARGET, 2)) {
            if (c[1] - c[0] == 1) {
                out.add(children.get(c[0]));
                continue;
            }
            long keys = 0;
            for (int i = c[0]; i < c[1]; i++) {
                keys += children.get(i).keys();
            }
            out.add(new Child(children.get(c[0]).first(), writeNode(w, children, c[0], c[1]), keys));
        }
        return out;
    }

    /**
     * Splits {@code [0, n)} into runs filled greedily to {@code target} bytes ({@code inRun(i)}:
     * item i's size after item i - 1 in the same run; {@code alone(i)}: its size first in a run),
     * each of at least {@code min} items when there are that many; a short last run is merged
     * with the one before it or the two are split evenly.
     */
    private static List<int[]> chunks(int n, java.util.function.IntUnaryOperator inRun,
                                      java.util.function.IntUnaryOperator alone, int target, int min) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        long bytes = HEADER + alone.applyAsInt(0);
        for (int i = 1; i < n; i++) {
            int s = inRun.applyAsInt(i);
            if (bytes + s > target && i - start >= min) {
                out.add(new int[] {start, i});
                start = i;
                bytes = HEADER + alone.applyAsInt(i);
            } else {
                bytes += s;
            }
        }
        out.add(new int[] {start, n});
        if (out.size() >= 2 && (bytes < target / 2 || n - start < min)) {
            int[] a = out.remove(out.size() - 2);
            out.removeLast();
            int count = n - a[0];
            if (count < 2 * Math.max(min, 2) || bytes < target / 4) {
                out.add(new int[] {a[0], n});
            } else {
                int mid = a[0] + count / 2;
                out.add(new int[] {a[0], mid});
                out.add(new int[] {mid, n});
            }
        }
        return out;
    }

    private static long writeLeaf(NodeWriter w, List<byte[]> keys, int from, int to) {
        if (to - from > 0xFFFF) {
            throw new IllegalStateException("index leaf of " + (to - from) + " keys");
        }
        int size = HEADER;
        for (int i = from; i < to; i++) {
            size += 4 + keys.get(i).length - (i == from ? 0 : shared(keys.get(i - 1), keys.get(i)));
        }
        MemorySegment p = w.reserve(size);
        p.asSlice(0, HEADER).fill((byte) 0);
        p.set(Bytes.U8, 0, RecordKind.INDEX_LEAF);
        p.set(Bytes.I16, COUNT, (short) (to - from));
        long off = HEADER;
        for (int i = from; i < to; i++) {
            byte[] k = keys.get(i);
            int s = i == from ? 0 : shared(keys.get(i - 1), k);
            p.set(Bytes.I16, off, (short) s);
            p.set(Bytes.I16, off + 2, (short) (k.length - s));
            MemorySegment.copy(MemorySegment.ofArray(k), s, p, off + 4, k.length - s);
            off += 4 + k.length - s;
        }
        return w.lastAddress();
    }

    private static long writeNode(NodeWriter w, List<Child> children, int from, int to) {
        int count = to - from;
        int size = HEADER + CHILD_ENTRY * count;
        for (int i = from; i < to; i++) {
            size += 2 + children.get(i).first().length;
        }
        MemorySegment p = w.reserve(size);
        p.asSlice(0, HEADER).fill((byte) 0);
        p.set(Bytes.U8, 0, RecordKind.INDEX_NODE);
        p.set(Bytes.I16, COUNT, (short) count);
        long off = HEADER + (long) CHILD_ENTRY * count;
        for (int i = 0; i < count; i++) {
            Child c = children.get(from + i);
            p.set(Bytes.I64, HEADER + (long) CHILD_ENTRY * i, c.address());
            p.set(Bytes.I64, HEADER + (long) CHILD_ENTRY * i + 8, c.keys());
            p.set(Bytes.I16, off, (short) c.first().length);
            MemorySegment.copy(MemorySegment.ofArray(c.first()), 0, p, off + 2, c.first().length);
            off += 2 + c.first().length;
        }
        return w.lastAddress();
    }

    // ---- reading

    /** The keys of a leaf, in order. */
    static byte[][] leafKeys(Store store, long addr, MemorySegment p) {
        if (p.byteSize() < HEADER) {
            throw Nodes.corrupt(store, addr, "registry index leaf too short");
        }
        int count = p.get(Bytes.I16, COUNT) & 0xFFFF;
        byte[][] out = new byte[count][];
        long off = HEADER;
        byte[] prev = new byte[0];
        for (int i = 0; i < count; i++) {
            if (off + 4 > p.byteSize()) {
                throw Nodes.corrupt(store, addr, "registry index leaf ends inside key " + i);
            }
            int s = p.get(Bytes.I16, off) & 0xFFFF;
            int len = p.get(Bytes.I16, off + 2) & 0xFFFF;
            if (s > Math.max(0, prev.length - UNSHARED_TAIL) || off + 4 + len > p.byteSize()) {
                throw Nodes.corrupt(store, addr, "registry index leaf key " + i + " shares " + s
                        + " bytes of a " + prev.length + "-byte key or runs past the record");
            }
            byte[] k = new byte[s + len];
            System.arraycopy(prev, 0, k, 0, s);
            MemorySegment.copy(p, Bytes.U8, off + 4, k, s, len);
            out[i] = k;
            prev = k;
            off += 4 + len;
        }
        if (off != p.byteSize()) {
            throw Nodes.corrupt(store, addr, "trailing bytes in a registry index leaf");
        }
        return out;
    }

    /** The children of a node, in order. */
    static Child[] children(Store store, long addr, MemorySegment p) {
        if (p.byteSize() < HEADER) {
            throw Nodes.corrupt(store, addr, "registry index node too short");
        }
        int count = p.get(Bytes.I16, COUNT) & 0xFFFF;
        long off = HEADER + (long) CHILD_ENTRY * count;
        if (off > p.byteSize()) {
            throw Nodes.corrupt(store, addr, "registry index node of " + count + " children is too short");
        }
        Child[] out = new Child[count];
        for (int i = 0; i < count; i++) {
            if (off + 2 > p.byteSize()) {
                throw Nodes.corrupt(store, addr, "registry index node ends inside key " + i);
            }
            int len = p.get(Bytes.I16, off) & 0xFFFF;
            if (off + 2 + len > p.byteSize()) {
                throw Nodes.corrupt(store, addr, "registry index node key " + i + " runs past the record");
            }
            byte[] k = new byte[len];
            MemorySegment.copy(p, Bytes.U8, off + 2, k, 0, len);
            out[i] = new Child(k, p.get(Bytes.I64, HEADER + (long) CHILD_ENTRY * i),
                    p.get(Bytes.I64, HEADER + (long) CHILD_ENTRY * i + 8));
            off += 2 + len;
        }
        if (off != p.byteSize()) {
            throw Nodes.corrupt(store, addr, "trailing bytes in a registry index node");
        }
        return out;
    }

    /** Receives keys in order; returns false to stop. */
    @FunctionalInterface
    public interface KeyVisitor {
        boolean visit(byte[] key);
    }

    /**
     * Visits the keys in {@code [lo, hi)} in order, until the visitor returns false; returns
     * false when it stopped early.
     */
    public static boolean scan(Store store, long root, byte[] lo, byte[] hi, KeyVisitor v) {
        return root == NodeAddress.NONE || scanAt(store, root, lo, hi, v);
    }

    private static boolean scanAt(Store store, long addr, byte[] lo, byte[] hi, KeyVisitor v) {
        MemorySegment p = store.read(addr);
        int kind = p.byteSize() > 0 ? p.get(Bytes.U8, 0) : -1;
        if (kind == RecordKind.INDEX_LEAF) {
            for (byte[] k : leafKeys(store, addr, p)) {
                if (Arrays.compareUnsigned(k, lo) < 0) {
                    continue;
                }
                if (Arrays.compareUnsigned(k, hi) >= 0) {
                    return true; // the range ends here; the caller's next child starts at or above hi
                }
                if (!v.visit(k)) {
                    return false;
                }
            }
            return true;
        }
        if (kind != RecordKind.INDEX_NODE) {
            throw Nodes.corrupt(store, addr, "expected a registry index record");
        }
        Child[] cs = children(store, addr, p);
        for (int i = 0; i < cs.length; i++) {
            if (i + 1 < cs.length && Arrays.compareUnsigned(cs[i + 1].first(), lo) <= 0) {
                continue; // wholly below lo
            }
            if (Arrays.compareUnsigned(cs[i].first(), hi) >= 0) {
                return true;
            }
            if (!scanAt(store, cs[i].address(), lo, hi, v)) {
                return false;
            }
        }
        return true;
    }

    /** How many keys lie in {@code [lo, hi)}: reads the records along the two boundaries. */
    public static long count(Store store, long root, byte[] lo, byte[] hi) {
        return root == NodeAddress.NONE ? 0 : countAt(store, root, lo, hi);
    }

    private static long countAt(Store store, long addr, byte[] lo, byte[] hi) {
        MemorySegment p = store.read(addr);
        int kind = p.byteSize() > 0 ? p.get(Bytes.U8, 0) : -1;
        if (kind == RecordKind.INDEX_LEAF) {
            long n = 0;
            for (byte[] k : leafKeys(store, addr, p)) {
                if (Arrays.compareUnsigned(k, lo) >= 0 && Arrays.compareUnsigned(k, hi) < 0) {
                    n++;
                }
            }
            return n;
        }
        if (kind != RecordKind.INDEX_NODE) {
            throw Nodes.corrupt(store, addr, "expected a registry index record");
        }
        Child[] cs = children(store, addr, p);
        long n = 0;
        for (int i = 0; i < cs.length; i++) {
            byte[] next = i + 1 < cs.length ? cs[i + 1].first() : null;
            if (next != null && Arrays.compareUnsigned(next, lo) <= 0) {
                continue;
            }
            if (Arrays.compareUnsigned(cs[i].first(), hi) >= 0) {
                break;
            }
            boolean inside = Arrays.compareUnsigned(cs[i].first(), lo) >= 0 && next != null
                    && Arrays.compareUnsigned(next, hi) <= 0;
            n += inside ? cs[i].keys() : countAt(store, cs[i].address(), lo, hi);
        }
        return n;
    }

    /** Every key of the index, in order (for the verifier and tests). */
    public static List<byte[]> all(Store store, long root) {
        List<byte[]> out = new ArrayList<>();
        scan(store, root, new byte[0], new byte[] {(byte) 0xFF, (byte) 0xFF}, k -> out.add(k));
        return out;
    }
}
