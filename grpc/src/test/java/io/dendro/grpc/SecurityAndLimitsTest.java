package io.dendro.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Database;
import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.InfoParams;
import io.dendro.grpc.v5api.MergePolicy;
import io.dendro.grpc.v5api.RawValuesParams;
import io.dendro.grpc.v5api.RawValuesResponse;
import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, TLS, the bind rule and every limit: a status code each, and the server keeps serving. */
class SecurityAndLimitsTest {
    @TempDir
    Path dir;
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

    private static Path resource(String name) {
        try {
            return Path.of(SecurityAndLimitsTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ManagedChannel plain(BtrdbServer s) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", s.port(), InsecureChannelCredentials.create()).build();
    }

    private static BTrDBGrpc.BTrDBBlockingStub withKey(ManagedChannel ch, String key) {
        Metadata m = new Metadata();
        m.put(Guards.AUTHORIZATION, "Bearer " + key);
        return BTrDBGrpc.newBlockingStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void shouldRequireTheApiKeyOnEveryCallWhenOneIsConfigured() throws Exception {
        try (Database db = Database.open(dir);
             BtrdbServer s = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).apiKey("s3cret").log(log::add))) {
            ManagedChannel ch = plain(s);
            try {
                StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
                        () -> BTrDBGrpc.newBlockingStub(ch).info(InfoParams.getDefaultInstance()));
                assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
                assertEquals("invalid api key", none.getStatus().getDescription());
                StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class,
                        () -> withKey(ch, "guess").info(InfoParams.getDefaultInstance()));
                assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
                assertEquals(5, withKey(ch, "s3cret").info(InfoParams.getDefaultInstance()).getMajorVersion());
                assertTrue(log.stream().anyMatch(l -> l.contains("invalid api key")), log::toString);
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void shouldRefuseToServeANetworkAddressWithoutAKeyUnlessToldInsecure() {
        try (Database db = Database.open(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).bind("0.0.0.0").log(log::add)));
            assertTrue(e.getMessage().contains("without an API key"), e.getMessage());
            try (BtrdbServer s = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).bind("0.0.0.0")
                    .apiKey("k").log(log::add))) {
                assertTrue(s.port() > 0);
            }
            try (BtrdbServer s = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).bind("0.0.0.0")
                    .insecure(true).log(log::add))) {
                assertTrue(s.port() > 0);
            }
        }
    }

    @Test
    void shouldServeTlsWithTheGivenCertificateAndKeyAndAKeyAsCallCredentials() throws Exception {
        try (Database db = Database.open(dir);
             BtrdbServer s = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).apiKey("k")
                     .tls(resource("cert.pem"), resource("key.pem")).log(log::add))) {
            File cert = resource("cert.pem").toFile();
            ManagedChannel ch = Grpc.newChannelBuilderForAddress("localhost", s.port(),
                    TlsChannelCredentials.newBuilder().trustManager(cert).build()).build();
            try {
                CallCredentials bearer = new CallCredentials() {
                    @Override
                    public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor ex, MetadataApplier a) {
                        Metadata m = new Metadata();
                        m.put(Guards.AUTHORIZATION, "Bearer k");
                        a.apply(m);
                    }
                };
                assertEquals(5, BTrDBGrpc.newBlockingStub(ch).withCallCredentials(bearer)
                        .info(InfoParams.getDefaultInstance()).getMajorVersion());
            } finally {
                ch.shutdownNow();
            }
            ManagedChannel plain = plain(s);
            try {
                assertThrows(StatusRuntimeException.class,
                        () -> withKey(plain, "k").info(InfoParams.getDefaultInstance()), "plain text to a TLS port");
            } finally {
                plain.shutdownNow();
            }
        }
    }

    @Test
    void shouldFreeTheCursorWhenAClientCancelsMidStreamAndEndSlowCallsAtTheDeadline() throws Exception {
        try (Database db = Database.open(dir);
             BtrdbServer s = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).chunkPoints(100)
                     .callTimeout(Duration.ofSeconds(2)).log(log::add))) {
            UUID u = UUID.randomUUID();
            var stream = db.create(u, "c", Map.of(), Map.of());
            long[] t = new long[200_000];
            double[] v = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = i;
                v[i] = i;
            }
            stream.insert(t, v);
            ManagedChannel ch = plain(s);
            try {
                io.grpc.Context.CancellableContext ctx = io.grpc.Context.current().withCancellation();
                Iterator<RawValuesResponse> it = ctx.call(() -> BTrDBGrpc.newBlockingStub(ch).rawValues(
                        RawValuesParams.newBuilder().setUuid(Wire.bytes(u)).setStart(0).setEnd(1L << 40).build()));
                it.next(); // the server has opened the cursor and sent a chunk; the client reads no more
                await(() -> s.openStreams() == 1, "the stream to be open");
                ctx.cancel(null);
                await(() -> s.openStreams() == 0 && s.callsInFlight() == 0, "the cancelled call's cursor to close");

                // a client that reads too slowly meets the per-call deadline, and the cursor is freed
                Iterator<RawValuesResponse> slow = BTrDBGrpc.newBlockingStub(ch).rawValues(
                        RawValuesParams.newBuilder().setUuid(Wire.bytes(u)).setStart(0).setEnd(1L << 40).build());
                slow.next();
                await(() -> s.openStreams() == 0, "the deadline to end the slow call");
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> {
                    while (slow.hasNext()) {
                        slow.next();
                    }
                });
                assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
                assertEquals(5, BTrDBGrpc.newBlockingStub(ch).info(InfoParams.getDefaultInstance()).getMajorVersion());
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void shouldRefuseCallsBeyondTheConcurrencyLimitAndMessagesBeyondTheSizeLimit() throws Exception {
        try (Database db = Database.open(dir);
             BtrdbServer s = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).chunkPoints(10)
                     .maxConcurrentCalls(1).maxMessageBytes(1 << 16).log(log::add))) {
            UUID u = UUID.randomUUID();
            var stream = db.create(u, "c", Map.of(), Map.of());
            int n = 300_000; // far more than the transport's flow-control window holds: the call stays open
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                t[i] = i;
            }
            stream.insert(t, new double[n]);
            ManagedChannel ch = plain(s);
            try {
                var stub = BTrDBGrpc.newBlockingStub(ch);
                io.grpc.Context.CancellableContext ctx = io.grpc.Context.current().withCancellation();
                Iterator<RawValuesResponse> held = ctx.call(() -> stub.rawValues(RawValuesParams.newBuilder()
                        .setUuid(Wire.bytes(u)).setStart(0).setEnd(n).build()));
                held.next();
                StatusRuntimeException busy = assertThrows(StatusRuntimeException.class,
                        () -> stub.info(InfoParams.getDefaultInstance()));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, busy.getStatus().getCode());
                ctx.cancel(null);
                await(() -> s.callsInFlight() == 0, "the held call to end");

                var big = io.dendro.grpc.v5api.InsertParams.newBuilder().setUuid(Wire.bytes(u));
                for (int i = 0; i < 10_000; i++) {
                    big.addValues(io.dendro.grpc.v5api.RawPoint.newBuilder().setTime(n + i).setValue(i));
                }
                StatusRuntimeException tooBig = assertThrows(StatusRuntimeException.class,
                        () -> stub.insert(big.setMergePolicy(MergePolicy.NEVER).build()));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, tooBig.getStatus().getCode());
                assertEquals(n, db.stream(u).count(0, 1L << 40, 0).value(), "nothing was inserted");
                assertEquals(5, stub.info(InfoParams.getDefaultInstance()).getMajorVersion(), "still serving");
            } finally {
                ch.shutdownNow();
            }
        }
    }
}
