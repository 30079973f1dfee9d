package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferedInsertTest {
    @TempDir
    Path dir;

    private Database open(int bufferPoints, long maxAgeMillis) {
        return Database.open(dir, DatabaseOptions.defaults().bufferPoints(bufferPoints)
                .bufferMaxAgeMillis(maxAgeMillis).logFileBytes(64 << 10));
    }

    private static long[] times(long from, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i;
        }
        return t;
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    @Test
    void shouldShowBufferedPointsAtLatestButNotAtNumberedVersions() {
        try (Database db = open(1000, 3_600_000)) {
            io.dendro.Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            assertEquals(1, s.insert(times(0, 10), ones(10)));
            assertEquals(1, s.insert(times(100, 10), ones(10)), "still the same pending version");
            assertEquals(0, s.version(), "nothing sealed yet");
            assertEquals(20, s.bufferedPoints());
            Versioned<Long> c = s.count(Time.MIN_TIME, Time.MAX_TIME, 0);
            assertEquals(new Versioned<>(20L, 1L), c, "latest reads see the buffer, as pending version 1");
            DendroException e = assertThrows(DendroException.class, () -> s.count(0, 10, 1));
            assertEquals(ErrorCode.NO_SUCH_VERSION, e.code());
            assertTrue(e.getMessage().contains("still buffering"), e.getMessage());
            assertEquals(1, s.flush());
            assertEquals(new Versioned<>(20L, 1L), s.count(Time.MIN_TIME, Time.MAX_TIME, 1));
            assertEquals(0, s.bufferedPoints());
        }
    }

    @Test
    void shouldSealTheBufferBeforeItOverfills() {
        try (Database db = open(100, 3_600_000)) {
            io.dendro.Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            for (int i = 0; i < 9; i++) {
                assertEquals(1, s.insert(times(i * 10, 10), ones(10)));
            }
            assertEquals(0, s.version());
            assertEquals(2, s.insert(times(90, 10), ones(10)), "the 100th point would fill the buffer");
            assertEquals(1, s.version(), "so the 90 buffered points were sealed first");
            assertEquals(90, s.count(Time.MIN_TIME, Time.MAX_TIME, 1).value());
            assertEquals(10, s.bufferedPoints());
            assertEquals(3, s.insert(times(1000, 150), ones(150)), "a batch over the limit is committed directly");
            assertEquals(3, s.version());
            assertEquals(0, s.bufferedPoints());
            assertEquals(250, s.count(Time.MIN_TIME, Time.MAX_TIME, 3).value());
        }
    }

    @Test
    void shouldSealAnOldBufferInTheBackground() throws InterruptedException {
        try (Database db = open(1_000_000, 50)) {
            io.dendro.Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            s.insert(times(0, 5), ones(5), MergePolicy.NEVER, Durability.NONE);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (s.version() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, s.version(), "sealed by age");
        }
    }

    @Test
    void shouldSealTheBufferBeforeADelete() {
        try (Database db = open(1000, 3_600_000)) {
            io.dendro.Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            s.insert(times(0, 10), ones(10));
            assertEquals(2, s.delete(0, 5), "version 1 = the buffer, version 2 = the delete");
            assertEquals(10, s.count(Time.MIN_TIME, Time.MAX_TIME, 1).value());
            assertEquals(5, s.count(Time.MIN_TIME, Time.MAX_TIME, 2).value());
        }
    }

    @Test
    void shouldReplayTheLogAfterACrashForEveryDurability() {
        UUID id = UUID.randomUUID();
        Database db = open(1000, 3_600_000);
        io.dendro.Stream s = db.create(id, "c", Map.of(), Map.of());
        s.insert(times(0, 10), ones(10), MergePolicy.NEVER, Durability.SYNC);
        s.flush(); // version 1 sealed
        s.insert(times(100, 10), ones(10), MergePolicy.NEVER, Durability.SYNC);
        s.insert(times(200, 10), ones(10), MergePolicy.NEVER, Durability.GROUP);
        s.insert(new long[] {105}, new double[] {7}, MergePolicy.REPLACE, Durability.NONE);
        db.crashForTesting();
        try (Database again = open(1000, 3_600_000)) {
            io.dendro.Stream r = again.stream(id);
            assertEquals(1, r.version(), "the buffer was not sealed before the crash");
            assertEquals(21, r.bufferedPoints(), "replayed into the buffer (10 + 10 + 1 batched points)");
            assertEquals(30, r.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            assertEquals(7.0, r.nearest(105, 0, false).value().orElseThrow().value(), "policies replay too");
            assertEquals(10, r.count(Time.MIN_TIME, Time.MAX_TIME, 1).value(), "version 1 is untouched");
        }
        try (Database again = open(1000, 3_600_000)) {
            io.dendro.Stream r = again.stream(id);
            assertEquals(2, r.version(), "close sealed the replayed buffer");
            assertEquals(0, r.bufferedPoints(), "and nothing is replayed twice");
            assertEquals(30, r.count(Time.MIN_TIME, Time.MAX_TIME, 2).value());
        }
    }

    @Test
    void shouldNotReplayAnObliteratedStreamIntoANewOneWithTheSameUuid() {
        UUID id = UUID.randomUUID();
        Database db = open(1000, 3_600_000);
        db.create(id, "old", Map.of(), Map.of()).insert(times(0, 3), ones(3));
        db.stream(id).obliterate();
        db.create(id, "new", Map.of(), Map.of());
        db.crashForTesting();
        try (Database again = open(1000, 3_600_000)) {
            io.dendro.Stream s = again.stream(id);
            assertEquals("new", s.collection());
            assertEquals(0, s.bufferedPoints(), "the old stream's logged points stay gone");
            assertEquals(0, s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
        }
    }

    @Test
    void shouldNotPileUpLogFilesAcrossOpens() throws IOException {
        UUID id = UUID.randomUUID();
        try (Database db = open(1000, 3_600_000)) {
            db.create(id, "c", Map.of(), Map.of()).insert(times(0, 3), ones(3));
            UUID gone = UUID.randomUUID();
            db.create(gone, "g", Map.of(), Map.of()).insert(times(0, 5), ones(5)); // logged, then moot
            db.stream(gone).obliterate();
        }
        assertEquals(0, logFiles(), "a clean close leaves no log file: every record is in a tree or moot");
        for (int i = 0; i < 20; i++) {
            open(1000, 3_600_000).close();
        }
        assertEquals(0, logFiles(), "reopening leaves none either");
        // the next open numbers its records above every one written before: a crash replays them
        Database db = open(1000, 3_600_000);
        db.stream(id).insert(times(10, 2), ones(2));
        db.crashForTesting();
        assertEquals(1, logFiles(), "a crash keeps the log");
        try (Database again = open(1000, 3_600_000)) {
            assertEquals(5, again.stream(id).count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
        }
        assertEquals(0, logFiles());
    }

    private long logFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("wal-")).count();
        }
    }

    @Test
    void shouldDeleteLogFilesOnceTheirRecordsAreSealed() throws IOException {
        try (Database db = open(2000, 3_600_000)) {
            io.dendro.Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            for (int i = 0; i < 200; i++) {
                s.insert(times(i * 100L, 100), ones(100), MergePolicy.NEVER, Durability.NONE);
            }
            assertTrue(s.version() >= 9);
            s.flush();
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("wal-")).count(),
                        "only the current log file remains when everything is sealed");
            }
        }
    }

    @Test
    void shouldKeepReadsAtPinnedVersionsStableWhileBuffering() {
        try (Database db = open(1000, 3_600_000)) {
            io.dendro.Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            s.insert(times(0, 10), ones(10));
            s.flush();
            for (int i = 0; i < 50; i++) {
                s.insert(times(1000 + i, 1), ones(1));
                assertEquals(10, s.count(Time.MIN_TIME, Time.MAX_TIME, 1).value());
                assertEquals(11 + i, s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            }
        }
    }

    /**
     * A stream created while another stream's points are only logged records that it owns no
     * log record up to the last LSN; the catalog root's log floor must cover that, or after a
     * log that lost its tail new records could be numbered at or below it and be skipped.
     */
    @Test
    void shouldRaiseTheLogFloorToANewStreamsAppliedLsn() {
        try (Database db = open(1000, 3_600_000)) {
            io.dendro.Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            s.insert(times(0, 10), ones(10)); // logged, buffered
            db.create(UUID.randomUUID(), "d", Map.of(), Map.of());
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), report::toString);
        }
    }
}
