package io.dendro.bench;

import io.dendro.StatCursor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code alignedWindows} over the whole stream, every window's statistics consumed. With the
 * 120 Hz signal a leaf spans 2^32 ns (about 515 points), so pointwidth 30 is below the leaf
 * level (it reads every point), 36 takes the summaries of leaves, 42 and 48 those of higher
 * nodes. At 100M points (9.6 days) that is about 776k, 12k, 190 and 3 windows.
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

    @Benchmark
    public long alignedWindows(DatasetState data, Blackhole bh) {
        long total = 0;
        try (StatCursor c = data.stream.alignedWindows(data.start, data.end, pointwidth, 0)) {
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
