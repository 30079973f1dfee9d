package io.dendro.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dendro.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BTrDB Python client itself against the server ({@code src/test/python/real_btrdb_client.py}:
 * its documented workflow, StreamSet queries and Arrow methods). The btrdb package is not on
 * Debian or on this machine's package mirror, so this runs only when given a Python that has it
 * (with pyarrow and pandas):
 *
 * <pre>
 * mvn -pl grpc -am verify -Dtest=RealClientTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Ddendro.btrdb.python=/path/to/venv/bin/python [-Ddendro.btrdb.path=DIR-HOLDING-btrdb]
 * </pre>
 *
 * Without {@code dendro.btrdb.python} it is skipped and says so; {@link PythonClientTest} drives
 * the same RPCs from Python in every build.
 */
class RealClientTest {
    @TempDir
    Path dir;

    @Test
    void shouldRunTheBtrdbClientsWorkflowUnchanged() throws IOException, InterruptedException {
        String python = System.getProperty("dendro.btrdb.python", "");
        Assumptions.assumeFalse(python.isBlank(), "needs -Ddendro.btrdb.python=PYTHON with the btrdb package, "
                + "pyarrow and pandas installed (not available to a plain mvn verify here)");
        try (Database db = Database.open(dir.resolve("db"));
             BtrdbServer server = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).log(l -> { }))) {
            List<String> cmd = new ArrayList<>(List.of(python, "src/test/python/real_btrdb_client.py",
                    "127.0.0.1:" + server.port()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.txt").toFile());
            String path = System.getProperty("dendro.btrdb.path", "");
            if (!path.isBlank()) {
                pb.environment().put("PYTHONPATH", path);
            }
            Process p = pb.start();
            boolean done = p.waitFor(180, TimeUnit.SECONDS);
            String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            System.out.println(out);
            if (!done) {
                p.destroyForcibly();
            }
            assertEquals(0, done ? p.exitValue() : -1, out);
        }
    }
}
