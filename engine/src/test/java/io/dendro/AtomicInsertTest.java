package io.dendro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.value.Aggregate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Database#insertAll}: several streams' points checked together and written as one log
 * record: every kind, nothing written when one insert is bad, buffers sealed around the group,
 * the log replaying a group after a crash, and a log record cut inside a group replaying none of it.
 */
class AtomicInsertTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private Database open() {
        return Database.open(dir, DatabaseOptions.defaults().fsync(false).bufferPoints(1_000));
    }

    @Test
    void shouldInsertIntoEveryKindAtOnceOrIntoNone() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID l = UUID.randomUUID();
        try (Database db = open()) {
            db.create(a, "a", Map.of(), Map.of());
            db.create(b, "b", Map.of(), Map.of());
            db.create(l, "l", Map.of(), Map.of(), StreamKind.NOMINAL);
            long[] versions = db.insertAll(List.of(
                    StreamInsert.numbers(a, new long[] {0, S}, new double[] {1, Stream.NULL}),
                    StreamInsert.numbers(b, new long[] {0}, new double[] {0}, new Aggregate[] {new Aggregate(3, 1, 3, 2,
                            Math.sqrt(2.0 / 3))}),
                    StreamInsert.documents(l, new long[] {0, S}, new String[] {"\"on\"", "\"off\""})),
                    MergePolicy.NEVER, Durability.SYNC);
            assertArrayEquals(new long[] {1, 1, 1}, versions);
            assertEquals(2, db.stream(a).count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            assertEquals(3, db.stream(b).windows(0, S, S, 0, 0).toList().get(0).count(), "the aggregate stands for its samples");
            assertEquals("\"off\"", db.stream(l).values(S, 2 * S, 0).toList().get(0).document());
            // one bad insert: nothing written anywhere, the message names it
            for (List<StreamInsert> bad : List.of(
                    List.of(StreamInsert.numbers(a, new long[] {5 * S}, new double[] {1}),
                            StreamInsert.numbers(b, new long[] {5 * S}, new double[] {Double.NaN})),
                    List.of(StreamInsert.numbers(a, new long[] {5 * S}, new double[] {1}),
                            StreamInsert.numbers(l, new long[] {5 * S}, new double[] {1})),
                    List.of(StreamInsert.numbers(a, new long[] {5 * S}, new double[] {1}),
                            StreamInsert.documents(l, new long[] {5 * S}, new String[] {"{broken"})),
                    List.of(StreamInsert.numbers(a, new long[] {5 * S}, new double[] {1}),
                            StreamInsert.numbers(a, new long[] {6 * S}, new double[] {1})),
                    List.of(StreamInsert.numbers(a, new long[] {5 * S}, new double[] {1}),
                            StreamInsert.numbers(UUID.randomUUID(), new long[] {5 * S}, new double[] {1})))) {
                DendroException e = assertThrows(DendroException.class,
                        () -> db.insertAll(bad, MergePolicy.NEVER, Durability.SYNC));
                assertTrue(e.getMessage().startsWith("insert 1, stream "), e::getMessage);
                assertEquals(2, db.stream(a).count(Time.MIN_TIME, Time.MAX_TIME, 0).value(), e.getMessage());
            }
            assertEquals(ErrorCode.WRONG_TYPE, assertThrows(DendroException.class, () -> db.insertAll(List.of(
                    StreamInsert.numbers(l, new long[] {5 * S}, new double[] {1})), MergePolicy.NEVER,
                    Durability.SYNC)).code());
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
        }
    }

    @Test
    void shouldSealFullBuffersAroundAGroupAndReplayItAfterACrash() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Database db = open();
        try {
            db.create(a, "a", Map.of(), Map.of());
            db.create(b, "b", Map.of(), Map.of());
            db.stream(a).insert(series(0, 900), new double[900]);
            // a's buffer would reach 1,000: sealed first (version 1), the group starts version 2;
            // b's batch fills its buffer: sealed after (version 1)
            long[] v = db.insertAll(List.of(StreamInsert.numbers(a, series(900, 200), new double[200]),
                    StreamInsert.numbers(b, series(0, 1_000), new double[1_000])), MergePolicy.NEVER, Durability.SYNC);
            assertArrayEquals(new long[] {2, 1}, v);
            assertEquals(1, db.stream(a).version());
            assertEquals(200, db.stream(a).bufferedPoints());
            assertEquals(1, db.stream(b).version());
            assertEquals(0, db.stream(b).bufferedPoints());
            db.insertAll(List.of(StreamInsert.numbers(a, series(1_100, 10), new double[10]),
                    StreamInsert.numbers(b, series(1_000, 10), new double[10])), MergePolicy.NEVER, Durability.SYNC);
            TestAccess.crash(db); // both groups' points only in the log (b's second batch too)
            db = open();
            assertEquals(1_110, db.stream(a).count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            assertEquals(1_010, db.stream(b).count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            VerifyReport r = db.verify();
            assertEquals(0, r.problems().size(), r::toString);
        } finally {
            db.close();
        }
    }

    @Test
    void shouldReplayNoneOfAGroupWhoseLogRecordWasCut() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Database db = open();
        db.create(a, "a", Map.of(), Map.of());
        db.create(b, "b", Map.of(), Map.of());
        db.insertAll(List.of(StreamInsert.numbers(a, series(0, 50), new double[50]),
                StreamInsert.numbers(b, series(0, 50), new double[50])), MergePolicy.NEVER, Durability.SYNC);
        db.insertAll(List.of(StreamInsert.numbers(a, series(50, 50), new double[50]),
                StreamInsert.numbers(b, series(50, 50), new double[50])), MergePolicy.NEVER, Durability.SYNC);
        TestAccess.crash(db);
        // cut the newest log file inside the second group's record: a torn tail
        Path log;
        try (var files = Files.list(dir)) {
            log = files.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().reduce((x, y) -> y)
                    .orElseThrow();
        }
        long size = Files.size(log);
        try (var ch = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size - 700); // the second record is 8 + 2 x (4 + 24 + 50 x 16) bytes = 1,664 plus framing
        }
        try (Database again = open()) {
            assertEquals(50, again.stream(a).count(Time.MIN_TIME, Time.MAX_TIME, 0).value(), "the first group, whole");
            assertEquals(50, again.stream(b).count(Time.MIN_TIME, Time.MAX_TIME, 0).value(), "none of the second");
            assertEquals(0, again.verify().problems().size(), () -> again.verify().toString());
        }
    }

    private static long[] series(int from, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = (from + i) * S;
        }
        return t;
    }
}
