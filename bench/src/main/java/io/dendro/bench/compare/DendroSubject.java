package io.dendro.bench.compare;

import io.dendro.Database;
import io.dendro.PointCursor;
import io.dendro.StatCursor;
import io.dendro.Stream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Dendro with its default options: fsync on, SYNC durability. Each 1 M-point batch is one
 * {@link Stream#insert} (a batch that large is committed at once as its own version), then
 * {@link Database#flush()}.
 */
final class DendroSubject implements Subject {
    static final long HOUR = 3_600_000_000_000L;
    private Database db;
    private Stream stream;
    private final long[] times = new long[4096];
    private final double[] values = new double[4096];

    @Override
    public String name() {
        return "dendro";
    }

    @Override
    public String version() {
        String v = Database.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    @Override
    public String setup() {
        return "Database.open(dir) with default options (fsync on, SYNC durability); one stream; "
                + "Stream.insert per 1 M-point batch, Database.flush() at the end; queries at version 0 (latest); "
                + "scan with PointCursor.next(long[], double[]) 4,096 points at a time (and, second row, next() per point)";
    }

    @Override
    public void open(Path dir) {
        db = Database.open(dir);
        stream = db.create(new UUID(0x64656e64726fL, 1), "bench/compare", Map.of("name", "value"), Map.of());
    }

    @Override
    public void append(long[] t, double[] v, int n) {
        if (n == t.length) {
            stream.insert(t, v);
        } else {
            stream.insert(Arrays.copyOf(t, n), Arrays.copyOf(v, n));
        }
    }

    @Override
    public void durable() {
        db.flush();
    }

    @Override
    public String[] scanVariants() {
        return new String[] {Workload.SCAN.key, Workload.SCAN_PER_POINT.key};
    }

    @Override
    public Sum scan(String variant, long from, long to) {
        return variant.equals(Workload.SCAN_PER_POINT.key) ? scanPerPoint(from, to) : scanBatch(from, to, times, values);
    }

    private Sum scanBatch(long from, long to, long[] t, double[] v) {
        Sum s = new Sum();
        try (PointCursor c = stream.values(from, to, 0)) {
            for (int n; (n = c.next(t, v)) > 0; ) { // the same additions in the same order as Sum.add
                long count = s.count;
                double sum = s.sum;
                long times = s.times;
                for (int i = 0; i < n; i++) {
                    count++;
                    sum += v[i];
                    times += t[i];
                }
                s.count = count;
                s.sum = sum;
                s.times = times;
            }
        }
        return s;
    }

    private Sum scanPerPoint(long from, long to) {
        Sum s = new Sum();
        try (PointCursor c = stream.values(from, to, 0)) {
            while (c.next()) {
                s.add(c.time(), c.value());
            }
        }
        return s;
    }

    @Override
    public String[] hourlyVariants() {
        return new String[] {Workload.HOURLY.key, Workload.HOURLY_PW42.key};
    }

    @Override
    public Sum hourly(String variant, long from, long to) {
        Sum s = new Sum();
        try (StatCursor c = variant.equals(Workload.HOURLY_PW42.key)
                ? stream.alignedWindows(from, (((to - 1) >> 42) + 1) << 42, 42, 0) // end rounded up: every point
                : stream.windows(from, to, HOUR, 0, 0)) {
            while (c.next()) {
                s.addWindow(c.time(), c.min(), c.mean(), c.max(), c.count(), c.stddev());
            }
        }
        return s;
    }

    @Override
    public long count(long from, long to) {
        return stream.count(from, to, 0).value();
    }

    @Override
    public long latest() {
        return stream.latest(0).value().orElseThrow().time();
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
        }
    }
}
