package io.dendro.bench.codec;

import io.dendro.storage.codec.AlpCodec;
import io.dendro.storage.codec.TimestampCodec;
import io.dendro.storage.codec.ValueCodecs;
import io.dendro.storage.codec.XorCodec;
import io.dendro.testdata.SharedData;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode throughput of the leaf codecs, in points per second (each op is one point;
 * raw MB/s = ops/s x 8 / 10^6). Each invocation encodes or decodes {@value #LEAVES} leaves of
 * {@value #LEAF} points, one call per leaf, as the tree does.
 * <pre>
 * java -jar bench/target/benchmarks.jar 'codec.CodecBenchmark' -f 1 -wi 2 -i 3
 * </pre>
 * Data: {@code synthetic} is a 120 Hz 4-decimal meter signal with regular timestamps;
 * {@code synthetic-jitter} the same with ±1 µs timestamp jitter; {@code ekg} the real 1 kHz
 * EKG channel of {@code ../shared/data/ekg.csv.gz} (the benchmark fails with a message if it
 * is missing).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CodecBenchmark {
    static final int LEAF = 1024;
    static final int LEAVES = 64;
    static final int POINTS = LEAF * LEAVES;

    @Param({"synthetic", "synthetic-jitter", "ekg"})
    public String data;

    long[] times;
    double[] values;
    MemorySegment out;
    MemorySegment encTimes;
    MemorySegment encAlp;
    MemorySegment encXor;
    MemorySegment encBest;
    int[] lenTimes = new int[LEAVES];
    int[] lenAlp = new int[LEAVES];
    int[] lenXor = new int[LEAVES];
    int[] lenBest = new int[LEAVES];
    long[] timesOut = new long[LEAF];
    double[] valuesOut = new double[LEAF];

    @Setup
    public void setup() {
        switch (data) {
            case "synthetic", "synthetic-jitter" -> {
                times = Synthetic.times120Hz(POINTS, data.equals("synthetic") ? 0 : 1_000, 1);
                values = Synthetic.meter4Decimals(POINTS, 1);
            }
            case "ekg" -> {
                if (!SharedData.present()) {
                    throw new IllegalStateException("SKIPPED: " + SharedData.dir().toAbsolutePath() + " is missing");
                }
                SharedData.Series s = SharedData.ekg();
                times = java.util.Arrays.copyOf(s.times(), POINTS);
                values = java.util.Arrays.copyOf(s.values(), POINTS);
            }
            default -> throw new IllegalArgumentException(data);
        }
        out = MemorySegment.ofArray(new byte[AlpCodec.maxEncodedSize(LEAF)]);
        encTimes = encodeAll(TimestampCodec.maxEncodedSize(LEAF), lenTimes,
                (i, seg, off) -> TimestampCodec.encode(times, i * LEAF, LEAF, seg, off));
        encAlp = encodeAll(AlpCodec.maxEncodedSize(LEAF), lenAlp,
                (i, seg, off) -> AlpCodec.encode(values, i * LEAF, LEAF, seg, off));
        encXor = encodeAll(XorCodec.maxEncodedSize(LEAF), lenXor,
                (i, seg, off) -> XorCodec.encode(values, i * LEAF, LEAF, seg, off));
        encBest = encodeAll(ValueCodecs.maxEncodedSize(LEAF), lenBest,
                (i, seg, off) -> ValueCodecs.encodeBest(values, i * LEAF, LEAF, seg, off));
    }

    interface LeafEncoder {
        int encode(int leaf, MemorySegment seg, long offset);
    }

    /** Leaf i's encoding sits at i x stride. */
    private static MemorySegment encodeAll(int stride, int[] lengths, LeafEncoder enc) {
        MemorySegment seg = MemorySegment.ofArray(new byte[stride * LEAVES]);
        for (int i = 0; i < LEAVES; i++) {
            lengths[i] = enc.encode(i, seg, (long) i * stride);
        }
        return seg;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public int timestampsEncode() {
        int s = 0;
        for (int i = 0; i < LEAVES; i++) {
            s += TimestampCodec.encode(times, i * LEAF, LEAF, out, 0);
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long timestampsDecode() {
        long s = 0;
        long stride = encTimes.byteSize() / LEAVES;
        for (int i = 0; i < LEAVES; i++) {
            TimestampCodec.decode(encTimes, i * stride, lenTimes[i], timesOut, 0, LEAF);
            s += timesOut[LEAF - 1];
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public int alpEncode() {
        int s = 0;
        for (int i = 0; i < LEAVES; i++) {
            s += AlpCodec.encode(values, i * LEAF, LEAF, out, 0);
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public double alpDecode() {
        double s = 0;
        long stride = encAlp.byteSize() / LEAVES;
        for (int i = 0; i < LEAVES; i++) {
            AlpCodec.decode(encAlp, i * stride, lenAlp[i], valuesOut, 0, LEAF);
            s += valuesOut[LEAF - 1];
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public int xorEncode() {
        int s = 0;
        for (int i = 0; i < LEAVES; i++) {
            s += XorCodec.encode(values, i * LEAF, LEAF, out, 0);
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public double xorDecode() {
        double s = 0;
        long stride = encXor.byteSize() / LEAVES;
        for (int i = 0; i < LEAVES; i++) {
            XorCodec.decode(encXor, i * stride, lenXor[i], valuesOut, 0, LEAF);
            s += valuesOut[LEAF - 1];
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public int bestEncode() {
        int s = 0;
        for (int i = 0; i < LEAVES; i++) {
            s += ValueCodecs.encodeBest(values, i * LEAF, LEAF, out, 0);
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public double bestDecode() {
        double s = 0;
        long stride = encBest.byteSize() / LEAVES;
        for (int i = 0; i < LEAVES; i++) {
            ValueCodecs.decode(encBest, i * stride, lenBest[i], valuesOut, 0, LEAF);
            s += valuesOut[LEAF - 1];
        }
        return s;
    }
}
