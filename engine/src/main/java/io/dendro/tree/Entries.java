package io.dendro.tree;

import io.dendro.storage.Bytes;
import java.lang.foreign.MemorySegment;

/** The 64 child entries of an internal node, decoded into arrays while a writer edits them. */
final class Entries {
    long mask;
    final long[] address = new long[Geometry.FANOUT];
    final long[] version = new long[Geometry.FANOUT];
    final long[] count = new long[Geometry.FANOUT];
    final double[] min = new double[Geometry.FANOUT];
    final double[] max = new double[Geometry.FANOUT];
    final double[] mean = new double[Geometry.FANOUT];
    final double[] m2 = new double[Geometry.FANOUT];

    static Entries read(MemorySegment n) {
        Entries e = new Entries();
        e.mask = InternalLayout.mask(n);
        int k = 0;
        for (long m = e.mask; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            long off = InternalLayout.entry(k++);
            e.address[i] = n.get(Bytes.I64, off + InternalLayout.E_ADDRESS);
            e.version[i] = n.get(Bytes.I64, off + InternalLayout.E_VERSION);
            long so = off + InternalLayout.E_SUMMARY;
            e.count[i] = n.get(Bytes.I64, so + Summary.COUNT);
            e.min[i] = n.get(Bytes.F64, so + Summary.MIN);
            e.max[i] = n.get(Bytes.F64, so + Summary.MAX);
            e.mean[i] = n.get(Bytes.F64, so + Summary.MEAN);
            e.m2[i] = n.get(Bytes.F64, so + Summary.M2);
        }
        return e;
    }

    void set(int i, long addr, long ver, Summary s) {
        mask |= 1L << i;
        address[i] = addr;
        version[i] = ver;
        count[i] = s.count;
        min[i] = s.min;
        max[i] = s.max;
        mean[i] = s.mean;
        m2[i] = s.m2;
    }
}
