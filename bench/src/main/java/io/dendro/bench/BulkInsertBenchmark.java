package io.dendro.bench;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inserting {@link #POINTS} sorted points into a fresh stream of a fresh database, with the
 * default options (fsync on: every insert is durable when it returns, so the data is durable
 * when the invocation ends). One operation is one point, so the score is points per second.
 *
 * <p>{@code batch} is the points per {@code insert} call: 1M (ten commits), or all 10M in one
 * call. The arrays are generated once per trial; creating and deleting the database directory
 * is outside the measured time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(1)
public class BulkInsertBenchmark {
    static final int POINTS = 10_000_000;

    @Param({"1000000", "10000000"})
    public int batch;

    /** Default on, {@code -p fsync=false} shows what the forcing costs. */
    @Param("true")
    public boolean fsync;

    private long[][] times;
    private double[][] values;
    private Path dir;
    private Database db;
    private Stream stream;

    @Setup(Level.Trial)
    public void generate() {
        if (POINTS % batch != 0) {
            throw new IllegalArgumentException("batch must divide " + POINTS);
        }
        int batches = POINTS / batch;
        times = new long[batches][batch];
        values = new double[batches][batch];
        for (int b = 0; b < batches; b++) {
            Signal.fill((long) b * batch, times[b], values[b]);
        }
    }

    @Setup(Level.Invocation)
    public void freshDatabase() throws IOException {
        Path base = Dataset.baseDirectory();
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "insert-");
        db = Database.open(dir, DatabaseOptions.defaults().fsync(fsync));
        stream = db.create(UUID.randomUUID(), "bench/insert", Map.of("unit", "V"), Map.of());
    }

    @TearDown(Level.Invocation)
    public void dropDatabase() {
        db.close();
        Dataset.deleteTree(dir);
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long insert() {
        long version = 0;
        for (int b = 0; b < times.length; b++) {
            version = stream.insert(times[b], values[b], MergePolicy.NEVER);
        }
        return version;
    }
}
