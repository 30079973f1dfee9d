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
 * {@code alignedWindows} over the whole stream, every window's statistics consumed. With the
 * 120 Hz signal a leaf spans 2^32 ns (about 515 points), so pointwidth 30 is below the leaf
 * level (it reads every point), 36 takes the summaries of leaves, 42 and 48 those of higher
 * nodes. At 100M points (9.6 days) that is 776,103, 12,127, 191 and 4 windows (checked: their
 * counts add up to 100M).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(1)
public class AlignedWindowsBenchmark {
    @Param({"30", "36", "42", "48"})
    public int pointwidth;

    private long end;

    /**
     * The query's end rounded up to a whole window: alignedWindows rounds its end down, which
     * at pointwidth 48 would drop the last 14M points with the partial last window.
     */
    @Setup(Level.Trial)
    public void range(DatasetState data) {
        long width = 1L << pointwidth;
        end = Math.floorDiv(data.end - 1, width) * width + width;
    }

    @Benchmark
    public long alignedWindows(DatasetState data, Blackhole bh) {
        long total = 0;
        try (StatCursor c = data.stream.alignedWindows(data.start, end, pointwidth, 0)) {
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
