package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input is a typed error naming the input, and changes nothing. */
class BadInputTest {
    @TempDir
    Path dir;
    private Database db;
    private Stream s;

    @BeforeEach
    void setUp() {
        db = Database.open(dir, DatabaseOptions.defaults().fsync(false));
        s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
        s.insert(new long[] {10, 20, 30}, new double[] {1, 2, 3});
        s.flush(); // version 1 sealed
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void expect(ErrorCode code, String mention, Executable call) {
        DendroException e = assertThrows(DendroException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(mention), () -> "'" + e.getMessage() + "' should mention " + mention);
        assertEquals(1, s.version(), "nothing changed");
        assertEquals(List.of(new RawPoint(10, 1), new RawPoint(20, 2), new RawPoint(30, 3)),
                s.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList());
    }

    @Test
    void shouldRejectNonFiniteValues() {
        expect(ErrorCode.INVALID_VALUE, "NaN", () -> s.insert(new long[] {1, 2}, new double[] {0, Double.NaN}));
        expect(ErrorCode.INVALID_VALUE, "Infinity",
                () -> s.insert(new long[] {1}, new double[] {Double.POSITIVE_INFINITY}));
    }

    @Test
    void shouldRejectTimesOutsideTheRange() {
        expect(ErrorCode.INVALID_TIME_RANGE, Long.toString(Time.MAX_TIME),
                () -> s.insert(new long[] {5, Time.MAX_TIME}, new double[] {1, 2}));
        expect(ErrorCode.INVALID_TIME_RANGE, Long.toString(Time.MIN_TIME - 1),
                () -> s.insert(new long[] {Time.MIN_TIME - 1}, new double[] {1}));
        expect(ErrorCode.INVALID_TIME_RANGE, "start", () -> s.values(Long.MIN_VALUE, 0, 0));
        expect(ErrorCode.INVALID_TIME_RANGE, "time", () -> s.nearest(Long.MAX_VALUE, 0, false));
    }

    @Test
    void shouldRejectStartAfterEnd() {
        expect(ErrorCode.INVALID_TIME_RANGE, "after end", () -> s.values(20, 10, 0));
        expect(ErrorCode.INVALID_TIME_RANGE, "after end", () -> s.count(20, 10, 0));
        expect(ErrorCode.INVALID_TIME_RANGE, "after end", () -> s.alignedWindows(20, 10, 3, 0));
        expect(ErrorCode.INVALID_TIME_RANGE, "after end", () -> s.windows(20, 10, 3, 0, 0));
    }

    @Test
    void shouldRejectBadWindowParameters() {
        expect(ErrorCode.INVALID_POINTWIDTH, "63", () -> s.alignedWindows(0, 100, 63, 0));
        expect(ErrorCode.INVALID_POINTWIDTH, "-1", () -> s.alignedWindows(0, 100, -1, 0));
        expect(ErrorCode.INVALID_WIDTH, "0", () -> s.windows(0, 100, 0, 0, 0));
        expect(ErrorCode.INVALID_ARGUMENT, "depth 63", () -> s.windows(0, 100, 10, 63, 0));
        expect(ErrorCode.INVALID_ARGUMENT, "depth -1", () -> s.windows(0, 100, 10, -1, 0));
    }

    @Test
    void shouldRejectVersionsThatDoNotExist() {
        expect(ErrorCode.NO_SUCH_VERSION, "version 2", () -> s.values(0, 100, 2));
        expect(ErrorCode.NO_SUCH_VERSION, "version 9", () -> s.nearest(0, 9, true));
        expect(ErrorCode.INVALID_ARGUMENT, "-1", () -> s.count(0, 100, -1));
    }

    @Test
    void shouldRejectMismatchedArrays() {
        expect(ErrorCode.INVALID_ARGUMENT, "equal length", () -> s.insert(new long[] {1, 2}, new double[] {1}));
    }

    @Test
    void shouldTreatEmptyRangesAndBatchesAsEmpty() {
        assertEquals(0, s.values(20, 20, 0).toList().size());
        assertEquals(0, s.count(20, 20, 0).value());
        assertEquals(0, s.alignedWindows(17, 18, 4, 0).toList().size()); // rounds to [16, 16)
        assertEquals(0, s.windows(0, 5, 10, 0, 0).toList().size());       // no whole window
        assertEquals(1, s.insert(new long[0], new double[0]));
        assertEquals(1, s.version());
    }

    @Test
    void shouldReportClosedDatabase() {
        db.close();
        assertEquals(ErrorCode.CLOSED, assertThrows(DendroException.class, () -> s.count(0, 1, 0)).code());
        assertEquals(ErrorCode.CLOSED,
                assertThrows(DendroException.class, () -> s.insert(new long[] {1}, new double[] {1})).code());
    }

    @Test
    void shouldReportCorruptionNeverAWrongAnswer() throws IOException {
        UUID id = s.uuid();
        long[] t = new long[5000];
        double[] v = new double[5000];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_000_000L * i;
            v[i] = (i * 7919L) % 10007; // scattered: the leaves take several pages (a straight line encodes in almost none)
        }
        s.insert(t, v);
        db.close();
        // flip one bit in every 4 KiB page of the data written (after the segment header)
        Path seg = dir.resolve("seg-000000.dnd");
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            for (long off = 4096 + 100; off < 120_000; off += 4096) {
                f.seek(off);
                int b = f.read();
                f.seek(off);
                f.write(b ^ 0x10);
            }
        }
        db = Database.open(dir, DatabaseOptions.defaults().fsync(false));
        DendroException e = assertThrows(DendroException.class, () -> {
            Stream st = db.stream(id);
            st.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList();
        });
        assertEquals(ErrorCode.CORRUPTION, e.code());
        assertTrue(e.getMessage().contains("seg-000000.dnd") && e.getMessage().contains("offset"), e.getMessage());
        s = db.find(id).orElse(s); // for tearDown's sake only
    }
}
