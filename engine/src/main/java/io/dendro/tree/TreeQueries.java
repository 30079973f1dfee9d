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

    /** Number of points with {@code start <= t < end} under {@code root}. */
    public static long count(RecordSource store, long root, long start, long end) {
        if (root == NodeAddress.NONE || start >= end) {
            return 0;
        }
        return count(store, root, Geometry.ROOT_PW, Geometry.ROOT_START, start, end);
    }

    /**
     * Points of the node in {@code [qs, qe)}: the children the range covers whole are counted
     * from the node's cumulative counts (two numbers, however many children), and at most the
     * two children at the range's ends are descended into.
     */
    private static long count(RecordSource store, long addr, int pw, long nodeStart, long qs, long qe) {
        MemorySegment n = Nodes.tree(store, addr, pw, nodeStart);
        if (Nodes.isLeaf(n)) { // decode only the timestamps up to the last bound inside the leaf
            int all = LeafLayout.count(n);
            boolean endInside = qe < Geometry.end(nodeStart, pw);
            LeafPoints p = LeafPoints.local().decodeTimesUntil(n, endInside ? qe : qs);
            return (endInside ? p.lowerBound(qe) : all) - p.lowerBound(qs);
        }
        int cpw = Geometry.childPw(pw);
        int lo = qs <= nodeStart ? 0 : Geometry.childIndex(nodeStart, pw, qs);
        int hi = qe >= Geometry.end(nodeStart, pw) ? Geometry.FANOUT - 1 : Geometry.childIndex(nodeStart, pw, qe - 1);
        long mask = InternalLayout.mask(n);
        long inRange = mask & (-1L << lo) & (-1L >>> (Geometry.FANOUT - 1 - hi));
        if (inRange == 0) {
            return 0;
        }
        int first = Long.numberOfTrailingZeros(inRange);
        int last = Geometry.FANOUT - 1 - Long.numberOfLeadingZeros(inRange);
        int eFirst = Long.bitCount(mask & ((1L << first) - 1));
        int eLast = eFirst + Long.bitCount(inRange) - 1;
        long firstStart = Geometry.childStart(nodeStart, pw, first);
        long lastStart = Geometry.childStart(nodeStart, pw, last);
        boolean firstPartial = qs > firstStart || (first == last && qe < Geometry.end(firstStart, cpw));
        boolean lastPartial = first != last && qe < Geometry.end(lastStart, cpw);
        long total = 0;
        int wholeFrom = eFirst;
        int wholeTo = eLast;
        if (firstPartial) {
            total += count(store, InternalLayout.address(n, eFirst), cpw, firstStart, qs, qe);
            wholeFrom++;
        }
        if (lastPartial) {
            total += count(store, InternalLayout.address(n, eLast), cpw, lastStart, qs, qe);
            wholeTo--;
        }
        if (wholeFrom <= wholeTo) {
            total += InternalLayout.count(n, wholeFrom, wholeTo);
        }
        return total;
    }

    /** The first point with time {@code >= t} (the first inserted among equal times), or null. */
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
            return i < p.count ? new RawPoint(p.times[i], p.values[i]) : null;
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
            return i >= 0 ? new RawPoint(p.times[i], p.values[i]) : null;
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
