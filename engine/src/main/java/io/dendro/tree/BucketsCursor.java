package io.dendro.tree;

import io.dendro.BucketCursor;
import io.dendro.Buckets;
import io.dendro.RawPoint;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.RecordSource;

/**
 * Statistics per bucket of a {@link Buckets} (calendar or fixed), counting the points in
 * {@code [start, end)}: the windows walk with arbitrary edges. A child of an internal node that
 * lies inside one bucket is taken whole from its summary; one that straddles a bucket edge or
 * the range's edges is descended into. So the cost is about the number of buckets times the
 * tree height plus the leaves at bucket edges, never the number of points. The buckets' edges
 * are asked of {@code Buckets} as the walk reaches them (at most a few calls per bucket), never
 * materialised.
 *
 * <p>First and last times: when a bucket's first (last) event is a point, its time; when it is
 * a child taken whole, one descent finds the child's first (last) point, made only when
 * {@link #firstTime()} ({@link #lastTime()}) is called for the bucket. The mean timestamp is
 * exact: the times, measured from the bucket's start, are summed in 128 bits ({@link TimeSum}), a
 * child taken whole adding its time sum (stored by format-6 nodes: {@code Σ (t - childStart)})
 * plus {@code count · (childStart - bucketStart)}, and divided once per bucket. A format-4 or 5 node stores no time sums: asked for the mean timestamp, the walk
 * descends into the children of such nodes (down to the leaves, or to format-6 nodes below
 * them), so over a tree written before format 6 the cost is proportional to the points until
 * writes or a compaction replace its nodes.
 *
 * <p>Empty buckets are omitted, or with {@code fill} reported with count 0, NaN statistics and
 * {@link Long#MIN_VALUE} times, from the bucket holding {@code start} to the one holding
 * {@code end - 1}.
 */
public final class BucketsCursor extends Walker implements io.dendro.DocumentBucketCursor {
    private final RecordSource store;
    private final long root;
    private final Buckets buckets;
    private final long start;
    private final long end;
    private final boolean fill;
    private final boolean timeMean;
    private final long version;
    private final Runnable onClose;
    /** The stream's kind: nominal buckets count labels, graph buckets edges. */
    private final io.dendro.StreamKind kind;
    /** Nominal: the bucket's labels (compact JSON) with their counts, in the order they first occur. */
    private java.util.LinkedHashMap<LabelKey, long[]> accLabels = new java.util.LinkedHashMap<>();
    private java.util.LinkedHashMap<LabelKey, long[]> outLabels = new java.util.LinkedHashMap<>();
    /** A probe for looking a point's label up without allocating a key for a label already counted. */
    private final LabelKey probe = new LabelKey();

    /** A label's bytes as a hash key (decoded to text only when reported). */
    private static final class LabelKey {
        byte[] bytes;
        int hash;

        LabelKey set(byte[] b) {
            bytes = b;
            hash = java.util.Arrays.hashCode(b);
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LabelKey k && k.hash == hash && java.util.Arrays.equals(k.bytes, bytes);
        }

        @Override
        public String toString() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
    private java.util.Map<String, Long> outSorted;

    /** The bucket of the last {@link #decide} that found one: children inside it are taken whole. */
    private long decStart = Long.MAX_VALUE;
    private long decEnd = Long.MIN_VALUE;

    // the bucket being accumulated
    private final Summary acc = new Summary();
    private boolean accOpen;
    private long accStart;
    private long accEnd;
    private long accFirst;
    private boolean accFirstIsBlock; // the first event was a child taken whole: its first point is looked up
    private long accLast;
    private long accLastBlockEnd;   // end of the last event when it was a block, else Long.MIN_VALUE
    /** The sum of {@code t - accStart} over the bucket's points, nulls included. */
    private final TimeSum accTime = new TimeSum();
    private long accPoints;

    /** A read event of a later bucket, not yet added. */
    private int pending = END;
    private boolean ended;
    /** With fill: the start of the next bucket to report. */
    private long nextFill;
    private boolean closed;

    // the reported bucket
    private final Summary out = new Summary();
    private long outStart;
    private long outEnd;
    private long outFirst;
    /** {@link #outFirst} is the start of a child taken whole: its first point is looked up when asked. */
    private boolean outFirstLookup;
    private long outLast;
    /** When not {@code Long.MIN_VALUE}: the end of a child taken whole, whose last point is looked up when asked. */
    private long outLastLookup = Long.MIN_VALUE;
    private long outMeanTime;

    public BucketsCursor(RecordSource store, long root, long start, long end, Buckets buckets, boolean fill,
                         boolean timeMean, long version, Runnable onClose) {
        this(store, root, start, end, buckets, fill, timeMean, version, onClose, io.dendro.StreamKind.NUMERIC);
    }

    /**
     * Buckets of a stream of {@code kind}: for a nominal stream, a child whose label table is
     * marked "many" is descended into (its frequencies are read from its points), every other
     * child inside a bucket is taken whole with its table.
     */
    public BucketsCursor(RecordSource store, long root, long start, long end, Buckets buckets, boolean fill,
                         boolean timeMean, long version, Runnable onClose, io.dendro.StreamKind kind) {
        super(store, root, start, end);
        this.kind = kind;
        this.store = store;
        this.root = root;
        this.buckets = buckets;
        this.start = start;
        this.end = end;
        this.fill = fill;
        this.timeMean = timeMean;
        this.version = version;
        this.onClose = onClose;
        this.nextFill = start < end ? buckets.startOf(start) : Long.MAX_VALUE;
    }

    @Override
    protected int decide(long cs, int cpw) {
        if (cs >= end) {
            return STOP;
        }
        long ce = Geometry.end(cs, cpw);
        if (ce <= start) {
            return SKIP;
        }
        if (cs < start || ce > end || (timeMean && !parentHasTimeSums())) {
            return DESCEND;
        }
        if (cs < decStart || cs >= decEnd) {
            decStart = buckets.startOf(cs);
            decEnd = buckets.next(cs);
        }
        if (ce > decEnd || (kind == io.dendro.StreamKind.NOMINAL && childHasManyLabels())) {
            return DESCEND;
        }
        return TAKE;
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new DendroException(ErrorCode.CLOSED, "cursor is closed");
        }
        if (!accOpen) {
            fillBucket();
        }
        if (fill) {
            if (nextFill >= end) {
                return false;
            }
            outStart = nextFill;
            outEnd = buckets.next(nextFill);
            nextFill = outEnd;
            if (accOpen && accStart == outStart) {
                take();
            } else {
                out.clear();
                outLabels.clear();
                outSorted = null;
                outFirst = Long.MIN_VALUE;
                outFirstLookup = false;
                outLast = Long.MIN_VALUE;
                outLastLookup = Long.MIN_VALUE;
                outMeanTime = Long.MIN_VALUE;
            }
            return true;
        }
        if (!accOpen) {
            return false;
        }
        outStart = accStart;
        outEnd = accEnd;
        take();
        return true;
    }

    /** Reads the events of the next bucket that has any into {@link #acc}. */
    private void fillBucket() {
        if (pending != END) {
            open(time);
            add(pending);
            pending = END;
        }
        while (!ended) {
            int ev = advance();
            if (ev == END) {
                ended = true;
                return;
            }
            if (accOpen && time >= accEnd) {
                pending = ev;
                return;
            }
            if (!accOpen) {
                open(time);
            }
            add(ev);
        }
    }

    private void open(long t) {
        accOpen = true;
        accStart = buckets.startOf(t);
        accEnd = buckets.next(t);
        acc.clear();
        accFirst = t;
        accLast = t;
        accTime.clear();
        accPoints = 0;
        accLastBlockEnd = Long.MIN_VALUE;
        accLabels.clear();
    }

    private void add(int ev) {
        if (accPoints == 0) {
            accFirstIsBlock = ev == BLOCK;
        }
        if (ev == POINT) {
            acc.addPoint(value, payload);
            if (kind == io.dendro.StreamKind.NOMINAL && payload != null) {
                countLabel(payload, 1);
            }
            accLast = time;
            accLastBlockEnd = Long.MIN_VALUE;
            if (timeMean) {
                accTime.add(0, time - accStart); // a bucket holds no time before its start
            }
            accPoints++;
        } else {
            acc.merge(block);
            if (kind == io.dendro.StreamKind.NOMINAL) { // decide took only children whose table is complete
                LabelTable t = block.labels;
                for (int i = 0; i < t.size; i++) {
                    countLabel(t.labels[i], t.counts[i]);
                }
            }
            long points = block.points(); // the time sum covers the null points too
            if (timeMean) { // the block's node has time sums: decide descends otherwise
                accTime.addProduct(points, time - accStart); // the block lies inside the bucket
                accTime.add(blockTimeSumHi, blockTimeSumLo); // plus Σ (t - blockStart)
            }
            accLast = time;
            accLastBlockEnd = Geometry.end(time, blockPw);
            accPoints += points;
        }
    }

    private void countLabel(byte[] label, long n) {
        long[] c = accLabels.get(probe.set(label));
        if (c == null) {
            accLabels.put(new LabelKey().set(label), new long[] {n});
        } else {
            c[0] += n;
        }
    }

    @Override
    public java.util.Map<String, Long> frequencies() {
        if (outSorted == null) {
            java.util.List<java.util.Map.Entry<LabelKey, long[]>> es = new java.util.ArrayList<>(outLabels.entrySet());
            es.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])); // stable: ties keep first-seen order
            outSorted = new java.util.LinkedHashMap<>();
            for (java.util.Map.Entry<LabelKey, long[]> e : es) {
                outSorted.put(e.getKey().toString(), e.getValue()[0]);
            }
        }
        return outSorted;
    }

    @Override
    public String mostOften() {
        return frequencies().isEmpty() ? null : frequencies().keySet().iterator().next();
    }

    @Override
    public String leastOften() {
        LabelKey least = null;
        long fewest = Long.MAX_VALUE;
        for (java.util.Map.Entry<LabelKey, long[]> e : outLabels.entrySet()) { // first-seen order: the first of equals
            if (e.getValue()[0] < fewest) {
                fewest = e.getValue()[0];
                least = e.getKey();
            }
        }
        return least == null ? null : least.toString();
    }

    @Override
    public double edgesMin() {
        return out.graphs == 0 ? Double.NaN : out.edgesMin;
    }

    @Override
    public double edgesMean() {
        return out.graphs == 0 ? Double.NaN : (double) out.edgesSum / out.graphs;
    }

    @Override
    public double edgesMax() {
        return out.graphs == 0 ? Double.NaN : out.edgesMax;
    }

    /** Leaves this cursor has decoded so far (for tests and benchmarks). */
    public long leavesRead() {
        return leavesRead;
    }

    private void take() {
        out.copyFrom(acc);
        java.util.LinkedHashMap<LabelKey, long[]> swap = outLabels;
        outLabels = accLabels;
        accLabels = swap;
        accLabels.clear();
        outSorted = null;
        outFirst = accFirst;
        outFirstLookup = accFirstIsBlock;
        outLast = accLast;
        outLastLookup = accLastBlockEnd;
        outMeanTime = timeMean ? accTime.meanFrom(accStart, accPoints) : Long.MIN_VALUE;
        accOpen = false;
    }

    private long firstAtOrAfter(long t) {
        RawPoint p = TreeQueries.first(store, root, t);
        return p == null ? Long.MIN_VALUE : p.time();
    }

    private long lastBefore(long t) {
        RawPoint p = TreeQueries.last(store, root, t);
        return p == null ? Long.MIN_VALUE : p.time();
    }

    @Override
    public long time() {
        return outStart;
    }

    @Override
    public long end() {
        return outEnd;
    }

    @Override
    public long nulls() {
        return out.nulls;
    }

    @Override
    public long firstTime() {
        if (outFirstLookup) {
            outFirst = firstAtOrAfter(outFirst);
            outFirstLookup = false;
        }
        return outFirst;
    }

    @Override
    public long lastTime() {
        if (outLastLookup != Long.MIN_VALUE) {
            outLast = lastBefore(outLastLookup);
            outLastLookup = Long.MIN_VALUE;
        }
        return outLast;
    }

    @Override
    public long meanTime() {
        if (!timeMean) {
            throw new IllegalStateException("the mean timestamp was not asked for when the cursor was opened");
        }
        return outMeanTime;
    }

    /** {@code M2 + count · mean²}: exact for Datastream's examples (1..5 gives 55), where {@code count · (σ² + mean²)} is not. */
    @Override
    public double sumOfSquares() {
        if (kind == io.dendro.StreamKind.NOMINAL) {
            return Double.NaN;
        }
        return out.count == 0 ? 0 : out.m2() + out.count * out.mean * out.mean;
    }

    @Override
    public double sum() {
        if (kind == io.dendro.StreamKind.NOMINAL) {
            return Double.NaN;
        }
        return out.count == 0 ? 0 : out.mean * out.count;
    }

    @Override
    public double min() {
        return kind == io.dendro.StreamKind.NOMINAL ? Double.NaN : out.minOrNaN();
    }

    @Override
    public double mean() {
        return kind == io.dendro.StreamKind.NOMINAL ? Double.NaN : out.meanOrNaN();
    }

    @Override
    public double max() {
        return kind == io.dendro.StreamKind.NOMINAL ? Double.NaN : out.maxOrNaN();
    }

    @Override
    public long count() {
        return out.count;
    }

    @Override
    public double stddev() {
        return kind == io.dendro.StreamKind.NOMINAL ? Double.NaN : out.stddev();
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            releaseLeaf();
            onClose.run();
        }
    }
}
