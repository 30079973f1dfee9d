package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code dendro flush}. Every command seals its own buffers when it closes the database, so
 * buffered points come only from a process that died with points in the write-ahead log: a
 * child JVM ({@link #main}) inserts and halts, and the next open replays its points into buffers.
 */
class FlushTest extends CliFixture {
    static final String A = "11111111-2222-3333-4444-555555555555";
    static final String B = "22222222-2222-3333-4444-555555555555";
    /** Buffers are sealed by age after this long; long enough that only flush (or close) seals them here. */
    static final long NEVER_MS = 3_600_000;

    private static DatabaseOptions options() {
        return DatabaseOptions.defaults().fsync(false).bufferMaxAgeMillis(NEVER_MS);
    }

    @BeforeEach
    void load() {
        cli.options(options());
        create("test/a", A);
        create("test/b", B);
        insert(A, "1,1\n", 1);
    }

    /** Child: opens {@code args[0]}, inserts {@code uuid=t:v,t:v,...} for each further argument, halts. */
    public static void main(String[] args) {
        Database d = Database.open(Path.of(args[0]), options().create(false));
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=");
            String[] points = kv[1].split(",");
            long[] t = new long[points.length];
            double[] v = new double[points.length];
            for (int j = 0; j < points.length; j++) {
                t[j] = Long.parseLong(points[j].split(":")[0]);
                v[j] = Double.parseDouble(points[j].split(":")[1]);
            }
            d.stream(UUID.fromString(kv[0])).insert(t, v, MergePolicy.NEVER, Durability.SYNC);
        }
        System.out.println("inserted");
        System.out.flush();
        Runtime.getRuntime().halt(0); // no close: the points stay in the log, unsealed
    }

    /** Runs {@link #main} in a child JVM and waits for it. */
    private void crashAfterInserting(String... inserts) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FlushTest.class.getName(), db.toString()));
        cmd.addAll(List.of(inserts));
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
        assertEquals("inserted\n", Files.readString(log), () -> "child: " + log);
    }

    @Test
    void shouldSealOneStreamsReplayedPoints() throws Exception {
        crashAfterInserting(A + "=2:2,3:3", B + "=7:7");
        assertOk(cli.run("flush", "--uuid", A), "2\n", "sealed 2 buffered points as version 2\n");
        // nothing left to seal: the same version again
        assertOk(cli.run("flush", "--uuid", A), "2\n", "nothing was buffered\n");
        assertOk(cli.run("values", "--uuid", A, "--start", "0", "--end", "10", "--version", "2"),
                "time,value\n1,1.0\n2,2.0\n3,3.0\n", "version: 2\n");
        // B's replayed point was sealed when that flush closed the database
        assertOk(cli.run("flush", "--uuid", B), "1\n", "nothing was buffered\n");
        assertOk(cli.run("count", "--uuid", B, "--version", "1"), "1\n", "version: 1\n");
    }

    @Test
    void shouldSealEveryStream() throws Exception {
        crashAfterInserting(A + "=2:2,3:3", B + "=7:7", A + "=4:4");
        assertOk(cli.run("flush"), "", "sealed 4 buffered points of 2 streams\n");
        assertOk(cli.run("version", "--uuid", A), "2\n");
        assertOk(cli.run("count", "--uuid", A, "--version", "2"), "4\n", "version: 2\n");
        assertOk(cli.run("count", "--uuid", B, "--version", "1"), "1\n", "version: 1\n");
        assertOk(cli.run("flush"), "", "nothing was buffered\n");
        crashAfterInserting(B + "=8:8");
        assertOk(cli.run("flush"), "", "sealed 1 buffered point of 1 stream\n");
        assertOk(cli.run("version", "--uuid", B), "2\n");
    }

    @Test
    void shouldPrintTheLatestVersionWhenNothingIsBuffered() {
        assertOk(cli.run("flush", "--uuid", A), "1\n", "nothing was buffered\n");
        assertOk(cli.run("flush", "--uuid", B), "0\n", "nothing was buffered\n");
        assertOk(cli.run("flush"), "", "nothing was buffered\n");
        assertFails(cli.run("flush", "--uuid", UNKNOWN), ErrorCode.NO_SUCH_STREAM, UNKNOWN);
    }
}
