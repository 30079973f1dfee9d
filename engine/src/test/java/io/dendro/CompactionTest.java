package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            v[i] = seed * 1000 + i;
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
}
