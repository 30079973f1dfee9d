package io.dendro.bench;

import io.dendro.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A process that holds a database open for writing until its standard input closes, so that a
 * benchmark can read the same database through a read-only open in another process, as an
 * analytics application beside a loader would ({@link DatasetState}'s {@code open=reader}).
 */
public final class WriterHolder {
    private WriterHolder() {
    }

    /** Starts a holder on {@code dir} and waits until it has the database open. */
    static Process start(Path dir) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WriterHolder.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the writer process did not start: " + line);
        }
        return p;
    }

    /** Lets the holder close its database and exit. */
    static void stop(Process p) throws IOException, InterruptedException {
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    public static void main(String[] args) throws IOException {
        try (Database db = Database.open(Path.of(args[0]))) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the database until the benchmark closes our stdin
            }
        }
    }
}
