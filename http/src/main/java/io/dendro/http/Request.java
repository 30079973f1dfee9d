package io.dendro.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One request as a handler sees it: method, path parameters, query parameters, the body (read
 * within the size limit, gzip undone) and the ways to answer. A handler answers once: with
 * {@link #json} (a streamed, chunked JSON body), {@link #empty} or by throwing {@link HttpError}
 * before it has answered.
 */
final class Request {
    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final Params params;
    private final long maxBodyBytes;
    private final long deadlineNanos;
    private final boolean canWrite;
    private boolean answered;

    Request(HttpExchange exchange, Map<String, String> pathParams, Params params, long maxBodyBytes,
            long deadlineNanos, boolean canWrite) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.params = params;
        this.maxBodyBytes = maxBodyBytes;
        this.deadlineNanos = deadlineNanos;
        this.canWrite = canWrite;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** A {@code {name}} of the route's path. */
    String path(String name) {
        return pathParams.get(name);
    }

    Params params() {
        return params;
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** Whether the caller's key may write (always true when the server has no keys). */
    boolean canWrite() {
        return canWrite;
    }

    /** The path of the request as sent (for links that point back at it). */
    String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    boolean answered() {
        return answered;
    }

    /**
     * Refuses to go on past the request's deadline: checked before an answer starts and every
     * few thousand rows of a long one.
     *
     * @throws HttpError 503 when the request time is over
     */
    void checkDeadline() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new HttpError(503, "the request took longer than the server's request time limit", null);
        }
    }

    /**
     * The body, streamed: gzip undone when {@code Content-Encoding: gzip}; reading past the size
     * limit (counted after decompression) throws 413.
     */
    InputStream bodyStream() {
        String declared = header("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw HttpError.badRequest(null, "bad Content-Length: " + Strings.shorten(declared, 40));
            }
        }
        InputStream in = exchange.getRequestBody();
        String encoding = header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            if (!encoding.trim().toLowerCase(Locale.ROOT).equals("gzip")) {
                throw new HttpError(415, "unsupported Content-Encoding '" + Strings.shorten(encoding, 40)
                        + "' (gzip or none)", null);
            }
            try {
                in = new GZIPInputStream(limited(in), 1 << 14);
            } catch (IOException e) {
                throw HttpError.badRequest(null, "the body is not gzip: " + e.getMessage());
            }
        }
        return limited(in);
    }

    /** The whole body (small bodies: stream creation, tag changes). */
    byte[] body() {
        try (InputStream in = bodyStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (HttpError e) {
            throw e;
        } catch (IOException e) {
            throw HttpError.badRequest(null, "cannot read the body: " + e.getMessage());
        }
    }

    private HttpError tooLarge() {
        return new HttpError(413, "the body is larger than the server's limit of " + maxBodyBytes + " bytes", null);
    }

    /** Counts what is read and refuses more than the limit (a lying or absent Content-Length included). */
    private InputStream limited(InputStream in) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0 && ++read > maxBodyBytes) {
                    throw tooLarge();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                checkDeadline();
                int n = super.read(buf, off, len);
                if (n > 0 && (read += n) > maxBodyBytes) {
                    throw tooLarge();
                }
                return n;
            }
        };
    }

    /** Adds a value to a response header (before answering): {@code Vary} may have several. */
    void addHeader(String name, String value) {
        exchange.getResponseHeaders().add(name, value);
    }

    /** Sets a response header (before answering). */
    void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    /**
     * Answers with {@code status} and a JSON body written by {@code body} straight onto the
     * connection, chunked: the answer is never held whole in memory.
     */
    void json(int status, java.util.function.Consumer<JsonOut> body) {
        startJson(status, -1);
        OutputStream out = exchange.getResponseBody();
        try (JsonOut j = new JsonOut(out)) {
            body.accept(j);
        }
    }

    /** Answers with a small JSON body of known length (errors, small objects). */
    void jsonFixed(int status, java.util.function.Consumer<JsonOut> body) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonOut j = new JsonOut(buf)) {
            body.accept(j);
        }
        byte[] bytes = buf.toByteArray();
        startJson(status, bytes.length);
        try {
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startJson(int status, long length) {
        if (answered) {
            throw new IllegalStateException("answered twice");
        }
        answered = true;
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        try {
            exchange.sendResponseHeaders(status, length < 0 ? 0 : length == 0 ? -1 : length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a streamed (chunked) answer of {@code contentType} and returns its body, which the
     * caller writes and need not close (the exchange does).
     */
    OutputStream stream(int status, String contentType) {
        if (answered) {
            throw new IllegalStateException("answered twice");
        }
        answered = true;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        try {
            exchange.sendResponseHeaders(status, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exchange.getResponseBody();
    }

    /** Answers with {@code status} and no body (204, a line-protocol write). */
    void empty(int status) {
        if (answered) {
            throw new IllegalStateException("answered twice");
        }
        answered = true;
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers with a body of known bytes and type (the web plot's files). */
    void bytes(int status, String contentType, byte[] body) {
        if (answered) {
            throw new IllegalStateException("answered twice");
        }
        answered = true;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        try {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers with a short text body. */
    void text(int status, String body) {
        if (answered) {
            throw new IllegalStateException("answered twice");
        }
        answered = true;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
