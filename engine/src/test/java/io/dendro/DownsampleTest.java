package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Stream#downsample}: Datastream's published examples, calendar days across DST, gap
 * filling, and random trees, granularities, zones, ranges and versions against a brute-force
 * oracle (the points read back with {@code values}, grouped with {@link Buckets#startOf}).
 */
class DownsampleTest {
    private static final long S = 1_000_000_000L;
    private static final long HOUR = 3600 * S;

    @TempDir
    Path dir;

    private static List<Row> rows(BucketCursor c) {
        List<Row> out = new ArrayList<>();
        try (c) {
            while (c.next()) {
                out.add(new Row(c.time(), c.end(), c.count(), c.min(), c.max(), c.mean(), c.stddev(), c.sum(),
                        c.sumOfSquares(), c.firstTime(), c.lastTime(), timeMeanOrMin(c)));
            }
        }
        return out;
    }

    private static long timeMeanOrMin(BucketCursor c) {
        try {
            return c.meanTime();
        } catch (IllegalStateException e) {
            return Long.MIN_VALUE;
        }
    }

    record Row(long start, long end, long c, double l, double u, double m, double d, double s, double q,
               long a, long z, long tm) {
    }

    @Test
    void datastreamsExampleFiveValuesInOneSecond() {
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            long t0 = 1_700_000_000L * S;
            s.insert(new long[] {t0, t0 + 100, t0 + 200, t0 + 300, t0 + 400}, new double[] {1, 2, 3, 4, 5});
            s.insert(new long[] {t0 + 5 * S}, new double[] {42});
            List<Row> rows = rows(s.downsample(t0, t0 + 10 * S, Granularity.parse("s").buckets(ZoneId.of("UTC")),
                    false, true, 0));
            assertEquals(2, rows.size());
            Row r = rows.get(0);
            assertEquals(t0, r.start());
            assertEquals(t0 + S, r.end());
            assertEquals(5, r.c());
            assertEquals(3.0, r.m());
            assertEquals(1.0, r.l());
            assertEquals(5.0, r.u());
            assertEquals(15.0, r.s());
            assertEquals(55.0, r.q());
            assertEquals(1.4142135623730951, r.d());
            assertEquals(t0, r.a());
            assertEquals(t0 + 400, r.z());
            assertEquals(t0 + 200, r.tm());
            Row single = rows.get(1);
            assertEquals(1, single.c());
            assertEquals(42.0, single.m());
            assertEquals(42.0, single.s());
            assertEquals(1764.0, single.q());
            assertEquals(0.0, single.d());
            assertEquals(t0 + 5 * S, single.a());
            assertEquals(t0 + 5 * S, single.z());
        }
    }

    @Test
    void daysInLjubljanaFollowTheClockAcrossDaylightSaving() {
        ZoneId zone = ZoneId.of("Europe/Ljubljana");
        long from = ZonedDateTime.of(2026, 3, 28, 0, 0, 0, 0, zone).toInstant().getEpochSecond() * S;
        long to = ZonedDateTime.of(2026, 3, 31, 0, 0, 0, 0, zone).toInstant().getEpochSecond() * S;
        int n = (int) ((to - from) / HOUR);
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i * HOUR;
            v[i] = i;
        }
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            s.insert(t, v);
            List<Row> rows = rows(s.downsample(from, to, Granularity.parse("days").buckets(zone), false, false, 0));
            assertEquals(List.of(24L, 23L, 24L), rows.stream().map(Row::c).toList());
            assertEquals(23 * HOUR, rows.get(1).end() - rows.get(1).start());
            assertEquals(from + 24 * HOUR, rows.get(1).a());
            assertEquals(from + 46 * HOUR, rows.get(1).z());
        }
    }

    @Test
    void fillReportsEveryBucketOfTheRange() {
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            s.insert(new long[] {10 * S + 5, 13 * S}, new double[] {1, 2});
            Buckets b = Granularity.parse("s").buckets(ZoneId.of("UTC"));
            List<Row> filled = rows(s.downsample(9 * S + 500, 15 * S, b, true, false, 0));
            assertEquals(List.of(9 * S, 10 * S, 11 * S, 12 * S, 13 * S, 14 * S),
                    filled.stream().map(Row::start).toList());
            assertEquals(List.of(0L, 1L, 0L, 0L, 1L, 0L), filled.stream().map(Row::c).toList());
            Row empty = filled.get(2);
            assertTrue(Double.isNaN(empty.m()) && Double.isNaN(empty.l()) && Double.isNaN(empty.d()));
            assertEquals(Long.MIN_VALUE, empty.a());
            assertEquals(2, rows(s.downsample(9 * S + 500, 15 * S, b, false, false, 0)).size());
            assertEquals(0, rows(s.downsample(20 * S, 20 * S, b, true, false, 0)).size());
            DendroException e = assertThrows(DendroException.class,
                    () -> s.downsample(15 * S, 9 * S, b, false, false, 0));
            assertEquals(ErrorCode.INVALID_TIME_RANGE, e.code());
        }
    }

    private static final String[] GRANULARITIES = {"s", "S", "m", "M", "h", "H", "d", "weeks", "months", "years",
        "90s", "250ms", "7min", "1h"};
    private static final String[] ZONES = {"UTC", "Europe/Ljubljana", "America/New_York", "Asia/Kolkata",
        "Asia/Kathmandu", "Australia/Lord_Howe", "+05:30"};

    @Test
    void randomQueriesMatchTheOracle() {
        long seed = Long.getLong("dendro.downsample.seed", System.nanoTime());
        System.out.println("DownsampleTest seed " + seed + " (-Ddendro.downsample.seed=" + seed + " repeats it)");
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            long base = ZonedDateTime.of(2025, 10, 1, 0, 0, 0, 0, ZoneId.of("UTC")).toEpochSecond() * S;
            if (rnd.nextBoolean()) {
                base = -base / 3; // before 1970
            }
            long span = 200L * 24 * HOUR;
            List<Long> versions = new ArrayList<>();
            for (int batch = 0; batch < 4; batch++) {
                int n = 40_000 + rnd.nextInt(60_000);
                long[] t = new long[n];
                double[] v = new double[n];
                long at = base + rnd.nextLong(span / 4);
                for (int i = 0; i < n; i++) {
                    // mostly regular, with gaps and bursts, sometimes scattered over the whole span
                    at += rnd.nextInt(10) == 0 ? rnd.nextLong(6 * HOUR) : 1 + rnd.nextLong(60 * S);
                    t[i] = rnd.nextInt(50) == 0 ? base + rnd.nextLong(span) : Math.min(at, base + span);
                    v[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(100) : rnd.nextGaussian() * 1e3;
                }
                versions.add(s.insert(t, v));
                if (batch == 2) {
                    long d = base + rnd.nextLong(span);
                    versions.add(s.delete(d, d + rnd.nextLong(3 * 24 * HOUR)));
                }
            }
            WindowOracle stats = new WindowOracle();
            for (int q = 0; q < 60; q++) {
                String g = GRANULARITIES[rnd.nextInt(GRANULARITIES.length)];
                Granularity gr = Granularity.parse(g);
                ZoneId zone = Granularity.zone(ZONES[rnd.nextInt(ZONES.length)]);
                Buckets b = gr.buckets(zone);
                long maxLen = switch (g) {
                    case "s", "250ms" -> 2 * HOUR;
                    case "S", "90s", "m", "7min" -> 2 * 24 * HOUR;
                    default -> span + 2 * HOUR;
                };
                long start = base - HOUR + rnd.nextLong(span);
                long end = Math.min(start + rnd.nextLong(maxLen), base + span + HOUR);
                boolean fill = rnd.nextInt(3) == 0 && maxLen <= 2 * 24 * HOUR;
                boolean timeMean = rnd.nextInt(3) == 0;
                long version = rnd.nextBoolean() ? 0 : versions.get(rnd.nextInt(versions.size()));
                String what = "seed " + seed + " query " + q + ": " + g + " in " + zone + " [" + start + ", " + end
                        + ") fill " + fill + " timeMean " + timeMean + " version " + version;
                List<Row> got = rows(s.downsample(start, end, b, fill, timeMean, version));
                check(s, version, start, end, b, fill, timeMean, got, stats, what);
                if (timeMean) { // format-6 nodes: the mean timestamp is taken from summaries, like the values
                    assertEquals(leavesRead(s, start, end, b, false, version), leavesRead(s, start, end, b, true, version),
                            what + ": leaves read with and without the mean timestamp");
                }
            }
            System.out.println("DownsampleTest " + stats);
        }
    }

    /** The leaves a downsample walk decodes (first and last times, looked up apart, not counted). */
    static long leavesRead(Stream s, long start, long end, Buckets b, boolean timeMean, long version) {
        try (BucketCursor c = s.downsample(start, end, b, false, timeMean, version)) {
            while (c.next()) {
                if (timeMean) {
                    c.meanTime();
                }
            }
            return ((io.dendro.tree.BucketsCursor) c).leavesRead();
        }
    }

    /** The oracle: every point of the range read back, grouped by {@code startOf}. */
    private static void check(Stream s, long version, long start, long end, Buckets b, boolean fill, boolean timeMean,
                              List<Row> got, WindowOracle stats, String what) {
        Map<Long, List<long[]>> times = new LinkedHashMap<>();
        Map<Long, ExactStats> exact = new LinkedHashMap<>();
        try (PointCursor c = s.values(start, end, version)) {
            while (c.next()) {
                long k = b.startOf(c.time());
                times.computeIfAbsent(k, x -> new ArrayList<>()).add(new long[] {c.time()});
                exact.computeIfAbsent(k, x -> new ExactStats()).add(c.value());
            }
        }
        List<Long> keys = new ArrayList<>();
        if (fill && start < end) {
            for (long k = b.startOf(start); k < end; k = b.next(k)) {
                keys.add(k);
            }
        } else {
            keys.addAll(times.keySet());
        }
        List<Long> starts = got.stream().map(Row::start).toList();
        if (!keys.equals(starts)) {
            int i = 0;
            while (i < keys.size() && i < starts.size() && keys.get(i).equals(starts.get(i))) {
                i++;
            }
            throw new AssertionError(what + ": " + starts.size() + " buckets, expected " + keys.size()
                    + "; the first difference at row " + i + ": " + (i < starts.size() ? starts.get(i) : "none")
                    + ", expected " + (i < keys.size() ? keys.get(i) : "none"));
        }
        for (Row r : got) {
            String where = what + ", bucket " + Time.format(r.start());
            assertEquals(b.next(r.start()), r.end(), where + ": end");
            List<long[]> ts = times.get(r.start());
            if (ts == null) {
                assertEquals(0, r.c(), where);
                assertTrue(Double.isNaN(r.m()), where);
                assertEquals(Long.MIN_VALUE, r.a(), where);
                continue;
            }
            ExactStats e = exact.get(r.start());
            assertEquals(e.count(), r.c(), where + ": count");
            assertEquals(e.min(), r.l(), where + ": min");
            assertEquals(e.max(), r.u(), where + ": max");
            stats.close(e.mean(), r.m(), e.maxAbs(), 8192, where + ": mean");
            stats.close(e.stddev(), r.d(), e.maxAbs(), 8192, where + ": stddev");
            assertEquals(ts.get(0)[0], r.a(), where + ": first time");
            assertEquals(ts.get(ts.size() - 1)[0], r.z(), where + ": last time");
            if (timeMean) {
                BigInteger sum = BigInteger.ZERO;
                for (long[] t : ts) {
                    sum = sum.add(BigInteger.valueOf(t[0]));
                }
                // floor(sum / n + 1/2): half up, towards +infinity
                BigInteger n = BigInteger.valueOf(ts.size());
                BigInteger[] qr = sum.shiftLeft(1).add(n).divideAndRemainder(n.shiftLeft(1));
                long mean = (qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0]).longValueExact();
                assertEquals(mean, r.tm(), where + ": mean time");
            }
        }
    }
}
