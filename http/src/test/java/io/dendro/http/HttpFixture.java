package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dendro.Database;
import io.dendro.value.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A database served over HTTP on a free loopback port, and a client for it. */
abstract class HttpFixture {
    @TempDir
    Path dir;
    Database db;
    DendroHttpServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

    HttpServerOptions options() {
        return HttpServerOptions.defaults().port(0).log(log::add);
    }

    /** The routes served; the real ones unless a test says otherwise. */
    Router router() {
        return null;
    }

    @BeforeEach
    void startServer() {
        db = Database.open(dir.resolve("db"));
        HttpServerOptions o = options();
        Router r = router();
        server = r == null ? DendroHttpServer.start(db, o) : DendroHttpServer.start(db, o, r);
    }

    @AfterEach
    void stopServer() {
        server.close();
        db.close();
    }

    /**
     * Requests in flight once they settle: a request's slot is freed just after its answer is
     * sent, so a client can see the answer a moment before the count drops.
     */
    int requestsInFlightSettled() throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (server.requestsInFlight() != 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        return server.requestsInFlight();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    /** A response with its body as text. */
    record Res(int status, String body, HttpResponse<String> raw) {
        /** The body parsed as JSON (maps, lists, Json.Num, strings, booleans, Json.NULL). */
        Object json() {
            return Json.parse(body);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map() {
            return (Map<String, Object>) json();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Res send(String method, String pathAndQuery, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Res get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, null, headers);
    }

    Res post(String pathAndQuery, String body, String... headers) {
        return send("POST", pathAndQuery, body, headers);
    }

    /**
     * Sends {@code request} (a whole HTTP/1.1 request, written as is: malformed ones too) on a
     * new connection and returns the status code of the answer (-1 when the server closed the
     * connection without one) and the rest of the answer after a blank line.
     */
    String raw(String request) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The status code of a raw answer ({@link #raw}), -1 for none. */
    static int rawStatus(String answer) {
        if (!answer.startsWith("HTTP/1.1 ")) {
            return -1;
        }
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** Asserts the status and a JSON error body {"error": ..., "parameter": P}; returns the message. */
    static String assertError(Res r, int status, String parameter) {
        assertEquals(status, r.status(), r.body());
        Map<String, Object> m = r.map();
        if (parameter != null) {
            assertEquals(parameter, m.get("parameter"), r.body());
        }
        return (String) m.get("error");
    }

    static Object at(Object json, Object... path) {
        Object v = json;
        for (Object k : path) {
            v = k instanceof Integer i ? ((List<?>) v).get(i) : ((Map<?, ?>) v).get(k);
        }
        return v;
    }

    static long num(Object json, Object... path) {
        return Long.parseLong(((Json.Num) at(json, path)).text());
    }
}
