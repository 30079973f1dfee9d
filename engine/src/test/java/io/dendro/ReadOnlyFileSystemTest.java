package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.Tmpfs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database on a read-only file system (a mounted backup, a snapshot): a read-only open
 * answers every query, including points still in the write-ahead log; a writable open fails
 * with READ_ONLY saying what to do. Needs a tmpfs it can remount read-only (root on Linux).
 */
class ReadOnlyFileSystemTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReadEverythingFromAReadOnlyFileSystem() throws IOException {
        Optional<Tmpfs> fs = Tmpfs.mount(tmp.resolve("mnt"), 16 << 20);
        assumeTrue(fs.isPresent(), "needs permission to mount a tmpfs (root on Linux)");
        UUID id = new UUID(1, 2);
        try (Tmpfs mnt = fs.get()) {
            Path dir = mnt.path().resolve("db");
            Database w = Database.open(dir, DatabaseOptions.defaults().segmentCapacity(1 << 20));
            Stream ws = w.create(id, "ro", Map.of("unit", "V"), Map.of());
            ws.insert(new long[] {1, 2, 3}, new double[] {1, 2, 3});
            ws.flush();
            ws.insert(new long[] {4}, new double[] {4}); // logged, not sealed
            List<RawPoint> sealed = ws.values(Time.MIN_TIME, Time.MAX_TIME, 1).toList();
            List<RawPoint> all = ws.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList();
            w.crashForTesting(); // the point stays in the log, as after a crash
            mnt.readOnly();
            try (Database r = Database.openReadOnly(dir)) {
                Stream s = r.stream(id);
                assertEquals(sealed, s.values(Time.MIN_TIME, Time.MAX_TIME, 1).toList());
                assertEquals(all, s.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList());
                assertEquals(2, s.count(Time.MIN_TIME, Time.MAX_TIME, 0).version());
                assertEquals(1, r.streams(StreamQuery.all()).size());
                assertTrue(r.verify().isClean(), () -> r.verify().toString());
            }
            DendroException e = assertThrows(DendroException.class, () -> Database.open(dir));
            assertEquals(ErrorCode.READ_ONLY, e.code(), e::getMessage);
            assertTrue(e.getMessage().contains("read-only file system"), e::getMessage);
            mnt.writable();
            try (Database again = Database.open(dir)) { // the logged point comes back in the writer too
                assertEquals(all, again.stream(id).values(Time.MIN_TIME, Time.MAX_TIME, 0).toList());
            }
        }
    }
}
