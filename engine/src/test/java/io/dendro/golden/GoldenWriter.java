package io.dendro.golden;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.RawPoint;
import io.dendro.Stream;
import io.dendro.TestAccess;
import io.dendro.Time;
import io.dendro.storage.FormatVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the golden databases of the current format into {@code <dir>/format-N/}, where N is
 * {@link FormatVersion#CURRENT}, and refuses to run when that directory exists: a golden
 * database is written once, by the code of its format, and then only read
 * (docs/format/README.md, "Golden databases"). Each database goes into {@code <variant>/db/},
 * with the queries and the answers of the code that wrote it in {@code <variant>/expected.txt}.
 *
 * <ul>
 * <li>{@code sealed}: three streams, every buffer committed and the database closed. Stream A
 *     has several internal levels and versions made by inserts under each merge policy, a
 *     delete and a later day; B has negative times and a retention policy that dropped its
 *     first versions; C is one leaf of zeros, subnormals and extremes of the normal range, with
 *     updated annotations. Values include negatives, {@code -0.0}, subnormals and {@code ±1e100}.</li>
 * <li>{@code crashed}: a stream with a sealed version and points only in the write-ahead log,
 *     and a stream whose every point is only in the log; closed as a crash would leave it, so a
 *     reader must replay the log.</li>
 * </ul>
 * Everything is deterministic but the commit times the version index records.
 *
 * <p>Run: {@code mvn -o -q -pl engine -am verify -Dtest=GoldenWriter -Dsurefire.failIfNoSpecifiedTests=false
 * -Ddendro.golden.write=$PWD/engine/src/test/resources/golden}
 */
public final class GoldenWriter {
    public static final UUID A = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    public static final UUID B = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    public static final UUID C = UUID.fromString("00000000-0000-4000-8000-00000000000c");
    public static final UUID D = UUID.fromString("00000000-0000-4000-8000-00000000000d");
    public static final UUID E = UUID.fromString("00000000-0000-4000-8000-00000000000e");
    public static final long SECOND = 1_000_000_000L;
    public static final long T0 = 1_704_067_200L * SECOND; // 2024-01-01T00:00:00Z
    static final long T1 = -365L * 86_400 * SECOND;  // 1969-01-01T00:00:00Z
    /** Small segments keep the files small; segment files are sparse but a checkout is not. */
    static final long SEGMENT_CAPACITY = 64 << 10;

    /** The options golden databases are written and read with. */
    public static DatabaseOptions options() {
        return DatabaseOptions.defaults().fsync(false).segmentCapacity(SEGMENT_CAPACITY)
                .bufferMaxAgeMillis(3_600_000).logFileBytes(64 << 10);
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "engine/src/test/resources/golden");
        Path out = root.resolve("format-" + FormatVersion.CURRENT);
        if (Files.exists(out)) {
            throw new IllegalStateException(out + " exists: a golden database is never overwritten");
        }
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, ".writing-");
        sealed(tmp.resolve("sealed"));
        crashed(tmp.resolve("crashed"));
        Files.move(tmp, out);
        System.out.println("wrote " + out);
    }

    /** The entry point for Maven (surefire): runs only when {@code dendro.golden.write} names the golden directory. */
    @Test
    @EnabledIfSystemProperty(named = "dendro.golden.write", matches = ".+")
    void write() throws IOException {
        main(new String[] {System.getProperty("dendro.golden.write")});
    }

    // ---- the sealed database ----------------------------------------------------------------

    private static void sealed(Path variant) throws IOException {
        Path dir = variant.resolve("db");
        SplittableRandom r = new SplittableRandom(20240101);
        try (Database db = Database.open(dir, options())) {
            Stream a = db.create(A, "golden/sensors/a", Map.of("name", "voltage", "unit", "V"), Map.of("site", "lab"));
            // v1: 20,000 points a second apart: several internal levels
            a.insert(seconds(T0, 0, 20_000, 1), valuesA(r, 0, 20_000), MergePolicy.NEVER, Durability.SYNC);
            a.flush();
            // v2: EQUAL over existing times: equal values are dropped, others kept beside the old ones
            long[] t2 = seconds(T0, 5_000, 1_000, 1);
            double[] v2 = valuesA(r, 5_000, 1_000);
            for (int i = 0; i < v2.length; i += 2) {
                v2[i] = valueAt(a, t2[i]);
            }
            a.insert(t2, v2, MergePolicy.EQUAL, Durability.SYNC);
            a.flush();
            // v3: RETAIN: existing times keep their points, new (half-second) times are added
            long[] t3 = new long[1_600];
            for (int i = 0; i < 800; i++) {
                t3[2 * i] = T0 + (8_000 + i) * SECOND;
                t3[2 * i + 1] = T0 + (8_000 + i) * SECOND + SECOND / 2;
            }
            a.insert(t3, valuesA(r, 8_000, t3.length), MergePolicy.RETAIN, Durability.SYNC);
            a.flush();
            // v4: REPLACE with extremes
            long[] t4 = seconds(T0, 12_000, 600, 1);
            double[] v4 = new double[t4.length];
            for (int i = 0; i < v4.length; i++) {
                v4[i] = switch (i % 6) {
                    case 0 -> -0.0;
                    case 1 -> Double.MIN_VALUE * (1 + r.nextInt(1000));
                    case 2 -> -Double.MIN_NORMAL;
                    case 3 -> -r.nextInt(100);
                    default -> Math.round(r.nextGaussian() * 1e6) / 1e4;
                };
            }
            a.insert(t4, v4, MergePolicy.REPLACE, Durability.SYNC);
            a.flush();
            // v5: a delete
            a.delete(T0 + 15_000 * SECOND, T0 + 15_500 * SECOND);
            // v6: the next day, two seconds apart
            a.insert(seconds(T0, 86_400, 3_000, 2), valuesA(r, 30_000, 3_000), MergePolicy.NEVER, Durability.SYNC);
            a.flush();

            Stream b = db.create(B, "golden/sensors/b", Map.of("name", "current", "unit", "A"), Map.of());
            b.setRetention(2, null);
            for (int k = 0; k < 5; k++) {
                long[] t = new long[2_000];
                double[] v = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = T1 + (k * 2_000L + i) * (SECOND / 2);
                    v[i] = i % 97 == 0 ? r.nextDouble() * 1e6 - 5e5 : Math.round(r.nextGaussian() * 1e4) / 1e2;
                }
                b.insert(t, v, MergePolicy.NEVER, Durability.SYNC);
                b.flush();
            }

            Stream c = db.create(C, "golden/other/c", Map.of("name", "freq"), Map.of("a", "1"));
            double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
                Double.MIN_NORMAL - Double.MIN_VALUE, 1e-300, -1e-310, 1.0, -1.0, 59.999, 60.001};
            for (int k = 0; k < 2; k++) {
                long[] t = new long[50];
                double[] v = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = T0 + (k * 50L + i) * 1_000 + (i % 7 == 0 ? 0 : 1); // some shared times
                    v[i] = special[(i + k) % special.length];
                }
                c.insert(t, v, MergePolicy.NEVER, Durability.SYNC);
                c.flush();
            }
            c.updateAnnotations(c.propertyVersion(), Map.of("b", "2"), List.of("a"));
        }
        // answers from the reopened database: what a reader of these files must see
        try (Database db = Database.open(dir, options().create(false))) {
            List<String> q = new ArrayList<>();
            q.add("streams");
            for (long v = 1; v <= 6; v++) {
                queries(db, A, v, q);
            }
            queries(db, A, 0, q);
            for (long v = 1; v <= 3; v++) {
                q.add("dropped " + B + " " + v);
            }
            queries(db, B, 4, q);
            queries(db, B, 5, q);
            queries(db, C, 1, q);
            queries(db, C, 2, q);
            record(db, q, variant.resolve("expected.txt"));
            System.out.println("sealed: " + db.info());
        }
        Files.deleteIfExists(dir.resolve("dendro.lock"));
    }

    // ---- the crashed database -----------------------------------------------------------------

    private static void crashed(Path variant) throws IOException {
        Path dir = variant.resolve("db");
        SplittableRandom r = new SplittableRandom(19690101);
        try (Database db = Database.open(dir, options())) {
            Stream d = db.create(D, "golden/crash/d", Map.of("name", "pressure"), Map.of());
            d.insert(seconds(T0, 0, 12_000, 1), valuesA(r, 0, 12_000), MergePolicy.NEVER, Durability.SYNC);
        } // sealed as version 1, and its log file deleted at the next open
        Database db = Database.open(dir, options());
        Stream d = db.stream(D);
        // logged but never sealed: REPLACE over old times, then EQUAL with new times
        long[] t1 = seconds(T0, 3_000, 400, 3);
        double[] v1 = valuesA(r, 50_000, t1.length);
        v1[0] = -0.0;
        v1[1] = Double.MIN_VALUE * 3;
        d.insert(t1, v1, MergePolicy.REPLACE, Durability.SYNC);
        d.insert(seconds(T0, 20_000, 300, 1), valuesA(r, 60_000, 300), MergePolicy.EQUAL, Durability.SYNC);
        Stream e = db.create(E, "golden/crash/e", Map.of("name", "flow"), Map.of("note", "buffered"));
        e.insert(seconds(T1, 0, 500, 1), valuesA(r, 70_000, 500), MergePolicy.NEVER, Durability.SYNC);
        List<String> q = new ArrayList<>();
        q.add("streams");
        queries(db, D, 1, q);
        queries(db, D, 0, q);
        queries(db, E, 0, q);
        record(db, q, variant.resolve("expected.txt"));
        System.out.println("crashed: " + db.info());
        TestAccess.crash(db);
        Files.deleteIfExists(dir.resolve("dendro.lock"));
    }

    // ---- data -----------------------------------------------------------------------------------

    private static long[] seconds(long base, long from, int n, long step) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = base + (from + i * step) * SECOND;
        }
        return t;
    }

    /** A 4-decimal signal around 230 with sign changes, zeros of both signs, subnormals and ±1e100. */
    private static double[] valuesA(SplittableRandom r, int from, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int k = from + i;
            double x = Math.round((230 + 5 * Math.sin(k / 300.0) + r.nextGaussian()) * 1e4) / 1e4;
            if (k % 997 == 0) {
                x = -x;
            }
            if (k % 1_500 == 7) {
                x = -0.0;
            }
            if (k % 1_700 == 11) {
                x = Double.MIN_VALUE * (1 + k % 100);
            }
            if (k % 3_100 == 13) {
                x = 0.0;
            }
            if (k % 4_999 == 17) {
                x = k % 2 == 0 ? 1e100 : -1e100;
            }
            v[i] = x;
        }
        return v;
    }

    private static double valueAt(Stream s, long t) {
        return s.nearest(t, 0, false).value().map(RawPoint::value).orElseThrow();
    }

    // ---- queries ------------------------------------------------------------------------------

    /** Queries of stream {@code id} at {@code version} (0: latest), over ranges its points span. */
    private static void queries(Database db, UUID id, long version, List<String> q) {
        Stream s = db.stream(id);
        Optional<RawPoint> first = s.earliest(version).value();
        Optional<RawPoint> last = s.latest(version).value();
        long lo = first.map(RawPoint::time).orElse(T0);
        long hi = last.map(RawPoint::time).orElse(T0) + 1;
        long span = Math.max(1, hi - lo);
        String p = id + " " + version + " ";
        q.add("count " + p + Time.MIN_TIME + " " + Time.MAX_TIME);
        q.add("count " + p + (lo + span / 3) + " " + (lo + span / 2));
        q.add("count " + p + (hi - 1) + " " + hi);
        q.add("values " + p + Time.MIN_TIME + " " + Time.MAX_TIME);
        q.add("values " + p + (lo + span / 4) + " " + (lo + span / 4 + 5 * SECOND));
        q.add("values " + p + (lo + span / 4 * 3) + " " + (lo + span / 4 * 3 + span / 7));
        q.add("nearest " + p + (lo + span / 5) + " forward");
        q.add("nearest " + p + (lo + span / 5) + " backward");
        q.add("nearest " + p + lo + " backward");
        q.add("nearest " + p + hi + " forward");
        int pw = 63 - Long.numberOfLeadingZeros(span / 12 + 1); // about 12 to 24 windows
        q.add("aligned " + p + lo + " " + hi + " " + pw);
        q.add("aligned " + p + (lo + span / 2) + " " + (lo + span / 2 + span / 300) + " " + Math.max(0, pw - 8));
        long width = span / 12 + 1;
        q.add("windows " + p + lo + " " + hi + " " + width + " 0");
        q.add("windows " + p + lo + " " + hi + " " + width + " " + Math.min(62, pw + 2));
        q.add("windows " + p + (lo + span / 3) + " " + (lo + span / 3 + span / 50) + " " + (span / 500 + 7) + " 0");
    }

    private static void record(Database db, List<String> queries, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("# Golden database of format " + FormatVersion.CURRENT + ", written by io.dendro.golden.GoldenWriter.");
            w.println("# Queries and the answers of the code that wrote it; see io.dendro.golden.Golden for the syntax.");
            for (String query : queries) {
                w.println(query);
                for (String a : Golden.answer(db, query)) {
                    w.println(a);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
