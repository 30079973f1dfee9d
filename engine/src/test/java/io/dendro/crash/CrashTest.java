package io.dendro.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Database;
import io.dendro.PointCursor;
import io.dendro.Stream;
import io.dendro.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CrashWriter}) with SIGKILL at a random moment while it writes
 * (several streams, mixed batch sizes, every durability mode, deletes and flushes), reopens
 * the database and checks it against the child's journal:
 * <ul>
 * <li>every acknowledged insert is present exactly once (a process crash keeps the page cache,
 *     so this holds in every durability mode);</li>
 * <li>an insert or delete that began but was not acknowledged is all or nothing;</li>
 * <li>an acknowledged delete removed its whole range;</li>
 * <li>every sealed version the child observed reads exactly as it did (count, first, last).</li>
 * </ul>
 * CI runs {@code dendro.crash.cycles} (default 4) kill cycles on one database; for a long run:
 * {@code mvn -pl engine -am verify -Dtest=CrashTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Ddendro.crash.cycles=300}.
 */
class CrashTest {
    @TempDir
    Path tmp;

    @Test
    void shouldKeepEveryAcknowledgedWriteAcrossKills() throws Exception {
        int cycles = Integer.getInteger("dendro.crash.cycles", 4);
        long seed = Long.getLong("dendro.crash.seed", System.nanoTime());
        System.out.println("CrashTest seed " + seed + ", " + cycles + " cycles");
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("db");
        Path journal = tmp.resolve("db.journal");
        for (int cycle = 1; cycle <= cycles; cycle++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Xmx512m", CrashWriter.class.getName(),
                    dir.toString(), Integer.toString(cycle), Long.toString(rnd.nextLong()))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + cycle + ".log").toFile()).start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(journal) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20); // a loaded machine may take a while to start the child
            }
            Thread.sleep(700 + rnd.nextInt(1500));
            int c = cycle;
            assertTrue(p.isAlive(), () -> "the writer died by itself: " + childLog(c));
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            try {
                check(dir, journal);
            } catch (AssertionError e) {
                throw new AssertionError("cycle " + cycle + " (seed " + seed + "): " + e.getMessage(), e);
            }
        }
    }

    private String childLog(int cycle) {
        try {
            return Files.readString(tmp.resolve("child-" + cycle + ".log"));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    /** What the journal says about one batch. */
    private static final class BatchState {
        int stream;
        int n;
        boolean acked;
        boolean deleteBegun;
        boolean deleteAcked;
    }

    private static void check(Path dir, Path journal) throws Exception {
        Map<Long, BatchState> batches = new HashMap<>();
        List<String> lines = Files.readAllLines(journal);
        List<String[]> versions = new java.util.ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length < 2) {
                continue; // a torn last line cannot happen (one write per line) but costs nothing
            }
            switch (f[0]) {
                case "B" -> {
                    BatchState b = new BatchState();
                    b.stream = Integer.parseInt(f[1]);
                    b.n = Integer.parseInt(f[3]);
                    batches.put(Long.parseLong(f[2]), b);
                }
                case "I" -> batches.get(Long.parseLong(f[2])).acked = true;
                case "X" -> batches.get(Long.parseLong(f[2])).deleteBegun = true;
                case "D" -> batches.get(Long.parseLong(f[2])).deleteAcked = true;
                case "V" -> versions.add(f);
                default -> throw new AssertionError("unknown journal line " + line);
            }
        }
        try (Database db = CrashWriter.open(dir)) {
            var report = db.verify();
            assertTrue(report.problems().isEmpty(), "verify after the crash: " + report.problems());
            for (Map.Entry<Long, BatchState> e : batches.entrySet()) {
                long batch = e.getKey();
                BatchState b = e.getValue();
                Stream s = db.stream(CrashWriter.streamId(b.stream));
                long start = CrashWriter.batchBase(batch);
                long present = s.count(start, start + b.n, 0).value();
                if (b.deleteAcked) {
                    assertEquals(0, present, "batch " + batch + " was deleted");
                } else if (b.acked && !b.deleteBegun) {
                    assertEquals(b.n, present, "acknowledged batch " + batch + " is present exactly once");
                    try (PointCursor c = s.values(start, start + b.n, 0)) {
                        for (int i = 0; c.next(); i++) {
                            assertEquals(start + i, c.time());
                            if (b.stream == CrashWriter.LABELS) {
                                assertEquals(CrashWriter.label(batch, i), c.document(), "label of batch " + batch);
                            } else {
                                assertEquals(CrashWriter.value(batch, i), c.value());
                                assertEquals(b.stream == CrashWriter.AGGREGATES ? CrashWriter.aggregate(batch, i) : null,
                                        c.aggregate(), "aggregate of batch " + batch);
                            }
                        }
                    }
                } else {
                    assertTrue(present == 0 || present == b.n,
                            "batch " + batch + " is all or nothing, found " + present + " of " + b.n);
                }
            }
            // the derived stream is exactly its operator over its sources' latest sealed versions
            Stream derived = db.stream(CrashWriter.DERIVED);
            java.util.List<io.dendro.derive.SourcePoints> in = new java.util.ArrayList<>();
            for (int k = 0; k < 2; k++) {
                io.dendro.derive.SourcePoints sp = new io.dendro.derive.SourcePoints();
                Stream src = db.stream(CrashWriter.streamId(k));
                src.flush(); // what the log replayed is sealed now, and derived with it
                for (io.dendro.RawPoint p : src.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList()) {
                    sp.add(p.time(), p.value(), p.document());
                }
                in.add(sp);
            }
            io.dendro.derive.SourcePoints want = new io.dendro.derive.SourcePoints();
            io.dendro.derive.Operators.byName("sum").compute(in, Map.of(), Time.MIN_TIME, Time.MAX_TIME, want);
            java.util.List<io.dendro.RawPoint> got = derived.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList();
            assertEquals(want.size(), got.size(), "derived points");
            for (int i = 0; i < got.size(); i++) {
                assertEquals(want.time(i), got.get(i).time(), "derived point " + i);
                assertEquals(want.value(i), got.get(i).value(), "derived value " + i);
            }
            // each backprocessed derivative (finished or cut by a kill) is exactly the operator over
            // stream 0 before the time its latest version says it got to
            io.dendro.derive.SourcePoints rate = new io.dendro.derive.SourcePoints();
            io.dendro.derive.Operators.byName("derivative").compute(java.util.List.of(in.get(0)), Map.of(), Time.MIN_TIME,
                    Time.MAX_TIME, rate);
            for (int cycle = 1; cycle <= 1_000; cycle++) {
                java.util.Optional<Stream> bp = db.find(CrashWriter.backprocessed(cycle));
                if (bp.isEmpty()) {
                    continue;
                }
                long until = bp.get().lineage().until();
                System.out.println("backprocessed derivative of cycle " + cycle + ": " + (bp.get().lineage().complete()
                        ? "complete" : "cut at " + until) + ", version " + bp.get().version());
                java.util.List<io.dendro.RawPoint> pts = bp.get().values(Time.MIN_TIME, Time.MAX_TIME, 0).toList();
                int n = 0;
                while (n < rate.size() && rate.time(n) < until) {
                    n++;
                }
                assertEquals(n, pts.size(), "backprocessed derivative of cycle " + cycle + " (until " + until + ")");
                for (int i = 0; i < n; i++) {
                    assertEquals(rate.time(i), pts.get(i).time(), "backprocessed point " + i);
                    assertEquals(rate.value(i), pts.get(i).value(), "backprocessed value " + i);
                }
            }
            for (String[] f : versions) {
                Stream s = db.stream(CrashWriter.streamId(Integer.parseInt(f[1])));
                long v = Long.parseLong(f[2]);
                assertEquals(Long.parseLong(f[3]), s.count(Time.MIN_TIME, Time.MAX_TIME, v).value(), "count at " + v);
                assertEquals(Long.parseLong(f[4]), (long) s.earliest(v).value().map(p -> p.time()).orElse(-1L));
                assertEquals(Long.parseLong(f[5]), (long) s.latest(v).value().map(p -> p.time()).orElse(-1L));
            }
        }
    }
}
