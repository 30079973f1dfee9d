package io.dendro.golden;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.RawPoint;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.TestAccess;
import io.dendro.Time;
import io.dendro.storage.FormatVersion;
import io.dendro.value.Aggregate;
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
 * <li>{@code sealed}: numeric streams A, B and C (written the same way since format 4, so their
 *     points equal those of every older golden database), every buffer committed and the
 *     database closed. Stream A has several internal levels and versions made by inserts under
 *     each merge policy, a delete and a later day; B has negative times and a retention policy
 *     that dropped its first versions; C is one leaf of zeros, subnormals and extremes of the
 *     normal range, with updated annotations. Values include negatives, {@code -0.0},
 *     subnormals and {@code ±1e100}. Since format 7 also: F, a nominal stream of 24,000 labels
 *     (the strings "on", "off" and "standby" in runs, and numbers as written, objects with
 *     nested keys in no sorted order, arrays, {@code null}, booleans, unicode and escapes) in
 *     versions by NEVER, a REPLACE correction, EQUAL with repeats, a delete and a later day
 *     with duplicate times; G, a graph stream of 3,000 topology snapshots 10 s apart (0 to 13
 *     vertices, extra fields on the graph, its vertices and edges, integer and string ids) with
 *     a REPLACE correction and a delete; H, a numeric stream mixing plain points,
 *     {@link Stream#NULL} points and aggregate points ({@link Aggregate}, one with
 *     {@code ±1e100}, one of subnormals), with REPLACEs of aggregates by plain points and back,
 *     EQUAL against aggregates, a delete and a later day of aggregates only.</li>
 * <li>{@code crashed}: a stream with a sealed version and points only in the write-ahead log,
 *     and a stream whose every point is only in the log; closed as a crash would leave it, so a
 *     reader must replay the log. Since format 7 also a nominal stream (I) and a numeric stream
 *     of plain, null and aggregate points (J), each with a sealed version and later points
 *     (REPLACEs over sealed times among them) only in the log.</li>
 * </ul>
 * Format 9 wrote the same streams and P, an EKG-like 1 kHz signal whose leaves are ALP delta
 * encodings (value codec tag 4; {@code GoldenFormatTest} checks that they are).
 * Format 8 wrote the same streams, one atomic insert into D, I and J in the crashed database's
 * log (a group record), and O, a derivative whose history was computed in chunks and
 * stopped after two (derivation records with {@code until}); its databases' catalog roots carry the registry index, which
 * {@code GoldenFormatTest}'s lookups read (and which the first commit builds in older ones).
 * Everything is deterministic but the commit times the version index records (and the
 * creation times the registry index's keys hold).
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
    /** Format 7 on: nominal (F), graph (G), numeric with nulls and aggregates (H); in the crashed database I and J. */
    public static final UUID F = UUID.fromString("00000000-0000-4000-8000-00000000000f");
    public static final UUID G = UUID.fromString("00000000-0000-4000-8000-000000000010");
    public static final UUID H = UUID.fromString("00000000-0000-4000-8000-000000000011");
    public static final UUID I = UUID.fromString("00000000-0000-4000-8000-000000000012");
    public static final UUID J = UUID.fromString("00000000-0000-4000-8000-000000000013");
    /** Derived streams (format 7): K the derivative of H, N a sum over M, which got its points after N existed. */
    public static final UUID K = UUID.fromString("00000000-0000-4000-8000-000000000014");
    public static final UUID M = UUID.fromString("00000000-0000-4000-8000-000000000015");
    public static final UUID N = UUID.fromString("00000000-0000-4000-8000-000000000016");
    /** Format 8: the derivative of M, its history computed in chunks and stopped after two (a derivation with until). */
    public static final UUID O = UUID.fromString("00000000-0000-4000-8000-000000000017");
    /**
     * Format 9: an EKG-like signal at 1 kHz (4 decimals in steps of 0.0005, slow waves and a
     * sharp spike a second), whose leaves take ALP delta (value codec tag 4).
     */
    public static final UUID P = UUID.fromString("00000000-0000-4000-8000-000000000018");
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

            // format 7: a nominal, a graph and a numeric stream of nulls and aggregates (their own random numbers)
            writeF(db.create(F, "golden/states/f", Map.of("name", "state"), Map.of("device", "ap-7"),
                    StreamKind.NOMINAL), new SplittableRandom(70_001));
            writeG(db.create(G, "golden/topology/g", Map.of("name", "mesh"), Map.of("site", "lab"), StreamKind.GRAPH),
                    new SplittableRandom(70_002));
            writeH(db.create(H, "golden/sensors/h", Map.of("name", "latency", "unit", "ms"), Map.of()),
                    new SplittableRandom(70_003));
            // format 7: derived streams, one computed over its source's history, one following its source's versions
            db.derive(K, "golden/derived/k", Map.of("name", "latency rate"), Map.of(), "derivative", List.of(H),
                    java.util.Arrays.asList((String) null), Map.of(), true);
            Stream m = db.create(M, "golden/sensors/m", Map.of("name", "flow"), Map.of());
            db.derive(N, "golden/derived/n", Map.of("name", "flow total"), Map.of(), "sum", List.of(M),
                    java.util.Arrays.asList((String) null), Map.of("granularity", "minutes"), true);
            SplittableRandom rm = new SplittableRandom(70_004);
            m.insert(seconds(T0, 0, 3_000, 1), valuesA(rm, 0, 3_000), MergePolicy.NEVER, Durability.SYNC);
            m.flush();
            m.insert(new long[] {T0 + 100 * SECOND, T0 + 5_000 * SECOND}, new double[] {-7.5, 12.25},
                    MergePolicy.REPLACE, Durability.SYNC);
            m.flush();
            // format 8: a history computed in chunks, stopped after the second (its derivation records carry until)
            int[] chunks = {0};
            db.derive(O, "golden/derived/o", Map.of("name", "flow rate"), Map.of(), "derivative", List.of(M),
                    java.util.Arrays.asList((String) null), Map.of(), true,
                    io.dendro.BackprocessOptions.defaults().chunkPoints(700).listener((id, until, done, total) -> {
                        if (++chunks[0] == 2) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            if (!Thread.interrupted() || db.stream(O).lineage().complete()) {
                throw new IllegalStateException("O was meant to stop after two chunks");
            }
            // format 9: a smooth decimal signal sampled finely (ALP delta leaves), then a REPLACE over part of it
            Stream p = db.create(P, "golden/sensors/p", Map.of("name", "ekg", "unit", "mV"), Map.of("lead", "II"));
            long ms = SECOND / 1_000;
            long[] tp = new long[3_000];
            for (int i = 0; i < tp.length; i++) {
                tp[i] = T0 + i * ms;
            }
            p.insert(tp, ekg(new SplittableRandom(90_001), 0, tp.length), MergePolicy.NEVER, Durability.SYNC);
            p.flush();
            long[] tp2 = java.util.Arrays.copyOfRange(tp, 1_000, 1_500);
            p.insert(tp2, ekg(new SplittableRandom(90_002), 1_000, tp2.length), MergePolicy.REPLACE, Durability.SYNC);
            p.flush();
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
            for (long v = 1; v <= 5; v++) {
                queries(db, F, v, q, false);
            }
            queries(db, F, 0, q, false);
            listed(F, 0, T0, 16, q);                       // every kind of label
            listed(F, 2, T0 + 5_000 * SECOND, 8, q);       // REPLACEd
            listed(F, 3, T0 + 9_000 * SECOND, 8, q);       // EQUAL beside the old labels
            listed(F, 5, T0 + 86_400 * SECOND, 8, q);      // duplicate times
            for (long v = 1; v <= 3; v++) {
                queries(db, G, v, q);
            }
            queries(db, G, 0, q);
            listed(G, 0, T0, 40, q);                       // four snapshots
            listed(G, 2, T0 + 10_000 * SECOND, 40, q);     // REPLACEd
            for (long v = 1; v <= 5; v++) {
                queries(db, H, v, q);
            }
            queries(db, H, 0, q);
            queries(db, K, 1, q);
            queries(db, K, 0, q);
            for (long v = 1; v <= 3; v++) {
                queries(db, N, v, q);
            }
            queries(db, O, 1, q);
            queries(db, O, 2, q);
            queries(db, P, 1, q);
            queries(db, P, 0, q);
            listed(H, 1, T0, 16, q);                       // plain, null and aggregate points
            listed(H, 2, T0 + 100 * SECOND, 16, q);        // aggregates REPLACEd by plain points and back
            listed(H, 3, T0 + 300 * SECOND, 6, q);         // EQUAL against aggregates
            listed(H, 0, T0 + 4_001 * SECOND, 4, q);       // nulls only
            for (long v = 1; v <= 5; v++) {
                extremes(H, v, q);
            }
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
            // format 7: sealed versions of a nominal and a numeric stream with nulls and aggregates
            Stream i = db.create(I, "golden/crash/i", Map.of("name", "alarm"), Map.of(), StreamKind.NOMINAL);
            SplittableRandom ri = new SplittableRandom(70_004);
            i.insertDocuments(seconds(T0, 0, 3_000, 1), labels(ri, 0, 3_000), MergePolicy.NEVER, Durability.SYNC);
            Stream j = db.create(J, "golden/crash/j", Map.of("name", "rtt", "unit", "ms"), Map.of());
            SplittableRandom rj = new SplittableRandom(70_005);
            Mixed m = mixed(rj, 0, 4_000);
            j.insert(seconds(T0, 0, 4_000, 1), m.values, m.aggregates, MergePolicy.NEVER, Durability.SYNC);
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
        // format 7, logged but never sealed: labels REPLACEd over sealed times, new ones after them
        SplittableRandom ri = new SplittableRandom(70_014);
        Stream i = db.stream(I);
        String[] fix = labels(ri, 10_000, 200);
        fix[0] = "{\"state\": \"fault\", \"code\": 17, \"why\": [\"fan\", null]}";
        i.insertDocuments(seconds(T0, 1_000, 200, 2), fix, MergePolicy.REPLACE, Durability.SYNC);
        i.insertDocuments(seconds(T0, 3_000, 300, 1), labels(ri, 3_000, 300), MergePolicy.NEVER, Durability.SYNC);
        // aggregates REPLACEd by plain points and plain points by aggregates over sealed times; new points EQUAL
        SplittableRandom rj = new SplittableRandom(70_015);
        Stream j = db.stream(J);
        long[] tj = seconds(T0, 500, 100, 1);
        double[] vj = new double[tj.length];
        Aggregate[] aj = new Aggregate[tj.length];
        for (int k = 0; k < tj.length; k++) {
            double x = signal(rj, 50_500 + k);
            if (isAggregateAt(500 + k)) {
                vj[k] = x;
            } else {
                aj[k] = aggregate(rj, x);
            }
        }
        j.insert(tj, vj, aj, MergePolicy.REPLACE, Durability.SYNC);
        Mixed later = mixed(rj, 4_000, 400);
        j.insert(seconds(T0, 4_000, 400, 1), later.values, later.aggregates, MergePolicy.EQUAL, Durability.SYNC);
        // format 8: one atomic insert into D, I and J, a group record in the log
        db.insertAll(List.of(
                io.dendro.StreamInsert.numbers(D, seconds(T0, 30_000, 100, 1), valuesA(r, 80_000, 100)),
                io.dendro.StreamInsert.documents(I, seconds(T0, 5_000, 50, 1), labels(ri, 5_000, 50)),
                io.dendro.StreamInsert.numbers(J, seconds(T0, 6_000, 30, 1), valuesA(rj, 6_000, 30))),
                MergePolicy.NEVER, Durability.SYNC);
        List<String> q = new ArrayList<>();
        q.add("streams");
        queries(db, D, 1, q);
        queries(db, D, 0, q);
        queries(db, E, 0, q);
        queries(db, I, 1, q, false);
        queries(db, I, 0, q, false);
        listed(I, 0, T0 + 1_000 * SECOND, 6, q);
        listed(I, 0, T0 + 2_998 * SECOND, 4, q);
        queries(db, J, 1, q);
        queries(db, J, 0, q);
        listed(J, 1, T0 + 500 * SECOND, 10, q);
        listed(J, 0, T0 + 500 * SECOND, 10, q);
        listed(J, 0, T0 + 3_998 * SECOND, 6, q);
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
    /** Format 9's P: millivolts in steps of 0.0005, a slow wave, noise of a step or two, a spike each second. */
    private static double[] ekg(SplittableRandom r, int from, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int k = from + i;
            double x = 0.25 + 0.12 * Math.sin(k / 160.0) + 0.0005 * r.nextInt(-2, 3)
                    + (k % 1_000 < 40 ? 1.1 * Math.sin(Math.PI * (k % 1_000) / 40.0) : 0);
            v[i] = Math.round(x * 2_000) / 2_000.0;
        }
        return v;
    }

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

    // ---- format 7: labels, graphs, nulls and aggregates -------------------------------------------

    private static final String[] STATES = {"\"on\"", "\"off\"", "\"standby\""};
    /** Labels of every JSON kind, as a source might send them (whitespace, escapes): stored compact. */
    private static final String[] SPECIAL = {
        "\"on\"", "\"off\"", "\"standby\"", "42", "-1.50e3",
        "{ \"z\": 1, \"a\": {\"y\": [1, 2.0], \"b\": null}, \"m\": \"x\" }",
        "[\"on\", 2, true, false, null, {\"k\": []}]",
        "null",
        "\"Z\u00fcrich \u2600 \u6771\u4eac \ud83d\ude00\"",
        "\"\\u00e9t\\u00e9 \\\"quoted\\\" \\\\ back\\nnew line\\ttab \\/ \\ud83d\\ude00\"",
        "true", "{}", "\"\"", "0", "12345678901234567890123", " \"on\" ",
    };

    /**
     * Labels of points {@code from .. from + n - 1}: the first 16 points are {@link #SPECIAL},
     * every 997th one of them too, the rest the three states in runs of 1 to 600.
     */
    private static String[] labels(SplittableRandom r, int from, int n) {
        String[] out = new String[n];
        int state = r.nextInt(3);
        int left = 0;
        for (int i = 0; i < n; i++) {
            int k = from + i;
            if (k < SPECIAL.length) {
                out[i] = SPECIAL[k];
            } else if (k % 997 == 0) {
                out[i] = SPECIAL[(k / 997) % SPECIAL.length];
            } else {
                if (left-- <= 0) {
                    state = (state + 1 + r.nextInt(2)) % 3;
                    left = 1 + r.nextInt(600);
                }
                out[i] = STATES[state];
            }
        }
        return out;
    }

    private static String documentAt(Stream s, long t) {
        return s.nearest(t, 0, false).value().map(RawPoint::document).orElseThrow();
    }

    /** Nominal stream F: versions 1 to 5. */
    private static void writeF(Stream f, SplittableRandom r) {
        // v1: 24,000 labels a second apart: internal levels above leaves of at most 8,192 points
        f.insertDocuments(seconds(T0, 0, 24_000, 1), labels(r, 0, 24_000), MergePolicy.NEVER, Durability.SYNC);
        f.flush();
        // v2: REPLACE: a maintenance window, corrected afterwards
        long[] t2 = seconds(T0, 5_000, 300, 1);
        String[] d2 = new String[t2.length];
        for (int i = 0; i < d2.length; i++) {
            d2[i] = i % 50 == 1 ? "{\"state\": \"fault\", \"code\": " + (17 + i) + "}" : "\"maintenance\"";
        }
        f.insertDocuments(t2, d2, MergePolicy.REPLACE, Durability.SYNC);
        f.flush();
        // v3: EQUAL, every point twice: the label stored at its time (as stored, or with other
        // whitespace: the same compact form) is dropped with its repeat; another label is kept
        // beside the stored one, and its repeat dropped
        long[] t3 = new long[1_200];
        String[] d3 = new String[t3.length];
        for (int i = 0; i < 600; i++) {
            long t = T0 + (9_000 + i) * SECOND;
            String old = documentAt(f, t);
            String doc = switch (i % 3) {
                case 0 -> old;
                case 1 -> " " + old + "\n";
                default -> i % 30 == 2 ? "[\"degraded\", " + i + "]" : "\"degraded\"";
            };
            t3[2 * i] = t;
            t3[2 * i + 1] = t;
            d3[2 * i] = doc;
            d3[2 * i + 1] = doc;
        }
        f.insertDocuments(t3, d3, MergePolicy.EQUAL, Durability.SYNC);
        f.flush();
        // v4: a delete
        f.delete(T0 + 15_000 * SECOND, T0 + 15_500 * SECOND);
        // v5: the next day, two seconds apart, every tenth time twice (NEVER keeps both)
        String[] d5 = labels(r, 24_000, 2_000);
        long[] t5 = new long[d5.length + 200];
        String[] all5 = new String[t5.length];
        int n = 0;
        for (int i = 0; i < d5.length; i++) {
            long t = T0 + (86_400 + 2L * i) * SECOND;
            t5[n] = t;
            all5[n++] = d5[i];
            if (i % 10 == 0) {
                t5[n] = t;
                all5[n++] = i % 20 == 0 ? "\"off\"" : "{\"state\": \"on\", \"since\": " + i + "}";
            }
        }
        f.insertDocuments(t5, all5, MergePolicy.NEVER, Durability.SYNC);
        f.flush();
    }

    /**
     * A mesh's topology at snapshot {@code k} (10 s apart): 3 to 12 access points whose number walks
     * slowly, an empty graph every 500th snapshot, a gateway with a string id in some stretches,
     * extra fields on the graph, its vertices and its edges.
     */
    private static String topology(SplittableRandom r, int k, int vertices, boolean fault) {
        if (k % 500 == 250) {
            return "{\"v\": [], \"e\": [], \"note\": \"all down\"}";
        }
        boolean gateway = (k / 400) % 2 == 1;
        StringBuilder b = new StringBuilder("{\"v\": [");
        if (gateway) {
            b.append("{\"i\": \"gw\", \"name\": \"gateway\"}, ");
        }
        for (int i = 1; i <= vertices; i++) {
            b.append(i > 1 ? ", " : "").append("{\"i\": ").append(i).append(", \"name\": \"ap-").append(i)
                    .append("\", \"load\": ").append(((i * 7 + k / 60) % 10) / 10.0).append('}');
        }
        b.append("], \"e\": [");
        int edges = 0;
        for (int i = 2; i <= vertices; i++) {
            b.append(edges++ > 0 ? ", " : "").append("{\"f\": ").append(i).append(", \"t\": ").append(fault ? 1 : i / 2)
                    .append(", \"rssi\": ").append(-40 - (i * 13 + k / 30) % 40).append('}');
        }
        if (gateway) {
            b.append(edges++ > 0 ? ", " : "").append("{\"f\": 1, \"t\": \"gw\"}");
        }
        if (vertices > 4 && r.nextInt(4) == 0) {
            b.append(edges > 0 ? ", " : "").append("{\"f\": ").append(vertices).append(", \"t\": 1, \"backup\": true}");
        }
        b.append(']');
        if (k % 100 == 0) {
            b.append(", \"seq\": ").append(k);
        }
        if (fault) {
            b.append(", \"fault\": \"star after a reboot\"");
        }
        return b.append('}').toString();
    }

    /** Graph stream G: versions 1 to 3. */
    private static void writeG(Stream g, SplittableRandom r) {
        // v1: 3,000 snapshots 10 s apart
        int n = 3_000;
        long[] t = seconds(T0, 0, n, 10);
        String[] docs = new String[n];
        int vertices = 6;
        for (int k = 0; k < n; k++) {
            if (r.nextInt(20) == 0) {
                vertices = Math.max(3, Math.min(12, vertices + (r.nextBoolean() ? 1 : -1)));
            }
            docs[k] = topology(r, k, vertices, false);
        }
        g.insertDocuments(t, docs, MergePolicy.NEVER, Durability.SYNC);
        g.flush();
        // v2: REPLACE: 30 snapshots corrected to a star
        long[] t2 = seconds(T0, 10_000, 30, 10);
        String[] d2 = new String[t2.length];
        for (int i = 0; i < d2.length; i++) {
            d2[i] = topology(r, 1_000 + i, 3 + i % 10, true);
        }
        g.insertDocuments(t2, d2, MergePolicy.REPLACE, Durability.SYNC);
        g.flush();
        // v3: a delete
        g.delete(T0 + 20_000 * SECOND, T0 + 20_500 * SECOND);
    }

    /** Plain values, nulls and aggregates of a numeric stream (an aggregate's value is its mean). */
    private record Mixed(double[] values, Aggregate[] aggregates) {
    }

    /** Point {@code k} of H and J is an aggregate: every fifth, a stretch of 600, and the extremes. */
    private static boolean isAggregateAt(int k) {
        return k % 5 == 0 || (k >= 2_000 && k < 2_600) || k == 777;
    }

    /** Point {@code k} of H and J (not an aggregate) is null: every seventh, and a stretch of 100. */
    private static boolean isNullAt(int k) {
        return k % 7 == 3 || (k >= 4_000 && k < 4_100);
    }

    /** A latency around 20 ms, 3 decimals, with {@code -0.0} and subnormals now and then. */
    private static double signal(SplittableRandom r, int k) {
        double x = Math.round((20 + 3 * Math.sin(k / 200.0) + r.nextGaussian()) * 1e3) / 1e3;
        if (k % 1_300 == 11) {
            x = -0.0;
        }
        if (k % 1_700 == 12) {
            x = Double.MIN_VALUE * (1 + k % 100);
        }
        return x;
    }

    /** An aggregate of 1 to 60 samples around {@code center}, 3 decimals (a single sample: no spread). */
    private static Aggregate aggregate(SplittableRandom r, double center) {
        int count = 1 + r.nextInt(60);
        double m = Math.round(center * 1e3) / 1e3;
        if (count == 1) {
            return new Aggregate(1, m, m, m, 0);
        }
        double d = Math.round(Math.abs(r.nextGaussian()) * 800) / 1e3;
        double spread = d + Math.round(Math.abs(r.nextGaussian()) * 2_000) / 1e3;
        return new Aggregate(count, m - spread, m + spread, m, d);
    }

    /** Points {@code from .. from + n - 1} of H and J. */
    private static Mixed mixed(SplittableRandom r, int from, int n) {
        double[] v = new double[n];
        Aggregate[] a = new Aggregate[n];
        for (int i = 0; i < n; i++) {
            int k = from + i;
            double x = signal(r, k);
            if (k == 777) { // two samples at ±1e100
                a[i] = new Aggregate(2, -1e100, 1e100, 0.0, 1e100);
            } else if (k == 2_345) { // two subnormal samples, 0 and 2·MIN_VALUE
                a[i] = new Aggregate(2, 0.0, 2 * Double.MIN_VALUE, Double.MIN_VALUE, Double.MIN_VALUE);
            } else if (isAggregateAt(k)) {
                a[i] = aggregate(r, x);
            }
            v[i] = a[i] != null ? a[i].mean() : isNullAt(k) ? Stream.NULL : x;
        }
        return new Mixed(v, a);
    }

    /** Numeric stream H of plain, null and aggregate points: versions 1 to 5. */
    private static void writeH(Stream h, SplittableRandom r) {
        // v1: 12,000 points a second apart
        Mixed m = mixed(r, 0, 12_000);
        h.insert(seconds(T0, 0, 12_000, 1), m.values, m.aggregates, MergePolicy.NEVER, Durability.SYNC);
        h.flush();
        // v2: REPLACE over 100 s: aggregates by plain points, plain and null points by aggregates,
        // every tenth plain point by a null
        long[] t2 = seconds(T0, 100, 100, 1);
        double[] v2 = new double[t2.length];
        Aggregate[] a2 = new Aggregate[t2.length];
        for (int i = 0; i < t2.length; i++) {
            int k = 100 + i;
            double x = signal(r, k + 50_000);
            if (isAggregateAt(k)) {
                v2[i] = x;
            } else if (k % 10 == 1) {
                v2[i] = Stream.NULL;
            } else {
                a2[i] = aggregate(r, x);
            }
        }
        h.insert(t2, v2, a2, MergePolicy.REPLACE, Durability.SYNC);
        h.flush();
        // v3: EQUAL against what is stored: the same aggregate, plain value or null is dropped;
        // an aggregate differing in its count only, a plain point at an aggregate's mean and an
        // aggregate of one sample at a plain point's value are kept beside the stored point
        List<Long> t3 = new ArrayList<>();
        List<Double> v3 = new ArrayList<>();
        List<Aggregate> a3 = new ArrayList<>();
        for (int k = 300; k < 360; k++) {
            long t = T0 + k * SECOND;
            RawPoint old = h.nearest(t, 0, false).value().orElseThrow();
            Aggregate a = old.aggregate();
            if (a != null) {
                addPoint(t3, v3, a3, t, 0, a);
                addPoint(t3, v3, a3, t, 0, new Aggregate(a.count() + 1, a.min(), a.max(), a.mean(), a.stddev()));
                addPoint(t3, v3, a3, t, a.mean(), null);
            } else if (Stream.isNull(old.value())) {
                addPoint(t3, v3, a3, t, Stream.NULL, null);
            } else {
                addPoint(t3, v3, a3, t, old.value(), null);
                double x = old.value();
                addPoint(t3, v3, a3, t, 0, new Aggregate(1, x, x, x, 0));
            }
        }
        h.insert(t3.stream().mapToLong(Long::longValue).toArray(), v3.stream().mapToDouble(Double::doubleValue).toArray(),
                a3.toArray(Aggregate[]::new), MergePolicy.EQUAL, Durability.SYNC);
        h.flush();
        // v4: a delete
        h.delete(T0 + 6_000 * SECOND, T0 + 6_300 * SECOND);
        // v5: the next day, aggregates only
        long[] t5 = seconds(T0, 86_400, 3_000, 1);
        double[] v5 = new double[t5.length];
        Aggregate[] a5 = new Aggregate[t5.length];
        for (int i = 0; i < t5.length; i++) {
            a5[i] = aggregate(r, signal(r, 86_400 + i));
        }
        h.insert(t5, v5, a5, MergePolicy.NEVER, Durability.SYNC);
        h.flush();
    }

    private static void addPoint(List<Long> t, List<Double> v, List<Aggregate> a, long time, double value, Aggregate agg) {
        t.add(time);
        v.add(value);
        a.add(agg);
    }

    // ---- queries ------------------------------------------------------------------------------

    /** Queries of stream {@code id} at {@code version} (0: latest), over ranges its points span. */
    private static void queries(Database db, UUID id, long version, List<String> q) {
        queries(db, id, version, q, true);
    }

    /**
     * Queries of stream {@code id} at {@code version} (0: latest), over ranges its points span;
     * statistical windows only when {@code windows} (not for labels, whose values are all 0).
     */
    private static void queries(Database db, UUID id, long version, List<String> q, boolean windows) {
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
        if (!windows) {
            return;
        }
        int pw = 63 - Long.numberOfLeadingZeros(span / 12 + 1); // about 12 to 24 windows
        q.add("aligned " + p + lo + " " + hi + " " + pw);
        q.add("aligned " + p + (lo + span / 2) + " " + (lo + span / 2 + span / 300) + " " + Math.max(0, pw - 8));
        long width = span / 12 + 1;
        q.add("windows " + p + lo + " " + hi + " " + width + " 0");
        q.add("windows " + p + lo + " " + hi + " " + width + " " + Math.min(62, pw + 2));
        q.add("windows " + p + (lo + span / 3) + " " + (lo + span / 3 + span / 50) + " " + (span / 500 + 7) + " 0");
    }

    /**
     * A values query over {@code [from, from + seconds s)}, which lists its points (at most
     * {@link Golden#LISTED_POINTS} of them), and nearest queries at its start.
     */
    private static void listed(UUID id, long version, long from, int seconds, List<String> q) {
        String p = id + " " + version + " ";
        q.add("values " + p + from + " " + (from + seconds * SECOND));
        q.add("nearest " + p + from + " forward");
        q.add("nearest " + p + (from + SECOND / 2) + " backward");
    }

    /**
     * Windows of H's extreme aggregates (±1e100 at 777 s, subnormals at 2,345 s), alone and among
     * plain points, and of null points only (4,001 to 4,004 s: windows of count 0, aligned ones omitted).
     */
    private static void extremes(UUID id, long version, List<String> q) {
        String p = id + " " + version + " ";
        for (long at : new long[] {777, 2_345, 4_001}) {
            long t = T0 + at * SECOND;
            q.add("windows " + p + (t - 20 * SECOND) + " " + (t + 20 * SECOND) + " " + (5 * SECOND) + " 0");
            q.add("windows " + p + t + " " + (t + SECOND) + " " + SECOND + " 0");
            q.add("aligned " + p + (t - 64 * SECOND) + " " + (t + 64 * SECOND) + " 34");
        }
        long t = T0 + 4_001 * SECOND;
        q.add("windows " + p + t + " " + (t + 4 * SECOND) + " " + SECOND + " 0");
        q.add("aligned " + p + t + " " + (t + 4 * SECOND) + " 30");
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
