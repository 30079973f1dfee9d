package io.dendro.bench;

import io.dendro.Database;
import io.dendro.Time;
import java.nio.file.Path;
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

/**
 * {@code Database.open} of the benchmark database, then looking the stream up and counting all
 * its points; the close is outside the measured time. This is a warm reopen: the JVM has
 * loaded and compiled the engine and the files are in the page cache. For the first open in a
 * fresh JVM and the heap it leaves, see {@link ReopenMain}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(1)
public class ReopenBenchmark {
    @Param("100000000")
    public long points;

    private Path dir;
    private Database db;

    @Setup(Level.Trial)
    public void prepare() {
        dir = Dataset.ensure(points);
    }

    @TearDown(Level.Invocation)
    public void closeDatabase() {
        if (db != null) {
            db.close();
            db = null;
        }
    }

    @Benchmark
    public long openAndCount() {
        db = Database.open(dir);
        return db.stream(Dataset.STREAM).count(Time.MIN_TIME, Time.MAX_TIME, 0).value();
    }
}
