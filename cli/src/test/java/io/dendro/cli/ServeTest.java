package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.dendro.Database;
import io.dendro.PointCursor;
import io.dendro.Time;
import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.CreateParams;
import io.dendro.grpc.v5api.InfoParams;
import io.dendro.grpc.v5api.InsertParams;
import io.dendro.grpc.v5api.InsertResponse;
import io.dendro.grpc.v5api.RawPoint;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code dendro serve} as a process: usage errors before anything is opened, a clean stop on
 * SIGTERM, and no acknowledged insert lost to SIGKILL ({@code -Ddendro.serve.kills=N} for a
 * longer run; CI kills twice).
 */
class ServeTest extends CliFixture {
    private static final int KILLS = Integer.getInteger("dendro.serve.kills", 2);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void shouldRefuseUnsafeOrIncompleteOptionsBeforeOpeningTheDatabase() {
        assertUsage(cli.run("serve", "--grpc-port", "0", "--bind", "0.0.0.0"), "without an API key");
        assertUsage(cli.run("serve", "--grpc-port", "0", "--tls-cert", "c.pem"), "--tls-cert and --tls-key");
        assertUsage(cli.run("serve", "--grpc-port", "70000"), "port");
        assertUsage(cli.run("serve", "--grpc-port", "0", "--api-key", "k", "--api-key-file", "f"), "mutually exclusive");
        assertUsage(cli.run("serve"), "--grpc-port");
        assertUsage(cli.run("serve", "--http-port", "0", "--bind", "0.0.0.0"), "without an API key");
        assertUsage(cli.run("serve", "--grpc-port", "0", "--read-api-key", "r"), "--read-api-key is for HTTP only");
        assertUsage(cli.run("serve", "--http-port", "0", "--tls-cert", "c.pem", "--tls-key", "k.pem"),
                "cannot read the certificate chain c.pem");
        assertUsage(cli.run("serve", "--http-port", "0", "--read-api-key", "a", "--read-api-key-file", "f"),
                "give --read-api-key or --read-api-key-file, not both");
        assertUsage(cli.run("serve", "--http-port", "70000"), "port");
        assertUsage(cli.run("serve", "--grpc-port", "0", "--cors-origin", "https://a.example"), "--cors-origin is for");
        assertUsage(cli.run("serve", "--http-port", "0", "--cors-origin", "https://a.example/page"), "not a CORS origin");
        assertFalse(Files.exists(db), "nothing was created");
    }

    /** A {@code dendro serve} child JVM and the port it reported. */
    private record Server(Process process, int port, Path log) {
        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    private Server start(String name, String... ports) throws Exception {
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", Main.class.getName(),
                "serve", "--db", db.toString()));
        cmd.addAll(ports.length == 0 ? List.of("--grpc-port", "0") : List.of(ports));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return new Server(p, Integer.parseInt(m.group(1)), log);
            }
            if (!p.isAlive()) {
                throw new AssertionError("dendro serve exited " + p.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new AssertionError("dendro serve did not report its port:\n" + Files.readString(log));
    }

    private static ManagedChannel channel(Server s) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", s.port(), InsecureChannelCredentials.create()).build();
    }

    private static ByteString bytes(UUID u) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    @Test
    void shouldDrainSealAndCloseOnSigterm() throws Exception {
        Server s = start("term");
        UUID u = UUID.randomUUID();
        ManagedChannel ch = channel(s);
        try {
            var stub = BTrDBGrpc.newBlockingStub(ch);
            assertEquals(5, stub.info(InfoParams.getDefaultInstance()).getMajorVersion());
            assertEquals(0, stub.create(CreateParams.newBuilder().setUuid(bytes(u)).setCollection("c").build())
                    .getStat().getCode());
            assertEquals(0, stub.insert(InsertParams.newBuilder().setUuid(bytes(u))
                    .addValues(RawPoint.newBuilder().setTime(5).setValue(1.5)).build()).getStat().getCode());
        } finally {
            ch.shutdownNow();
        }
        s.process().destroy(); // SIGTERM
        assertTrue(s.process().waitFor(60, TimeUnit.SECONDS), "stopped");
        String out = s.output();
        assertEquals(0, s.process().exitValue(), out);
        assertTrue(out.contains("stopping (SIGTERM received)"), out);
        assertTrue(out.contains("stopped (calls in flight finished)"), out);
        assertTrue(out.contains("database closed, buffers sealed"), out);
        try (Database d = Database.openReadOnly(db)) {
            assertEquals(List.of(new io.dendro.RawPoint(5, 1.5)), d.stream(u).values(Time.MIN_TIME, Time.MAX_TIME, 0)
                    .toList());
            assertEquals(1, d.stream(u).version(), "the buffer was sealed as version 1 on stop");
        }
    }

    @Test
    void shouldServeHttpBesideGrpcAndStopCleanly() throws Exception {
        Server s = start("http", "--http-port", "0", "--api-key", "w", "--read-api-key", "r", "--cors-origin",
                "https://plot.example");
        String out = s.output();
        Matcher m = Pattern.compile("HTTP \\(Datastream REST API\\) listening on 127\\.0\\.0\\.1:(\\d+)").matcher(out);
        assertTrue(m.find(), out);
        int port = Integer.parseInt(m.group(1));
        var client = java.net.http.HttpClient.newHttpClient();
        java.net.URI base = java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/stream/");
        var created = client.send(java.net.http.HttpRequest.newBuilder(base).header("Authorization", "Bearer w")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"collection\": \"web/a\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/stream/([^/]+)/", "$1");
        var appended = client.send(java.net.http.HttpRequest.newBuilder(base.resolve(id + "/"))
                .header("Authorization", "Bearer w").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "[{\"t\": 5, \"v\": 1.5}]")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, appended.statusCode(), appended.body());
        var refused = client.send(java.net.http.HttpRequest.newBuilder(base.resolve(id + "/"))
                .header("Authorization", "Bearer r").POST(java.net.http.HttpRequest.BodyPublishers.ofString("[]")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), "the read-only key cannot write");
        assertEquals(401, client.send(java.net.http.HttpRequest.newBuilder(base).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        java.net.URI csv = java.net.URI.create("http://127.0.0.1:" + port + "/btrdb/v1/streams/" + id
                + "/values?start=0&end=10&format=csv");
        var download = client.send(java.net.http.HttpRequest.newBuilder(csv).header("Authorization", "Bearer r")
                .header("Origin", "https://plot.example").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("time,value\n5,1.5\n", download.body());
        assertEquals("https://plot.example", download.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        var preflight = client.send(java.net.http.HttpRequest.newBuilder(csv).method("OPTIONS",
                java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", "https://plot.example")
                .header("Access-Control-Request-Method", "GET").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode(), "a preflight needs no key");
        s.process().destroy(); // SIGTERM
        assertTrue(s.process().waitFor(60, TimeUnit.SECONDS), "stopped");
        out = s.output();
        assertEquals(0, s.process().exitValue(), out);
        assertTrue(out.contains("HTTP on 127.0.0.1:" + port + " stopped"), out);
        assertTrue(out.contains("database closed, buffers sealed"), out);
        try (Database d = Database.openReadOnly(db)) {
            assertEquals(List.of(new io.dendro.RawPoint(5, 1.5)), d.stream(UUID.fromString(id))
                    .values(Time.MIN_TIME, Time.MAX_TIME, 0).toList());
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedInsertWhenKilledMidWrite() throws Exception {
        UUID u = UUID.randomUUID();
        AtomicLong acknowledged = new AtomicLong(); // batches 0..acknowledged-1 were acknowledged
        for (int round = 0; round < KILLS; round++) {
            Server s = start("kill" + round);
            ManagedChannel ch = channel(s);
            try {
                var stub = BTrDBGrpc.newBlockingStub(ch);
                if (round == 0) {
                    assertEquals(0, stub.create(CreateParams.newBuilder().setUuid(bytes(u)).setCollection("k").build())
                            .getStat().getCode());
                }
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        while (true) {
                            long batch = acknowledged.get();
                            // replace: a batch the killed server logged without acknowledging is sent again
                            InsertParams.Builder b = InsertParams.newBuilder().setUuid(bytes(u))
                                    .setMergePolicy(io.dendro.grpc.v5api.MergePolicy.REPLACE);
                            for (int i = 0; i < 100; i++) {
                                b.addValues(RawPoint.newBuilder().setTime(batch * 100 + i).setValue(batch));
                            }
                            InsertResponse r = stub.insert(b.build());
                            if (r.getStat().getCode() != 0) {
                                throw new AssertionError(r.getStat().getMsg());
                            }
                            acknowledged.incrementAndGet();
                        }
                    } catch (io.grpc.StatusRuntimeException expected) {
                        // the server died under this call: not acknowledged
                    }
                });
                long target = acknowledged.get() + 200;
                while (acknowledged.get() < target && s.process().isAlive()) {
                    Thread.sleep(5);
                }
                s.process().destroyForcibly(); // SIGKILL, mid-write
                assertTrue(s.process().waitFor(30, TimeUnit.SECONDS));
                writer.join(30_000);
                assertFalse(writer.isAlive());
            } finally {
                ch.shutdownNow();
            }
            try (Database d = Database.openReadOnly(db)) {
                long acked = acknowledged.get();
                try (PointCursor c = d.stream(u).values(0, acked * 100, 0)) {
                    long i = 0;
                    while (c.next()) {
                        assertEquals(i, c.time(), "round " + round);
                        i++;
                    }
                    assertEquals(acked * 100, i, "round " + round + ": every acknowledged batch survives SIGKILL");
                }
            }
        }
        Server last = start("last");
        last.process().destroy();
        assertTrue(last.process().waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, last.process().exitValue(), last.output());
    }
}
