package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The server's own behaviour on a test router: routing (404, 405 with Allow, path parameters,
 * the optional trailing slash), typed errors and no stack traces, the body limit (413, also
 * without a Content-Length and after gzip), the concurrency limit (503), the request time
 * limit, and the bind check.
 */
class ServerTest extends HttpFixture {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(2);

    @Override
    HttpServerOptions options() {
        return super.options().maxBodyBytes(1000).maxConcurrentRequests(2).requestTimeout(Duration.ofMillis(300));
    }

    @Override
    Router router() {
        Router r = new Router();
        r.get("/t/ok", q -> q.jsonFixed(200, j -> j.beginObject().field("ok", "yes").endObject()));
        r.get("/t/item/{id}/", q -> q.jsonFixed(200, j -> j.beginObject().field("id", q.path("id")).endObject()));
        r.write("POST", "/t/item/{id}/", q -> {
            byte[] b = q.body();
            q.jsonFixed(201, j -> j.beginObject().field("bytes", b.length).endObject());
        });
        r.get("/t/boom", q -> {
            throw new IllegalStateException("secret internals");
        });
        r.get("/t/slow", q -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            q.jsonFixed(200, j -> j.beginObject().endObject());
        });
        r.get("/t/late", q -> {
            Thread.sleep(400);
            q.checkDeadline();
            q.jsonFixed(200, j -> j.beginObject().endObject());
        });
        r.get("/t/cut", q -> {
            java.io.OutputStream out = q.stream(200, "text/csv");
            out.write("a,b\n1,2\n".repeat(5000).getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new HttpError(503, "the time is up", null);
        });
        r.get("/t/query", q -> q.jsonFixed(200, j -> {
            j.beginObject();
            for (String name : q.params().names()) {
                j.field(name, String.join("|", q.params().all(name)));
            }
            j.endObject();
        }));
        return r;
    }

    @Test
    void shouldAnswerUnknownPathsWith404AndWrongMethodsWith405NamingTheAllowedOnes() {
        assertError(get("/nothing/here"), 404, null);
        Res r = send("DELETE", "/t/item/7/", null);
        assertError(r, 405, null);
        assertEquals("GET, POST", r.header("Allow"));
        assertEquals(405, send("PUT", "/t/ok", "x").status());
    }

    @Test
    void shouldTakePathParametersWithOrWithoutTheTrailingSlash() {
        assertEquals("abc", get("/t/item/abc/").map().get("id"));
        assertEquals("abc", get("/t/item/abc").map().get("id"));
        assertEquals("yes", get("/t/ok/").map().get("ok"));
        assertEquals("application/json; charset=utf-8", get("/t/ok").header("Content-Type"));
    }

    @Test
    void shouldDecodeQueryParametersAndRefuseMalformedOnes() {
        Res r = get("/t/query?a=1+2&b=%C5%BE&a=3&empty");
        assertEquals(200, r.status());
        assertEquals("1 2|3", r.map().get("a"));
        assertEquals("", r.map().get("empty"));
        assertEquals("\u017e", r.map().get("b"));
        String bad = raw("GET /t/query?a=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(400, rawStatus(bad), bad);
        // (the JDK's server refuses it before it reaches the router; Params refuses it as well)
    }

    @Test
    void shouldRefuseMalformedEscapesInParams() {
        HttpError e = assertThrows(HttpError.class, () -> Params.parse("a=%zz"));
        assertEquals(400, e.status());
        assertEquals(List.of("x", "y"), Params.parse("a=x&a=y&b").all("a"));
        assertEquals("y", Params.parse("a=x&a=y&b").get("a"));
    }

    @Test
    void shouldAnswerAnUnexpectedFailureWith500WithoutItsDetails() {
        Res r = get("/t/boom");
        String msg = assertError(r, 500, null);
        assertEquals("internal error", msg);
        assertFalse(r.body().contains("secret") || r.body().contains("at io.dendro"), r.body());
        assertTrue(log.stream().anyMatch(l -> l.contains("secret internals")), "the log names it");
    }

    @Test
    void shouldRefuseBodiesOverTheLimitWith413() throws Exception {
        assertEquals(201, post("/t/item/1/", "x".repeat(1000)).status());
        assertError(post("/t/item/1/", "x".repeat(1001)), 413, null);
        // no Content-Length (chunked): counted while read
        HttpRequest chunked = HttpRequest.newBuilder(uri("/t/item/1/")).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[5000]))).build();
        assertEquals(413, client.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void shouldUndoGzipAndCountTheLimitAfterIt() throws Exception {
        assertEquals(600, num(sendGzip(new byte[600]).json(), "bytes"));
        assertEquals(413, sendGzip(new byte[100_000]).status(), "small on the wire, too large unpacked");
        Res bad = post("/t/item/1/", "not gzip", "Content-Encoding", "gzip");
        assertError(bad, 400, null);
        assertError(post("/t/item/1/", "x", "Content-Encoding", "br"), 415, null);
    }

    private Res sendGzip(byte[] plain) throws IOException, InterruptedException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(plain);
        }
        HttpRequest req = HttpRequest.newBuilder(uri("/t/item/1/")).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(buf.toByteArray())).build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        return new Res(r.statusCode(), r.body(), r);
    }

    @Test
    void shouldRefuseRequestsOverTheConcurrencyLimitWith503() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            slow.add(client.sendAsync(HttpRequest.newBuilder(uri("/t/slow")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        Res busy = get("/t/ok");
        assertError(busy, 503, null);
        assertEquals("1", busy.header("Retry-After"));
        release.countDown();
        for (var f : slow) {
            assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(200, get("/t/ok").status(), "the slots are free again");
    }

    @Test
    void shouldRefuseARequestThatOutlastsTheTimeLimit() {
        assertError(get("/t/late"), 503, null);
    }

    @Test
    void shouldCloseTheConnectionOfAnAnswerThatFailsAfterItStartedSoThatItCannotPassForWhole() throws Exception {
        assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(uri("/t/cut")).build(),
                HttpResponse.BodyHandlers.ofString()), "a chunked body without its end");
        assertTrue(log.stream().anyMatch(l -> l.contains("/t/cut -> 503: the time is up")), log.toString());
        assertEquals(200, get("/t/ok").status(), "the server goes on");
        assertEquals(0, requestsInFlightSettled());
    }

    @Test
    void shouldLetRequestsInFlightFinishOnCloseAndRefuseNewOnes() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(uri("/t/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        while (server.requestsInFlight() == 0) {
            Thread.sleep(1);
        }
        Thread closer = Thread.ofVirtual().start(server::close);
        Thread.sleep(100);
        assertTrue(closer.isAlive(), "close waits for the request in flight");
        Res refused = get("/t/ok");
        assertEquals(503, refused.status());
        assertTrue(refused.body().contains("stopping"), refused.body());
        release.countDown();
        assertEquals(200, slow.get(10, TimeUnit.SECONDS).statusCode());
        closer.join(10_000);
        assertFalse(closer.isAlive());
        server.close(); // a second close does nothing
    }

    @Test
    void shouldRefuseANonLoopbackBindWithoutAKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DendroHttpServer.check(HttpServerOptions.defaults().bind("0.0.0.0")));
        assertTrue(e.getMessage().contains("without an API key"), e.getMessage());
        DendroHttpServer.check(HttpServerOptions.defaults().bind("0.0.0.0").insecure(true));
        DendroHttpServer.check(HttpServerOptions.defaults().bind("0.0.0.0").readApiKey("r"));
        assertThrows(IllegalArgumentException.class,
                () -> DendroHttpServer.check(HttpServerOptions.defaults().bind("no-such-host.invalid")));
        assertThrows(IllegalArgumentException.class, () -> HttpServerOptions.defaults().apiKey(" "));
    }

    @Test
    void shouldWriteJsonStringsEscaped() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JsonOut j = new JsonOut(buf)) {
            j.beginObject().field("s", "a\"b\\c\n\u0001\u2028\u017e").name("n").number(Double.NaN)
                    .name("l").beginArray().number(1).number(-0.0).number(1e300).endArray().endObject();
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\u0001\\u2028\u017e\",\"n\":null,\"l\":[1,-0.0,1.0E300]}", s);
        assertEquals("a\"b\\c\n\u0001\u2028\u017e", ((java.util.Map<?, ?>) io.dendro.value.Json.parse(s)).get("s"));
    }
}
