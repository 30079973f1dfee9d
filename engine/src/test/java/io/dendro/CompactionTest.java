package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.catalog.VersionIndex;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.golden.Golden;
import io.dendro.golden.GoldenWriter;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.Geometry;
import io.dendro.tree.InternalLayout;
import io.dendro.tree.Nodes;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
    @TempDir
    Path dir;

    private Database open() {
        return Database.open(dir, DatabaseOptions.defaults().fsync(false).segmentCapacity(1 << 18));
    }

    private static long[] times(long from, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i * 1000L;
        }
        return t;
    }

    private static double[] values(int seed, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = seed * 1000 + (i * 7919L) % 10007; // scattered: a straight line encodes in almost no bytes
        }
        return v;
    }

    private long segmentFiles() throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).count();
        }
    }

    @Test
    void shouldShrinkTheFilesAndKeepEveryRetainedVersion() throws IOException {
        UUID keep = UUID.randomUUID();
        UUID trimmed = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        List<RawPoint> keepV2;
        try (Database db = open()) {
            Stream k = db.create(keep, "c/keep", Map.of(), Map.of());
            Stream t = db.create(trimmed, "c/trimmed", Map.of(), Map.of());
            Stream g = db.create(gone, "c/gone", Map.of(), Map.of());
            for (int i = 0; i < 5; i++) {
                k.insert(times(i * 100_000_000L, 40_000), values(i, 40_000));
                t.insert(times(i * 100_000_000L, 40_000), values(i, 40_000));
                g.insert(times(i * 100_000_000L, 40_000), values(i, 40_000));
            }
            keepV2 = k.values(Time.MIN_TIME, Time.MAX_TIME, 2).toList();
            t.delete(Time.MIN_TIME, 300_000_000L);     // most of it
            assertEquals(6, t.setRetention(1, null));   // keep only the latest
            g.obliterate();
            long filesBefore = segmentFiles();
            CompactionReport r = db.compact();
            assertTrue(r.bytesAfter() < r.bytesBefore() / 2, r.toString());
            assertTrue(segmentFiles() < filesBefore, "old segment files deleted");
            assertEquals(2, r.streams());
            assertEquals(5 + 1, r.versionsKept());
            assertEquals(keepV2, k.values(Time.MIN_TIME, Time.MAX_TIME, 2).toList());
            assertEquals(200_000, k.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            assertEquals(80_000, t.count(Time.MIN_TIME, Time.MAX_TIME, 6).value());
            DendroException e = assertThrows(DendroException.class, () -> t.count(0, 1, 5));
            assertEquals(ErrorCode.NO_SUCH_VERSION, e.code());
            assertTrue(e.getMessage().contains("retention"), e.getMessage());
            assertEquals(ErrorCode.NO_SUCH_STREAM, assertThrows(DendroException.class, () -> db.stream(gone)).code());
            k.insert(times(900_000_000L, 10), values(9, 10)); // writes go on after the switch
        }
        try (Database db = open()) {
            Stream k = db.stream(keep);
            assertEquals(keepV2, k.values(Time.MIN_TIME, Time.MAX_TIME, 2).toList());
            assertEquals(200_010, k.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            assertEquals(80_000, db.stream(trimmed).count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            assertEquals(2, db.info().streams());
        }
    }

    @Test
    void shouldLetAReaderThatBeganBeforeTheSwitchFinish() throws IOException {
        try (Database db = open()) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            s.insert(times(0, 100_000), values(1, 100_000));
            s.delete(0, 50_000_000L);
            s.setRetention(1, null);
            PointCursor c = s.values(Time.MIN_TIME, Time.MAX_TIME, 0);
            assertTrue(c.next());
            long before = segmentFiles();
            db.compact();
            assertTrue(segmentFiles() > before, "the old segments stay while the reader needs them");
            long n = 1;
            while (c.next()) {
                n++;
            }
            assertEquals(50_000, n);
            c.close();
            assertTrue(segmentFiles() <= 2, "and go when it is done");
            assertEquals(50_000, s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
        }
    }

    @Test
    void shouldApplyRetentionByAge() throws InterruptedException {
        try (Database db = open()) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            s.insert(times(0, 10), values(1, 10));
            s.flush();
            Thread.sleep(50);
            s.insert(times(100_000, 10), values(2, 10));
            s.flush();
            assertEquals(1, s.setRetention(0, Duration.ofDays(1)), "both versions are young");
            assertEquals(2, s.setRetention(0, Duration.ofMillis(25)), "version 1 is older than 25 ms");
            assertEquals(ErrorCode.NO_SUCH_VERSION, assertThrows(DendroException.class, () -> s.count(0, 1, 1)).code());
            assertEquals(2, s.setRetention(0, null), "loosening brings nothing back");
        }
    }

    @Test
    void shouldAgeVersionsOutOfAnIdleStream() throws InterruptedException {
        try (Database db = open()) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            s.insert(times(0, 10), values(1, 10));
            s.flush();
            s.insert(times(100_000, 10), values(2, 10));
            s.flush();
            assertEquals(1, s.setRetention(0, Duration.ofMillis(200)));
            Thread.sleep(300); // no commit meanwhile: the clock alone drops version 1
            assertEquals(2, s.firstRetainedVersion());
            assertEquals(ErrorCode.NO_SUCH_VERSION, assertThrows(DendroException.class, () -> s.count(0, 1, 1)).code());
            CompactionReport r = db.compact();
            assertEquals(1, r.versionsKept(), "compaction reclaims what the clock dropped");
            assertEquals(20, s.count(Time.MIN_TIME, Time.MAX_TIME, 2).value());
        }
    }

    /**
     * Compaction writes every internal node it copies as a format-6 node: copies of the golden
     * format-4 and 5 databases get a small insert (so their trees mix format-6 nodes above the
     * insert with older ones beside it), and after compacting every reachable internal node has
     * time sums, the verifier (which recomputes every summary bit for bit and every time sum)
     * finds nothing, every retained version of every stream answers as before (exactly but for
     * format 4, below), the mean timestamps equal the times read back, and a downsample with the
     * mean timestamp decodes no more leaves than one without and gives the same statistics. A
     * format-6 database compacts to the same answers, clean.
     */
    @Test
    void shouldConvertEveryInternalNodeToFormat6AndAnswerAsBefore() throws IOException {
        for (int format : new int[] {4, 5, 6}) {
            String name = "format-" + format;
            Path copy = dir.resolve(name);
            Golden.copy(Golden.directory().resolve(name).resolve("sealed").resolve("db"), copy);
            Map<String, Object> before;
            try (Database db = Database.open(copy, GoldenWriter.options().create(false))) {
                int oldNodes = 0; // reachable internal nodes of format 4 or 5 before compacting
                if (format < 6) {
                    Stream a = db.stream(GoldenWriter.A);
                    long day = 86_400 * GoldenWriter.SECOND;
                    a.insert(new long[] {GoldenWriter.T0 + day + 1, GoldenWriter.T0 + day + 5}, new double[] {1, 2});
                    a.flush();
                    int[] mixed = spreads(db);
                    System.out.println("CompactionTest " + name + " before compacting: " + Arrays.toString(mixed));
                    oldNodes = mixed[format - 4];
                    assertTrue(mixed[InternalLayout.SPREAD_SIGMA_SUMS] > 0 && mixed[format - 4] > 0,
                            name + ": the trees mix formats before compacting: " + Arrays.toString(mixed));
                } else {
                    int[] all = spreads(db);
                    assertTrue(all[0] + all[1] == 0 && all[2] > 0, name + ": " + Arrays.toString(all));
                }
                before = answers(db);
                CompactionReport r = db.compact();
                int[] after = spreads(db);
                assertEquals(0, after[InternalLayout.SPREAD_M2] + after[InternalLayout.SPREAD_SIGMA],
                        name + ": every internal node is format 6 after compacting: " + Arrays.toString(after)
                                + ", " + r);
                assertEquals(0, after[3], name + ": no infinite standard deviation is left");
                if (format == 6) {
                    assertEquals(0, r.nodesUpgraded(), name + ": " + r);
                } else {
                    assertTrue(r.nodesUpgraded() >= oldNodes, name + ": the report counts the nodes upgraded: " + r);
                }
                VerifyReport report = db.verify();
                assertTrue(report.isClean(), () -> name + " compacted: " + report);
                // format 4's summaries are recomputed with the current arithmetic: the statistics taken
                // from them may move in their last bits, within the error bound; formats 5 and 6 are exact
                assertSame(before, answers(db), format == 4, name + ": the answers after compacting");
                checkMeanTimesAndLeaves(db, name + " compacted");
                assertTrue(db.verify().isClean());
            }
            try (Database db = Database.open(copy, GoldenWriter.options().create(false))) {
                assertTrue(db.verify().isClean(), name + " reopened");
                assertSame(before, answers(db), format == 4, name + ": the answers after reopening");
            }
        }
    }

    /**
     * {@code assertEquals} on the answers, naming the first query that differs; with {@code loose},
     * the means and standard deviations need only lie within the documented error bound of each
     * other ({@link io.dendro.tree.Summary#errorBound}), everything else still exactly equal.
     */
    private static void assertSame(Map<String, Object> want, Map<String, Object> got, boolean loose, String what) {
        assertEquals(want.keySet(), got.keySet(), what);
        for (String q : want.keySet()) {
            Object w = want.get(q);
            Object g = got.get(q);
            if (loose && w instanceof List<?> lw && g instanceof List<?> lg && lw.size() == lg.size()) {
                for (int i = 0; i < lw.size(); i++) {
                    assertClose(lw.get(i), lg.get(i), what + ": " + q + ", row " + i);
                }
            } else {
                assertEquals(w, g, what + ": " + q);
            }
        }
    }

    /** Two windows or buckets: equal but for the mean and standard deviation, which may differ by the error bound. */
    private static void assertClose(Object want, Object got, String what) {
        if (want instanceof StatPoint w && got instanceof StatPoint g && w.count() > 0) {
            double bound = io.dendro.tree.Summary.errorBound(Math.max(Math.abs(w.min()), Math.abs(w.max())),
                    Geometry.LEAF_CAPACITY, 10);
            assertEquals(new StatPoint(w.time(), w.min(), 0, w.max(), w.count(), 0),
                    new StatPoint(g.time(), g.min(), 0, g.max(), g.count(), 0), what);
            assertEquals(w.mean(), g.mean(), bound, what + ": mean");
            assertEquals(w.stddev(), g.stddev(), bound, what + ": stddev");
        } else if (want instanceof List<?> w && got instanceof List<?> g && w.size() == 8 && g.size() == 8) {
            // a bucket: time, count, min, mean, max, stddev, firstTime, lastTime
            assertClose(new StatPoint((Long) w.get(0), (Double) w.get(2), (Double) w.get(3), (Double) w.get(4),
                    (Long) w.get(1), (Double) w.get(5)), new StatPoint((Long) g.get(0), (Double) g.get(2),
                    (Double) g.get(3), (Double) g.get(4), (Long) g.get(1), (Double) g.get(5)), what);
            assertEquals(w.subList(6, 8), g.subList(6, 8), what + ": times");
        } else {
            assertEquals(want, got, what);
        }
    }

    private static final UUID[] GOLDEN_STREAMS = {GoldenWriter.A, GoldenWriter.B, GoldenWriter.C};

    /**
     * Internal nodes of each spread byte reachable from every retained version of the golden
     * streams, and (last) their entries with an infinite standard deviation (format 4's M2
     * overflowed).
     */
    private static int[] spreads(Database db) {
        int[] counts = new int[4];
        Store store = db.core().store();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (UUID id : GOLDEN_STREAMS) {
            io.dendro.catalog.StreamRecord rec = db.core().handle(id).state.record();
            for (long v = rec.firstRetained(); v <= rec.version(); v++) {
                long root = v == rec.version() ? rec.root()
                        : VersionIndex.rootOf(store, rec.versionIndex(), Math.toIntExact(rec.version()), v);
                if (root != NodeAddress.NONE) {
                    countSpreads(store, root, Geometry.ROOT_PW, Geometry.ROOT_START, counts, seen);
                }
            }
        }
        return counts;
    }

    private static void countSpreads(Store store, long address, int pw, long start, int[] counts,
                                     java.util.Set<Long> seen) {
        MemorySegment n = Nodes.tree(store, address, pw, start);
        if (Nodes.isLeaf(n) || !seen.add(address)) {
            return;
        }
        counts[InternalLayout.spread(n)]++;
        int e = 0;
        for (long m = InternalLayout.mask(n); m != 0; m &= m - 1, e++) {
            int i = Long.numberOfTrailingZeros(m);
            if (Double.isInfinite(InternalLayout.sigma(n, e))) {
                counts[3]++;
            }
            countSpreads(store, InternalLayout.address(n, e), Geometry.childPw(pw), Geometry.childStart(start, pw, i),
                    counts, seen);
        }
    }

    private static final long DAY = 86_400 * GoldenWriter.SECOND;
    private static final long[][] RANGES = {{GoldenWriter.T0 - DAY, GoldenWriter.T0 + 3 * DAY},
            {GoldenWriter.T0 + 3_600 * GoldenWriter.SECOND + 17, GoldenWriter.T0 + DAY / 3},
            {Time.MIN_TIME, Time.MAX_TIME}};

    /** Every retained version's points, counts, windows and downsampled buckets (mean timestamps too). */
    private static Map<String, Object> answers(Database db) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (UUID id : GOLDEN_STREAMS) {
            Stream s = db.stream(id);
            for (long v = s.firstRetainedVersion(); v <= s.version(); v++) {
                String at = id + "@" + v;
                out.put(at + " values", s.values(Time.MIN_TIME, Time.MAX_TIME, v).toList());
                for (long[] r : RANGES) {
                    String in = at + " [" + r[0] + ", " + r[1] + ")";
                    out.put(in + " count", s.count(r[0], r[1], v).value());
                    for (int pw : new int[] {30, 38, 44, 50}) {
                        out.put(in + " aligned " + pw, s.alignedWindows(r[0], r[1], pw, v).toList());
                    }
                    if (r[1] - r[0] > 0 && r[0] != Time.MIN_TIME) {
                        out.put(in + " windows", s.windows(r[0], r[1], 3_600 * GoldenWriter.SECOND + 1, 0, v).toList());
                        for (String g : new String[] {"15min", "h", "d"}) {
                            out.put(in + " downsample " + g, buckets(s, r[0], r[1], g, false, v));
                            out.put(in + " downsample " + g + " mean times", meanTimes(s, r[0], r[1], g, v));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The buckets' statistics and first and last times. With {@code timeMean} they are the same
     * (checked by {@link #checkMeanTimesAndLeaves}), but under format-4 and 5 nodes they come from
     * the points, not the summaries, so their last bits may differ from those without.
     */
    private static List<List<Object>> buckets(Stream s, long start, long end, String g, boolean timeMean,
                                              long version) {
        List<List<Object>> rows = new java.util.ArrayList<>();
        try (BucketCursor c = s.downsample(start, end, Granularity.parse(g).buckets(ZoneOffset.UTC), false, timeMean,
                version)) {
            while (c.next()) {
                rows.add(List.of(c.time(), c.count(), c.min(), c.mean(), c.max(), c.stddev(), c.firstTime(),
                        c.lastTime()));
            }
        }
        return rows;
    }

    /** The buckets' mean timestamps. */
    private static List<List<Long>> meanTimes(Stream s, long start, long end, String g, long version) {
        List<List<Long>> rows = new java.util.ArrayList<>();
        try (BucketCursor c = s.downsample(start, end, Granularity.parse(g).buckets(ZoneOffset.UTC), false, true,
                version)) {
            while (c.next()) {
                rows.add(List.of(c.time(), c.count(), c.meanTime()));
            }
        }
        return rows;
    }

    /** The mean timestamps against the times read back (exact, half up); the leaves decoded with and without them. */
    private static void checkMeanTimesAndLeaves(Database db, String what) {
        for (UUID id : GOLDEN_STREAMS) {
            Stream s = db.stream(id);
            for (long[] r : RANGES) {
                if (r[0] == Time.MIN_TIME) {
                    continue;
                }
                for (String g : new String[] {"15min", "h", "d"}) {
                    Buckets b = Granularity.parse(g).buckets(ZoneOffset.UTC);
                    Map<Long, BigInteger[]> sums = new java.util.LinkedHashMap<>();
                    try (PointCursor c = s.values(r[0], r[1], 0)) {
                        while (c.next()) {
                            BigInteger[] acc = sums.computeIfAbsent(b.startOf(c.time()),
                                    k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
                            acc[0] = acc[0].add(BigInteger.valueOf(c.time()));
                            acc[1] = acc[1].add(BigInteger.ONE);
                        }
                    }
                    Map<Long, Long> want = new java.util.LinkedHashMap<>();
                    sums.forEach((k, acc) -> { // floor((2·sum + n) / 2n): half up
                        BigInteger[] qr = acc[0].shiftLeft(1).add(acc[1]).divideAndRemainder(acc[1].shiftLeft(1));
                        want.put(k, (qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0]).longValueExact());
                    });
                    Map<Long, Long> got = new java.util.LinkedHashMap<>();
                    try (BucketCursor c = s.downsample(r[0], r[1], b, false, true, 0)) {
                        while (c.next()) {
                            got.put(c.time(), c.meanTime());
                        }
                    }
                    String at = what + ", " + id + " " + g + " [" + r[0] + ", " + r[1] + ")";
                    assertEquals(want, got, at);
                    assertEquals(buckets(s, r[0], r[1], g, false, 0), buckets(s, r[0], r[1], g, true, 0),
                            at + ": the statistics with the mean timestamp, from the same summaries");
                    long with = DownsampleTest.leavesRead(s, r[0], r[1], b, true, 0);
                    long without = DownsampleTest.leavesRead(s, r[0], r[1], b, false, 0);
                    assertTrue(with <= without, at + ": " + with + " leaves read with the mean timestamp, "
                            + without + " without");
                }
            }
        }
    }
}
