package io.dendro.grpc;

import io.dendro.Database;
import io.dendro.RawPoint;
import io.dendro.Stream;
import io.dendro.Time;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The BTrDB Python client's workflow against the server, from Python:
 * {@code src/test/python/btrdb_client_workflow.py} sends what btrdb-python 5.34's
 * {@code Endpoint} sends, through Debian's python3-grpcio, with message classes that Debian's
 * protoc (3.21, the generator matching Debian's python3-protobuf runtime) makes from our
 * {@code btrdb_v5.proto} into {@code target/python-stubs} before the tests. Nothing generated is
 * checked in. The script checks every answer itself and names the step that failed; this test
 * then checks through the Java API that the database holds what the script wrote.
 *
 * <p>Needs /usr/bin/python3 with python3-grpcio and python3-protobuf, and /usr/bin/protoc
 * (protobuf-compiler); {@code .ci/run} installs them. Without them the test fails, unless
 * {@code -Ddendro.python.optional=true}, which skips it instead.
 */
class PythonClientTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path PROTOC = Path.of("/usr/bin/protoc");
    private static final Path SCRIPT = Path.of("src/test/python/btrdb_client_workflow.py");
    private static final Path PROTO = Path.of("src/main/proto/btrdb_v5.proto");
    private static final Path STUBS = Path.of("target/python-stubs");
    /** The script takes a few seconds; this bounds a hung server or client. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PACKAGES = "python3 python3-grpcio python3-protobuf protobuf-compiler";

    /** Why the test cannot run here (missing tools), or null when it can. */
    private static String missing;

    @TempDir
    Path dir;

    /** Checks the tools and, when they are all there, generates the message classes. */
    @BeforeAll
    static void generateMessageClasses() throws IOException, InterruptedException {
        List<String> absent = new ArrayList<>();
        if (!Files.isExecutable(PYTHON)) {
            absent.add(PYTHON + " (python3)");
        } else {
            Run imports = run(List.of(PYTHON.toString(), "-c", "import grpc, google.protobuf"), Duration.ofSeconds(30));
            if (imports.exit != 0) {
                absent.add("the Python modules grpc and google.protobuf for " + PYTHON
                        + " (python3-grpcio, python3-protobuf: " + lastLines(imports.output, 1).strip() + ")");
            }
        }
        if (!Files.isExecutable(PROTOC)) {
            absent.add(PROTOC + " (protobuf-compiler)");
        }
        if (!absent.isEmpty()) {
            missing = "the Python client test needs " + String.join(", ", absent)
                    + "; .ci/run installs them (Debian: apt-get install " + PACKAGES + ")";
            return;
        }
        Files.createDirectories(STUBS);
        Run protoc = run(List.of(PROTOC.toString(), "-I" + PROTO.getParent(), "--python_out=" + STUBS,
                PROTO.toString()), Duration.ofSeconds(60));
        assertEquals(0, protoc.exit, () -> "protoc failed: " + protoc.output);
        assertTrue(Files.exists(STUBS.resolve("btrdb_v5_pb2.py")), "protoc wrote no btrdb_v5_pb2.py");
    }

    /** Fails each test when a tool is missing, or skips it with -Ddendro.python.optional=true. */
    @BeforeEach
    void requireTools() {
        if (missing != null) {
            if (Boolean.getBoolean("dendro.python.optional")) {
                Assumptions.abort(missing + " [skipped: dendro.python.optional=true]");
            }
            fail(missing + " (or run with -Ddendro.python.optional=true to skip it)");
        }
    }

    @Test
    void shouldAnswerThePythonClientsWorkflow() throws Exception {
        workflow(null);
    }

    @Test
    void shouldServeThePythonClientWithAnApiKeyAndRefuseAWrongOne() throws Exception {
        workflow("python-client-test-key");
    }

    /** Serves a fresh database, runs the script against it, then checks what it left there. */
    private void workflow(String apiKey) throws Exception {
        Path expect = dir.resolve("expected.txt");
        GrpcServerOptions options = GrpcServerOptions.defaults().port(0).chunkPoints(5_000) // several messages
                .log(line -> System.out.println("[server] " + line));
        if (apiKey != null) {
            options.apiKey(apiKey);
        }
        try (Database db = Database.open(dir.resolve("db")); BtrdbServer server = BtrdbServer.start(db, options)) {
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-u", SCRIPT.toString(),
                    "--target", "127.0.0.1:" + server.port(), "--stubs", STUBS.toAbsolutePath().toString(),
                    "--expect", expect.toString()));
            if (apiKey != null) {
                cmd.addAll(List.of("--api-key", apiKey));
            }
            long t0 = System.nanoTime();
            Run script = run(cmd, TIMEOUT);
            System.out.printf("[python] exit %d after %d ms%n", script.exit, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(0, script.exit, () -> "the Python client workflow failed (exit " + script.exit + "): "
                    + lastLines(script.output, 15));
            checkDatabase(db, expect);
        }
    }

    /** The points, removed streams and metadata the script recorded, read back through the Java API. */
    private static void checkDatabase(Database db, Path expect) throws IOException {
        Map<UUID, List<RawPoint>> points = new LinkedHashMap<>();
        int gone = 0;
        int meta = 0;
        for (String line : Files.readAllLines(expect)) {
            String[] f = line.split(" ");
            UUID u = UUID.fromString(f[1]);
            switch (f[0]) {
                case "point" -> points.computeIfAbsent(u, k -> new ArrayList<>())
                        .add(new RawPoint(Long.parseLong(f[2]), Double.parseDouble(f[3])));
                case "gone" -> {
                    assertTrue(db.find(u).isEmpty(), "stream " + u + " was obliterated but is still there");
                    gone++;
                }
                case "meta" -> {
                    Stream s = db.stream(u);
                    assertEquals(f[2], s.collection(), "collection of " + u);
                    assertEquals(Long.parseLong(f[3]), s.propertyVersion() + 1,
                            "property version of " + u + " (the wire reports Dendro's plus one)");
                    meta++;
                }
                default -> fail("unknown line in " + expect + ": " + line);
            }
        }
        assertFalse(points.isEmpty(), "the script recorded no points");
        assertTrue(gone > 0 && meta > 0, "the script recorded no obliterated stream or no metadata");
        Comparator<RawPoint> order = Comparator.comparingLong(RawPoint::time)
                .thenComparing(RawPoint::value, Double::compare);
        for (Map.Entry<UUID, List<RawPoint>> e : points.entrySet()) {
            List<RawPoint> want = new ArrayList<>(e.getValue());
            List<RawPoint> got = new ArrayList<>(
                    db.stream(e.getKey()).values(Time.MIN_TIME, Time.MAX_TIME, 0).toList());
            want.sort(order);
            got.sort(order);
            assertEquals(want, got, "points of stream " + e.getKey());
        }
        System.out.printf("[java] checked %d streams' points, %d obliterated, %d metadata records%n",
                points.size(), gone, meta);
    }

    private record Run(int exit, String output) {
    }

    /**
     * Runs a command with a clean Python environment (no PYTHONPATH, PYTHONHOME or user site
     * packages, which could shadow Debian's modules), copying its output to the test log as
     * it comes; a command still running after {@code timeout} is killed and fails the test.
     */
    private static Run run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("PYTHONPATH");
        pb.environment().remove("PYTHONHOME");
        pb.environment().put("PYTHONNOUSERSITE", "1");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println("[python] " + line);
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                synchronized (out) {
                    out.append("(reading the output failed: ").append(e).append(")\n");
                }
            }
        });
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(5_000);
            synchronized (out) {
                fail(String.join(" ", cmd) + " did not finish within " + timeout.toSeconds() + " s: "
                        + lastLines(out.toString(), 15));
            }
        }
        reader.join(10_000);
        synchronized (out) {
            return new Run(p.exitValue(), out.toString());
        }
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
