package io.dendro.crash;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.Time;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The child process of {@link CrashTest}: writes through the public API until it is killed,
 * journaling what it starts and what was acknowledged to an append-only file (one write system
 * call per line, so every line written survives the kill).
 * <pre>
 * B stream batch n          an insert begins   (times batchBase(batch) + i, values value(batch, i))
 * I stream batch n dur      the insert was acknowledged
 * X stream batch            a delete of that batch's range begins
 * D stream batch            the delete was acknowledged
 * V stream version count earliest latest   after flush: a sealed version's digest
 * </pre>
 * Stream {@link #LABELS} is a label stream (documents in the log and in leaves), stream
 * {@link #AGGREGATES} mixes aggregate points with plain ones.
 */
public final class CrashWriter {
    static final int STREAMS = 4;

    private CrashWriter() {
    }

    /** The sum of streams 0 and 1, a derived stream. */
    static final UUID DERIVED = new UUID(0xC0FFEEL, 99);

    /** Each cycle's derivative of stream 0, backprocessed in small chunks while the kill comes. */
    static UUID backprocessed(int cycle) {
        return new UUID(0xBAC4L, cycle);
    }

    static UUID streamId(int s) {
        return new UUID(0xC0FFEEL, s);
    }

    static long batchBase(long batch) {
        return 1_700_000_000_000_000_000L + batch * 10_000_000L;
    }

    static double value(long batch, int i) {
        return batch + i / 1000.0;
    }

    /** Stream 3 is a label stream: its point i of a batch has this label. */
    static final int LABELS = 3;
    /** Stream 2 mixes aggregates with plain points: every fifth point is this aggregate (else null). */
    static final int AGGREGATES = 2;

    static String label(long batch, int i) {
        return "\"state " + (batch + i) % 7 + "\"";
    }

    static io.dendro.value.Aggregate aggregate(long batch, int i) {
        double v = value(batch, i);
        return i % 5 == 0 ? new io.dendro.value.Aggregate(1 + i % 9, v - 1, v + 1, v, 0.5) : null;
    }

    static Database open(Path dir) {
        return Database.open(dir, DatabaseOptions.defaults().fsync(false).bufferPoints(5_000)
                .bufferMaxAgeMillis(50).groupCommitMillis(2).logFileBytes(256 << 10));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cycle = Integer.parseInt(args[1]);
        Random rnd = new Random(Long.parseLong(args[2]));
        try (FileChannel journal = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".journal"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             Database db = open(dir)) {
            List<Stream> streams = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                UUID id = streamId(s);
                int k = s;
                streams.add(db.find(id).orElseGet(() -> db.create(id, "crash/" + id, Map.of(), Map.of(),
                        k == LABELS ? io.dendro.StreamKind.NOMINAL : io.dendro.StreamKind.NUMERIC)));
            }
            // a derived stream over streams 0 and 1: recomputed in the commits the kills interrupt
            if (db.find(DERIVED).isEmpty()) {
                db.derive(DERIVED, "crash/derived", Map.of(), Map.of(), "sum", List.of(streamId(0), streamId(1)),
                        java.util.Arrays.asList(null, null), Map.of(), true);
            }
            // beside the writes: what earlier cycles' kills left unfinished goes on, then a new history,
            // in chunks slow enough that the kill often comes in the middle
            Thread bp = new Thread(() -> {
                try {
                    io.dendro.BackprocessOptions slow = io.dendro.BackprocessOptions.defaults().chunkPoints(3_000)
                            .listener((id, until, done, total) -> {
                                try {
                                    Thread.sleep(20);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            });
                    db.resumeBackprocessing(slow);
                    db.derive(backprocessed(cycle), "crash/backprocessed", Map.of(), Map.of(), "derivative",
                            List.of(streamId(0)), java.util.Arrays.asList((String) null), Map.of(), true, slow);
                } catch (DendroException e) {
                    if (e.code() != ErrorCode.CLOSED) {
                        throw e;
                    }
                }
            });
            bp.setDaemon(true);
            bp.start();
            List<long[]> inserted = new ArrayList<>(); // {stream, batch} acknowledged in this run
            long batch = (long) cycle * 1_000_000;
            while (true) {
                int s = rnd.nextInt(STREAMS);
                Stream st = streams.get(s);
                int op = rnd.nextInt(100);
                if (op < 80) {
                    int n = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(20_000) : 1 + rnd.nextInt(200);
                    long[] t = new long[n];
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        t[i] = batchBase(batch) + i;
                        v[i] = value(batch, i);
                    }
                    Durability d = Durability.values()[rnd.nextInt(3)];
                    write(journal, "B " + s + " " + batch + " " + n);
                    if (s == LABELS) {
                        String[] docs = new String[n];
                        for (int i = 0; i < n; i++) {
                            docs[i] = label(batch, i);
                        }
                        st.insertDocuments(t, docs, MergePolicy.NEVER, d);
                    } else if (s == AGGREGATES) {
                        io.dendro.value.Aggregate[] a = new io.dendro.value.Aggregate[n];
                        for (int i = 0; i < n; i++) {
                            a[i] = aggregate(batch, i);
                        }
                        st.insert(t, v, a, MergePolicy.NEVER, d);
                    } else {
                        st.insert(t, v, MergePolicy.NEVER, d);
                    }
                    write(journal, "I " + s + " " + batch + " " + n + " " + d);
                    inserted.add(new long[] {s, batch});
                    batch++;
                } else if (op < 88 && !inserted.isEmpty()) {
                    long[] victim = inserted.remove(rnd.nextInt(inserted.size()));
                    Stream vs = streams.get((int) victim[0]);
                    write(journal, "X " + victim[0] + " " + victim[1]);
                    vs.delete(batchBase(victim[1]), batchBase(victim[1] + 1));
                    write(journal, "D " + victim[0] + " " + victim[1]);
                } else {
                    long v = st.flush();
                    if (v > 0) {
                        long count = st.count(Time.MIN_TIME, Time.MAX_TIME, v).value();
                        long first = st.earliest(v).value().map(p -> p.time()).orElse(-1L);
                        long last = st.latest(v).value().map(p -> p.time()).orElse(-1L);
                        write(journal, "V " + s + " " + v + " " + count + " " + first + " " + last);
                    }
                }
            }
        } catch (DendroException e) {
            if (e.code() != ErrorCode.CLOSED) {
                throw e;
            }
        }
    }

    private static void write(FileChannel journal, String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            journal.write(b);
        }
    }
}
