package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers on different streams and on the same stream, with readers at the latest and at
 * pinned versions. Every insert adds exactly {@link #BATCH} new points, so version {@code v}
 * of a stream holds exactly {@code v * BATCH} points: every read checks that against the
 * version it reports.
 */
class ConcurrencyTest {
    static final int BATCH = 100;
    static final int STREAMS = 3;
    static final int WRITERS_PER_STREAM = 2;
    static final int INSERTS_PER_WRITER = 150;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryVersionConsistentUnderConcurrentWritesAndReads() throws Exception {
        // a buffer of one point seals every insert as its own version, which the invariant needs
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false).bufferPoints(1))) {
            List<Stream> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                streams.add(db.create(UUID.randomUUID(), "c/" + i, Map.of(), Map.of()));
            }
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int si = 0; si < STREAMS; si++) {
                for (int w = 0; w < WRITERS_PER_STREAM; w++) {
                    Stream s = streams.get(si);
                    long base = (long) w << 40; // disjoint time ranges per writer
                    writers.add(Thread.ofPlatform().start(() -> {
                        try {
                            for (int k = 0; k < INSERTS_PER_WRITER; k++) {
                                long[] t = new long[BATCH];
                                double[] v = new double[BATCH];
                                for (int j = 0; j < BATCH; j++) {
                                    t[j] = base + (long) k * BATCH * 1000 + j * 1000L;
                                    v[j] = k;
                                }
                                s.insert(t, v);
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }));
                }
            }
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    try {
                        while (writing.get()) {
                            Stream s = streams.get(rnd.nextInt(STREAMS));
                            long latest = s.version();
                            long pinned = latest == 0 ? 0 : 1 + rnd.nextLong(latest);
                            var c = s.count(Time.MIN_TIME, Time.MAX_TIME, pinned);
                            assertEquals(c.version() * BATCH, c.value(), "count at version " + c.version());
                            long n = 0;
                            try (StatCursor w = s.alignedWindows(Time.MIN_TIME, Time.MAX_TIME, 50, pinned)) {
                                while (w.next()) {
                                    n += w.count();
                                }
                                assertEquals(w.version() * BATCH, n, "windows at version " + w.version());
                            }
                            var latestCount = s.count(Time.MIN_TIME, Time.MAX_TIME, 0);
                            assertTrue(latestCount.version() >= latest, "latest never goes back");
                            assertEquals(latestCount.version() * BATCH, latestCount.value());
                            reads.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            for (Thread t : writers) {
                t.join();
            }
            writing.set(false);
            for (Thread t : readers) {
                t.join();
            }
            if (!errors.isEmpty()) {
                throw new AssertionError(errors.size() + " errors, first: " + errors.peek(), errors.peek());
            }
            assertTrue(reads.get() > 0);
            for (Stream s : streams) {
                assertEquals((long) WRITERS_PER_STREAM * INSERTS_PER_WRITER, s.version());
                assertEquals(s.version() * BATCH, s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
            }
        }
    }
}
