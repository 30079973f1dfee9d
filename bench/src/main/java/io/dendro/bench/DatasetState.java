package io.dendro.bench;

import io.dendro.Database;
import io.dendro.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The open benchmark database, shared by the read benchmarks. {@code points} is the dataset
 * size: 100M for the real run, smaller (e.g. {@code -p points=10000000}) for a quick one.
 * {@code open} says through what the benchmarks read: {@code writer} (the default) opens the
 * database for writing in the benchmark's JVM; {@code reader} starts another JVM that holds it
 * open for writing ({@link WriterHolder}) and reads through a read-only open beside it
 * ({@link Database#openReadOnly}, refreshing itself every second as by default). Compare both
 * in one run: {@code -p open=writer,reader}.
 */
@State(Scope.Benchmark)
public class DatasetState {
    @Param("100000000")
    public long points;

    @Param("writer")
    public String open;

    public Database db;
    public Stream stream;
    /** {@code [start, end)} holds every point. */
    public long start;
    public long end;

    private Process holder;

    @Setup(Level.Trial)
    public void open() throws java.io.IOException {
        java.nio.file.Path dir = Dataset.ensure(points);
        switch (open) {
            case "writer" -> db = Database.open(dir);
            case "reader" -> {
                holder = WriterHolder.start(dir);
                db = Database.openReadOnly(dir);
            }
            default -> throw new IllegalArgumentException("open must be writer or reader, not " + open);
        }
        stream = db.stream(Dataset.STREAM);
        start = Signal.START;
        end = Signal.end(points);
    }

    @TearDown(Level.Trial)
    public void close() throws java.io.IOException, InterruptedException {
        db.close();
        if (holder != null) {
            WriterHolder.stop(holder);
        }
    }
}
