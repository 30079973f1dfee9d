package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.FaultyFileIO;
import io.dendro.storage.FileIO;
import io.dendro.storage.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: writes fail with OUT_OF_SPACE and change nothing; reads, read-only opens and
 * verify keep working; once space is freed the next write succeeds in the same process,
 * without a reopen; and every acknowledged point is there after a reopen. Once through the
 * fault-injecting file system (space runs out after a random number of bytes), once on a real
 * small tmpfs (where the machine lets the test mount one).
 */
class FullDiskTest {
    @TempDir
    Path tmp;

    private static final UUID ID = new UUID(7, 7);

    /** Inserts until the disk is full; returns the acknowledged points, checking each failure. */
    private static List<RawPoint> fill(Stream s, Random rnd, List<RawPoint> acked, int failuresWanted) {
        int failures = 0;
        long t = acked.isEmpty() ? 0 : acked.get(acked.size() - 1).time() + 1;
        while (failures < failuresWanted) {
            int n = rnd.nextInt(8) == 0 ? 1_000 + rnd.nextInt(2_000) : 1 + rnd.nextInt(300);
            long[] ts = new long[n];
            double[] vs = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = t + i * 1_000L;
                vs[i] = rnd.nextDouble(); // incompressible: the disk fills quickly
            }
            long before = s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value();
            try {
                if (rnd.nextInt(10) == 0) {
                    s.flush();
                    continue;
                }
                s.insert(ts, vs, MergePolicy.NEVER);
                for (int i = 0; i < n; i++) {
                    acked.add(new RawPoint(ts[i], vs[i]));
                }
                t += n * 1_000L;
            } catch (DendroException e) {
                assertEquals(ErrorCode.OUT_OF_SPACE, e.code(), e::getMessage);
                assertEquals(before, s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value(), "a failed write changed nothing");
                failures++;
            }
        }
        return acked;
    }

    private static void checkAll(Stream s, List<RawPoint> acked) {
        assertEquals(acked, s.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList());
    }

    private static DatabaseOptions writer(FileIO io) {
        return DatabaseOptions.defaults().io(io).segmentCapacity(256 << 10).bufferPoints(1_000).logFileBytes(64 << 10);
    }

    @Test
    void shouldRecoverFromAFullDiskWithoutAReopenThroughInjectedFaults() {
        long seed = System.nanoTime();
        System.out.println("FullDiskTest seed " + seed);
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("db");
        FaultyFileIO io = new FaultyFileIO();
        List<RawPoint> acked = new ArrayList<>();
        try (Database db = Database.open(dir, writer(io).fsync(false))) {
            Stream s = db.create(ID, "full", Map.of(), Map.of());
            for (int round = 0; round < 3; round++) {
                io.outOfSpaceAfter(50_000 + rnd.nextInt(400_000));
                fill(s, rnd, acked, 5);
                checkAll(s, acked);
                try (Database r = Database.openReadOnly(dir)) { // what `dendro count` does on a full disk
                    checkAll(r.stream(ID), acked);
                    assertTrue(r.verify().isClean());
                }
                io.disarm(); // space is back: the same handle writes again
                long[] ts = {acked.get(acked.size() - 1).time() + 1};
                s.insert(ts, new double[] {0.5});
                acked.add(new RawPoint(ts[0], 0.5));
                s.flush();
                checkAll(s, acked);
            }
        }
        try (Database db = Database.open(dir, writer(FileIO.DEFAULT).fsync(false))) {
            checkAll(db.stream(ID), acked);
            assertTrue(db.verify().isClean());
        }
    }

    @Test
    void shouldRecoverFromARealFullFileSystem() throws IOException {
        Optional<Tmpfs> fs = Tmpfs.mount(tmp.resolve("mnt"), 3 << 20);
        assumeTrue(fs.isPresent(), "needs permission to mount a tmpfs (root on Linux)");
        try (Tmpfs mnt = fs.get()) {
            Path filler = mnt.path().resolve("filler");
            Files.write(filler, new byte[1 << 20]); // what the test frees later
            Path dir = mnt.path().resolve("db");
            Random rnd = new Random(42);
            List<RawPoint> acked = new ArrayList<>();
            try (Database db = Database.open(dir, writer(FileIO.DEFAULT))) {
                Stream s = db.create(ID, "full", Map.of(), Map.of());
                fill(s, rnd, acked, 4);
                checkAll(s, acked);
                try (Database r = Database.openReadOnly(dir)) {
                    checkAll(r.stream(ID), acked);
                    assertTrue(r.verify().isClean());
                }
                Files.delete(filler);
                long[] ts = {acked.get(acked.size() - 1).time() + 1};
                s.insert(ts, new double[] {0.25});
                acked.add(new RawPoint(ts[0], 0.25));
                s.flush();
                checkAll(s, acked);
            }
            try (Database db = Database.open(dir, writer(FileIO.DEFAULT))) {
                checkAll(db.stream(ID), acked);
                assertTrue(db.verify().isClean());
            }
        }
    }
}
