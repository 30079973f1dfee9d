package io.dendro.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dendro.error.DendroException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The checks every request passes, in order, then its handler: the concurrency limit (503), the
 * API key (401 without a valid one, 403 for a write with the read-only key), the route (404,
 * 405), the request's deadline; CORS headers and preflights ({@link Cors}) before the key.
 * Whatever a handler throws before it answers becomes a JSON error
 * with its status; nothing a client sends makes a 500 or shows a stack trace (an unexpected
 * failure is a 500 that says only "internal error", and the log line names it). A failure after
 * the answer started cannot change its status: the connection is closed without the chunked
 * body's end, so that the client sees the answer broken ({@link AnswerCut}).
 */
final class Dispatcher implements HttpHandler {
    private final Router router;
    private final HttpServerOptions options;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final byte[] writeKey;
    private final byte[] readKey;
    private final Consumer<String> log;
    private final Cors cors;
    private volatile boolean stopping;

    Dispatcher(Router router, HttpServerOptions options) {
        this.router = router;
        this.options = options;
        this.slots = new Semaphore(options.maxConcurrentRequests());
        this.writeKey = options.apiKey() == null ? null : options.apiKey().getBytes(StandardCharsets.UTF_8);
        this.readKey = options.readApiKey() == null ? null : options.readApiKey().getBytes(StandardCharsets.UTF_8);
        this.log = options.log();
        this.cors = new Cors(options.corsOrigins());
    }

    int inFlight() {
        return inFlight.get();
    }

    /** From now on every new request is answered 503 (the server is stopping; those in flight go on). */
    void stopTaking() {
        stopping = true;
    }

    @Override
    public void handle(HttpExchange ex) {
        long started = System.nanoTime();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        cors.onRequest(ex);
        if (stopping || !slots.tryAcquire()) {
            ex.getResponseHeaders().set("Retry-After", "1");
            answerError(ex, null, new HttpError(503, stopping ? "the server is stopping"
                    : "too many requests in flight (the server's limit is " + options.maxConcurrentRequests() + ")",
                    null), method, path);
            ex.close();
            return;
        }
        inFlight.incrementAndGet();
        Request req = null;
        boolean cut = false;
        try {
            if (cors.isPreflight(ex)) {
                cors.preflight(ex, router, ex.getRequestURI().getPath());
                return;
            }
            Params params = Params.parse(ex.getRequestURI().getRawQuery());
            Access access = authenticate(ex, params, path);
            Router.Match m = router.match(method, ex.getRequestURI().getPath());
            if (m.route().writes() && access == Access.READ) {
                throw new HttpError(403, "this API key may only read", null);
            }
            if (m.route().writes() && !cors.writeAllowed(ex)) {
                throw new HttpError(403, "a write from a page of origin " + Strings.shorten(
                        String.valueOf(ex.getRequestHeaders().getFirst("Origin")), 200) + " is refused: only the"
                        + " server's own pages and the origins given with --cors-origin may write", null);
            }
            req = new Request(ex, m.params(), params, options.maxBodyBytes(),
                    started + options.requestTimeout().toNanos(), access != Access.READ);
            m.route().handler().handle(req);
            if (!req.answered()) {
                throw new IllegalStateException("handler answered nothing");
            }
        } catch (HttpError e) {
            cut = answerError(ex, req, e, method, path);
        } catch (Router.MethodNotAllowed e) {
            ex.getResponseHeaders().set("Allow", e.allow);
            cut = answerError(ex, req, new HttpError(405, e.getMessage(), null), method, path);
        } catch (DendroException e) {
            cut = answerError(ex, req, HttpError.of(e, null), method, path);
        } catch (UncheckedIOException e) {
            // the client went away while we answered: nothing to tell it
            log.accept("http " + method + " " + Strings.shorten(path, 200) + ": connection lost: " + e.getMessage());
            cut = true;
        } catch (Exception | StackOverflowError e) {
            log.accept("http " + method + " " + Strings.shorten(path, 200) + " failed: " + e);
            cut = answerError(ex, req, new HttpError(500, "internal error", null), method, path);
        } finally {
            if (!cut) {
                ex.close(); // before the request counts as done: its last bytes are on the way when stop() looks
            }
            inFlight.decrementAndGet();
            slots.release();
        }
        if (cut) {
            // Not closing the exchange keeps the JDK's server from ending the chunked body: it closes
            // the connection instead, so that a client sees a broken answer, not a shorter whole one
            // (a cut CSV or Arrow download would otherwise look complete).
            throw new AnswerCut();
        }
    }

    /** Thrown to the JDK's server to have it close the connection of an answer cut short. */
    static final class AnswerCut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AnswerCut() {
            super("answer cut short", null, false, false);
        }
    }

    /** Who is calling: anyone (no keys set), a reader or a writer. */
    enum Access { OPEN, READ, WRITE }

    /**
     * The caller's access from {@code Authorization: Bearer KEY} (or InfluxDB's
     * {@code Token KEY}, and for the line-protocol routes its {@code ?p=KEY}); compared in
     * constant time.
     *
     * @throws HttpError 401 when keys are set and none of them is given
     */
    private Access authenticate(HttpExchange ex, Params params, String path) {
        if (writeKey == null && readKey == null || PlotPage.isPublic(path)) {
            return Access.OPEN; // no keys, or the web plot's files, which hold no data
        }
        String given = null;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            String a = auth.strip();
            int sp = a.indexOf(' ');
            if (sp > 0) {
                String scheme = a.substring(0, sp);
                if (scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("Token")) {
                    given = a.substring(sp + 1).strip();
                }
            }
        }
        if (given == null && (path.equals("/write") || path.equals("/ping") || path.equals("/query"))) {
            given = params.get("p");
        }
        if (given != null) {
            byte[] g = given.getBytes(StandardCharsets.UTF_8);
            // both compared, so that the time does not tell which key is close
            boolean w = writeKey != null && MessageDigest.isEqual(writeKey, g);
            boolean r = readKey != null && MessageDigest.isEqual(readKey, g);
            if (w) {
                return Access.WRITE;
            }
            if (r) {
                return Access.READ;
            }
        }
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"dendro\"");
        throw new HttpError(401, given == null ? "an API key is required (Authorization: Bearer KEY)"
                : "invalid API key", null);
    }

    /** Answers with the error; returns true when the answer had started and must be cut instead. */
    private boolean answerError(HttpExchange ex, Request req, HttpError e, String method, String path) {
        log.accept("http " + method + " " + Strings.shorten(path, 200) + " -> " + e.status() + ": "
                + Strings.shorten(e.getMessage(), 300));
        if (req != null && req.answered()) {
            return true; // the answer had started: it is cut short
        }
        try {
            byte[] body = errorBody(e);
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(e.status(), body.length);
            ex.getResponseBody().write(body);
        } catch (java.io.IOException | RuntimeException ignored) {
            // the client is gone
        }
        return false;
    }

    static byte[] errorBody(HttpError e) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(128);
        try (JsonOut j = new JsonOut(buf)) {
            j.beginObject().field("error", e.getMessage());
            if (e.parameter() != null) {
                j.field("parameter", e.parameter());
            }
            if (e.code() != null) {
                j.field("code", e.code());
            }
            j.endObject();
        }
        return buf.toByteArray();
    }
}
