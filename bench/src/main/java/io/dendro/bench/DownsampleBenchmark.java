package io.dendro.bench;

import io.dendro.BucketCursor;
import io.dendro.Buckets;
import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.Durability;
import io.dendro.Granularity;
import io.dendro.PointCursor;
import io.dendro.Stream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Datastream's downsampling at query time ({@code Stream.downsample}) beside a values scan of
 * the same range, on two datasets: {@code signal} ({@link Dataset}'s 100 M points of a 120 Hz
 * signal, 9.6 days) and {@code year} (a year of 1 Hz data, 31.5 M points, 2025, built once into
 * {@code bench/target/data-year-1hz}). Granularities in Europe/Ljubljana (calendar days and
 * months, DST included). {@code downsample} reads every value downsampler and the first and last
 * times of each bucket; {@code downsampleMeanTime} adds the mean timestamp, which format 5
 * answers by reading every point; {@code values} is the batch scan of the whole range.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar DownsampleBenchmark -f 1 -wi 3 -w 2 -i 5 -r 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DownsampleBenchmark {
    static final ZoneId ZONE = ZoneId.of("Europe/Ljubljana");
    static final UUID YEAR_STREAM = UUID.nameUUIDFromBytes("dendro-bench/year-1hz".getBytes());
    static final long YEAR_START = 1_735_689_600_000_000_000L; // 2025-01-01T00:00:00Z
    static final long YEAR_POINTS = 365L * 86_400;
    static final long SECOND = 1_000_000_000L;

    @Param({"signal", "year"})
    public String data;

    @Param({"hours", "days", "months"})
    public String granularity;

    Database db;
    Stream stream;
    long start;
    long end;
    Buckets buckets;
    final long[] times = new long[8192];
    final double[] values = new double[8192];

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path dir = switch (data) {
            case "signal" -> Dataset.ensure(100_000_000L);
            case "year" -> ensureYear();
            default -> throw new IllegalArgumentException("data must be signal or year, not " + data);
        };
        db = Database.open(dir);
        if (data.equals("signal")) {
            stream = db.stream(Dataset.STREAM);
            start = Signal.START;
            end = Signal.end(100_000_000L);
        } else {
            stream = db.stream(YEAR_STREAM);
            start = YEAR_START;
            end = YEAR_START + YEAR_POINTS * SECOND;
        }
        buckets = Granularity.parse(granularity).buckets(ZONE);
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    /** A year of 1 Hz points: a daily cycle, a slow drift and a little noise, 3 decimals. */
    static synchronized Path ensureYear() throws IOException {
        Path dir = Dataset.baseDirectory().resolve("data-year-1hz");
        Path done = dir.resolve("complete");
        if (Files.exists(done)) {
            return dir;
        }
        Dataset.deleteTree(dir);
        try (Database d = Database.open(dir, DatabaseOptions.defaults().durability(Durability.NONE))) {
            Stream s = d.create(YEAR_STREAM, "bench/year", Map.of("name", "year-1hz"), Map.of());
            int batch = 1 << 20;
            long[] t = new long[batch];
            double[] v = new double[batch];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
            for (long i = 0; i < YEAR_POINTS; i += batch) {
                int n = (int) Math.min(batch, YEAR_POINTS - i);
                for (int k = 0; k < n; k++) {
                    long j = i + k;
                    t[k] = YEAR_START + j * SECOND;
                    double day = Math.sin(2 * Math.PI * (j % 86_400) / 86_400.0);
                    v[k] = Math.round((20 + 5 * day + j * 1e-7 + rnd.nextGaussian() * 0.1) * 1000) / 1000.0;
                }
                s.insert(n == batch ? t : java.util.Arrays.copyOf(t, n), n == batch ? v : java.util.Arrays.copyOf(v, n));
            }
            d.flush();
        }
        Files.createFile(done);
        return dir;
    }

    private long drain(BucketCursor c, Blackhole bh, boolean meanTime) {
        long total = 0;
        try (c) {
            while (c.next()) {
                total += c.count();
                bh.consume(c.sum());
                bh.consume(c.sumOfSquares());
                bh.consume(c.min());
                bh.consume(c.max());
                bh.consume(c.mean());
                bh.consume(c.stddev());
                bh.consume(c.firstTime());
                bh.consume(c.lastTime());
                if (meanTime) {
                    bh.consume(c.meanTime());
                }
            }
        }
        return total;
    }

    @Benchmark
    public long downsample(Blackhole bh) {
        return drain(stream.downsample(start, end, buckets, false, false, 0), bh, false);
    }

    @Benchmark
    public long downsampleMeanTime(Blackhole bh) {
        return drain(stream.downsample(start, end, buckets, false, true, 0), bh, true);
    }

    /** The batch scan of the same range (independent of the granularity; run it once per dataset). */
    @Benchmark
    public double values() {
        double sum = 0;
        try (PointCursor c = stream.values(start, end, 0)) {
            for (int n; (n = c.next(times, values)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    sum += values[i];
                }
            }
        }
        return sum;
    }
}
