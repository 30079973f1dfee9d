package io.dendro.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
    @TempDir
    Path dir;

    private final List<String> replayed = new ArrayList<>();
    private final List<Long> lsns = new ArrayList<>();

    private WriteAheadLog open(long after, long rotate) {
        replayed.clear();
        lsns.clear();
        return WriteAheadLog.open(FileIO.DEFAULT, dir, true, rotate, after, (lsn, p) -> {
            lsns.add(lsn);
            replayed.add(StandardCharsets.UTF_8.decode(p).toString());
        });
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private long logFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("wal-")).count();
        }
    }

    @Test
    void shouldReplayEveryRecordInOrder() {
        try (WriteAheadLog log = open(0, 1 << 20)) {
            assertEquals(1, log.append(text("a")));
            assertEquals(2, log.append(text("bb")));
            assertEquals(3, log.append(text("")));
            log.force(3);
            assertEquals(3, log.forcedLsn());
        }
        try (WriteAheadLog log = open(1, 1 << 20)) { // the floor only matters when no file is left
            assertEquals(List.of("a", "bb", ""), replayed);
            assertEquals(List.of(1L, 2L, 3L), lsns);
            assertEquals(4, log.append(text("c")));
        }
        open(0, 1 << 20).close();
        assertEquals(List.of("a", "bb", "", "c"), replayed);
    }

    @Test
    void shouldEndTheLogAtATornTailAndContinueFromThere() throws IOException {
        try (WriteAheadLog log = open(0, 1 << 20)) {
            log.append(text("first"));
            log.append(text("second record"));
        }
        Path f = dir.resolve(LogLayout.fileName(0));
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(r.length() - 5); // tear the second record
        }
        try (WriteAheadLog log = open(0, 1 << 20)) {
            assertEquals(List.of("first"), replayed);
            assertEquals(2, log.append(text("again")));
        }
        open(0, 1 << 20).close();
        assertEquals(List.of("first", "again"), replayed);
    }

    @Test
    void shouldStopAtAChecksumMismatchInTheNewestFile() throws IOException {
        try (WriteAheadLog log = open(0, 1 << 20)) {
            log.append(text("one"));
            log.append(text("two"));
            log.append(text("three"));
        }
        Path f = dir.resolve(LogLayout.fileName(0));
        long second = LogLayout.HEADER_SIZE + LogLayout.recordSize(3);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(second + LogLayout.R_PAYLOAD);
            r.write('T');
        }
        open(0, 1 << 20).close();
        assertEquals(List.of("one"), replayed, "nothing after the damaged record is trusted");
    }

    @Test
    void shouldRotateFilesAndDeleteThoseBelowTheTruncationPoint() throws IOException {
        try (WriteAheadLog log = open(0, 4096)) {
            for (int i = 1; i <= 100; i++) {
                assertEquals(i, log.append(text("record number " + i + " ".repeat(100))));
            }
            long files = logFiles();
            assertTrue(files > 3, "rotated into several files: " + files);
            log.truncateBefore(60);
            assertTrue(logFiles() < files);
            log.truncateBefore(1000);
            assertEquals(1, logFiles(), "the current file always stays");
        }
        try (WriteAheadLog log = open(0, 4096)) {
            assertTrue(lsns.get(0) > 60);
            assertEquals(100, (long) lsns.get(lsns.size() - 1));
            assertEquals(101, log.append(text("next")));
        }
    }

    @Test
    void shouldReportDamageInAnOlderFileAsCorruption() throws IOException {
        try (WriteAheadLog log = open(0, 4096)) {
            for (int i = 0; i < 100; i++) {
                log.append(text("x".repeat(200)));
            }
        }
        Path f = dir.resolve(LogLayout.fileName(0));
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(LogLayout.HEADER_SIZE + LogLayout.R_PAYLOAD + 10);
            r.write('y');
        }
        DendroException e = assertThrows(DendroException.class, () -> open(0, 4096));
        assertEquals(ErrorCode.CORRUPTION, e.code());
        assertTrue(e.getMessage().contains("wal-000000.log"), e.getMessage());
    }

    @Test
    void shouldStartAboveTheGivenLsnWhenNoLogExists() {
        try (WriteAheadLog log = open(41, 1 << 20)) {
            assertEquals(42, log.append(text("a")));
        }
    }

    @Test
    void shouldRestartAboveAFloorWithNothingLeftBehind() throws IOException {
        try (WriteAheadLog log = open(0, 4096)) {
            for (int i = 0; i < 50; i++) {
                log.append(text("y".repeat(200)));
            }
            log.restartAt(1000);
            assertEquals(1, logFiles());
            assertEquals(1000, log.append(text("z")));
        }
        open(0, 4096).close();
        assertEquals(List.of("z"), replayed);
        assertEquals(List.of(1000L), lsns);
    }

    @Test
    void shouldShareOneForceAmongConcurrentCallers() throws Exception {
        try (WriteAheadLog log = open(0, 1 << 20)) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ts.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 200; i++) {
                        log.force(log.append(text("p")));
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(800, log.lastLsn());
            assertEquals(800, log.forcedLsn());
        }
        open(0, 1 << 20).close();
        assertEquals(800, replayed.size());
    }
}
