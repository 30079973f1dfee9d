package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything at once: writer threads on different streams and two on the same stream
 * (inserts of every durability, deletes), readers at the latest and at pinned versions,
 * a thread that flushes, and one that compacts. Every batch has its own times and values that
 * name it, so every read can be checked:
 * <ul>
 * <li>a batch is in a read wholly or not at all, and its values are right;</li>
 * <li>a sealed version answers the same every time it is read (the first answer is recorded;
 *     later ones, including after compactions and a reopen, must match);</li>
 * <li>at the end, the latest content is exactly the batches inserted and not deleted.</li>
 * </ul>
 * {@code -Ddendro.stress.millis=N} runs longer (default 3000).
 */
class StressTest {
    static final int BATCH = 50;
    static final int STREAMS = 3;

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    /** stream -> version -> digest of the whole stream at that version. */
    private final Map<Integer, Map<Long, Long>> digests = new ConcurrentHashMap<>();
    /** Batches inserted (acknowledged) and deleted, by stream. */
    private final Map<Integer, Set<Long>> live = new ConcurrentHashMap<>();

    static long batchStart(long batch) {
        return 1_000_000_000L + batch * 1_000_000L;
    }

    static double value(long batch, int i) {
        return batch * 1000.0 + i;
    }

    @Test
    void shouldAnswerEveryReadConsistentlyWhileEverythingRunsAtOnce() throws Exception {
        long millis = Long.getLong("dendro.stress.millis", 3000);
        DatabaseOptions opts = DatabaseOptions.defaults().fsync(false).bufferPoints(400).bufferMaxAgeMillis(20)
                .segmentCapacity(4 << 20);
        List<UUID> ids = new ArrayList<>();
        try (Database db = Database.open(dir, opts)) {
            List<Stream> streams = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                ids.add(UUID.randomUUID());
                streams.add(db.create(ids.get(s), "stress/" + s, Map.of(), Map.of()));
                live.put(s, ConcurrentHashMap.newKeySet());
                digests.put(s, new ConcurrentHashMap<>());
            }
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong batches = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            AtomicLong compactions = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            // writers: one per stream, plus a second one on stream 0
            for (int w = 0; w < STREAMS + 1; w++) {
                int s = w % STREAMS;
                int writer = w;
                threads.add(Thread.ofPlatform().start(() -> guard(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    List<Long> mine = new ArrayList<>();
                    for (long k = 0; running.get(); k++) {
                        Stream st = streams.get(s);
                        long batch = writer * 1_000_000L + k;
                        if (rnd.nextInt(10) == 0 && !mine.isEmpty()) {
                            long victim = mine.remove(rnd.nextInt(mine.size()));
                            st.delete(batchStart(victim), batchStart(victim) + BATCH);
                            live.get(s).remove(victim);
                            continue;
                        }
                        long[] t = new long[BATCH];
                        double[] v = new double[BATCH];
                        for (int i = 0; i < BATCH; i++) {
                            t[i] = batchStart(batch) + i;
                            v[i] = value(batch, i);
                        }
                        st.insert(t, v, MergePolicy.NEVER, Durability.values()[rnd.nextInt(3)]);
                        live.get(s).add(batch);
                        mine.add(batch);
                        batches.incrementAndGet();
                    }
                })));
            }
            for (int r = 0; r < 2; r++) {
                threads.add(Thread.ofPlatform().start(() -> guard(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (running.get()) {
                        int s = rnd.nextInt(STREAMS);
                        Stream st = streams.get(s);
                        long sealed = st.version();
                        long v = sealed == 0 || rnd.nextBoolean() ? 0 : 1 + rnd.nextLong(sealed);
                        check(s, st, v);
                        reads.incrementAndGet();
                    }
                })));
            }
            threads.add(Thread.ofPlatform().start(() -> guard(() -> {
                while (running.get()) {
                    db.flush();
                    Thread.sleep(15);
                }
            })));
            threads.add(Thread.ofPlatform().start(() -> guard(() -> {
                while (running.get()) {
                    Thread.sleep(300);
                    db.compact();
                    compactions.incrementAndGet();
                }
            })));
            Thread.sleep(millis);
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
            if (!errors.isEmpty()) {
                throw new AssertionError(errors.size() + " errors; first: " + errors.peek(), errors.peek());
            }
            assertTrue(batches.get() > 0 && reads.get() > 0 && compactions.get() > 0,
                    batches + " batches, " + reads + " reads, " + compactions + " compactions");
            for (int s = 0; s < STREAMS; s++) {
                checkFinal(s, streams.get(s));
            }
            var report = db.verify();
            assertTrue(report.problems().isEmpty(), "verify: " + report.problems());
        }
        try (Database db = Database.open(dir, opts)) { // every recorded version reads the same after reopen
            for (int s = 0; s < STREAMS; s++) {
                Stream st = db.stream(ids.get(s));
                for (Map.Entry<Long, Long> e : digests.get(s).entrySet()) {
                    assertEquals(e.getValue(), digest(s, st, e.getKey()).digest, "stream " + s + " version " + e.getKey());
                }
                checkFinal(s, st);
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private void guard(Body b) {
        try {
            b.run();
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    private record Seen(long version, long digest, Map<Long, Integer> batches) {
    }

    /** Reads a whole version, checking that batches are whole and their values right. */
    private Seen digest(int s, Stream st, long v) {
        Map<Long, Integer> counts = new HashMap<>();
        long d = 1;
        long version;
        try (PointCursor c = st.values(Time.MIN_TIME, Time.MAX_TIME, v)) {
            version = c.version();
            while (c.next()) {
                long batch = (c.time() - 1_000_000_000L) / 1_000_000L;
                int i = (int) (c.time() - batchStart(batch));
                assertEquals(value(batch, i), c.value(), "stream " + s + " value of batch " + batch);
                counts.merge(batch, 1, Integer::sum);
                d = d * 31 + c.time();
            }
        }
        counts.forEach((batch, n) -> assertEquals(BATCH, n, "stream " + s + " batch " + batch + " is whole"));
        return new Seen(version, d, counts);
    }

    private void check(int s, Stream st, long v) {
        long sealedBefore = st.version();
        Seen seen = digest(s, st, v);
        if (seen.version() >= 1 && seen.version() <= sealedBefore) { // sealed: it must answer the same forever
            Long first = digests.get(s).putIfAbsent(seen.version(), seen.digest());
            if (first != null) {
                assertEquals(first, seen.digest(), "stream " + s + " version " + seen.version() + " changed");
            }
        }
    }

    private void checkFinal(int s, Stream st) {
        Seen seen = digest(s, st, 0);
        assertEquals(live.get(s), seen.batches().keySet(), "stream " + s + ": exactly the live batches");
    }
}
