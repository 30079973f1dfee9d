package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Null points ({@link Stream#NULL}): stored and read back as such, counted as points by
 * {@code count}, skipped by every statistic (windows, aligned windows, downsampling, the
 * summaries the verifier checks), through buffers, commits, deletes, compaction and reopens,
 * against a model (every point kept in a sorted multimap, per version).
 */
class NullsTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void nullsAreStoredReturnedAndSkippedByStatistics() {
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            long v = s.insert(new long[] {1, 2, 3, 4}, new double[] {1, Stream.NULL, 3, Stream.NULL});
            s.flush();
            List<RawPoint> pts = new ArrayList<>();
            try (PointCursor c = s.values(0, 10, 0)) {
                while (c.next()) {
                    pts.add(new RawPoint(c.time(), c.value()));
                }
            }
            assertEquals(4, pts.size());
            assertTrue(Stream.isNull(pts.get(1).value()) && Stream.isNull(pts.get(3).value()));
            assertEquals(4L, s.count(0, 10, 0).value());
            StatPoint w = s.windows(0, 8, 8, 0, 0).toList().get(0);
            assertEquals(2, w.count());
            assertEquals(2.0, w.mean());
            assertEquals(1.0, w.min());
            assertEquals(3.0, w.max());
            assertTrue(Stream.isNull(s.nearest(2, 0, false).value().orElseThrow().value()));
            // a window of only nulls has count 0 and NaN statistics; a bucket of only nulls is reported so
            List<StatPoint> only = s.windows(4, 5, 1, 0, 0).toList();
            assertEquals(0, only.get(0).count());
            assertTrue(Double.isNaN(only.get(0).mean()));
            try (BucketCursor c = s.downsample(4, 5, Granularity.parse("1ns").buckets(ZoneId.of("UTC")), false, true,
                    0)) {
                assertTrue(c.next());
                assertEquals(0, c.count());
                assertEquals(1, c.nulls());
                assertEquals(4, c.firstTime());
                assertEquals(4, c.meanTime());
            }
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
            // any other NaN is refused
            DendroException e = assertThrows(DendroException.class,
                    () -> s.insert(new long[] {9}, new double[] {Double.NaN}));
            assertEquals(ErrorCode.INVALID_VALUE, e.code());
            assertTrue(v >= 1);
        }
    }

    @Test
    void meanTimestampCountsTheNullPointsOfSubtreesTakenWhole() {
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            long base = 1_700_000_000L * S;
            int n = 60_000;
            long[] t = new long[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = base + i * S;
                v[i] = i % 3 == 0 ? Stream.NULL : i;
            }
            s.insert(t, v);
            s.flush();
            Buckets days = Granularity.DAYS.buckets(ZoneId.of("UTC"));
            try (BucketCursor c = s.downsample(Time.MIN_TIME, Time.MAX_TIME, days, false, true, 0)) {
                while (c.next()) {
                    java.math.BigInteger sum = java.math.BigInteger.ZERO;
                    long points = 0;
                    for (long x : t) {
                        if (x >= c.time() && x < c.end()) {
                            sum = sum.add(java.math.BigInteger.valueOf(x));
                            points++;
                        }
                    }
                    // every point's time, nulls included (as for a bucket of only nulls), rounded half up
                    java.math.BigInteger p = java.math.BigInteger.valueOf(points);
                    assertEquals(sum.shiftLeft(1).add(p).divide(p.shiftLeft(1)).longValueExact(), c.meanTime(),
                            "bucket " + Time.format(c.time()));
                }
            }
        }
    }

    @Test
    void randomWorkloadMatchesTheModel() {
        long seed = Long.getLong("dendro.nulls.seed", System.nanoTime());
        System.out.println("NullsTest seed " + seed + " (-Ddendro.nulls.seed=" + seed + " repeats it)");
        SplittableRandom rnd = new SplittableRandom(seed);
        UUID id = UUID.randomUUID();
        TreeMap<Long, List<Double>> model = new TreeMap<>();
        long base = 1_700_000_000L * S;
        long span = 3 * 24 * 3600 * S;
        for (int phase = 0; phase < 4; phase++) {
            try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false).bufferPoints(5_000))) {
                Stream s = phase == 0 ? db.create(id, "c", Map.of("n", "v"), Map.of()) : db.stream(id);
                for (int batch = 0; batch < 6; batch++) {
                    int n = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 40_000 : 300);
                    long[] t = new long[n];
                    double[] v = new double[n];
                    boolean allNull = rnd.nextInt(6) == 0;
                    for (int i = 0; i < n; i++) {
                        t[i] = base + rnd.nextLong(span);
                        v[i] = allNull || rnd.nextInt(5) == 0 ? Stream.NULL : rnd.nextInt(1000) / 8.0;
                        model.computeIfAbsent(t[i], k -> new ArrayList<>()).add(v[i]);
                    }
                    s.insert(t, v);
                    if (rnd.nextInt(4) == 0) {
                        long d = base + rnd.nextLong(span);
                        long e = d + rnd.nextLong(span / 20);
                        s.delete(d, e);
                        model.subMap(d, e).clear();
                    }
                }
                check(s, model, base, span, rnd, "seed " + seed + " phase " + phase);
                if (phase == 2) {
                    s.flush();
                    db.compact();
                }
                s.flush();
                var report = db.verify();
                assertEquals(0, report.problems().size(), () -> "seed " + seed + ": " + report);
            }
        }
    }

    private static void check(Stream s, TreeMap<Long, List<Double>> model, long base, long span, SplittableRandom rnd,
                              String what) {
        // every point, nulls included, in order
        List<RawPoint> want = new ArrayList<>();
        model.forEach((t, vs) -> vs.forEach(v -> want.add(new RawPoint(t, v))));
        int i = 0;
        try (PointCursor c = s.values(Time.MIN_TIME, Time.MAX_TIME, 0)) {
            while (c.next()) {
                RawPoint w = want.get(i++);
                assertEquals(w.time(), c.time(), what + " point " + i);
                assertEquals(Double.doubleToRawLongBits(w.value()), Double.doubleToRawLongBits(c.value()),
                        what + " " + i);
            }
        }
        assertEquals(want.size(), i, what + ": points");
        for (int q = 0; q < 20; q++) {
            long a = base + rnd.nextLong(span);
            long b = a + rnd.nextLong(span / 4);
            long points = 0;
            long values = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (var e : model.subMap(a, b).entrySet()) {
                for (double v : e.getValue()) {
                    points++;
                    if (!Stream.isNull(v)) {
                        values++;
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        sum += v;
                    }
                }
            }
            assertEquals(points, s.count(a, b, 0).value(), what + " count");
            long width = b - a == 0 ? 1 : b - a;
            StatPoint w = s.windows(a, a + width, width, 0, 0).toList().get(0);
            assertEquals(values, w.count(), what + " window count");
            if (values > 0) {
                assertEquals(min, w.min(), what + " min");
                assertEquals(max, w.max(), what + " max");
                assertEquals(sum / values, w.mean(), 1e-9 * Math.max(1, Math.abs(max)), what + " mean");
            } else {
                assertTrue(Double.isNaN(w.mean()), what + " mean of no values");
            }
            long total = 0;
            try (BucketCursor c = s.downsample(a, b, Granularity.parse("h").buckets(ZoneId.of("Europe/Ljubljana")),
                    false, true, 0)) {
                while (c.next()) {
                    total += c.count();
                }
            }
            assertEquals(values, total, what + " downsample count");
        }
    }
}
