package io.dendro.bench;

import io.dendro.StatCursor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code windows} of one hour over the whole stream (232 windows at 100M points, the last one partly filled). One-hour
 * boundaries are not aligned to the tree, so each boundary makes the walk descend into the
 * nodes that straddle it. Depth 0 is exact; depth 30 lets straddling blocks of at most 2^30 ns
 * be taken whole, but this stream's leaves are 2^32 ns wide, so it should cost the same as
 * depth 0; depth 36 lets straddling leaves be taken whole.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(1)
public class WindowsBenchmark {
    static final long HOUR = 3_600_000_000_000L;

    @Param({"0", "30", "36"})
    public int depth;

    private long end;

    /** The end rounded up to a whole hour: windows rounds it down, dropping the partial last hour. */
    @Setup(Level.Trial)
    public void range(DatasetState data) {
        end = data.start + Math.ceilDiv(data.end - data.start, HOUR) * HOUR;
    }

    @Benchmark
    public long windows(DatasetState data, Blackhole bh) {
        long total = 0;
        try (StatCursor c = data.stream.windows(data.start, end, HOUR, depth, 0)) {
            while (c.next()) {
                bh.consume(c.time());
                bh.consume(c.min());
                bh.consume(c.mean());
                bh.consume(c.max());
                bh.consume(c.stddev());
                total += c.count();
            }
        }
        return total;
    }
}
