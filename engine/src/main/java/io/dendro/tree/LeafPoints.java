package io.dendro.tree;

import io.dendro.storage.Bytes;
import io.dendro.storage.RecordSink;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A leaf's points decoded into arrays, reused from leaf to leaf by one reader. Every read of a
 * leaf's points goes through {@link #decode}, and every leaf is written by {@link #write}, so
 * the leaf's encoding lives here and in {@link LeafLayout} only.
 */
public final class LeafPoints {
    public long[] times = new long[Geometry.LEAF_CAPACITY];
    public double[] values = new double[Geometry.LEAF_CAPACITY];
    public int count;

    /** Decodes a leaf (already checked by {@link Nodes#tree}) into this buffer. */
    public LeafPoints decode(MemorySegment leaf) {
        int n = LeafLayout.count(leaf);
        if (n > times.length) {
            times = new long[Math.max(n, times.length * 2)];
            values = new double[times.length];
        }
        MemorySegment.copy(leaf, Bytes.I64, LeafLayout.TIMES, times, 0, n);
        MemorySegment.copy(leaf, Bytes.F64, LeafLayout.TIMES + (long) n * Long.BYTES, values, 0, n);
        count = n;
        return this;
    }

    /** Index of the first point with time {@code >= t} ({@link #count} when none). */
    public int lowerBound(long t) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A copy of the points (for writers that merge into them). */
    public LeafPoints copy() {
        LeafPoints c = new LeafPoints();
        c.times = Arrays.copyOf(times, Math.max(count, 1));
        c.values = Arrays.copyOf(values, Math.max(count, 1));
        c.count = count;
        return c;
    }

    /** Writes a leaf over sorted points {@code [lo, hi)}; returns its address. */
    public static long write(RecordSink out, int pw, long start, long[] t, double[] v, int lo, int hi) {
        int n = hi - lo;
        MemorySegment p = out.reserve(LeafLayout.size(n));
        p.set(Bytes.U8, LeafLayout.KIND, RecordKind.LEAF);
        p.set(Bytes.U8, LeafLayout.VALUE_KIND, ValueKind.NUMERIC.id());
        p.set(Bytes.U8, LeafLayout.POINTWIDTH, (byte) pw);
        p.set(Bytes.U8, LeafLayout.RESERVED, (byte) 0);
        p.set(Bytes.I32, LeafLayout.COUNT, n);
        p.set(Bytes.I64, LeafLayout.START, start);
        MemorySegment.copy(t, lo, p, Bytes.I64, LeafLayout.TIMES, n);
        MemorySegment.copy(v, lo, p, Bytes.F64, LeafLayout.TIMES + (long) n * Long.BYTES, n);
        return out.lastAddress();
    }
}
