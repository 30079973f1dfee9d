package io.dendro;

import io.dendro.FaultWorkload.Pts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The fixed workload of {@link FaultSweepBufferedTest}: the buffered write path. Three streams,
 * 29 inserts, most of them small enough to go through the write-ahead log and the buffers
 * ({@code bufferPoints} {@value #BUFFER_POINTS}), with every {@link Durability}; two inserts of
 * at least {@value #BUFFER_POINTS} points (committed directly); inserts that make the buffer
 * seal first; stream flushes, a database flush, two deletes (each seals its buffer first);
 * a clean close and reopen, a process crash and reopen (replay) in the middle; and a process
 * crash at the end, so that the check after recovery reads replayed buffers. Log files of
 * {@value #LOG_FILE_BYTES} bytes make the log rotate (and delete sealed files) several times.
 *
 * <p>Every insert writes its own block of {@value #BLOCK} ns of time, never used by another
 * insert of any stream, so that which inserts a stream's content holds can be read off its
 * points (see {@link FaultSweepBufferedTest}). A delete covers part of two earlier blocks of
 * its stream, and no later insert writes there. Everything comes from a fixed seed: every run
 * makes the same calls and, up to the fault, the same file-system operations.
 */
final class BufferedFaultWorkload {
    static final int STREAMS = 3;
    static final int BUFFER_POINTS = 500;
    static final long LOG_FILE_BYTES = 16 << 10;
    static final long BLOCK = 1_000_000_000L;
    static final long BASE = 1_700_000_000_000_000_000L;

    private BufferedFaultWorkload() {
    }

    static UUID uuid(int stream) {
        return new UUID(0xB0FFL, stream + 1);
    }

    static String collection(int stream) {
        return "buffered/" + (char) ('a' + stream);
    }

    // ---- steps --------------------------------------------------------------------------------

    sealed interface Step permits Open, Close, Crash, Create, Insert, Flush, FlushAll, Delete, Observe {
    }

    /** Opens the database (the first one creates it). */
    record Open() implements Step {
    }

    /** {@link Database#close()}: seals every buffer, forces and closes the log. */
    record Close() implements Step {
    }

    /** A process crash ({@code Database.crashForTesting}): nothing sealed, the log just stops. */
    record Crash() implements Step {
    }

    record Create(int stream) implements Step {
        @Override
        public String toString() {
            return "Create(" + collection(stream) + ")";
        }
    }

    /**
     * An insert; {@code batch} is what it adds (for REPLACE: the last point of each time), and
     * its size decides whether it is committed directly.
     */
    record Insert(int id, int stream, long[] t, double[] v, MergePolicy policy, Durability durability, Pts batch)
            implements Step {
        boolean direct() {
            return batch.size() >= BUFFER_POINTS;
        }

        /** The bytes of its log record: 16 of record header, 24 of payload header, 16 a point. */
        long recordBytes() {
            return 40 + 16L * batch.size();
        }

        @Override
        public String toString() {
            return "Insert#" + id + "(" + collection(stream) + ", " + t.length + " points, " + policy + ", "
                    + (direct() ? "direct" : durability) + ")";
        }
    }

    /** {@link Stream#flush()}; the sealed version is read and remembered. */
    record Flush(int stream) implements Step {
        @Override
        public String toString() {
            return "Flush(" + collection(stream) + ")";
        }
    }

    /** {@link Database#flush()}; every stream's sealed version is read and remembered. */
    record FlushAll() implements Step {
    }

    /** {@link Stream#delete}, which seals the stream's buffer first. */
    record Delete(int id, int stream, long start, long end) implements Step {
        @Override
        public String toString() {
            return "Delete#" + id + "(" + collection(stream) + ", [" + start + ", " + end + "))";
        }
    }

    /** Reads every stream at version 0 in the running database and checks it. */
    record Observe() implements Step {
    }

    static final List<Step> STEPS;
    static final List<Insert> INSERTS;
    static final List<Delete> DELETES;

    static {
        Builder b = new Builder();
        b.add(new Open());
        for (int i = 0; i < STREAMS; i++) {
            b.add(new Create(i));
        }
        b.insert(0, 40, Durability.SYNC, MergePolicy.NEVER, 0);
        b.insert(1, 120, Durability.NONE, MergePolicy.NEVER, 6);              // duplicate times
        b.insert(2, 7, Durability.GROUP, MergePolicy.NEVER, 0);
        b.insert(0, 200, Durability.NONE, MergePolicy.REPLACE, 5);            // reduced in the batch
        b.insert(1, 60, Durability.SYNC, MergePolicy.NEVER, 0);               // forces the NONE before it
        b.insert(0, 150, Durability.GROUP, MergePolicy.NEVER, 0);
        b.add(new Flush(0));                                                  // a: 3 batches sealed
        b.insert(2, 300, Durability.NONE, MergePolicy.NEVER, 0);
        b.insert(1, 250, Durability.NONE, MergePolicy.NEVER, 9);
        b.insert(0, 30, Durability.SYNC, MergePolicy.NEVER, 0);
        b.insert(2, 250, Durability.SYNC, MergePolicy.NEVER, 0);              // c: 307 + 250 -> seals first
        b.insert(1, 80, Durability.GROUP, MergePolicy.NEVER, 0);              // b: 430 + 80 -> seals first
        b.add(new Flush(1));
        b.delete(0, 0, 3);                                                    // a: seals [30], then deletes
        b.insert(2, 700, Durability.GROUP, MergePolicy.NEVER, 0);             // direct, after sealing [250]
        b.insert(1, 100, Durability.NONE, MergePolicy.REPLACE, 3);
        b.add(new Observe());
        b.add(new Close());
        b.add(new Open());
        b.insert(0, 90, Durability.NONE, MergePolicy.NEVER, 0);
        b.insert(1, 45, Durability.NONE, MergePolicy.NEVER, 0);
        b.insert(2, 10, Durability.SYNC, MergePolicy.NEVER, 0);
        b.add(new FlushAll());
        b.insert(0, 120, Durability.GROUP, MergePolicy.NEVER, 4);
        b.insert(1, 300, Durability.NONE, MergePolicy.NEVER, 0);
        b.insert(2, 480, Durability.NONE, MergePolicy.NEVER, 0);
        b.insert(0, 5, Durability.NONE, MergePolicy.NEVER, 0);
        b.insert(2, 30, Durability.GROUP, MergePolicy.NEVER, 0);              // c: 480 + 30 -> seals first
        b.delete(1, 14, 17);                                                  // b: seals [300], then deletes
        // NONE before the crash: the log holds unforced records that the reopen replays, and must
        // force before it starts its next file (a power loss later must not cut the older file short)
        b.insert(0, 70, Durability.NONE, MergePolicy.NEVER, 0);
        b.add(new Crash());
        b.add(new Open());                                                    // replays a [120, 5, 70], c [30]
        b.insert(0, 60, Durability.NONE, MergePolicy.NEVER, 0);
        b.insert(1, 20, Durability.GROUP, MergePolicy.NEVER, 0);
        b.add(new Flush(0));
        b.insert(2, 600, Durability.NONE, MergePolicy.NEVER, 7);              // direct: durability plays no part
        b.insert(1, 100, Durability.NONE, MergePolicy.NEVER, 0);
        b.insert(0, 40, Durability.NONE, MergePolicy.NEVER, 0);
        b.insert(2, 50, Durability.NONE, MergePolicy.NEVER, 0);
        // seals a's last record into the tree while b's and c's before it are not forced: a power
        // loss now leaves the log ending below the floor (recovery seals and restarts the log)
        b.add(new Flush(0));
        b.insert(1, 25, Durability.NONE, MergePolicy.NEVER, 0);
        b.add(new Observe());
        b.add(new Crash());                                                   // buffers left in the log
        STEPS = List.copyOf(b.steps);
        INSERTS = List.copyOf(b.inserts);
        DELETES = List.copyOf(b.deletes);
    }

    private static final class Builder {
        final Random rnd = new Random(0xB0FF_E7EDL);
        final List<Step> steps = new ArrayList<>();
        final List<Insert> inserts = new ArrayList<>();
        final List<Delete> deletes = new ArrayList<>();

        void add(Step s) {
            steps.add(s);
        }

        /** {@code n} points in the insert's own block; {@code dupEvery > 0} repeats earlier times. */
        void insert(int stream, int n, Durability d, MergePolicy policy, int dupEvery) {
            int id = inserts.size();
            long from = BASE + id * BLOCK;
            long[] t = new long[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = dupEvery > 0 && i > 0 && i % dupEvery == 0 ? t[rnd.nextInt(i)]
                        : from + (long) (rnd.nextDouble() * BLOCK);
                v[i] = switch (rnd.nextInt(6)) {
                    case 0 -> -0.0;
                    case 1 -> Double.MIN_VALUE * rnd.nextInt(10);
                    case 2 -> rnd.nextInt(3);
                    default -> Math.round(rnd.nextGaussian() * 1e6) / 1e3;
                };
            }
            Insert ins = new Insert(id, stream, t, v, policy, d, Pts.batch(t, v, policy));
            if (ins.batch().size() >= BUFFER_POINTS != n >= BUFFER_POINTS) {
                throw new IllegalStateException("keep direct inserts unambiguous: " + ins);
            }
            inserts.add(ins);
            steps.add(ins);
        }

        /** Deletes from the last third of insert {@code a}'s block to the middle of insert {@code b}'s. */
        void delete(int stream, int a, int b) {
            Insert first = inserts.get(a);
            Insert second = inserts.get(b);
            if (first.stream() != stream || second.stream() != stream) {
                throw new IllegalStateException("a delete covers blocks of its own stream");
            }
            for (Insert between : inserts.subList(a + 1, b)) {
                if (between.stream() == stream) {
                    throw new IllegalStateException("a delete would cover a whole block: " + between);
                }
            }
            Delete d = new Delete(deletes.size(), stream, BASE + a * BLOCK + 2 * BLOCK / 3, BASE + b * BLOCK + BLOCK / 2);
            deletes.add(d);
            steps.add(d);
        }
    }

    static Map<String, String> tags(int stream) {
        return Map.of("name", "s" + stream);
    }
}
