package io.dendro.http;

import com.sun.net.httpserver.HttpServer;
import io.dendro.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Dendro over HTTP: {@code DendroHttpServer.start(db, options)} listens at once and serves
 * Datastream's REST API ({@link StreamResource}) and BTrDB's queries as downloads
 * ({@link BtrdbResource}) until {@link #close()}, which stops taking
 * requests and lets those in flight finish (up to the drain timeout). The database stays open:
 * whoever opened it closes it. Each request runs on its own virtual thread (ADR 0020).
 */
public final class DendroHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Dispatcher dispatcher;
    private final HttpServerOptions options;
    private final String address;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private DendroHttpServer(HttpServer server, ExecutorService executor, Dispatcher dispatcher,
                             HttpServerOptions options, String address) {
        this.server = server;
        this.executor = executor;
        this.dispatcher = dispatcher;
        this.options = options;
        this.address = address;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalArgumentException when asked to bind a non-loopback address without an API
     *                                  key and without {@code insecure}, or for an unknown address
     * @throws UncheckedIOException     when the port cannot be bound
     */
    public static DendroHttpServer start(Database db, HttpServerOptions options) {
        return start(db, options, routes(db, options));
    }

    /** Serves {@code router}'s routes (tests give their own). */
    static DendroHttpServer start(Database db, HttpServerOptions options, Router router) {
        InetAddress bindAddress = check(options);
        noDelay();
        Dispatcher dispatcher = new Dispatcher(router, options);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpServer server;
        javax.net.ssl.SSLContext tls = options.tlsCert() == null ? null : Tls.context(options.tlsCert(), options.tlsKey());
        try {
            if (tls != null) {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                        new InetSocketAddress(bindAddress, options.port()), 0);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = https;
            } else {
                server = HttpServer.create(new InetSocketAddress(bindAddress, options.port()), 0);
            }
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot serve HTTP on " + options.bind() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", dispatcher);
        server.start();
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
        options.log().accept("dendro serve: " + (tls != null ? "HTTPS" : "HTTP") + " (Datastream REST API) listening on "
                + address
                + (options.apiKey() != null || options.readApiKey() != null ? ", API key required" : "")
                + ", database " + db.directory());
        DendroHttpServer started = new DendroHttpServer(server, executor, dispatcher, options, address);
        if (options.warmUp()) {
            Thread.ofVirtual().name("dendro-http-warm-up").start(() -> started.warmUp(db));
        } else {
            started.warmedUp.complete(0L);
        }
        return started;
    }

    /** Windows read by the warm-up (0: none, e.g. no numeric stream), once it is over. */
    final java.util.concurrent.CompletableFuture<Long> warmedUp = new java.util.concurrent.CompletableFuture<>();

    /** Stops the registry walk at the first numeric stream. */
    private static final class Found extends RuntimeException {
        final java.util.UUID id;

        Found(java.util.UUID id) {
            super(null, null, false, false);
            this.id = id;
        }
    }

    /**
     * The plot of the first numeric stream at about 1,000 pixels, written as the plot route
     * writes it and thrown away: what a fresh JVM's first plot would otherwise pay for (loading
     * and first running the tree walk, the summaries' arithmetic and the JSON writer). Reads
     * only; any failure (a database closed meanwhile) just ends it.
     */
    private void warmUp(Database db) {
        long windows = 0;
        try {
            java.util.UUID id = null;
            try {
                db.streams(io.dendro.StreamQuery.all(), info -> {
                    if (info.kind() == io.dendro.StreamKind.NUMERIC) {
                        throw new Found(info.uuid());
                    }
                });
            } catch (Found f) {
                id = f.id;
            }
            if (id != null) {
                io.dendro.Stream s = db.stream(id);
                java.util.Optional<long[]> extent = PlotData.extent(s, 0);
                if (extent.isPresent()) {
                    JsonOut j = new JsonOut(java.io.OutputStream.nullOutputStream());
                    long[] count = new long[1];
                    j.beginArray();
                    PlotData.read(s, extent.get()[0], extent.get()[1], 1000, 0, new PlotData.Sink() {
                        @Override
                        public void window(long time, double min, double mean, double max, long n) {
                            j.beginArray().number(time).number(min).number(mean).number(max).number(n).endArray();
                            count[0]++;
                        }

                        @Override
                        public void point(long time, double value) {
                            j.beginArray().number(time).number(value).endArray();
                            count[0]++;
                        }
                    }, () -> { });
                    j.endArray();
                    j.flush();
                    windows = count[0];
                }
            }
        } catch (RuntimeException e) {
            // a warm-up only: the server serves whatever happened here
        } finally {
            warmedUp.complete(windows);
        }
    }

    /**
     * Asks the JDK's server for TCP_NODELAY on its connections ({@code sun.net.httpserver.nodelay},
     * read once when the first server starts), unless the JVM was started with a value: with
     * Nagle's algorithm a chunked answer's last small write waits for the client's delayed
     * acknowledgement, about 40 ms a request (ADR 0020).
     */
    private static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Every route the server answers. */
    static Router routes(Database db, HttpServerOptions options) {
        Router r = new Router();
        StreamResource streams = new StreamResource(db, options);
        r.get("/api/v1/", streams::apiRoot);
        streams.register(r);
        new LineProtocolRoutes(db, options).register(r);
        new BtrdbResource(db, options).register(r);
        new PlotResource(db, options).register(r);
        PlotPage.register(r);
        return r;
    }

    /**
     * Checks what can be checked before binding: the address resolves, and a non-loopback one
     * has an API key (or {@code insecure}). Returns the address.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static InetAddress check(HttpServerOptions options) {
        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(options.bind());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot bind '" + options.bind() + "': unknown address", e);
        }
        if (!bindAddress.isLoopbackAddress() && options.apiKey() == null && options.readApiKey() == null
                && !options.insecure()) {
            throw new IllegalArgumentException("refusing to serve on " + options.bind() + " without an API key:"
                    + " give --api-key or --api-key-file (or --insecure to serve it open)");
        }
        if (options.tlsCert() != null) {
            Tls.context(options.tlsCert(), options.tlsKey()); // the files read and the key fits the certificate
        }
        return bindAddress;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** host:port where it listens. */
    public String address() {
        return address;
    }

    /** Requests in flight now. */
    public int requestsInFlight() {
        return dispatcher.inFlight();
    }

    /**
     * Stops taking requests (new ones are answered 503 until the port closes), lets those in flight
     * finish (up to the drain timeout), then stops. The wait is this class's own rather than the
     * JDK server's: the JDK's counts an answer cut short ({@link Dispatcher.AnswerCut}) as in
     * flight for ever, so its own stop would wait the whole timeout after one.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dispatcher.stopTaking();
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (dispatcher.inFlight() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdown();
        options.log().accept("dendro serve: HTTP on " + address + " stopped");
    }
}
