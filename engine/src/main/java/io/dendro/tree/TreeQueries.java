package io.dendro.tree;

import io.dendro.RawPoint;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.RecordSource;
import java.lang.foreign.MemorySegment;

/**
 * The point queries answered by descending one path: {@code count} (from the summaries, in time
 * proportional to the tree height) and {@code nearest} in both directions.
 */
public final class TreeQueries {
    private TreeQueries() {
    }

    /**
     * Number of points with {@code start <= t < end} under {@code root}: {@code below(end) -
     * below(start)}, where {@code below(x)} counts the points before {@code x} along the one
     * path from the root to the node holding {@code x} (the cumulative count of the entries
     * before that node's child, at each level, then the leaf's own). The two paths are walked
     * in lockstep, one level per step, so that the node reads of the two are independent loads
     * the processor overlaps, and a node both paths pass through is read once. A loop rather
     * than recursion, so that the compiler inlines every node read into it.
     */
    public static long count(RecordSource store, long root, long start, long end) {
        if (root == NodeAddress.NONE || start >= end) {
            return 0;
        }
        Descent lo = new Descent(root, start);
        Descent hi = new Descent(root, end);
        long total = 0;
        while (lo.active || hi.active) {
            MemorySegment nLo = lo.active ? Nodes.tree(store, lo.addr, lo.pw, lo.nodeStart) : null;
            MemorySegment nHi = !hi.active ? null
                    : nLo != null && lo.at(hi) ? nLo : Nodes.tree(store, hi.addr, hi.pw, hi.nodeStart);
            if (nLo != null) {
                total -= lo.step(nLo);
            }
            if (nHi != null) {
                total += hi.step(nHi);
            }
        }
        return total;
    }

    /** One bound's path down the tree for {@link #count}: the node it is at, and whether it goes on. */
    private static final class Descent {
        final long x;
        long addr;
        int pw = Geometry.ROOT_PW;
        long nodeStart = Geometry.ROOT_START;
        boolean active = true;

        Descent(long root, long x) {
            this.x = x;
            this.addr = root;
        }

        /** Whether this descent is at the same node as {@code o}. */
        boolean at(Descent o) {
            return addr == o.addr && pw == o.pw && nodeStart == o.nodeStart;
        }

        /**
         * The points of node {@code n} (this descent's current node) before {@code x} and
         * outside the child holding {@code x}; moves to that child, or ends the descent when
         * the node is a leaf, the child is absent, or {@code x} lies outside the node.
         */
        long step(MemorySegment n) {
            boolean leaf = Nodes.isLeaf(n);
            if (x <= nodeStart) {
                active = false;
                return 0;
            }
            if (x >= Geometry.end(nodeStart, pw)) {
                active = false;
                return leaf ? LeafLayout.count(n) : InternalLayout.cumulativeCount(n, InternalLayout.children(n) - 1);
            }
            if (leaf) {
                active = false;
                return LeafPoints.countBelow(n, x);
            }
            int i = Geometry.childIndex(nodeStart, pw, x);
            long mask = InternalLayout.mask(n);
            int e = Long.bitCount(mask & ((1L << i) - 1));
            long widths = InternalLayout.widths(n);
            long before = InternalLayout.cumulativeCount(n, e - 1, widths);
            if ((mask & (1L << i)) == 0) {
                active = false;
            } else {
                addr = InternalLayout.address(n, e, widths);
                nodeStart = Geometry.childStart(nodeStart, pw, i);
                pw = Geometry.childPw(pw);
            }
            return before;
        }
    }

    /** The first point with time {@code >= t} (the first inserted among equal times), or null. */
    private static RawPoint point(LeafPoints p, int i) {
        byte[] payload = p.payload(i);
        return new RawPoint(p.times[i], p.values[i], Payloads.aggregate(payload, p.values[i]), Payloads.document(payload));
    }

    public static RawPoint first(RecordSource store, long root, long t) {
        if (root == NodeAddress.NONE) {
            return null;
        }
        return first(store, root, Geometry.ROOT_PW, Geometry.ROOT_START, t);
    }

    private static RawPoint first(RecordSource store, long addr, int pw, long nodeStart, long t) {
        MemorySegment n = Nodes.tree(store, addr, pw, nodeStart);
        if (Nodes.isLeaf(n)) {
            LeafPoints p = LeafPoints.local().decode(n);
            int i = p.lowerBound(t);
            return i < p.count ? point(p, i) : null;
        }
        int cpw = Geometry.childPw(pw);
        int e = 0;
        for (long m = InternalLayout.mask(n); m != 0; m &= m - 1, e++) {
            int i = Long.numberOfTrailingZeros(m);
            long cs = Geometry.childStart(nodeStart, pw, i);
            if (Geometry.end(cs, cpw) <= t) {
                continue;
            }
            RawPoint p = first(store, InternalLayout.address(n, e), cpw, cs, t);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** The last point with time {@code < t} (the last inserted among equal times), or null. */
    public static RawPoint last(RecordSource store, long root, long t) {
        if (root == NodeAddress.NONE) {
            return null;
        }
        return last(store, root, Geometry.ROOT_PW, Geometry.ROOT_START, t);
    }

    private static RawPoint last(RecordSource store, long addr, int pw, long nodeStart, long t) {
        MemorySegment n = Nodes.tree(store, addr, pw, nodeStart);
        if (Nodes.isLeaf(n)) {
            LeafPoints p = LeafPoints.local().decode(n);
            int i = p.lowerBound(t) - 1;
            return i >= 0 ? point(p, i) : null;
        }
        int cpw = Geometry.childPw(pw);
        long mask = InternalLayout.mask(n);
        for (int e = Long.bitCount(mask) - 1; e >= 0; e--) {
            int i = 63 - Long.numberOfLeadingZeros(mask);
            mask &= ~(1L << i);
            long cs = Geometry.childStart(nodeStart, pw, i);
            if (cs >= t) {
                continue;
            }
            RawPoint p = last(store, InternalLayout.address(n, e), cpw, cs, t);
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
