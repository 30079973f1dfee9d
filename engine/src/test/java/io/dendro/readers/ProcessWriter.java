package io.dendro.readers;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The writer process of {@link ReaderProcessesTest}: for {@code seconds}, random buffered
 * inserts, direct (large) inserts, deletes, flushes and compactions on a few streams, with small
 * log files so that the log rotates and its files are deleted under the readers. After each
 * operation it appends the stream's state at the latest version to the journal as
 * {@code uuid version count hash}, computed from its own model (a list of points).
 * Arguments: {@code dir journal seconds seed}; the timed run starts when a file {@code go}
 * appears beside the journal.
 */
public final class ProcessWriter {
    static final int STREAMS = 3;

    static UUID streamId(int s) {
        return new UUID(0x5EAD, s + 1);
    }

    /** An order-independent fingerprint of a multiset of points. */
    static long mix(long t, double v) {
        long h = t * 0x9E3779B97F4A7C15L ^ Double.doubleToRawLongBits(v) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        return h * 0x94D049BB133111EBL;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path journal = Path.of(args[1]);
        long seconds = Long.parseLong(args[2]);
        Random rnd = new Random(Long.parseLong(args[3]));
        DatabaseOptions opts = DatabaseOptions.defaults().fsync(false).segmentCapacity(1 << 20)
                .bufferPoints(2_000).logFileBytes(16 << 10).bufferMaxAgeMillis(50);
        List<List<long[]>> model = new ArrayList<>(); // per stream: {time, value bits}
        try (Database db = Database.open(dir, opts);
             BufferedWriter out = Files.newBufferedWriter(journal)) {
            List<Stream> streams = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                streams.add(db.create(streamId(s), "readers/" + s, Map.of(), Map.of()));
                model.add(new ArrayList<>());
                journal(out, streams.get(s), model.get(s), 0);
            }
            streams.get(0).setRetention(4, null); // compaction then drops old versions under the readers
            out.write("ready\n");
            out.flush();
            Path go = journal.resolveSibling("go"); // the readers are open: the timed run begins
            for (long wait = System.nanoTime() + 120_000_000_000L; !Files.exists(go) && System.nanoTime() < wait; ) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long ops = 0;
            while (System.nanoTime() < end) {
                int s = rnd.nextInt(STREAMS);
                Stream st = streams.get(s);
                List<long[]> m = model.get(s);
                int op = rnd.nextInt(100);
                long version;
                if (op < 75) {
                    int n = rnd.nextInt(20) == 0 ? 2_000 + rnd.nextInt(3_000) : 1 + rnd.nextInt(100);
                    long[] t = new long[n];
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        t[i] = rnd.nextInt(1 << 24) * 1_000L;
                        v[i] = rnd.nextInt(1000) / 8.0;
                        m.add(new long[] {t[i], Double.doubleToRawLongBits(v[i])});
                    }
                    version = st.insert(t, v, MergePolicy.NEVER);
                } else if (op < 85) {
                    long a = rnd.nextInt(1 << 24) * 1_000L;
                    long b = a + rnd.nextInt(1 << 20) * 1_000L;
                    version = st.delete(a, b);
                    m.removeIf(p -> p[0] >= a && p[0] < b);
                } else if (op < 97) {
                    version = st.flush();
                } else {
                    db.compact();
                    version = st.count(io.dendro.Time.MIN_TIME, io.dendro.Time.MAX_TIME, 0).version();
                }
                journal(out, st, m, version);
                ops++;
            }
            out.write("done " + ops + "\n");
            out.flush();
        }
    }

    private static void journal(BufferedWriter out, Stream st, List<long[]> m, long version) throws IOException {
        long h = 0;
        for (long[] p : m) {
            h += mix(p[0], Double.longBitsToDouble(p[1]));
        }
        out.write(st.uuid() + " " + version + " " + m.size() + " " + h + "\n");
        out.flush();
    }
}
