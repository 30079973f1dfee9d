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
 * whose versions move on when closing seals the points the log replayed). A new format adds a directory
 * and nothing here.
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
     * exactly, by reading leaves; their first commit moves both meta slots to the current format
     * and writes format-6 nodes above the points it adds, whose time sums the verifier checks;
     * the answers stay exact after it and after reopening.
     */
    @org.junit.jupiter.api.Test
    void shouldReadOlderFormatsMeanTimestampsAndMoveToTheCurrentFormatWithTheFirstCommit() throws IOException {
        for (int format : new int[] {4, 5}) {
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
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + " read-only: verify found " + report.problems());
        }
        org.junit.jupiter.api.Assertions.assertEquals(before, Golden.listing(dir), name + ": a read-only open changed files");
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            Golden.ask(db, lines, name, q -> true);
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + ": verify found " + report.problems());
        }
        // closing sealed what the log replayed: the registry's versions may have moved on, but
        // every version answers as before
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            Golden.ask(db, lines, name + " after reopening", q -> !q.equals("streams"));
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + " after reopening: verify found " + report.problems());
        }
    }
}
