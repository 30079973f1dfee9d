package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.OpenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    @TempDir
    Path dir;

    @Test
    void shouldKeepAnOpenCursorWorkingAfterCloseAndReleaseEverythingWhenItCloses() throws IOException {
        Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false));
        Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
        long[] t = new long[10_000];
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
            v[i] = i;
        }
        s.insert(t, v);
        PointCursor c = s.values(Time.MIN_TIME, Time.MAX_TIME, 0);
        db.close();
        assertEquals(ErrorCode.CLOSED, assertThrows(DendroException.class, () -> s.count(0, 1, 0)).code());
        long n = 0;
        while (c.next()) {
            n++;
        }
        assertEquals(t.length, n);
        assertTrue(OpenFiles.under(dir) > 0);
        c.close();
        assertEquals(0, OpenFiles.under(dir), "a mapping or descriptor outlived the last cursor");
    }

    @Test
    void shouldLeaveNothingOpenAfterClose() throws IOException {
        try (Database db = Database.open(dir)) {
            db.create(UUID.randomUUID(), "c", Map.of(), Map.of()).insert(new long[] {1}, new double[] {1});
        }
        assertEquals(0, OpenFiles.under(dir));
    }

    @Test
    void shouldRefuseASecondOpenOfTheSameDirectory() {
        try (Database db = Database.open(dir)) {
            DendroException e = assertThrows(DendroException.class, () -> Database.open(dir));
            assertEquals(ErrorCode.DATABASE_LOCKED, e.code());
            assertTrue(e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
        }
        Database.open(dir).close();
    }
}
