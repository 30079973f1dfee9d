package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void shouldInsertQueryAndReopen() {
        UUID id = UUID.randomUUID();
        int n = 100_000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_500_000_000_000_000_000L + i * 8_333_333L;
            v[i] = Math.sin(i / 100.0);
        }
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.create(id, "sensors/a", Map.of("unit", "V"), Map.of());
            assertEquals(1, s.insert(t, v));
            assertEquals(n, s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            List<RawPoint> all = s.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList();
            assertEquals(n, all.size());
            assertEquals(t[n - 1], all.get(n - 1).time());
            assertEquals(2, s.insert(new long[] {t[5]}, new double[] {42}, MergePolicy.REPLACE));
            assertEquals(n, s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            assertEquals(42.0, s.nearest(t[5], 0, false).value().orElseThrow().value());
            assertEquals(v[5], s.nearest(t[5], 1, false).value().orElseThrow().value());
            long total = 0;
            try (StatCursor c = s.alignedWindows(Time.MIN_TIME, Time.MAX_TIME, 30, 0)) {
                while (c.next()) {
                    total += c.count();
                }
            }
            assertEquals(n, total);
        }
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            Stream s = db.stream(id);
            assertEquals(2, s.version());
            assertEquals(n, s.count(Time.MIN_TIME, Time.MAX_TIME, 1).value());
            assertEquals(1, db.streams(StreamQuery.all().collectionPrefix("sensors/")).size());
        }
    }
}
