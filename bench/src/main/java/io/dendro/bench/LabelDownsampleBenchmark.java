package io.dendro.bench;

import io.dendro.Buckets;
import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.DocumentBucketCursor;
import io.dendro.Durability;
import io.dendro.Granularity;
import io.dendro.MergePolicy;
import io.dendro.PointCursor;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.tree.BucketsCursor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Label frequencies per calendar bucket of a nominal stream ({@code Stream.downsampleDocuments})
 * beside a values scan of the same range that reads every label ({@code PointCursor.document()}),
 * on two nominal streams of 30 days at one point a second (2,592,000 points each), built once
 * into {@code bench/target/data-labels} (a real database, one insert per day, 30 versions per
 * stream):
 *
 * <ul>
 * <li>{@code states}: a device's state, five labels ({@code "on"}, {@code "off"},
 *     {@code "standby"}, {@code "fault"}, {@code "boot"}) in runs of a few minutes drawn from a
 *     small Markov chain ({@link StateGenerator}); every leaf and subtree holds at most five
 *     labels, so the summaries' label tables answer;</li>
 * <li>{@code requests}: the path of an HTTP request, drawn uniformly from 10,000 distinct paths
 *     ({@code "/api/v1/items/1234"} and the like); every leaf holds thousands of distinct labels,
 *     so every summary is marked "many" and every leaf is read.</li>
 * </ul>
 *
 * Buckets in Europe/Ljubljana, the range starting at local midnight (30 days, 720 hours).
 * {@code downsample} reads {@code frequencies()} of every bucket (and its count);
 * {@code scan} reads every point's label. The leaves each downsampling reads, against the
 * stream's leaves, are printed at the start of each trial, and by {@link #main}:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar LabelDownsampleBenchmark -f 1 -wi 3 -w 2 -i 5 -r 2
 * java -cp bench/target/benchmarks.jar io.dendro.bench.LabelDownsampleBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LabelDownsampleBenchmark {
    static final ZoneId ZONE = ZoneId.of("Europe/Ljubljana");
    static final UUID STATES = UUID.nameUUIDFromBytes("dendro-bench/labels/states".getBytes(StandardCharsets.UTF_8));
    static final UUID REQUESTS = UUID.nameUUIDFromBytes("dendro-bench/labels/requests".getBytes(StandardCharsets.UTF_8));
    /** 2025-01-01T00:00 in Europe/Ljubljana (2024-12-31T23:00:00Z). */
    static final long START = 1_735_686_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final int DAYS = 30;
    static final int POINTS_PER_DAY = 86_400;
    static final long POINTS = (long) DAYS * POINTS_PER_DAY;
    static final long END = START + POINTS * SECOND;
    /** Written into the directory's completion mark; bump when a generator changes. */
    static final String GENERATOR = "labels-v1";

    @Param({"states", "requests"})
    public String stream;

    @Param({"hours", "days"})
    public String granularity;

    Database db;
    Stream s;
    Buckets buckets;

    @Setup(Level.Trial)
    public void open() throws IOException {
        db = Database.open(ensure());
        s = db.stream(uuid(stream));
        buckets = Granularity.parse(granularity).buckets(ZONE);
        System.out.println();
        System.out.println("[labels] " + describe(db, s, stream, granularity, buckets));
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    @Benchmark
    public long downsample(Blackhole bh) {
        long total = 0;
        try (DocumentBucketCursor c = s.downsampleDocuments(START, END, buckets, false, false, 0)) {
            while (c.next()) {
                total += c.count();
                Map<String, Long> f = c.frequencies();
                for (Map.Entry<String, Long> e : f.entrySet()) {
                    bh.consume(e.getKey());
                    bh.consume(e.getValue());
                }
            }
        }
        return total;
    }

    /** Every point's label over the same range (independent of the granularity). */
    @Benchmark
    public long scan(Blackhole bh) {
        long n = 0;
        try (PointCursor c = s.values(START, END, 0)) {
            while (c.next()) {
                bh.consume(c.document());
                n++;
            }
        }
        return n;
    }

    static UUID uuid(String name) {
        return switch (name) {
            case "states" -> STATES;
            case "requests" -> REQUESTS;
            default -> throw new IllegalArgumentException("stream must be states or requests, not " + name);
        };
    }

    /** One downsampling's buckets, points and leaves read, against the stream's leaves. */
    static String describe(Database db, Stream s, String name, String granularity, Buckets buckets) {
        long bucketCount = 0;
        long points = 0;
        long labelsSeen = 0;
        long leaves;
        long t0 = System.nanoTime();
        try (DocumentBucketCursor c = s.downsampleDocuments(START, END, buckets, false, false, 0)) {
            while (c.next()) {
                bucketCount++;
                points += c.count();
                labelsSeen += c.frequencies().size();
            }
            leaves = ((BucketsCursor) c).leavesRead();
        }
        long nanos = System.nanoTime() - t0;
        long total = countLeaves(db, s.uuid());
        return String.format(Locale.ROOT, "stream=%s granularity=%s buckets=%d points=%d labels/bucket=%.1f"
                        + " leavesRead=%d of %d leaves (%.1f %%), one cold run %.1f ms", name, granularity,
                bucketCount, points, (double) labelsSeen / bucketCount, leaves, total, 100.0 * leaves / total,
                nanos / 1e6);
    }

    /** The leaves of the stream's latest version, counted in {@code Database.dumpTree}'s output. */
    static long countLeaves(Database db, UUID uuid) {
        long[] n = {0};
        Writer counter = new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] buf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    char ch = buf[i];
                    if (ch == '\n') {
                        if (line.indexOf("leaf ") >= 0) {
                            n[0]++;
                        }
                        line.setLength(0);
                    } else {
                        line.append(ch);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        db.dumpTree(uuid, 0, Database.DUMP_ALL, new PrintWriter(counter));
        return n[0];
    }

    /** The database directory, built first if it holds no complete dataset of this generator. */
    static synchronized Path ensure() throws IOException {
        Path dir = Dataset.baseDirectory().resolve("data-labels");
        Path done = dir.resolve("complete");
        if (Files.exists(done) && Files.readString(done).strip().equals(GENERATOR)) {
            return dir;
        }
        Dataset.deleteTree(dir);
        long t0 = System.nanoTime();
        try (Database d = Database.open(dir, DatabaseOptions.defaults().durability(Durability.NONE))) {
            Stream states = d.create(STATES, "bench/labels", Map.of("name", "states"), Map.of(), StreamKind.NOMINAL);
            Stream requests = d.create(REQUESTS, "bench/labels", Map.of("name", "requests"), Map.of(),
                    StreamKind.NOMINAL);
            StateGenerator sg = new StateGenerator(7);
            SplittableRandom rr = new SplittableRandom(11);
            long[] t = new long[POINTS_PER_DAY];
            String[] docs = new String[POINTS_PER_DAY];
            for (int day = 0; day < DAYS; day++) {
                for (int k = 0; k < POINTS_PER_DAY; k++) {
                    t[k] = START + ((long) day * POINTS_PER_DAY + k) * SECOND;
                }
                for (int k = 0; k < POINTS_PER_DAY; k++) {
                    docs[k] = sg.next();
                }
                states.insertDocuments(t, docs, MergePolicy.NEVER, Durability.NONE);
                for (int k = 0; k < POINTS_PER_DAY; k++) {
                    docs[k] = requestPath(rr.nextInt(10_000));
                }
                requests.insertDocuments(t, docs, MergePolicy.NEVER, Durability.NONE);
            }
            d.flush();
            System.out.printf(Locale.ROOT, "[labels] built %,d + %,d points in %s in %.1f s; %,d bytes used = %.2f"
                            + " bytes/point%n", POINTS, POINTS, dir, (System.nanoTime() - t0) / 1e9,
                    d.info().bytesOnDisk(), d.info().bytesPerPoint());
        }
        Files.writeString(done, GENERATOR + "\n");
        return dir;
    }

    /** One of 10,000 distinct request paths, as a JSON string: {@code "/api/v1/items/1234"} and the like. */
    static String requestPath(int i) {
        int id = i / 4;
        return switch (i % 4) {
            case 0 -> "\"/api/v1/items/" + id + "\"";
            case 1 -> "\"/api/v1/users/" + id + "/orders\"";
            case 2 -> "\"/static/img/p" + id + ".webp\"";
            default -> "\"/search?q=term" + id + "\"";
        };
    }

    /**
     * A device's state once a second: a Markov chain over five labels whose runs last a few
     * minutes (exponential, mean 8 min on, 6 min off, 4 min standby, 3 min fault; boot 30 to 90 s;
     * at least 10 s each): on goes to standby, off or now and then fault; standby back to on or
     * off; off and fault to boot; boot to on. Seeded: every run writes the same labels.
     */
    static final class StateGenerator {
        static final String ON = "\"on\"";
        static final String OFF = "\"off\"";
        static final String STANDBY = "\"standby\"";
        static final String FAULT = "\"fault\"";
        static final String BOOT = "\"boot\"";
        private final SplittableRandom rnd;
        private String state = BOOT;
        private long left;

        StateGenerator(long seed) {
            rnd = new SplittableRandom(seed);
            left = duration(state);
        }

        String next() {
            if (left-- <= 0) {
                state = following(state);
                left = duration(state) - 1;
            }
            return state;
        }

        private String following(String s) {
            int r = rnd.nextInt(100);
            return switch (s) {
                case ON -> r < 60 ? STANDBY : r < 92 ? OFF : FAULT;
                case STANDBY -> r < 70 ? ON : OFF;
                case OFF, FAULT -> BOOT;
                default -> ON;
            };
        }

        private long duration(String s) {
            double meanSeconds = switch (s) {
                case ON -> 480;
                case OFF -> 360;
                case STANDBY -> 240;
                case FAULT -> 180;
                default -> 0;
            };
            if (meanSeconds == 0) {
                return 30 + rnd.nextInt(61); // boot
            }
            return Math.max(10, Math.round(-meanSeconds * Math.log(1 - rnd.nextDouble())));
        }
    }

    /** Prints, for every stream and granularity, the buckets and the leaves one downsampling reads. */
    public static void main(String[] args) throws IOException {
        try (Database db = Database.open(ensure())) {
            System.out.printf(Locale.ROOT, "%s: %d streams, %,d points, %,d versions, %,d bytes (%.3f bytes/point)%n",
                    db.directory(), db.info().streams(), db.info().points(), db.info().versions(),
                    db.info().bytesOnDisk(), db.info().bytesPerPoint());
            for (String name : new String[] {"states", "requests"}) {
                for (String g : new String[] {"hours", "days"}) {
                    Buckets b = Granularity.parse(g).buckets(ZONE);
                    System.out.println(describe(db, db.stream(uuid(name)), name, g, b));
                }
            }
        }
    }
}
