package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.Geometry;
import io.dendro.tree.InternalLayout;
import io.dendro.tree.Nodes;
import io.dendro.tree.TimeSum;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format-6 time sums through a random workload: appends, out-of-order inserts under every merge
 * policy, deletes and a compaction. After each step every internal node is format 6, the
 * verifier (which recomputes every entry's time sum from the leaves up) finds nothing, and the
 * entries of the top levels equal the sums of the points read back in their spans, computed here
 * with {@link BigInteger}. A damaged time sum is reported where it is.
 */
class TimeSumTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldKeepExactTimeSumsThroughInsertsDeletesAndCompaction() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        String where = "seed " + seed;
        UUID id = UUID.randomUUID();
        try (Database db = Database.open(dir.resolve("db"), DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(id, "c", Map.of("n", "v"), Map.of());
            long base = r.nextBoolean() ? 1_704_067_200L * S : -1_000_000_000L * S; // 2024, or before 1970
            long at = base;
            for (int step = 0; step < 14; step++) {
                int n = 1 + r.nextInt(step % 4 == 0 ? 40_000 : 3_000);
                long[] t = new long[n];
                double[] v = new double[n];
                boolean scattered = step > 0 && r.nextInt(3) == 0;
                for (int i = 0; i < n; i++) {
                    at += 1 + r.nextLong(r.nextInt(20) == 0 ? 3_600 * S : 10 * S);
                    t[i] = scattered ? base + r.nextLong(Math.max(1, at - base)) : at;
                    v[i] = r.nextInt(100);
                }
                MergePolicy p = MergePolicy.values()[r.nextInt(MergePolicy.values().length)];
                s.insert(t, v, p);
                if (r.nextInt(4) == 0) {
                    long d = base + r.nextLong(Math.max(1, at - base));
                    s.delete(d, d + r.nextLong(6 * 3_600 * S));
                }
                s.flush();
                check(db, id, where + ", step " + step);
            }
            db.compact();
            check(db, id, where + ", compacted");
        }
        try (Database db = Database.open(dir.resolve("db"), DatabaseOptions.defaults().fsync(false))) {
            check(db, id, where + ", reopened");
        }
    }

    @Test
    void shouldReportADamagedTimeSum() throws IOException {
        UUID id = UUID.randomUUID();
        Path path = dir.resolve("damaged");
        long root;
        try (Database db = Database.open(path, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(id, "c", Map.of("n", "v"), Map.of());
            long[] t = new long[20_000];
            double[] v = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = 1_704_067_200L * S + i * 7 * S;
            }
            s.insert(t, v);
            s.flush();
            assertTrue(db.verify().isClean());
            root = db.core().handle(id).state.record().root();
        }
        VerifyFixture.patch(path, root, p -> {
            int at = (int) InternalLayout.timeSumOffset(MemorySegment.ofBuffer(p), 0);
            p.put(at, (byte) (p.get(at) ^ 1));
        });
        try (Database db = Database.open(path, DatabaseOptions.defaults().fsync(false))) {
            VerifyReport report = db.verify();
            assertTrue(report.problems().stream().anyMatch(q -> q.kind() == VerifyReport.Kind.SUMMARY
                    && q.address() == root && q.toString().contains("time sum")), report::toString);
        }
    }

    private static void check(Database db, UUID id, String where) {
        VerifyReport report = db.verify();
        assertTrue(report.isClean(), () -> where + ": " + report);
        long root = db.core().handle(id).state.record().root();
        if (root != NodeAddress.NONE) {
            walk(db.stream(id), db.core().store(), root, Geometry.ROOT_PW, Geometry.ROOT_START, 0, where);
        }
    }

    /** Every internal node is format 6; entries of the top three levels against the points read back. */
    private static void walk(Stream s, Store store, long address, int pw, long start, int level, String where) {
        MemorySegment n = Nodes.tree(store, address, pw, start);
        if (Nodes.isLeaf(n)) {
            return;
        }
        assertTrue(InternalLayout.hasTimeSums(n), where + ": a format-6 writer wrote a node without time sums");
        int cpw = Geometry.childPw(pw);
        int e = 0;
        for (long m = InternalLayout.mask(n); m != 0; m &= m - 1, e++) {
            long cs = Geometry.childStart(start, pw, Long.numberOfTrailingZeros(m));
            assertEquals(0, InternalLayout.nulls(n, e), where);
            if (level < 3) {
                BigInteger want = BigInteger.ZERO;
                try (PointCursor c = s.values(Math.max(cs, Time.MIN_TIME), Math.min(Geometry.end(cs, cpw),
                        Time.MAX_TIME), 0)) {
                    while (c.next()) {
                        want = want.add(BigInteger.valueOf(c.time() - cs));
                    }
                }
                assertEquals(want.toString(), TimeSum.toString(InternalLayout.timeSumHi(n, e),
                        InternalLayout.timeSumLo(n, e)), where + ": entry " + e + " at pointwidth " + pw);
            }
            walk(s, store, InternalLayout.address(n, e), cpw, cs, level + 1, where);
        }
    }
}
