package io.dendro.tree;

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
    /** The population standard deviation, whatever the node's format ({@link InternalLayout#sigma}). */
    final double[] sigma = new double[Geometry.FANOUT];
    /** Points whose value is null ({@code Stream.NULL}); {@link #count} counts them too. */
    final long[] nulls = new long[Geometry.FANOUT];
    /** Samples beyond the points (aggregate points: count - 1 each); 0 in nodes before format 7. */
    final long[] extra = new long[Geometry.FANOUT];
    /** Nominal: each child's label table (allocated when set); null entries for other kinds. */
    final LabelTable[] labels = new LabelTable[Geometry.FANOUT];
    /** Graph: the number of graphs (points) under each child, and their edges' min, max and sum. */
    final long[] graphs = new long[Geometry.FANOUT];
    final long[] edgesMin = new long[Geometry.FANOUT];
    final long[] edgesMax = new long[Geometry.FANOUT];
    final long[] edgesSum = new long[Geometry.FANOUT];
    /** The sum of {@code t - childStart} over the child's points, unsigned 128 bits. */
    final long[] timeSumHi = new long[Geometry.FANOUT];
    final long[] timeSumLo = new long[Geometry.FANOUT];
    /**
     * The children whose time sum is known: all when read from a format-6 node; else only those
     * set since ({@link TreeWriter} computes the others before writing).
     */
    long known;

    static Entries read(MemorySegment n) {
        Entries e = new Entries();
        e.mask = InternalLayout.mask(n);
        boolean sums = InternalLayout.hasTimeSums(n);
        int k = 0;
        for (long m = e.mask; m != 0; m &= m - 1, k++) {
            int i = Long.numberOfTrailingZeros(m);
            e.address[i] = InternalLayout.address(n, k);
            e.version[i] = InternalLayout.version(n, k);
            e.count[i] = InternalLayout.count(n, k);
            e.min[i] = InternalLayout.min(n, k);
            e.max[i] = InternalLayout.max(n, k);
            e.mean[i] = InternalLayout.mean(n, k);
            e.sigma[i] = InternalLayout.sigma(n, k);
            int kind = InternalLayout.valueKind(n);
            if (kind == ValueKind.NOMINAL.id()) {
                e.labels[i] = new LabelTable();
                InternalLayout.labels(n, k, e.labels[i]);
            } else if (kind == ValueKind.GRAPH.id()) {
                e.graphs[i] = e.count[i];
                e.edgesMin[i] = InternalLayout.edgesMin(n, k);
                e.edgesMax[i] = InternalLayout.edgesMax(n, k);
                e.edgesSum[i] = InternalLayout.edgesSum(n, k);
            }
            if (sums) {
                e.nulls[i] = InternalLayout.nulls(n, k);
                e.extra[i] = InternalLayout.extra(n, k);
                e.timeSumHi[i] = InternalLayout.timeSumHi(n, k);
                e.timeSumLo[i] = InternalLayout.timeSumLo(n, k);
            }
        }
        e.known = sums ? e.mask : 0;
        return e;
    }

    /**
     * The summary and time sum (from {@code start}) of the node these entries make at
     * {@code (pw, start)}: the merge of its entries in entry order, as its parent stores it.
     * Every entry's time sum must be known.
     */
    void summarize(int pw, long start, Summary sum, TimeSum ts) {
        sum.clear();
        ts.clear();
        for (long m = mask; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            sum.nulls += nulls[i];
            sum.extra += extra[i];
            sum.merge(count[i] - nulls[i] + extra[i], min[i], max[i], mean[i], sigma[i]);
            if (labels[i] != null) {
                sum.labels.merge(labels[i]);
            }
            sum.addGraph(graphs[i], edgesMin[i], edgesMax[i], edgesSum[i]);
            ts.add(timeSumHi[i], timeSumLo[i]);
            ts.addProduct(count[i], Geometry.childStart(start, pw, i) - start);
        }
    }

    void set(int i, long addr, long ver, Summary s, TimeSum t) {
        mask |= 1L << i;
        known |= 1L << i;
        nulls[i] = s.nulls;
        extra[i] = s.extra;
        if (s.labels.isEmpty()) {
            labels[i] = null;
        } else {
            if (labels[i] == null) {
                labels[i] = new LabelTable();
            }
            labels[i].copyFrom(s.labels);
        }
        graphs[i] = s.graphs;
        edgesMin[i] = s.edgesMin;
        edgesMax[i] = s.edgesMax;
        edgesSum[i] = s.edgesSum;
        timeSumHi[i] = t.hi;
        timeSumLo[i] = t.lo;
        address[i] = addr;
        version[i] = ver;
        count[i] = s.points(); // every point; the statistics below are of the non-null ones' samples
        min[i] = s.storedMin();
        max[i] = s.storedMax();
        mean[i] = s.storedMean();
        sigma[i] = s.sigma();
    }
}
