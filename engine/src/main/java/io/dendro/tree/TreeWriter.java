package io.dendro.tree;

import io.dendro.MergePolicy;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.RecordSink;
import io.dendro.storage.RecordSource;
import java.lang.foreign.MemorySegment;

/**
 * Writes one new version of a stream's tree: copy-on-write path copying for the parts a batch
 * touches, bottom-up bulk building for empty parts. Old nodes are only read, never changed.
 * Leaves overflowing {@link Geometry#LEAF_CAPACITY} become internal nodes over 64 children
 * (except at {@link Geometry#MIN_PW}, where a leaf just grows).
 */
public final class TreeWriter {
    private final RecordSource store;
    private final MergePolicy policy;
    private final long version;
    private final PendingWrites pending;

    public TreeWriter(RecordSource store, RecordSink out, MergePolicy policy, long version) {
        this.store = store;
        this.pending = new PendingWrites(out);
        this.policy = policy;
        this.version = version;
    }

    /**
     * Inserts a prepared batch under {@code root} and returns the new root's address;
     * {@code total} receives the summary of the whole new tree.
     */
    public long insert(long root, Batch b, Summary total) {
        if (b.size == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        boolean done = false;
        try {
            long r = pending.finish(insertAt(root, Geometry.ROOT_PW, Geometry.ROOT_START, b.times, b.values, b.payloads,
                    0, b.size, total, new TimeSum()));
            done = true;
            return r;
        } finally {
            if (!done) {
                pending.abandon();
            }
        }
    }

    private long insertAt(long addr, int pw, long start, long[] t, double[] v, byte[][] pl, int lo, int hi,
                          Summary sum, TimeSum ts) {
        if (addr == NodeAddress.NONE) {
            return build(pw, start, t, v, pl, lo, hi, sum, ts);
        }
        MemorySegment n = Nodes.tree(store, addr, pw, start);
        if (Nodes.isLeaf(n)) {
            Merged m = mergeLeaf(n, t, v, pl, lo, hi);
            return build(pw, start, m.t, m.v, m.p, 0, m.n, sum, ts);
        }
        Entries e = Entries.read(n);
        int cpw = Geometry.childPw(pw);
        Summary childSum = new Summary();
        TimeSum childTs = new TimeSum();
        int p = lo;
        while (p < hi) {
            int i = Geometry.childIndex(start, pw, t[p]);
            long cend = Geometry.end(Geometry.childStart(start, pw, i), cpw);
            int q = upperBound(t, p, hi, cend);
            long old = (e.mask & (1L << i)) != 0 ? e.address[i] : NodeAddress.NONE;
            long a = insertAt(old, cpw, Geometry.childStart(start, pw, i), t, v, pl, p, q, childSum, childTs);
            e.set(i, a, version, childSum, childTs);
            p = q;
        }
        return writeInternal(pw, start, e, sum, ts);
    }

    /**
     * Removes every point with {@code start <= t < end} under {@code root}; returns the new root
     * ({@link NodeAddress#NONE} when nothing is left, {@code root} itself when nothing was
     * removed). Children wholly inside the range are dropped without being read.
     */
    public long delete(long root, long start, long end) {
        if (root == NodeAddress.NONE || start >= end) {
            return root;
        }
        boolean done = false;
        try {
            long r = pending.finish(deleteAt(root, Geometry.ROOT_PW, Geometry.ROOT_START, start, end, new Summary(),
                    new TimeSum()));
            done = true;
            return r;
        } finally {
            if (!done) {
                pending.abandon();
            }
        }
    }

    private long deleteAt(long addr, int pw, long nodeStart, long qs, long qe, Summary sum, TimeSum ts) {
        MemorySegment n = Nodes.tree(store, addr, pw, nodeStart);
        if (Nodes.isLeaf(n)) {
            LeafPoints pts = new LeafPoints().decode(n);
            int c = pts.count;
            int a = pts.lowerBound(qs);
            int b = pts.lowerBound(qe);
            if (a == b) {
                return addr;
            }
            if (a == 0 && b == c) {
                return NodeAddress.NONE;
            }
            long[] t = new long[c - (b - a)];
            double[] v = new double[t.length];
            byte[][] pl = pts.payloads == null ? null : new byte[t.length][];
            int k = 0;
            for (int i = 0; i < c; i++) {
                if (i < a || i >= b) {
                    t[k] = pts.times[i];
                    if (pl != null) {
                        pl[k] = pts.payloads[i];
                    }
                    v[k++] = pts.values[i];
                }
            }
            return writeLeaf(pw, nodeStart, t, v, pl, 0, k, sum, ts);
        }
        Entries e = Entries.read(n);
        int cpw = Geometry.childPw(pw);
        boolean changed = false;
        Summary childSum = new Summary();
        TimeSum childTs = new TimeSum();
        for (long m = e.mask; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            long cs = Geometry.childStart(nodeStart, pw, i);
            long ce = Geometry.end(cs, cpw);
            if (ce <= qs || cs >= qe) {
                continue;
            }
            if (qs <= cs && ce <= qe) {
                e.mask &= ~(1L << i); // wholly inside: dropped unread
                changed = true;
                continue;
            }
            long a = deleteAt(e.address[i], cpw, cs, qs, qe, childSum, childTs);
            if (a == e.address[i]) {
                continue;
            }
            changed = true;
            if (a == NodeAddress.NONE) {
                e.mask &= ~(1L << i);
            } else {
                e.set(i, a, version, childSum, childTs);
            }
        }
        if (!changed) {
            return addr;
        }
        if (e.mask == 0) {
            return NodeAddress.NONE;
        }
        return writeInternal(pw, nodeStart, e, sum, ts);
    }

    /**
     * Builds a fresh subtree over sorted points {@code [lo, hi)} that all lie in the node's span.
     * A leaf holds at most {@link Geometry#LEAF_CAPACITY} points and
     * {@link Geometry#LEAF_PAYLOAD_BYTES} of payloads (documents are large), except at
     * {@link Geometry#MIN_PW}, where there is no level below, and except where all its points
     * share one time (no level below would part them: a single large document stays one leaf).
     */
    private long build(int pw, long start, long[] t, double[] v, byte[][] pl, int lo, int hi, Summary sum,
                       TimeSum ts) {
        if (pw == Geometry.MIN_PW || (hi - lo <= Geometry.LEAF_CAPACITY && (t[lo] == t[hi - 1]
                || LeafPoints.payloadBytes(pl, lo, hi) <= Geometry.LEAF_PAYLOAD_BYTES))) {
            return writeLeaf(pw, start, t, v, pl, lo, hi, sum, ts);
        }
        Entries e = new Entries();
        int cpw = Geometry.childPw(pw);
        int[] slot = new int[Geometry.FANOUT];
        int[] from = new int[Geometry.FANOUT + 1];
        int children = 0;
        for (int p = lo; p < hi; children++) {
            int i = Geometry.childIndex(start, pw, t[p]);
            int q = upperBound(t, p, hi, Geometry.end(Geometry.childStart(start, pw, i), cpw));
            slot[children] = i;
            from[children] = p;
            p = q;
        }
        from[children] = hi;
        Summary childSum = new Summary();
        TimeSum childTs = new TimeSum();
        for (int k = 0; k < children; k++) {
            long cs = Geometry.childStart(start, pw, slot[k]);
            long a = build(cpw, cs, t, v, pl, from[k], from[k + 1], childSum, childTs);
            e.set(slot[k], a, version, childSum, childTs);
        }
        return writeInternal(pw, start, e, sum, ts);
    }

    /** First index in {@code [lo, hi)} whose time is {@code >= bound} (hi when none). */
    private static int upperBound(long[] t, int lo, int hi, long bound) {
        if (t[hi - 1] < bound) {
            return hi;
        }
        int a = lo;
        int b = hi;
        while (a < b) {
            int mid = (a + b) >>> 1;
            if (t[mid] < bound) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return a;
    }

    /** A leaf (encoded and written in turn by {@link PendingWrites}); its summary and time sum now. */
    private long writeLeaf(int pw, long start, long[] t, double[] v, byte[][] pl, int lo, int hi, Summary sum,
                           TimeSum ts) {
        if (pl != null && LeafPoints.payloadBytes(pl, lo, hi) > DocumentColumn.MAX_RAW) {
            throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.INVALID_ARGUMENT,
                    "more than " + (DocumentColumn.MAX_RAW >> 20) + " MiB of documents within " + (1L << pw)
                            + " ns from " + start + ": a leaf cannot hold them");
        }
        sum.ofPoints(v, pl, lo, hi);
        ts.clear();
        ts.addTimes(t, lo, hi, start);
        return pending.leaf(pw, start, t, v, pl, lo, hi);
    }

    /**
     * A format-6 internal node over {@code e} (written in turn); {@code sum} gets the merge of
     * its entries, {@code ts} the sum of their time sums measured from {@code start}. Entries
     * carried over from a format-4 or 5 node have no time sum yet: it is computed from the
     * child's subtree ({@link TimeSum#addSubtree}; leaves are decoded under format-5 nodes).
     */
    private long writeInternal(int pw, long start, Entries e, Summary sum, TimeSum ts) {
        int cpw = Geometry.childPw(pw);
        for (long m = e.mask & ~e.known; m != 0; m &= m - 1) { // children carried over from older nodes
            int i = Long.numberOfTrailingZeros(m);
            long cs = Geometry.childStart(start, pw, i);
            if (oldSums == null) {
                oldSums = new TimeSum();
            }
            oldSums.clear();
            oldSums.addSubtree(store, e.address[i], cpw, cs, cs);
            e.timeSumHi[i] = oldSums.hi;
            e.timeSumLo[i] = oldSums.lo;
            e.known |= 1L << i;
        }
        e.summarize(pw, start, sum, ts);
        return pending.node(pw, start, e);
    }

    /** Scratch for the time sums of children carried over from older nodes. */
    private TimeSum oldSums;

    private record Merged(long[] t, double[] v, byte[][] p, int n) {
    }

    /**
     * Merges a leaf's points with new points {@code [lo, hi)} under the merge policy; payloads
     * go with their points (the result has none when neither side had any).
     */
    private Merged mergeLeaf(MemorySegment leaf, long[] t, double[] v, byte[][] pl, int lo, int hi) {
        LeafPoints old = new LeafPoints().decode(leaf);
        int m = old.count;
        long[] ot = old.times;
        double[] ov = old.values;
        byte[][] op = old.payloads;
        long[] rt = new long[m + hi - lo];
        double[] rv = new double[m + hi - lo];
        byte[][] rp = op == null && pl == null ? null : new byte[m + hi - lo][];
        int i = 0;
        int j = lo;
        int k = 0;
        while (i < m || j < hi) {
            if (j == hi || (i < m && ot[i] < t[j])) {
                if (rp != null) {
                    rp[k] = op == null ? null : op[i];
                }
                rt[k] = ot[i];
                rv[k++] = ov[i++];
            } else if (i == m || t[j] < ot[i]) {
                if (rp != null) {
                    rp[k] = pl == null ? null : pl[j];
                }
                rt[k] = t[j];
                rv[k++] = v[j++];
            } else { // the same time on both sides
                long time = ot[i];
                int i2 = i;
                while (i2 < m && ot[i2] == time) {
                    i2++;
                }
                int j2 = j;
                while (j2 < hi && t[j2] == time) {
                    j2++;
                }
                if (policy != MergePolicy.REPLACE) {
                    for (int a = i; a < i2; a++) {
                        if (rp != null) {
                            rp[k] = op == null ? null : op[a];
                        }
                        rt[k] = time;
                        rv[k++] = ov[a];
                    }
                }
                if (policy != MergePolicy.RETAIN) {
                    for (int b = j; b < j2; b++) {
                        byte[] np = pl == null ? null : pl[b];
                        if (policy == MergePolicy.EQUAL && contains(ov, op, i, i2, v[b], np)) {
                            continue;
                        }
                        if (rp != null) {
                            rp[k] = np;
                        }
                        rt[k] = time;
                        rv[k++] = v[b];
                    }
                }
                i = i2;
                j = j2;
            }
        }
        return new Merged(rt, rv, rp, k);
    }

    /** Whether points {@code [from, to)} hold one equal to {@code (x, payload)}: the same value bits and payload bytes. */
    private static boolean contains(double[] a, byte[][] ap, int from, int to, double x, byte[] payload) {
        long bits = Double.doubleToRawLongBits(x);
        for (int q = from; q < to; q++) {
            if (Double.doubleToRawLongBits(a[q]) == bits
                    && java.util.Arrays.equals(ap == null ? null : ap[q], payload)) {
                return true;
            }
        }
        return false;
    }
}
