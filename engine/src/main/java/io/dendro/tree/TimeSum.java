package io.dendro.tree;

import io.dendro.storage.RecordSource;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;

/**
 * An unsigned 128-bit sum of times measured from a span's start ({@code hi:lo}), as format-6
 * internal nodes store one per entry ({@link InternalLayout#timeSumLo}): the writers and the
 * verifier accumulate it here. Mutable and reused; adding allocates nothing.
 *
 * <p>{@link #addSubtree} computes the sum of a whole subtree: from the entries of a format-6
 * node, but from the children of a format-4 or 5 node, down to its leaves where need be. That
 * is the price a format-6 writer pays, once per format-5 node it path-copies, for the
 * untouched children of that node (docs/format/internal-node.md, "Formats 4 to 6 in one tree").
 */
public final class TimeSum {
    public long hi;
    public long lo;
    private LeafPoints points;

    public void clear() {
        hi = 0;
        lo = 0;
    }

    /** Adds the unsigned 128-bit {@code h:l}. */
    public void add(long h, long l) {
        long s = lo + l;
        hi += h + (Long.compareUnsigned(s, lo) < 0 ? 1 : 0);
        lo = s;
    }

    /** Adds {@code a · b} for non-negative {@code a} and {@code b}. */
    public void addProduct(long a, long b) {
        add(Math.unsignedMultiplyHigh(a, b), a * b);
    }

    /** Adds {@code t[i] - base} for {@code i} in {@code [from, to)}, every {@code t[i] >= base}. */
    public void addTimes(long[] t, int from, int to, long base) {
        long h = hi;
        long l = lo;
        for (int i = from; i < to; i++) {
            long d = t[i] - base; // < 2^63: the tree spans less than 2^63 ns
            long s = l + d;
            h += Long.compareUnsigned(s, l) < 0 ? 1 : 0;
            l = s;
        }
        hi = h;
        lo = l;
    }

    /** Adds entry {@code e} of format-6 node {@code n}, its times measured from {@code base <= childStart}. */
    public void addEntry(MemorySegment n, int e, long childStart, long base) {
        add(InternalLayout.timeSumHi(n, e), InternalLayout.timeSumLo(n, e));
        addProduct(InternalLayout.count(n, e), childStart - base);
    }

    /**
     * Adds {@code t - base} for every point of the subtree at {@code address} (spanning
     * {@code [start, start + 2^pw)}, {@code base <= start}): a format-6 node's entries whole, the
     * children of an older node one by one, a leaf's times decoded.
     */
    public void addSubtree(RecordSource store, long address, int pw, long start, long base) {
        MemorySegment n = Nodes.tree(store, address, pw, start);
        if (Nodes.isLeaf(n)) {
            if (points == null) {
                points = new LeafPoints();
            }
            points.decode(n);
            addTimes(points.times, 0, points.count, base);
            return;
        }
        int cpw = Geometry.childPw(pw);
        boolean sums = InternalLayout.hasTimeSums(n);
        int e = 0;
        for (long m = InternalLayout.mask(n); m != 0; m &= m - 1, e++) {
            long cs = Geometry.childStart(start, pw, Long.numberOfTrailingZeros(m));
            if (sums) {
                addEntry(n, e, cs, base);
            } else {
                addSubtree(store, InternalLayout.address(n, e), cpw, cs, base);
            }
        }
    }

    /**
     * {@code base + sum / n} rounded half up to a whole nanosecond, for a sum of {@code n} times
     * measured from {@code base}: the exact mean of those times (n > 0). Allocates: call it once
     * per result, not per point.
     */
    public long meanFrom(long base, long n) {
        BigInteger sum = new BigInteger(toString(hi, lo));
        BigInteger count = BigInteger.valueOf(n);
        // floor(sum / n + 1/2) = floor((2 sum + n) / 2n); the sum is not negative
        long q = sum.shiftLeft(1).add(count).divide(count.shiftLeft(1)).longValue(); // < 2^64, as unsigned
        return base + q;
    }

    public boolean is(long h, long l) {
        return hi == h && lo == l;
    }

    /** The unsigned 128-bit {@code h:l} in decimal. */
    public static String toString(long h, long l) {
        return new BigInteger(Long.toUnsignedString(h)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(l)))
                .toString();
    }

    @Override
    public String toString() {
        return toString(hi, lo);
    }
}
