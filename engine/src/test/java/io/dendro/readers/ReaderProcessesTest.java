package io.dendro.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer process and two reader processes on one database (child JVMs). The writer
 * ({@link ProcessWriter}) journals the state of a stream after every operation; the readers
 * ({@link ProcessReader}: one refreshing by hand, one refreshing itself every 5 ms) read all the
 * while. Afterwards every state a reader saw must be one the writer journaled at the same
 * version; every numbered version read must equal the writer's last state at that version (its
 * content when it was sealed); and a reader never goes back to an older version.
 *
 * <p>CI runs {@code dendro.readers.seconds} (default 4) seconds; a longer run:
 * {@code mvn -pl engine -am verify -Dtest=ReaderProcessesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Ddendro.readers.seconds=300}.
 */
class ReaderProcessesTest {
    @TempDir
    Path tmp;

    @Test
    void shouldShowReadersOnlyStatesTheWriterPublished() throws Exception {
        long seconds = Long.getLong("dendro.readers.seconds", 4);
        long seed = Long.getLong("dendro.readers.seed", System.nanoTime());
        System.out.println("ReaderProcessesTest seed " + seed + ", " + seconds + " s");
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("db");
        Path journal = tmp.resolve("journal");
        Process writer = child(ProcessWriter.class, tmp.resolve("writer.log"), dir, journal, seconds, rnd.nextLong());
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!(Files.exists(journal) && Files.readString(journal).contains("ready"))) {
            assertTrue(writer.isAlive(), () -> "the writer died: " + read(tmp.resolve("writer.log")));
            assertTrue(System.nanoTime() < deadline, "the writer did not start");
            Thread.sleep(20);
        }
        List<Process> readers = new ArrayList<>();
        long[] periods = {0, 5};
        for (int r = 0; r < periods.length; r++) {
            readers.add(child(ProcessReader.class, tmp.resolve("reader-" + r + ".log"), dir, journal,
                    tmp.resolve("reader-" + r + ".out"), periods[r], rnd.nextLong()));
        }
        for (int r = 0; r < readers.size(); r++) { // start the timed run once every reader is open
            Path out = tmp.resolve("reader-" + r + ".out");
            int k = r;
            while (!(Files.exists(out) && Files.readString(out).startsWith("started"))) {
                assertTrue(readers.get(r).isAlive(), () -> "reader " + k + " died: " + read(tmp.resolve("reader-" + k + ".log")));
                assertTrue(System.nanoTime() < deadline, "the readers did not start");
                Thread.sleep(20);
            }
        }
        Files.createFile(tmp.resolve("go"));
        assertTrue(writer.waitFor(seconds + 120, TimeUnit.SECONDS), "the writer did not finish");
        assertEquals(0, writer.exitValue(), () -> "writer: " + read(tmp.resolve("writer.log")));
        for (int r = 0; r < readers.size(); r++) {
            Process p = readers.get(r);
            int k = r;
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a reader did not finish");
            assertEquals(0, p.exitValue(), () -> "reader " + k + ": " + read(tmp.resolve("reader-" + k + ".log")));
        }

        Map<String, Set<String>> states = new HashMap<>(); // "uuid version" -> "count hash" states
        Map<String, String> last = new HashMap<>();          // "uuid version" -> its last state
        for (String line : Files.readAllLines(journal)) {
            String[] f = line.split(" ");
            if (f.length == 4) {
                String key = f[0] + " " + f[1];
                states.computeIfAbsent(key, x -> new HashSet<>()).add(f[2] + " " + f[3]);
                last.put(key, f[2] + " " + f[3]);
            }
        }
        for (int r = 0; r < readers.size(); r++) {
            Map<String, Long> seen = new HashMap<>();
            long latestReads = 0;
            for (String line : Files.readAllLines(tmp.resolve("reader-" + r + ".out"))) {
                String[] f = line.split(" ");
                if (f.length != 5) {
                    continue;
                }
                String key = f[1] + " " + f[2];
                String state = f[3] + " " + f[4];
                if (f[0].equals("L")) {
                    latestReads++;
                    if (!states.getOrDefault(key, Set.of()).contains(state)) {
                        fail("reader " + r + " saw " + state + " (count, hash) at " + key
                                + ", which the writer never published at that version (seed " + seed + ")");
                    }
                    long v = Long.parseLong(f[2]);
                    Long before = seen.put(f[1], v);
                    if (before != null && before > v) {
                        fail("reader " + r + " went back from version " + before + " to " + v + " (seed " + seed + ")");
                    }
                } else if (!state.equals(last.get(key))) {
                    fail("reader " + r + " read version " + key + " as " + state + "; it was sealed as "
                            + last.get(key) + " (seed " + seed + ")");
                }
            }
            assertTrue(latestReads >= 3, "reader " + r + " read only " + latestReads + " times");
            System.out.println("reader " + r + ": " + latestReads + " latest reads checked");
        }
    }

    private static Process child(Class<?> main, Path log, Object... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", main.getName()));
        for (Object a : args) {
            cmd.add(a.toString());
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
