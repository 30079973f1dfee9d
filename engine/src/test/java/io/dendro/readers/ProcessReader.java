package io.dendro.readers;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.PointCursor;
import io.dendro.StatCursor;
import io.dendro.Stream;
import io.dendro.Time;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A reader process of {@link ReaderProcessesTest}: opens the database read-only while the
 * writer works and, until the writer's journal says {@code done}, reads every stream at the
 * latest version (all points, hashed as the writer hashes its model) and at a random earlier
 * version, and checks within each state that count, values and aligned windows agree. Writes
 * {@code L uuid version count hash} for latest reads and {@code P ...} for pinned ones.
 * Arguments: {@code dir journal out refreshMillis seed} (refreshMillis 0: refresh() by hand).
 */
public final class ProcessReader {
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args[0]);
        Path journal = Path.of(args[1]);
        Path outPath = Path.of(args[2]);
        long refreshMillis = Long.parseLong(args[3]);
        Random rnd = new Random(Long.parseLong(args[4]));
        long[] ts = new long[512];
        double[] vs = new double[512];
        try (Database db = Database.open(dir, DatabaseOptions.defaults().readOnly(true).refreshMillis(refreshMillis));
             BufferedWriter out = Files.newBufferedWriter(outPath)) {
            long reads = 0;
            out.write("started\n");
            out.flush();
            while (!Files.readString(journal).contains("done")) {
                if (refreshMillis == 0) {
                    db.refresh();
                }
                for (int s = 0; s < ProcessWriter.STREAMS; s++) {
                    Stream st = db.stream(ProcessWriter.streamId(s));
                    long latest;
                    try (PointCursor c = st.values(Time.MIN_TIME, Time.MAX_TIME, 0)) {
                        latest = c.version();
                        out.write("L " + st.uuid() + " " + latest + " " + hash(c, ts, vs) + "\n");
                    }
                    if (refreshMillis == 0) { // the state cannot move between these reads
                        checkAgrees(st, latest, 0);
                    }
                    if (latest > 1) {
                        long v = 1 + rnd.nextLong(latest - 1);
                        try (PointCursor c = st.values(Time.MIN_TIME, Time.MAX_TIME, v)) {
                            out.write("P " + st.uuid() + " " + v + " " + hash(c, ts, vs) + "\n");
                            checkAgrees(st, v, v);
                        } catch (DendroException e) {
                            if (e.code() != ErrorCode.NO_SUCH_VERSION) { // dropped by the retention policy
                                throw e;
                            }
                        }
                    }
                    reads++;
                }
            }
            out.write("reads " + reads + "\n");
        }
    }

    private static String hash(PointCursor c, long[] ts, double[] vs) {
        long n = 0;
        long h = 0;
        for (int k; (k = c.next(ts, vs)) > 0; ) {
            for (int i = 0; i < k; i++) {
                h += ProcessWriter.mix(ts[i], vs[i]);
            }
            n += k;
        }
        return n + " " + h;
    }

    /** Count, and the counts of aligned windows, agree with each other in one state. */
    private static void checkAgrees(Stream st, long version, long ask) {
        var count = st.count(Time.MIN_TIME, Time.MAX_TIME, ask);
        if (count.version() != version) {
            throw new AssertionError("count answered at version " + count.version() + ", values at " + version);
        }
        long windows = 0;
        try (StatCursor c = st.alignedWindows(0, 1L << 36, 30, ask)) {
            while (c.next()) {
                windows += c.count();
            }
        }
        if (windows != count.value()) {
            throw new AssertionError(st.uuid() + " at version " + version + ": count " + count.value()
                    + " but aligned windows hold " + windows);
        }
    }
}
