package io.dendro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.golden.Golden;
import io.dendro.golden.GoldenWriter;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.Geometry;
import io.dendro.tree.InternalLayout;
import io.dendro.tree.Nodes;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A format-6 writer in a format-4 database (this test was written for format 5, whose writer
 * behaved the same way towards format-4 nodes): a copy of the golden format-4 database gets inserts
 * (every merge policy, extreme values) and a delete into its deep stream: the first insert
 * path-copies the nodes above the second day and leaves the first day's format-4 subtree under
 * a format-5 parent; later ones rewrite that subtree too, leaving format-4 leaf summaries carried
 * in format-5 entries; then buffered points on top (the overlay). After each step every point and every window is checked against the
 * model; the old versions still answer as the golden file recorded; {@code verify()} finds
 * nothing; and all of it again after reopening, after a compaction (which writes every
 * format-4 node it copies as a format-6 node) and after reopening once more.
 */
class MixedFormatTest {
    private static final UUID A = GoldenWriter.A;
    private static final UUID C = GoldenWriter.C;
    private static final long S = GoldenWriter.SECOND;
    private static final long T0 = GoldenWriter.T0;

    @TempDir
    Path tmp;

    private final WindowOracle oracle = new WindowOracle();
    private ModelTest.Snap modelA;
    private ModelTest.Snap modelC;

    @Test
    void shouldWriteFormat5NodesIntoFormat4TreesAndAnswerRight() throws IOException {
        Path variant = Golden.directory().resolve("format-4").resolve("sealed");
        Path dir = tmp.resolve("db");
        Golden.copy(variant.resolve("db"), dir);
        List<String> expected = Files.readAllLines(variant.resolve("expected.txt"), StandardCharsets.UTF_8);
        // queries at explicit versions: those versions never change, whatever is written later
        Predicate<String> pinned = q -> !q.equals("streams") && !q.split(" ")[2].equals("0");
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        String where = "seed " + seed;
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            modelA = snap(db.stream(A));
            modelC = snap(db.stream(C));
            int[] before = spreads(db, A, 6);
            assertTrue(before[InternalLayout.SPREAD_M2] >= 4 && before[InternalLayout.SPREAD_SIGMA] == 0,
                    "the golden tree is format 4 throughout");
            Stream a = db.stream(A);
            // NEVER, on the second day: path-copies the nodes above it, and leaves the first day's
            // format-4 node (pointwidth 44) under a format-5 parent
            long[] t0 = new long[200];
            double[] v0 = new double[t0.length];
            for (int i = 0; i < t0.length; i++) {
                t0[i] = T0 + 86_400 * S + i * 3 * S + 1;
                v0[i] = i % 40 == 0 ? Double.MAX_VALUE : -r.nextInt(1000);
            }
            insert(db, a, t0, v0, MergePolicy.NEVER);
            int[] mixed = spreads(db, A, 7);
            assertTrue(mixed[InternalLayout.SPREAD_M2] > 0 && mixed[InternalLayout.SPREAD_SIGMA_SUMS] > 0,
                    "version 7 mixes both formats: " + mixed[0] + " format-4 and " + mixed[2] + " format-6 nodes");
            // NEVER: new half-second points in one region of the first day, some of them extreme
            long[] t = new long[400];
            double[] v = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = T0 + (2_000 + i) * S + S / 2;
                v[i] = i % 50 == 0 ? (i % 100 == 0 ? Double.MAX_VALUE : -1.7e308) : Math.round(r.nextGaussian() * 1e5) / 1e3;
            }
            insert(db, a, t, v, MergePolicy.NEVER);
            // REPLACE over existing seconds elsewhere
            long[] t2 = new long[300];
            double[] v2 = new double[t2.length];
            for (int i = 0; i < t2.length; i++) {
                t2[i] = T0 + (17_000 + 3L * i) * S;
                v2[i] = i % 7 == 0 ? -0.0 : i % 11 == 0 ? Double.MIN_VALUE * i : r.nextDouble() * 1e3 - 500;
            }
            insert(db, a, t2, v2, MergePolicy.REPLACE);
            // EQUAL and RETAIN over a few existing points
            insert(db, a, java.util.Arrays.copyOf(modelA.t(), 50), java.util.Arrays.copyOf(modelA.v(), 50), MergePolicy.EQUAL);
            insert(db, a, java.util.Arrays.copyOfRange(modelA.t(), 900, 950), new double[50], MergePolicy.RETAIN);
            // a delete across leaves
            long d0 = T0 + 9_100 * S;
            long d1 = T0 + 10_300 * S;
            a.delete(d0, d1);
            modelA = remove(modelA, d0, d1);
            assertEquals(12, a.version());
            check(db, A, 0, modelA, where + ", after the delete");
            // buffered points on top of the mixed tree: the overlay
            db.stream(C).insert(new long[] {T0 + 5, T0 + 6_000}, new double[] {Double.MAX_VALUE, -973.69});
            modelC = ModelTest.modelInsert(modelC, new long[] {T0 + 5, T0 + 6_000}, new double[] {Double.MAX_VALUE, -973.69},
                    MergePolicy.NEVER);
            long[] t3 = {T0 + 30 * S + 1, T0 + 86_400 * S + 7};
            double[] v3 = {1e300, -1e300};
            a.insert(t3, v3);
            modelA = ModelTest.modelInsert(modelA, t3, v3, MergePolicy.NEVER);
            assertTrue(a.bufferedPoints() > 0);
            check(db, A, 0, modelA, where + ", buffered");
            check(db, C, 0, modelC, where + ", C buffered");
            Golden.ask(db, expected, where + ", the golden versions", pinned);
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), report::toString);
        }
        for (int round = 0; round < 3; round++) {
            try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
                String at = where + (round == 0 ? ", reopened" : round == 1 ? ", compacted" : ", reopened after compacting");
                if (round == 1) {
                    db.compact();
                }
                assertEquals(13, db.stream(A).version(), "closing sealed the buffer");
                check(db, A, 13, modelA, at);
                check(db, C, 3, modelC, at + ", C");
                Golden.ask(db, expected, at + ", the golden versions", pinned);
                VerifyReport report = db.verify();
                assertTrue(report.isClean(), () -> at + ": " + report);
                int[] spreads = spreads(db, A, 7);
                if (round == 0) {
                    assertTrue(spreads[InternalLayout.SPREAD_M2] > 0 && spreads[InternalLayout.SPREAD_SIGMA_SUMS] > 0,
                            at + ": format-4 nodes stay until a compaction");
                } else {
                    assertTrue(spreads[InternalLayout.SPREAD_M2] + spreads[InternalLayout.SPREAD_SIGMA] == 0
                            && spreads[InternalLayout.SPREAD_SIGMA_SUMS] > 0, at + ": compaction wrote format-6 nodes only");
                }
            }
        }
        System.out.println("MixedFormatTest, " + oracle);
    }

    /**
     * A format-4 database stays format 4 on disk (header and meta slots) while it is only read;
     * the log file every open starts says the current format (an older binary refuses it); the
     * first commit moves both meta slots to the current format and leaves the header as it was.
     */
    @Test
    void shouldMoveTheMetaSlotsToTheCurrentFormatAtTheFirstCommitOnly() throws IOException {
        Path dir = tmp.resolve("upgrade");
        Golden.copy(Golden.directory().resolve("format-4").resolve("sealed").resolve("db"), dir);
        assertArrayEquals(new int[] {4, 4, 4}, metaFormats(dir), "header and slots of the golden copy");
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            assertEquals(6, db.stream(A).version());
        }
        assertArrayEquals(new int[] {4, 4, 4}, metaFormats(dir), "reading commits nothing");
        try (java.util.stream.Stream<Path> logs = Files.list(dir)) {
            Path newest = logs.filter(f -> f.getFileName().toString().startsWith("wal-")).sorted()
                    .reduce((x, y) -> y).orElseThrow();
            java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(Files.readAllBytes(newest)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(io.dendro.storage.FormatVersion.CURRENT, h.getInt(4), newest + ": the log file this open started");
        }
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            db.stream(C).insert(new long[] {T0}, new double[] {1});
            db.stream(C).flush();
        }
        int now = io.dendro.storage.FormatVersion.CURRENT;
        assertArrayEquals(new int[] {4, now, now}, metaFormats(dir), "the header stays; both slots move on");
    }

    /** The format fields of the dendro.db header and of slots 0 and 1. */
    private static int[] metaFormats(Path dir) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("dendro.db")))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return new int[] {b.getInt(4), b.getInt(4096 + 4), b.getInt(8192 + 4)};
    }

    /**
     * The verifier checks format-4 entries with format 4's arithmetic and a format-5 entry carried
     * over from a format-4 parent against format 4's summary too, bit for bit: damage to either
     * is reported where it is.
     */
    @Test
    void shouldReportADamagedSummaryInAFormat4NodeAndInAFormat5EntryCarriedFromOne() throws IOException {
        for (boolean format4 : new boolean[] {true, false}) {
            Path dir = tmp.resolve(format4 ? "four" : "five");
            Golden.copy(Golden.directory().resolve("format-4").resolve("sealed").resolve("db"), dir);
            long[] found; // the format-5 parent, the entry, the format-4 child
            try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
                Stream a = db.stream(A);
                a.insert(new long[] {T0 + 86_400 * S + 1}, new double[] {1});
                a.flush(); // version 7: format-5 nodes above the first day's format-4 node
                assertTrue(db.verify().isClean());
                found = firstFormat4UnderFormat5(db.core().store(), db.core().handle(A).state.record().root());
            }
            long target = format4 ? found[2] : found[0];
            int entry = format4 ? 0 : (int) found[1];
            VerifyFixture.patch(dir, target, p -> {
                int at = (int) InternalLayout.spreadOffset(MemorySegment.ofBuffer(p), entry);
                p.putDouble(at, Math.nextUp(p.getDouble(at)));
            });
            try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
                VerifyReport r = db.verify();
                assertTrue(r.problems().stream().anyMatch(p -> p.kind() == VerifyReport.Kind.SUMMARY && p.address() == target),
                        (format4 ? "a format-4 node's M2" : "a carried standard deviation") + ": " + r);
            }
        }
    }

    /** {@code {parent, entry, child}}: the first format-4 internal node whose parent is format 5. */
    private static long[] firstFormat4UnderFormat5(Store store, long root) {
        return find(store, root, Geometry.ROOT_PW, Geometry.ROOT_START);
    }

    private static long[] find(Store store, long address, int pw, long start) {
        MemorySegment n = Nodes.tree(store, address, pw, start);
        if (Nodes.isLeaf(n) || InternalLayout.spread(n) == InternalLayout.SPREAD_M2) {
            return null;
        }
        int e = 0;
        for (long m = InternalLayout.mask(n); m != 0; m &= m - 1, e++) {
            int i = Long.numberOfTrailingZeros(m);
            long child = InternalLayout.address(n, e);
            MemorySegment c = Nodes.tree(store, child, Geometry.childPw(pw), Geometry.childStart(start, pw, i));
            if (!Nodes.isLeaf(c) && InternalLayout.spread(c) == InternalLayout.SPREAD_M2) {
                return new long[] {address, e, child};
            }
            long[] deeper = find(store, child, Geometry.childPw(pw), Geometry.childStart(start, pw, i));
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    private void insert(Database db, Stream a, long[] t, double[] v, MergePolicy p) {
        long version = a.insert(t, v, p);
        a.flush();
        modelA = ModelTest.modelInsert(modelA, t, v, p);
        check(db, A, version, modelA, "after a " + p + " insert");
    }

    private static ModelTest.Snap snap(Stream s) {
        List<RawPoint> all = new java.util.ArrayList<>();
        try (PointCursor c = s.values(Time.MIN_TIME, Time.MAX_TIME, 0)) {
            while (c.next()) {
                all.add(new RawPoint(c.time(), c.value()));
            }
        }
        return new ModelTest.Snap(all.stream().mapToLong(RawPoint::time).toArray(),
                all.stream().mapToDouble(RawPoint::value).toArray());
    }

    private static ModelTest.Snap remove(ModelTest.Snap m, long from, long to) {
        List<Integer> keep = new java.util.ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            if (m.t()[i] < from || m.t()[i] >= to) {
                keep.add(i);
            }
        }
        return new ModelTest.Snap(keep.stream().mapToLong(i -> m.t()[i]).toArray(),
                keep.stream().mapToDouble(i -> m.v()[i]).toArray());
    }

    /** Every point, and windows of several kinds over the whole stream, against the model. */
    private void check(Database db, UUID id, long version, ModelTest.Snap model, String what) {
        Stream s = db.stream(id);
        ModelTest.Snap got = snap(s);
        if (version != 0) {
            assertEquals(version, s.version(), what);
        }
        assertArrayEquals(model.t(), got.t(), what + ": times");
        assertArrayEquals(java.util.Arrays.stream(model.v()).mapToLong(Double::doubleToRawLongBits).toArray(),
                java.util.Arrays.stream(got.v()).mapToLong(Double::doubleToRawLongBits).toArray(), what + ": values");
        long a = model.t()[0];
        long b = model.t()[model.size() - 1] + 1;
        for (int pw : new int[] {0, 30, 36, 40, 44, 50}) {
            try (StatCursor c = s.alignedWindows(a, b, pw, version)) {
                oracle.check(s, version, a & -(1L << pw), b & -(1L << pw), c.toList(), what + ", pw " + pw);
            }
        }
        long span = b - a;
        for (long[] w : new long[][] {{span, 0}, {span, 50}, {span / 17 + 1, 0}, {span / 17 + 1, 44}, {span / 400 + 1, 38}}) {
            try (StatCursor c = s.windows(a, b, w[0], (int) w[1], version)) {
                oracle.check(s, version, a, a + span / w[0] * w[0], c.toList(), what + ", width " + w[0] + " depth " + w[1]);
            }
        }
    }

    /** Internal nodes of each spread byte in the tree of {@code version} of the stream. */
    private static int[] spreads(Database db, UUID id, long version) {
        int[] counts = new int[3];
        Store store = db.core().store();
        io.dendro.catalog.StreamRecord rec = db.core().handle(id).state.record();
        long root = version == rec.version() ? rec.root()
                : io.dendro.catalog.VersionIndex.rootOf(store, rec.versionIndex(), Math.toIntExact(rec.version()), version);
        if (root != NodeAddress.NONE) {
            count(store, root, Geometry.ROOT_PW, Geometry.ROOT_START, counts);
        }
        return counts;
    }

    private static void count(Store store, long address, int pw, long start, int[] counts) {
        MemorySegment n = Nodes.tree(store, address, pw, start);
        if (Nodes.isLeaf(n)) {
            return;
        }
        counts[InternalLayout.spread(n)]++;
        int e = 0;
        for (long m = InternalLayout.mask(n); m != 0; m &= m - 1, e++) {
            int i = Long.numberOfTrailingZeros(m);
            count(store, InternalLayout.address(n, e), Geometry.childPw(pw), Geometry.childStart(start, pw, i), counts);
        }
    }
}
