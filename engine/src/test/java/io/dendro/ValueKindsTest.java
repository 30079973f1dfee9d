package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.value.Aggregate;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The value kinds (docs/design/value-kinds.md): aggregate points and nulls in numeric streams,
 * label (nominal) and graph streams. Datastream's published examples as unit tests, the rules
 * (kind mismatches, atomic batches), and a model-based random workload over every kind: inserts
 * under every merge policy, deletes, buffers, commits, compaction, crashes and reopens, checked
 * at random past versions against a brute-force model (points, counts, windows, downsampling).
 */
class ValueKindsTest {
    private static final long S = 1_000_000_000L;
    private static final ZoneId UTC = ZoneId.of("UTC");

    @TempDir
    Path dir;

    private Database open() {
        return Database.open(dir, DatabaseOptions.defaults().fsync(false));
    }

    // ---- Datastream's examples ----------------------------------------------------------------

    /** Datastream's own numbers: five values 1..5 in one second, then the same as one aggregate. */
    @Test
    void aggregatesDownsampleExactlyAsTheirSamples() {
        try (Database db = open()) {
            Stream raw = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            Stream agg = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            raw.insert(new long[] {0, S / 5, 2 * S / 5, 3 * S / 5, 4 * S / 5}, new double[] {1, 2, 3, 4, 5});
            agg.insert(new long[] {0}, new double[] {0},
                    new Aggregate[] {Aggregate.of(Map.of("c", 5.0, "s", 15.0, "q", 55.0, "l", 1.0, "u", 5.0))},
                    MergePolicy.NEVER, Durability.NONE);
            for (Stream s : List.of(raw, agg)) {
                try (BucketCursor c = s.downsample(0, S, Granularity.SECONDS.buckets(UTC), false, true, 0)) {
                    assertTrue(c.next());
                    assertEquals(5, c.count());
                    assertEquals(3.0, c.mean());
                    assertEquals(1.0, c.min());
                    assertEquals(5.0, c.max());
                    assertEquals(15.0, c.sum());
                    assertEquals(55.0, c.sumOfSquares(), 1e-12);
                    assertEquals(1.4142135623730951, c.stddev(), 1e-15);
                }
            }
            // the aggregate reads back as one point, with all its fields
            RawPoint p = agg.values(0, S, 0).toList().get(0);
            assertEquals(new Aggregate(5, 1, 5, 3, Math.sqrt(2)), p.aggregate());
            assertEquals(3.0, p.value());
            assertEquals(1L, agg.count(0, S, 0).value(), "count() counts points");
            assertEquals(5, agg.windows(0, S, S, 0, 0).toList().get(0).count(), "windows count samples");
        }
    }

    @Test
    void theSingleValue42AndAggregatesMixedWithRawPoints() {
        try (Database db = open()) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            s.insert(new long[] {0}, new double[] {42});
            try (BucketCursor c = s.downsample(0, S, Granularity.SECONDS.buckets(UTC), false, true, 0)) {
                assertTrue(c.next());
                assertEquals(1, c.count());
                assertEquals(42.0, c.mean());
                assertEquals(42.0, c.sum());
                assertEquals(1764.0, c.sumOfSquares());
                assertEquals(0.0, c.stddev());
            }
            // Datastream's mixed example: {"c": 3, "m": 3, "d": 0, "l": 3, "u": 3} beside raw 1 and 5
            s.insert(new long[] {S / 2, S / 3, 2 * S / 3}, new double[] {0, 1, 5},
                    new Aggregate[] {new Aggregate(3, 3, 3, 3, 0), null, null}, MergePolicy.NEVER, Durability.NONE);
            s.flush();
            try (BucketCursor c = s.downsample(0, S, Granularity.SECONDS.buckets(UTC), false, true, 0)) {
                assertTrue(c.next());
                assertEquals(6, c.count()); // 42, 1, 5 and the aggregate's three samples
                assertEquals((42 + 1 + 5 + 9) / 6.0, c.mean(), 1e-12);
                assertEquals(1.0, c.min());
                assertEquals(42.0, c.max());
            }
            assertEquals(4L, s.count(0, S, 0).value());
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
        }
    }

    /**
     * Label frequencies come from the summaries while subtrees hold few distinct labels (only the
     * leaves at bucket edges are read), and from the points where they hold many: the cost the
     * issue asks to measure, as leaves read.
     */
    @Test
    void labelFrequenciesComeFromSummariesWhileSubtreesHoldFewLabels() {
        try (Database db = open()) {
            Stream few = db.create(UUID.randomUUID(), "c", Map.of(), Map.of(), StreamKind.NOMINAL);
            Stream many = db.create(UUID.randomUUID(), "c", Map.of(), Map.of(), StreamKind.NOMINAL);
            int n = 200_000;
            long base = 1_767_225_600L * S; // 2026-01-01, one point every 10 s: 23 days
            long[] t = new long[n];
            String[] fewLabels = new String[n];
            String[] manyLabels = new String[n];
            Map<String, Long> want = new HashMap<>();
            for (int i = 0; i < n; i++) {
                t[i] = base + i * 10 * S;
                fewLabels[i] = i % 7 == 0 ? "\"off\"" : i % 3 == 0 ? "\"standby\"" : "\"on\"";
                manyLabels[i] = "\"request " + (i % 5_000) + "\"";
                if (t[i] < base + 86_400 * S) {
                    want.merge(fewLabels[i], 1L, Long::sum);
                }
            }
            few.insertDocuments(t, fewLabels, MergePolicy.NEVER, Durability.NONE);
            many.insertDocuments(t, manyLabels, MergePolicy.NEVER, Durability.NONE);
            db.flush();
            Buckets days = Granularity.DAYS.buckets(UTC);
            long fewLeaves;
            try (DocumentBucketCursor c = few.downsampleDocuments(base, base + 24 * 86_400 * S, days, false, true, 0)) {
                assertTrue(c.next());
                assertEquals(want, new HashMap<>(c.frequencies()));
                assertEquals("\"on\"", c.mostOften());
                assertEquals("\"off\"", c.leastOften());
                int buckets = 1;
                while (c.next()) {
                    buckets++;
                }
                assertEquals(24, buckets);
                fewLeaves = ((io.dendro.tree.BucketsCursor) c).leavesRead();
            }
            long manyLeaves;
            try (DocumentBucketCursor c = many.downsampleDocuments(base, base + 24 * 86_400 * S, days, false, true,
                    0)) {
                long total = 0;
                while (c.next()) {
                    total += c.frequencies().values().stream().mapToLong(x -> x).sum();
                }
                assertEquals(n, total);
                manyLeaves = ((io.dendro.tree.BucketsCursor) c).leavesRead();
            }
            long leaves = n / io.dendro.tree.Geometry.LEAF_CAPACITY;
            System.out.println("ValueKindsTest: 24 daily buckets over 200,000 labels read " + fewLeaves
                    + " leaves with 3 distinct labels (the leaves at day edges), " + manyLeaves
                    + " with 5,000 (every leaf)");
            assertTrue(fewLeaves <= 2 * 24, "few labels: only leaves at bucket edges are read, not " + fewLeaves);
            assertTrue(manyLeaves >= leaves, "many labels: the points are read");
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
        }
    }

    // ---- rules ---------------------------------------------------------------------------------

    @Test
    void kindsAreCheckedAndBatchesAreAtomic() {
        try (Database db = open()) {
            Stream num = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            Stream lab = db.create(UUID.randomUUID(), "c", Map.of(), Map.of(), StreamKind.NOMINAL);
            Stream graph = db.create(UUID.randomUUID(), "c", Map.of(), Map.of(), StreamKind.GRAPH);
            assertEquals(StreamKind.NOMINAL, lab.kind());
            assertEquals(StreamKind.GRAPH, graph.info().kind());
            assertEquals(ErrorCode.WRONG_TYPE, assertThrows(DendroException.class,
                    () -> num.insertDocuments(new long[] {1}, new String[] {"\"on\""}, MergePolicy.NEVER,
                            Durability.NONE)).code());
            assertEquals(ErrorCode.WRONG_TYPE, assertThrows(DendroException.class,
                    () -> lab.insert(new long[] {1}, new double[] {1})).code());
            assertEquals(ErrorCode.WRONG_TYPE, assertThrows(DendroException.class,
                    () -> num.downsampleDocuments(0, 1, Granularity.SECONDS.buckets(UTC), false, false, 0)).code());
            // a graph batch with one bad graph is rejected whole, naming the point and the rule
            DendroException e = assertThrows(DendroException.class, () -> graph.insertDocuments(new long[] {1, 2},
                    new String[] {"{\"v\": [{\"i\": 1}], \"e\": []}", "{\"v\": [{\"i\": 1}, {\"i\": 1}], \"e\": []}"},
                    MergePolicy.NEVER, Durability.NONE));
            assertEquals(ErrorCode.INVALID_VALUE, e.code());
            assertTrue(e.getMessage().contains("point 1") && e.getMessage().contains("same id"), e.getMessage());
            assertEquals(ErrorCode.WRONG_TYPE, assertThrows(DendroException.class, () -> graph.insertDocuments(
                    new long[] {1}, new String[] {"[1, 2]"}, MergePolicy.NEVER, Durability.NONE)).code());
            assertEquals(0L, graph.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            // a label that is not JSON
            assertEquals(ErrorCode.INVALID_VALUE, assertThrows(DendroException.class, () -> lab.insertDocuments(
                    new long[] {1}, new String[] {"on"}, MergePolicy.NEVER, Durability.NONE)).code());
            // labels are stored in compact form and read back identical to it
            lab.insertDocuments(new long[] {5, 6}, new String[] {"{ \"b\" : 1, \"a\" : [ 1.50, null ] }", "null"},
                    MergePolicy.NEVER, Durability.NONE);
            List<RawPoint> got = lab.values(0, 10, 0).toList();
            assertEquals("{\"b\":1,\"a\":[1.50,null]}", got.get(0).document());
            assertEquals("null", got.get(1).document());
            assertNull(got.get(0).aggregate());
            assertEquals("null", lab.nearest(6, 0, false).value().orElseThrow().document());
        }
    }

    /** A change of only a label or of only an aggregate's fields is a change. */
    @Test
    void changesSeePayloads() {
        try (Database db = open()) {
            Stream lab = db.create(UUID.randomUUID(), "c", Map.of(), Map.of(), StreamKind.NOMINAL);
            lab.insertDocuments(new long[] {100}, new String[] {"\"on\""}, MergePolicy.NEVER, Durability.NONE);
            lab.flush();
            lab.insertDocuments(new long[] {100}, new String[] {"\"off\""}, MergePolicy.REPLACE, Durability.NONE);
            lab.flush();
            assertEquals(1, lab.changes(1, 2, 0).value().size());
            Stream num = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            num.insert(new long[] {100}, new double[] {0}, new Aggregate[] {new Aggregate(5, 1, 20, 10, 3)},
                    MergePolicy.NEVER, Durability.NONE);
            num.flush();
            num.insert(new long[] {100}, new double[] {0}, new Aggregate[] {new Aggregate(7, 1, 20, 10, 3)},
                    MergePolicy.REPLACE, Durability.NONE);
            num.flush();
            assertEquals(1, num.changes(1, 2, 0).value().size());
            assertEquals(0, num.changes(2, 2, 0).value().size());
        }
    }

    /**
     * A single large document is one leaf, not a chain of internal nodes down to the lowest
     * level; documents that could never be committed (more than a leaf holds within 4 ns) are
     * refused at insert, before the log, so the database always opens again.
     */
    @Test
    void largeDocumentsStayCommittable() throws InterruptedException {
        try (Database db = open()) {
            Stream lab = db.create(UUID.randomUUID(), "c", Map.of(), Map.of(), StreamKind.NOMINAL);
            String big = "\"" + "x".repeat((1 << 20) - 16) + "\"";
            lab.insertDocuments(new long[] {1_000}, new String[] {big}, MergePolicy.NEVER, Durability.NONE);
            lab.flush();
            java.io.StringWriter dump = new java.io.StringWriter();
            db.dumpTree(lab.uuid(), 0, Database.DUMP_ALL, new java.io.PrintWriter(dump));
            assertTrue(dump.toString().lines().noneMatch(l -> l.contains("internal")), dump.toString());
            DendroException e = null;
            int accepted = 0;
            for (int k = 0; k < 80 && e == null; k++) {
                try {
                    lab.insertDocuments(new long[] {1_001}, new String[] {big}, MergePolicy.NEVER, Durability.NONE);
                    accepted++;
                } catch (DendroException x) {
                    e = x;
                }
            }
            assertTrue(e != null && e.code() == ErrorCode.INVALID_ARGUMENT, "refused at the limit");
            assertTrue(accepted >= 60 && accepted < 64, "accepted " + accepted);
            assertEquals(accepted + 1L, lab.count(0, 2_000, 0).value());
            // four writers at once at one time: the check runs under the stream's write lock, so
            // together they stop at the limit too (checked before, two could each pass against the
            // points before the other's)
            Stream shared = db.create(UUID.randomUUID(), "c", Map.of(), Map.of(), StreamKind.NOMINAL);
            java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int k = 0; k < 17; k++) {
                        try {
                            shared.insertDocuments(new long[] {5_000}, new String[] {big}, MergePolicy.NEVER,
                                    Durability.NONE);
                            ok.incrementAndGet();
                        } catch (DendroException x) {
                            assertEquals(ErrorCode.INVALID_ARGUMENT, x.code());
                        }
                    }
                }));
            }
            for (Thread t : writers) {
                t.join();
            }
            assertEquals(accepted + 1, ok.get(), "at once, as many as one after the other");
            shared.flush();
        }
        try (Database db = open()) { // everything accepted commits and reopens
            assertEquals(0, db.verify().problems().size());
        }
    }

    // ---- the model-based workload --------------------------------------------------------------

    /** A point as the model holds it: time, value bits, and its aggregate or document (or neither). */
    private record P(long t, double v, Aggregate a, String doc) {
        boolean same(P o) {
            return t == o.t && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(o.v)
                    && Objects.equals(a, o.a) && Objects.equals(doc, o.doc);
        }
    }

    private static final String[] LABELS = {"\"on\"", "\"off\"", "\"standby\"", "3", "null", "[1,2]",
        "{\"mode\":\"eco\",\"level\":2}", "\"žito\"", "true", "-0.5",
        "\"a label longer than the sixty-four bytes a summary keeps of one label, so never kept there\""};

    @Test
    void randomWorkloadOverEveryKindMatchesTheModel() {
        long seed = Long.getLong("dendro.kinds.seed", System.nanoTime());
        System.out.println("ValueKindsTest seed " + seed + " (-Ddendro.kinds.seed=" + seed + " repeats it)");
        SplittableRandom rnd = new SplittableRandom(seed);
        StreamKind[] kinds = StreamKind.values();
        UUID[] ids = new UUID[kinds.length];
        List<List<P>> model = new ArrayList<>();
        List<Map<Long, List<P>>> history = new ArrayList<>(); // per stream: version -> points
        for (int k = 0; k < kinds.length; k++) {
            ids[k] = UUID.randomUUID();
            model.add(new ArrayList<>());
            history.add(new HashMap<>());
        }
        long base = 1_700_000_000L * S;
        long span = 2 * 24 * 3600 * S;
        for (int phase = 0; phase < 5; phase++) {
            Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false).bufferPoints(3_000));
            boolean crashed = false;
            try {
                for (int k = 0; k < kinds.length; k++) {
                    Stream s = phase == 0 ? db.create(ids[k], "kinds", Map.of("k", kinds[k].label()), Map.of(),
                            kinds[k]) : db.stream(ids[k]);
                    String what = "seed " + seed + " phase " + phase + " " + kinds[k];
                    for (int batch = 0; batch < 5; batch++) {
                        MergePolicy policy = MergePolicy.values()[rnd.nextInt(4)];
                        int n = 1 + rnd.nextInt(rnd.nextInt(5) == 0 ? 12_000 : 200);
                        List<P> pts = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            // few distinct times, so that policies meet equal times
                            long t = base + rnd.nextLong(span / S) * S + (rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3));
                            pts.add(point(kinds[k], t, rnd));
                        }
                        insert(s, kinds[k], pts, policy);
                        apply(model.get(k), pts, policy);
                        if (rnd.nextInt(5) == 0) {
                            long d = base + rnd.nextLong(span);
                            long e = d + rnd.nextLong(span / 10);
                            s.delete(d, e);
                            model.get(k).removeIf(p -> p.t >= d && p.t < e);
                        }
                        if (rnd.nextInt(3) == 0) {
                            long v = s.flush();
                            history.get(k).put(v, List.copyOf(model.get(k)));
                        }
                    }
                    check(s, kinds[k], 0, model.get(k), base, span, rnd, what + " latest");
                    for (var h : history.get(k).entrySet()) {
                        if (rnd.nextInt(3) == 0) {
                            check(s, kinds[k], h.getKey(), h.getValue(), base, span, rnd, what + " version " + h.getKey());
                        }
                    }
                }
                if (phase == 2) {
                    db.flush();
                    db.compact();
                }
                if (phase == 3) { // the buffers are only in the log: a reopen replays them
                    TestAccess.crash(db);
                    crashed = true;
                }
            } finally {
                if (!crashed) {
                    db.flush();
                    var report = db.verify();
                    db.close();
                    assertEquals(0, report.problems().size(), () -> "seed " + seed + ": " + report);
                }
            }
        }
    }

    private static P point(StreamKind kind, long t, SplittableRandom rnd) {
        return switch (kind) {
            case NUMERIC -> {
                int r = rnd.nextInt(10);
                if (r == 0) {
                    yield new P(t, Stream.NULL, null, null);
                }
                if (r <= 2) {
                    long c = 1 + rnd.nextInt(20);
                    double lo = rnd.nextInt(200) / 4.0;
                    double hi = lo + rnd.nextInt(40) / 4.0;
                    double mean = lo + (hi - lo) * rnd.nextInt(5) / 4.0;
                    double sd = c == 1 || hi == lo ? 0 : (hi - lo) / 4;
                    Aggregate a = new Aggregate(c, lo, hi, mean, sd);
                    yield new P(t, mean, a, null);
                }
                yield new P(t, rnd.nextInt(400) / 8.0 - 10, null, null);
            }
            case NOMINAL -> new P(t, 0, null, LABELS[rnd.nextInt(rnd.nextInt(3) == 0 ? LABELS.length : 3)]);
            case GRAPH -> {
                int v = 1 + rnd.nextInt(6);
                StringBuilder g = new StringBuilder("{\"v\":[");
                for (int i = 0; i < v; i++) {
                    g.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append(i % 2 == 0 ? ",\"n\":\"x\"" : "")
                            .append('}');
                }
                int e = rnd.nextInt(2 * v);
                g.append("],\"e\":[");
                for (int i = 0; i < e; i++) {
                    g.append(i == 0 ? "" : ",").append("{\"f\":").append(rnd.nextInt(v)).append(",\"t\":")
                            .append(rnd.nextInt(v)).append('}');
                }
                g.append("]}");
                yield new P(t, v, null, g.toString());
            }
        };
    }

    private static void insert(Stream s, StreamKind kind, List<P> pts, MergePolicy policy) {
        int n = pts.size();
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = pts.get(i).t;
        }
        if (kind == StreamKind.NUMERIC) {
            double[] v = new double[n];
            Aggregate[] a = new Aggregate[n];
            for (int i = 0; i < n; i++) {
                v[i] = pts.get(i).v;
                a[i] = pts.get(i).a;
            }
            s.insert(t, v, a, policy, Durability.NONE);
        } else {
            String[] d = new String[n];
            for (int i = 0; i < n; i++) {
                d[i] = pts.get(i).doc;
            }
            s.insertDocuments(t, d, policy, Durability.NONE);
        }
    }

    /** The merge policies on a model: a stable sort of the batch, then its points applied in order. */
    private static void apply(List<P> model, List<P> batch, MergePolicy policy) {
        List<P> sorted = new ArrayList<>(batch);
        sorted.sort((x, y) -> Long.compare(x.t, y.t)); // stable
        TreeMap<Long, List<P>> byTime = new TreeMap<>();
        for (P p : model) {
            byTime.computeIfAbsent(p.t, k -> new ArrayList<>()).add(p);
        }
        Map<Long, Boolean> replaced = new HashMap<>();
        for (P p : sorted) {
            List<P> at = byTime.computeIfAbsent(p.t, k -> new ArrayList<>());
            switch (policy) {
                case NEVER -> at.add(p);
                case RETAIN -> {
                    if (at.isEmpty()) {
                        at.add(p);
                    }
                }
                case REPLACE -> { // the batch's last point at a time replaces what was there
                    at.clear();
                    at.add(p);
                    replaced.put(p.t, true);
                }
                case EQUAL -> {
                    if (at.stream().noneMatch(p::same)) {
                        at.add(p);
                    }
                }
            }
        }
        model.clear();
        byTime.values().forEach(model::addAll);
    }

    private static void check(Stream s, StreamKind kind, long version, List<P> want, long base, long span,
                              SplittableRandom rnd, String what) {
        List<RawPoint> got = s.values(Time.MIN_TIME, Time.MAX_TIME, version).toList();
        assertEquals(want.size(), got.size(), what + ": points");
        for (int i = 0; i < got.size(); i++) {
            P w = want.get(i);
            RawPoint g = got.get(i);
            String at = what + " point " + i + " at " + w.t;
            assertEquals(w.t, g.time(), at);
            assertEquals(Double.doubleToRawLongBits(w.v), Double.doubleToRawLongBits(g.value()), at + " value");
            assertEquals(w.a, g.aggregate(), at + " aggregate");
            assertEquals(w.doc, g.document(), at + " document");
        }
        for (int q = 0; q < 6; q++) {
            long a = base + rnd.nextLong(span);
            long b = a + 1 + rnd.nextLong(span / 3);
            List<P> in = want.stream().filter(p -> p.t >= a && p.t < b).toList();
            assertEquals((long) in.size(), s.count(a, b, version).value(), what + " count");
            if (!in.isEmpty()) {
                RawPoint first = s.nearest(a, version, false).value().orElseThrow();
                assertEquals(in.get(0).doc, first.document(), what + " nearest document");
                assertEquals(in.get(0).a, first.aggregate(), what + " nearest aggregate");
            }
            if (kind == StreamKind.NUMERIC) {
                checkNumeric(s, version, in, a, b, what);
            } else {
                checkDocuments(s, kind, version, in, a, b, what);
            }
        }
    }

    private static void checkNumeric(Stream s, long version, List<P> in, long a, long b, String what) {
        long samples = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (P p : in) {
            if (p.a != null) {
                samples += p.a.count();
                min = Math.min(min, p.a.min());
                max = Math.max(max, p.a.max());
                sum += p.a.count() * p.a.mean();
            } else if (!Stream.isNull(p.v)) {
                samples++;
                min = Math.min(min, p.v);
                max = Math.max(max, p.v);
                sum += p.v;
            }
        }
        StatPoint w = s.windows(a, b, b - a, 0, version).toList().stream().findFirst()
                .orElse(new StatPoint(a, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN));
        assertEquals(samples, w.count(), what + " window samples");
        if (samples > 0) {
            assertEquals(min, w.min(), what + " min");
            assertEquals(max, w.max(), what + " max");
            assertEquals(sum / samples, w.mean(), 1e-9 * Math.max(1, Math.abs(max) + Math.abs(min)), what + " mean");
        }
        long total = 0;
        try (BucketCursor c = s.downsample(a, b, Granularity.HOURS.buckets(ZoneId.of("Europe/Ljubljana")), false,
                false, version)) {
            while (c.next()) {
                total += c.count();
            }
        }
        assertEquals(samples, total, what + " downsampled samples");
    }

    private static void checkDocuments(Stream s, StreamKind kind, long version, List<P> in, long a, long b,
                                       String what) {
        Buckets hours = Granularity.parse("6hours").buckets(UTC);
        Map<Long, List<P>> byBucket = new LinkedHashMap<>();
        for (P p : in) {
            byBucket.computeIfAbsent(hours.startOf(p.t), k -> new ArrayList<>()).add(p);
        }
        try (DocumentBucketCursor c = s.downsampleDocuments(a, b, hours, false, true, version)) {
            for (var e : byBucket.entrySet()) {
                assertTrue(c.next(), what + " bucket " + e.getKey());
                List<P> ps = e.getValue();
                assertEquals((long) e.getKey(), c.time(), what + " bucket start");
                assertEquals(ps.size(), c.count(), what + " bucket count");
                assertEquals(ps.get(0).t, c.firstTime(), what + " first");
                assertEquals(ps.get(ps.size() - 1).t, c.lastTime(), what + " last");
                java.math.BigInteger sum = java.math.BigInteger.ZERO;
                for (P p : ps) {
                    sum = sum.add(java.math.BigInteger.valueOf(p.t));
                }
                java.math.BigInteger np = java.math.BigInteger.valueOf(ps.size());
                assertEquals(sum.shiftLeft(1).add(np).divide(np.shiftLeft(1)).longValueExact(), c.meanTime(),
                        what + " mean time");
                if (kind == StreamKind.NOMINAL) {
                    Map<String, Long> freq = new LinkedHashMap<>();
                    ps.forEach(p -> freq.merge(p.doc, 1L, Long::sum));
                    assertEquals(new HashMap<>(freq), new HashMap<>(c.frequencies()), what + " frequencies");
                    long previous = Long.MAX_VALUE;
                    for (long count : c.frequencies().values()) {
                        assertTrue(count <= previous, what + " frequencies most frequent first");
                        previous = count;
                    }
                    long most = freq.values().stream().mapToLong(x -> x).max().orElseThrow();
                    long least = freq.values().stream().mapToLong(x -> x).min().orElseThrow();
                    assertEquals(most, (long) freq.get(c.mostOften()), what + " most often");
                    assertEquals(least, (long) freq.get(c.leastOften()), what + " least often");
                } else {
                    double[] v = ps.stream().mapToDouble(p -> p.v).toArray();
                    double[] edges = ps.stream().mapToDouble(p -> p.doc.split("\"f\"", -1).length - 1).toArray();
                    assertEquals(Arrays.stream(v).min().orElseThrow(), c.min(), what + " vertices min");
                    assertEquals(Arrays.stream(v).max().orElseThrow(), c.max(), what + " vertices max");
                    assertEquals(Arrays.stream(v).average().orElseThrow(), c.mean(), 1e-9, what + " vertices mean");
                    assertEquals(Arrays.stream(edges).min().orElseThrow(), c.edgesMin(), what + " edges min");
                    assertEquals(Arrays.stream(edges).max().orElseThrow(), c.edgesMax(), what + " edges max");
                    assertEquals(Arrays.stream(edges).average().orElseThrow(), c.edgesMean(), 1e-9, what + " edges mean");
                }
            }
            assertTrue(!c.next(), what + ": no more buckets");
        }
    }
}
