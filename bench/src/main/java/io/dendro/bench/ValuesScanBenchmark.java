package io.dendro.bench;

import io.dendro.PointCursor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code values()} over {@link #RANGE} consecutive points in the middle of the dataset, every
 * time and value consumed by a Blackhole. One operation is one point: the score is points per
 * second. The dataset (1.6 GB raw at 100M points) fits in this machine's page cache, so after
 * the first iteration this measures reads from memory, not from disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(1)
public class ValuesScanBenchmark {
    static final int RANGE = 10_000_000;

    private long start;
    private long end;

    @Setup(Level.Trial)
    public void range(DatasetState data) {
        if (data.points < RANGE) {
            throw new IllegalArgumentException("the scan needs at least " + RANGE + " points; got " + data.points);
        }
        long first = (data.points - RANGE) / 2;
        start = Signal.time(first);
        end = Signal.time(first + RANGE); // exclusive: exactly RANGE points
    }

    @Benchmark
    @OperationsPerInvocation(RANGE)
    public long values(DatasetState data, Blackhole bh) {
        long n = 0;
        try (PointCursor c = data.stream.values(start, end, 0)) {
            while (c.next()) {
                bh.consume(c.time());
                bh.consume(c.value());
                n++;
            }
        }
        if (n != RANGE) {
            throw new IllegalStateException("scanned " + n + " points, expected " + RANGE);
        }
        return n;
    }

    /** Sums kept in an object, as the comparison harness keeps them ({@code compare.Subject.Sum}). */
    public static final class Sum {
        long count;
        double sum;
        long times;
    }

    /**
     * The comparison harness's per-point scan: one {@code next()}, {@code time()} and
     * {@code value()} per point, added into a {@link Sum} (no Blackhole per point).
     */
    @Benchmark
    @OperationsPerInvocation(RANGE)
    public Sum valuesSum(DatasetState data) {
        Sum s = new Sum();
        try (PointCursor c = data.stream.values(start, end, 0)) {
            while (c.next()) {
                s.count++;
                s.sum += c.value();
                s.times += c.time();
            }
        }
        if (s.count != RANGE) {
            throw new IllegalStateException("scanned " + s.count + " points, expected " + RANGE);
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(RANGE)
    public double valuesLocals(DatasetState data) {
        long count = 0;
        double sum = 0;
        long times = 0;
        try (PointCursor c = data.stream.values(start, end, 0)) {
            while (c.next()) {
                count++;
                sum += c.value();
                times += c.time();
            }
        }
        return sum + count + times;
    }
}
