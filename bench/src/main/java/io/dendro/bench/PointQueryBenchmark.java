package io.dendro.bench;

import io.dendro.RawPoint;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Queries that descend one or two paths of the tree: {@code count} over a random one-hour range
 * and {@code nearest} (forward and backward) from a random time. The random times are drawn
 * once per trial (fixed seed) and cycled through, so that no time is spent drawing them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class PointQueryBenchmark {
    static final long HOUR = 3_600_000_000_000L;
    private static final int SAMPLES = 1 << 12;

    private final long[] times = new long[SAMPLES];
    private int next;

    @Setup(Level.Trial)
    public void draw(DatasetState data) {
        SplittableRandom r = new SplittableRandom(42);
        long span = Math.max(1, data.end - data.start - HOUR);
        for (int i = 0; i < SAMPLES; i++) {
            times[i] = data.start + r.nextLong(span);
        }
    }

    private long nextTime() {
        long t = times[next];
        next = (next + 1) & (SAMPLES - 1);
        return t;
    }

    @Benchmark
    public long countOneHour(DatasetState data) {
        long s = nextTime();
        return data.stream.count(s, s + HOUR, 0).value();
    }

    @Benchmark
    public Optional<RawPoint> nearestForward(DatasetState data) {
        return data.stream.nearest(nextTime(), 0, false).value();
    }

    @Benchmark
    public Optional<RawPoint> nearestBackward(DatasetState data) {
        return data.stream.nearest(nextTime(), 0, true).value();
    }
}
