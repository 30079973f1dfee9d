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
 */
@State(Scope.Benchmark)
public class DatasetState {
    @Param("100000000")
    public long points;

    public Database db;
    public Stream stream;
    /** {@code [start, end)} holds every point. */
    public long start;
    public long end;

    @Setup(Level.Trial)
    public void open() {
        db = Database.open(Dataset.ensure(points));
        stream = db.stream(Dataset.STREAM);
        start = Signal.START;
        end = Signal.end(points);
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }
}
