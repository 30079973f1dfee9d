package io.dendro.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Database;
import io.dendro.VerifyReport;
import io.dendro.storage.FormatVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads every golden database under {@code src/test/resources/golden/format-N/<variant>/db}
 * (written by {@link GoldenWriter} with the code of format N) from a copy, asks every query of
 * its {@code expected.txt} and compares the answers (the mean and standard deviation of windows
 * within the documented error bound of the exact ones, everything else exactly); then checks {@code verify()} finds
 * nothing, and asks everything again after a close and reopen (but the registry listing,
 * whose versions move on when closing seals the points the log replayed) and after a
 * compaction. A new format adds a directory and nothing here.
 */
class GoldenFormatTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> shouldAnswerEveryRecordedQueryOfEveryGoldenDatabase() throws IOException {
        Path golden = Golden.directory();
        List<Path> variants = new ArrayList<>();
        try (Stream<Path> formats = Files.list(golden)) {
            for (Path f : formats.filter(p -> p.getFileName().toString().startsWith("format-")).sorted().toList()) {
                try (Stream<Path> vs = Files.list(f)) {
                    vs.filter(p -> Files.isDirectory(p.resolve("db"))).sorted().forEach(variants::add);
                }
            }
        }
        assertFalse(variants.isEmpty(), "no golden database found under " + golden);
        return variants.stream().map(v -> DynamicTest.dynamicTest(
                v.getParent().getFileName() + "/" + v.getFileName(), () -> check(v)));
    }

    /**
     * Format-4 and 5 databases (no time sums in their internal nodes) answer the mean timestamp
     * exactly, by reading leaves, and format-6 ones from their time sums; the first commit moves
     * both meta slots to the current format and writes current-format nodes above the points it
     * adds, whose time sums the verifier checks; the answers stay exact after it and after
     * reopening.
     */
    @org.junit.jupiter.api.Test
    void shouldReadOlderFormatsMeanTimestampsAndMoveToTheCurrentFormatWithTheFirstCommit() throws IOException {
        for (int format : new int[] {4, 5, 6}) {
            String name = "format-" + format;
            Path dir = tmp.resolve(name + "-upgrade");
            Golden.copy(Golden.directory().resolve(name).resolve("sealed").resolve("db"), dir);
            long t0 = GoldenWriter.T0;
            long day = 86_400 * GoldenWriter.SECOND;
            long[][] ranges = {{t0 - day, t0 + 3 * day}, {t0 + 3_600 * GoldenWriter.SECOND + 17, t0 + day / 3}};
            try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
                for (long[] r : ranges) {
                    checkMeanTimes(db.stream(GoldenWriter.A), r[0], r[1], name);
                }
                io.dendro.Stream a = db.stream(GoldenWriter.A);
                a.insert(new long[] {t0 + day + 1, t0 + day + 5}, new double[] {1, 2});
                a.flush();
                org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {format, FormatVersion.CURRENT,
                        FormatVersion.CURRENT}, metaFormats(dir), name + ": the header stays; both slots move on");
                for (long[] r : ranges) {
                    checkMeanTimes(a, r[0], r[1], name + " after the first commit");
                }
                VerifyReport report = db.verify();
                assertTrue(report.isClean(), () -> name + " after the first commit: " + report);
            }
            try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
                for (long[] r : ranges) {
                    checkMeanTimes(db.stream(GoldenWriter.A), r[0], r[1], name + " reopened");
                }
                assertTrue(db.verify().isClean(), name + " reopened");
            }
        }
    }

    /**
     * The format-9 golden databases hold ALP delta leaves (value codec tag 4): their stream P,
     * an EKG-like signal, is stored with it; its points answer as recorded (the check above).
     */
    @org.junit.jupiter.api.Test
    void shouldHoldAlpDeltaLeavesInTheFormat9GoldenDatabase() throws IOException {
        Path dir = tmp.resolve("format-9-leaves");
        Golden.copy(Golden.directory().resolve("format-9").resolve("sealed").resolve("db"), dir);
        try (Database db = Database.openReadOnly(dir)) {
            java.util.Map<Integer, Integer> tags = io.dendro.TestAccess.valueCodecTags(db, GoldenWriter.P);
            assertTrue(tags.getOrDefault(io.dendro.storage.codec.ValueCodec.ALP_DELTA.tag(), 0) > 0,
                    "P's leaves by value codec tag: " + tags);
        }
    }

    /**
     * A format-8 database (no leaf of which holds an ALP delta encoding) is read in place; its
     * first commit, an EKG-like insert stored as ALP delta, moves both meta slots to format 9
     * (the header stays); the points read back, and verify finds nothing, also after reopening.
     */
    @org.junit.jupiter.api.Test
    void shouldMoveAFormat8DatabaseToFormat9WithItsFirstCommit() throws IOException {
        Path dir = tmp.resolve("format-8-upgrade");
        Golden.copy(Golden.directory().resolve("format-8").resolve("sealed").resolve("db"), dir);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {8, 8, 8}, metaFormats(dir));
        java.util.UUID id = java.util.UUID.fromString("00000000-0000-4000-8000-000000000099");
        long[] t = new long[2_000];
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = GoldenWriter.T0 + i * 1_000_000L;
            v[i] = Math.round((0.25 + 0.1 * Math.sin(i / 90.0)) * 2_000) / 2_000.0;
        }
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            io.dendro.Stream s = db.create(id, "golden/upgrade/ekg", java.util.Map.of("name", "ekg"), java.util.Map.of());
            s.insert(t, v, io.dendro.MergePolicy.NEVER, io.dendro.Durability.SYNC);
            s.flush();
            org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {8, FormatVersion.CURRENT,
                    FormatVersion.CURRENT}, metaFormats(dir), "format 8: the header stays; both slots move on");
            assertTrue(io.dendro.TestAccess.valueCodecTags(db, id).containsKey(
                    io.dendro.storage.codec.ValueCodec.ALP_DELTA.tag()), "the new leaves are ALP delta");
            assertTrue(db.verify().isClean(), "after the first commit");
        }
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            List<io.dendro.RawPoint> back = db.stream(id).values(io.dendro.Time.MIN_TIME, io.dendro.Time.MAX_TIME, 0)
                    .toList();
            org.junit.jupiter.api.Assertions.assertEquals(t.length, back.size());
            for (int i = 0; i < t.length; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(t[i], back.get(i).time());
                org.junit.jupiter.api.Assertions.assertEquals(Double.doubleToRawLongBits(v[i]),
                        Double.doubleToRawLongBits(back.get(i).value()), "point " + i);
            }
            assertTrue(db.verify().isClean(), "reopened");
        }
    }

    /**
     * A format-6 database (no payload columns in its leaves, no extra-samples column in its
     * internal nodes) takes an aggregate point and a null point into its deep numeric stream A:
     * the commit moves both meta slots to the current format; the points read back as inserted;
     * {@code count} counts both as points, and windows (exact ones at every level, and those that
     * take whole format-6 children) count the aggregate's samples, merged exactly, and skip the
     * null; {@code verify()} finds nothing, also after reopening, where everything answers the same.
     */
    @org.junit.jupiter.api.Test
    void shouldTakeAggregateAndNullPointsIntoAFormat6DatabaseAndMoveToTheCurrentFormat() throws IOException {
        Path dir = tmp.resolve("format-6-aggregates");
        Golden.copy(Golden.directory().resolve("format-6").resolve("sealed").resolve("db"), dir);
        long s = GoldenWriter.SECOND;
        long t0 = GoldenWriter.T0;
        long tAgg = t0 + 1_000 * s + s / 2;
        long tNull = t0 + 1_001 * s + s / 2;
        long tAgg2 = t0 + 7_000 * s; // beside the plain point at the same time
        io.dendro.value.Aggregate agg = new io.dendro.value.Aggregate(5, 200.5, 260.25, 231.125, 17.75);
        io.dendro.value.Aggregate agg2 = new io.dendro.value.Aggregate(1_000, -1e100, 1e100, 0.0, 1e100);
        long[][] hours = {{t0, t0 + 86_400 * s, 3_600 * s}, {t0 + 900 * s, t0 + 1_100 * s, s}};
        List<List<io.dendro.StatPoint>> before = new ArrayList<>();
        long pointsBefore;
        long pointsAfter;
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            io.dendro.Stream a = db.stream(GoldenWriter.A);
            pointsBefore = a.count(io.dendro.Time.MIN_TIME, io.dendro.Time.MAX_TIME, 0).value();
            for (long[] h : hours) {
                before.add(a.windows(h[0], h[1], h[2], 0, 0).toList());
            }
            a.insert(new long[] {tAgg, tNull, tAgg2}, new double[] {0, io.dendro.Stream.NULL, 0},
                    new io.dendro.value.Aggregate[] {agg, null, agg2}, io.dendro.MergePolicy.NEVER,
                    io.dendro.Durability.SYNC);
            a.flush();
            org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {6, FormatVersion.CURRENT,
                    FormatVersion.CURRENT}, metaFormats(dir), "format 6: the header stays; both slots move on");
            pointsAfter = pointsBefore + 3;
            checkAggregates(a, pointsAfter, tAgg, tNull, tAgg2, agg, agg2, hours, before, "after the commit");
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> "after the commit: " + report);
        }
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            checkAggregates(db.stream(GoldenWriter.A), pointsAfter, tAgg, tNull, tAgg2, agg, agg2, hours, before,
                    "reopened");
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> "reopened: " + report);
        }
        try (Database db = Database.openReadOnly(dir)) {
            checkAggregates(db.stream(GoldenWriter.A), pointsAfter, tAgg, tNull, tAgg2, agg, agg2, hours, before,
                    "read-only");
        }
    }

    private static void checkAggregates(io.dendro.Stream a, long points, long tAgg, long tNull, long tAgg2,
                                        io.dendro.value.Aggregate agg, io.dendro.value.Aggregate agg2,
                                        long[][] windows, List<List<io.dendro.StatPoint>> before, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(points,
                a.count(io.dendro.Time.MIN_TIME, io.dendro.Time.MAX_TIME, 0).value(), what + ": points");
        io.dendro.RawPoint p = a.nearest(tAgg, 0, false).value().orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals(new io.dendro.RawPoint(tAgg, agg.mean(), agg, null), p,
                what + ": the aggregate point");
        p = a.nearest(tNull, 0, false).value().orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals(tNull, p.time(), what);
        assertTrue(io.dendro.Stream.isNull(p.value()) && p.aggregate() == null, what + ": the null point " + p);
        List<io.dendro.RawPoint> at = a.values(tAgg2, tAgg2 + 1, 0).toList();
        org.junit.jupiter.api.Assertions.assertEquals(2, at.size(), what + ": two points at " + tAgg2);
        org.junit.jupiter.api.Assertions.assertEquals(agg2, at.get(1).aggregate(), what + ": inserted after the plain one");
        io.dendro.WindowOracle oracle = new io.dendro.WindowOracle();
        for (int k = 0; k < windows.length; k++) {
            long[] w = windows[k];
            List<io.dendro.StatPoint> got = a.windows(w[0], w[1], w[2], 0, 0).toList();
            oracle.check(a, 0, w[0], w[1], got, what + ", windows of " + w[2]);
            List<io.dendro.StatPoint> old = before.get(k);
            org.junit.jupiter.api.Assertions.assertEquals(old.size(), got.size(), what);
            for (int i = 0; i < got.size(); i++) {
                long start = got.get(i).time();
                long added = (tAgg >= start && tAgg < start + w[2] ? agg.count() : 0)
                        + (tAgg2 >= start && tAgg2 < start + w[2] ? agg2.count() : 0);
                org.junit.jupiter.api.Assertions.assertEquals(old.get(i).count() + added, got.get(i).count(),
                        what + ": the window at " + start + " counts the aggregates' samples and not the null");
                if (added == 0) {
                    org.junit.jupiter.api.Assertions.assertEquals(old.get(i), got.get(i), what + ": untouched window");
                }
            }
        }
        // children taken whole (format-6 ones beside current-format ones) where a window holds them
        long t0 = GoldenWriter.T0;
        long day = 86_400 * GoldenWriter.SECOND;
        for (int depth : new int[] {30, 38, 44}) {
            List<io.dendro.StatPoint> got = a.windows(t0, t0 + day, 3_600 * GoldenWriter.SECOND, depth, 0).toList();
            oracle.check(a, 0, t0, t0 + day, got, what + ", hours at depth " + depth);
        }
        for (int pw : new int[] {36, 40, 44}) {
            oracle.check(a, 0, t0 - day, t0 + 2 * day, a.alignedWindows(t0 - day, t0 + 2 * day, pw, 0).toList(),
                    what + ", aligned windows of 2^" + pw);
        }
    }

    /** Hourly and daily buckets' mean timestamps against the times read back (exact, half up). */
    private static void checkMeanTimes(io.dendro.Stream s, long start, long end, String what) {
        for (String g : new String[] {"h", "d", "15min"}) {
            io.dendro.Buckets b = io.dendro.Granularity.parse(g).buckets(java.time.ZoneOffset.UTC);
            java.util.Map<Long, java.math.BigInteger[]> want = new java.util.LinkedHashMap<>();
            try (io.dendro.PointCursor c = s.values(start, end, 0)) {
                while (c.next()) {
                    java.math.BigInteger[] acc = want.computeIfAbsent(b.startOf(c.time()),
                            k -> new java.math.BigInteger[] {java.math.BigInteger.ZERO, java.math.BigInteger.ZERO});
                    acc[0] = acc[0].add(java.math.BigInteger.valueOf(c.time()));
                    acc[1] = acc[1].add(java.math.BigInteger.ONE);
                }
            }
            java.util.Map<Long, Long> got = new java.util.LinkedHashMap<>();
            try (io.dendro.BucketCursor c = s.downsample(start, end, b, false, true, 0)) {
                while (c.next()) {
                    got.put(c.time(), c.meanTime());
                }
            }
            java.util.Map<Long, Long> expected = new java.util.LinkedHashMap<>();
            want.forEach((k, acc) -> { // floor((2·sum + n) / 2n): half up
                java.math.BigInteger[] qr = acc[0].shiftLeft(1).add(acc[1]).divideAndRemainder(acc[1].shiftLeft(1));
                expected.put(k, (qr[1].signum() < 0 ? qr[0].subtract(java.math.BigInteger.ONE) : qr[0]).longValueExact());
            });
            org.junit.jupiter.api.Assertions.assertEquals(expected, got, what + ", " + g + " [" + start + ", " + end + ")");
            assertFalse(got.isEmpty(), what + ": no points in the range");
        }
    }

    /**
     * Registry lookups (by collection, collection prefix, each tag and each annotation, and a
     * where condition) find exactly the streams whose properties match: by walking the registry
     * in a database written before format 8 until its first commit builds the index, through
     * the index after it and in format-8 databases.
     */
    private static void lookups(Database db, String name) {
        List<io.dendro.StreamInfo> all = db.streams(io.dendro.StreamQuery.all());
        List<io.dendro.StreamQuery> queries = new ArrayList<>();
        for (io.dendro.StreamInfo s : all) {
            queries.add(io.dendro.StreamQuery.all().collection(s.collection()));
            queries.add(io.dendro.StreamQuery.all().collectionPrefix(s.collection().substring(0, s.collection().length() / 2)));
            s.tags().forEach((k, v) -> queries.add(io.dendro.StreamQuery.all().tag(k, v)));
            s.annotations().forEach((k, v) -> {
                queries.add(io.dendro.StreamQuery.all().annotation(k, v));
                queries.add(io.dendro.StreamQuery.all().where(k + "__exists", "true"));
            });
        }
        for (io.dendro.StreamQuery q : queries) {
            java.util.Set<java.util.UUID> want = new java.util.TreeSet<>();
            for (io.dendro.StreamInfo s : all) {
                if (q.matches(s.collection(), s.tags(), s.annotations())) {
                    want.add(s.uuid());
                }
            }
            java.util.Set<java.util.UUID> got = new java.util.TreeSet<>();
            db.streams(q, s -> got.add(s.uuid()));
            org.junit.jupiter.api.Assertions.assertEquals(want, got, name + ": " + q);
            assertFalse(want.isEmpty(), name + ": " + q + " matches the stream it was made from");
        }
    }

    /** The format fields of the dendro.db header and of meta slots 0 and 1. */
    private static int[] metaFormats(Path dir) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("dendro.db")))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return new int[] {b.getInt(4), b.getInt(4096 + 4), b.getInt(8192 + 4)};
    }

    private void check(Path variant) throws IOException {
        String name = variant.getParent().getFileName() + "-" + variant.getFileName();
        Path dir = tmp.resolve(name);
        Golden.copy(variant.resolve("db"), dir); // never opened in place: opening writes
        List<String> lines = Files.readAllLines(variant.resolve("expected.txt"), StandardCharsets.UTF_8);
        String before = Golden.listing(dir);
        // first read-only, as `dendro values` and reader processes open it: same answers, no file touched
        try (Database db = Database.openReadOnly(dir)) {
            Golden.ask(db, lines, name + " read-only", q -> true);
            lookups(db, name + " read-only");
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + " read-only: verify found " + report.problems());
        }
        org.junit.jupiter.api.Assertions.assertEquals(before, Golden.listing(dir), name + ": a read-only open changed files");
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            Golden.ask(db, lines, name, q -> true);
            lookups(db, name);
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + ": verify found " + report.problems());
        }
        // closing sealed what the log replayed: the registry's versions may have moved on, but
        // every version answers as before
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            Golden.ask(db, lines, name + " after reopening", q -> !q.equals("streams"));
            lookups(db, name + " after reopening");
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + " after reopening: verify found " + report.problems());
            // compaction copies every retained version (older formats' nodes converted, payload
            // columns as they are): every version still answers as before
            db.compact();
            Golden.ask(db, lines, name + " after compacting", q -> !q.equals("streams"));
            lookups(db, name + " after compacting");
            // a history left unfinished (format 8's O) is finished; the versions asked about stay as they were
            db.resumeBackprocessing(io.dendro.BackprocessOptions.defaults());
            Golden.ask(db, lines, name + " after resuming", q -> !q.equals("streams"));
            VerifyReport compacted = db.verify();
            assertTrue(compacted.isClean(), () -> name + " after compacting: verify found " + compacted.problems());
        }
    }
}
