package io.dendro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PointCursor#next(long[], double[])}: the batch read against the per-point one. */
class CursorBatchTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheSamePointsInBatchesOfAnySizeAcrossLeaves() {
        int n = 50_000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_000_000_000L * 3600 + i * 1_000_003L; // spans many leaves
            v[i] = i * 0.25;
        }
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            s.insert(t, v);
            long a = t[123];
            long b = t[n - 77];
            long[] wantT = Arrays.copyOfRange(t, 123, n - 77);
            double[] wantV = Arrays.copyOfRange(v, 123, n - 77);
            for (int size : new int[] {1, 7, 1023, 1024, 1025, 4096, 100_000}) {
                long[] gotT = new long[wantT.length];
                double[] gotV = new double[wantT.length];
                long[] bt = new long[size];
                double[] bv = new double[size];
                int got = 0;
                try (PointCursor c = s.values(a, b, 0)) {
                    for (int k; (k = c.next(bt, bv)) > 0; ) {
                        assertTrue(k <= size);
                        System.arraycopy(bt, 0, gotT, got, k);
                        System.arraycopy(bv, 0, gotV, got, k);
                        got += k;
                        assertEquals(bt[k - 1], c.time());
                        assertEquals(bv[k - 1], c.value());
                    }
                    assertEquals(0, c.next(bt, bv));
                    assertEquals(false, c.next());
                }
                assertEquals(wantT.length, got, "batch size " + size);
                assertArrayEquals(wantT, gotT, "batch size " + size);
                assertArrayEquals(wantV, gotV, "batch size " + size);
            }
        }
    }

    @Test
    void shouldContinueAfterNextAndHandEmptyArraysNothing() {
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            s.insert(new long[] {10, 20, 30, 40}, new double[] {1, 2, 3, 4});
            try (PointCursor c = s.values(0, 100, 0)) {
                assertEquals(0, c.next(new long[0], new double[0]));
                assertTrue(c.next());
                assertEquals(10, c.time());
                long[] bt = new long[2];
                double[] bv = new double[5]; // the shorter array bounds the batch
                assertEquals(2, c.next(bt, bv));
                assertArrayEquals(new long[] {20, 30}, bt);
                assertTrue(c.next());
                assertEquals(40, c.time());
                assertEquals(0, c.next(bt, bv));
            }
        }
    }

    @Test
    void shouldRefuseNullArraysWithoutMoving() {
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            s.insert(new long[] {10, 20}, new double[] {1, 2});
            try (PointCursor c = s.values(0, 100, 0)) {
                DendroException e = assertThrows(DendroException.class, () -> c.next(null, new double[4]));
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
                assertTrue(e.getMessage().contains("times"), e.getMessage());
                e = assertThrows(DendroException.class, () -> c.next(new long[4], null));
                assertTrue(e.getMessage().contains("values"), e.getMessage());
                assertTrue(c.next());
                assertEquals(10, c.time()); // nothing was consumed
            }
        }
    }

    @Test
    void shouldRefuseABatchReadOnAClosedCursor() {
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of("n", "v"), Map.of());
            s.insert(new long[] {10, 20}, new double[] {1, 2});
            PointCursor c = s.values(0, 100, 0);
            assertTrue(c.next());
            c.close();
            DendroException e = assertThrows(DendroException.class, () -> c.next(new long[4], new double[4]));
            assertEquals(ErrorCode.CLOSED, e.code());
            e = assertThrows(DendroException.class, () -> c.next(new long[4], new double[4]));
            assertEquals(ErrorCode.CLOSED, e.code());
            assertThrows(DendroException.class, c::next);
        }
    }
}
