package io.dendro.bench;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.Durability;
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
 * Small batches: {@value #BATCH} sorted points per {@code insert}, appended to one stream of a
 * database with the default options (fsync on), under each durability mode. The points go to
 * the write-ahead log and the stream's buffer, sealed into versions of 32,768 points. One
 * operation is one point, so the score is points per second.
 *
 * <pre>java -jar bench/target/benchmarks.jar SmallBatchInsertBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class SmallBatchInsertBenchmark {
    static final int BATCH = 100;

    @Param({"NONE", "GROUP", "SYNC"})
    public Durability durability;

    private final long[] times = new long[BATCH];
    private final double[] values = new double[BATCH];
    private long next;
    private Path dir;
    private Database db;
    private Stream stream;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path base = Dataset.baseDirectory();
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "small-");
        db = Database.open(dir, DatabaseOptions.defaults());
        stream = db.create(UUID.randomUUID(), "bench/small", Map.of("unit", "V"), Map.of());
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
        Dataset.deleteTree(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long insert() {
        Signal.fill(next, times, values);
        next += BATCH;
        return stream.insert(times, values, MergePolicy.NEVER, durability);
    }
}
