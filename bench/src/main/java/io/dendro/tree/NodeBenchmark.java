package io.dendro.tree;

import io.dendro.storage.RecordSink;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tree's node-level work, in memory (no files): decoding a full leaf (1,024 points of a
 * 4-decimal 120 Hz meter: regular timestamps, ALP values), reading every entry of a 64-child
 * internal node, and merging 64 summaries as a parent's entry is computed. It lives in
 * {@code io.dendro.tree} (in this module) to reach the package-private writers.
 *
 * <pre>java -jar bench/target/benchmarks.jar NodeBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NodeBenchmark {
    static final int LEAF = 1024;
    static final int CHILDREN = 64;

    private MemorySegment leaf;
    private MemorySegment internal;
    private final LeafPoints points = new LeafPoints();
    private final long[] counts = new long[CHILDREN];
    private final double[] mins = new double[CHILDREN];
    private final double[] maxs = new double[CHILDREN];
    private final double[] means = new double[CHILDREN];
    private final double[] sigmas = new double[CHILDREN];

    @Setup
    public void build() {
        SplittableRandom r = new SplittableRandom(1);
        long[] t = new long[LEAF];
        double[] v = new double[LEAF];
        for (int i = 0; i < LEAF; i++) {
            t[i] = 1_767_225_600_000_000_000L + i * 8_333_333L;
            v[i] = Math.round((7200 + 10 * Math.sin(i / 20.0) + r.nextGaussian()) * 1e4) / 1e4;
        }
        leaf = MemorySegment.ofArray(LeafPoints.encode(32, 1_767_225_600_000_000_000L & -(1L << 32), t, v, null, 0, LEAF));
        Entries e = new Entries();
        long address = 4096;
        for (int i = 0; i < CHILDREN; i++) {
            Summary s = new Summary();
            s.ofValues(v, (i * 16) % (LEAF - 16), (i * 16) % (LEAF - 16) + 16);
            TimeSum ts = new TimeSum();
            ts.addTimes(t, 0, 16, t[0] - 1_000_000_000L * i); // a plausible sum of 16 points' times
            e.set(i, address, 7, s, ts);
            address += 1100 + 8L * r.nextInt(40);
            counts[i] = s.count;
            mins[i] = s.min;
            maxs[i] = s.max;
            means[i] = s.mean;
            sigmas[i] = s.sigma();
        }
        MemorySegment[] out = new MemorySegment[1];
        InternalLayout.write(new RecordSink() {
            @Override
            public MemorySegment reserve(int payloadLength) {
                out[0] = MemorySegment.ofArray(new byte[payloadLength]);
                return out[0];
            }

            @Override
            public long lastAddress() {
                return 8;
            }
        }, 38, 0, e, a -> a);
        internal = out[0];
    }

    /** One operation is one point. */
    @Benchmark
    @OperationsPerInvocation(LEAF)
    public double leafDecode() {
        LeafPoints p = points.decode(leaf);
        return p.values[p.count - 1] + p.times[0];
    }

    /** One operation is one entry: address, version, count and the four statistics. */
    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    public double internalEntries() {
        double acc = 0;
        for (int e = 0; e < CHILDREN; e++) {
            acc += InternalLayout.address(internal, e) + InternalLayout.version(internal, e)
                    + InternalLayout.count(internal, e) + InternalLayout.min(internal, e)
                    + InternalLayout.max(internal, e) + InternalLayout.mean(internal, e) + InternalLayout.sigma(internal, e);
        }
        return acc;
    }

    private final Summary acc = new Summary();

    /**
     * As {@link #summaryMerge}, into an accumulator held in a field, as the cursors and the tree
     * writer hold theirs (a summary made fresh in the method may live in registers instead).
     */
    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    public double summaryMergeIntoField() {
        Summary s = acc;
        s.clear();
        for (int e = 0; e < CHILDREN; e++) {
            s.merge(counts[e], mins[e], maxs[e], means[e], sigmas[e]);
        }
        return s.mean + s.sigma();
    }

    /** One operation is one summary merged (Chan et al.'s formula). */
    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    public double summaryMerge() {
        Summary s = new Summary();
        for (int e = 0; e < CHILDREN; e++) {
            s.merge(counts[e], mins[e], maxs[e], means[e], sigmas[e]);
        }
        return s.mean + s.sigma();
    }
}
