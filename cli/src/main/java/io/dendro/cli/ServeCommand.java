package io.dendro.cli;

import io.dendro.Database;
import io.dendro.grpc.BtrdbServer;
import io.dendro.grpc.GrpcServerOptions;
import io.dendro.http.DendroHttpServer;
import io.dendro.http.HttpServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dendro serve}: opens the database as its one writer and serves it through the faces
 * asked for (each face is its own module over the engine's public API: the gRPC face, BTrDB's v5
 * protocol, and the HTTP face, Datastream's REST API and BTrDB's queries as downloads), one or both in one process, until SIGINT
 * or SIGTERM; then stops taking calls, lets the calls in flight finish, seals the buffers and
 * closes the database. One line per start, stop and failed request goes to stderr.
 */
@Command(name = "serve", sortOptions = false,
        description = {"Serve the database over the network until SIGINT/SIGTERM: --grpc-port speaks BTrDB's v5 "
                + "gRPC protocol, so that the BTrDB Python client (btrdb.connect(\"HOST:PORT\")) works against it; "
                + "--http-port serves Datastream's REST API (/api/v1/stream/, read and write) and BTrDB's queries as "
                + "JSON, CSV or Arrow downloads (/btrdb/v1/streams/UUID/values...). Give one or both.",
            "Safe by default: binds 127.0.0.1; another address needs an API key (--api-key or --api-key-file; "
                + "clients send 'authorization: Bearer KEY'; over HTTP also --read-api-key, a key that only reads) "
                + "or an explicit --insecure. With --tls-cert and "
                + "--tls-key both faces serve TLS (the Python client uses TLS on port 4411; HTTP becomes HTTPS). The database is "
                + "created when missing. On stop, calls in flight finish (up to 30 s), buffered points are sealed "
                + "and the database is closed."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--grpc-port", paramLabel = "PORT",
            description = "Serve BTrDB's v5 gRPC protocol on this port (BTrDB uses 4410; 0 picks a free port).")
    Integer grpcPort;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve Datastream's REST API over HTTP on this port (0 picks a free port).")
    Integer httpPort;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @ArgGroup(exclusive = true)
    KeyOptions key;

    static final class KeyOptions {
        @Option(names = "--api-key", paramLabel = "KEY", description = "Require this API key on every call.")
        String key;

        @Option(names = "--api-key-file", paramLabel = "FILE",
                description = "Require the API key this file holds (its first line; keeps it out of ps).")
        Path file;
    }

    @Option(names = "--read-api-key", paramLabel = "KEY",
            description = "HTTP: also accept this key, for reading only (writes with it are 403).")
    String readApiKey;

    @Option(names = "--read-api-key-file", paramLabel = "FILE",
            description = "HTTP: the read-only key this file holds (its first line; keeps it out of ps).")
    Path readApiKeyFile;

    @Option(names = "--insecure", description = "Allow a non-loopback --bind without an API key.")
    boolean insecure;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "HTTP: let web pages of this origin (scheme://host[:port], or * for any) read the answers"
                    + " (CORS); repeatable. Without it no CORS header is sent.")
    java.util.List<String> corsOrigins = new java.util.ArrayList<>();

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain: serve TLS (gRPC) and HTTPS (HTTP).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM (PKCS#8) private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--max-insert-points", paramLabel = "N", defaultValue = "1000000",
            description = "Most points one insert call (or HTTP append) may carry (default: ${DEFAULT-VALUE}).")
    int maxInsertPoints;

    @Option(names = "--max-calls", paramLabel = "N", defaultValue = "256",
            description = "Most calls (or HTTP requests) in flight, per face; more are refused (default: ${DEFAULT-VALUE}).")
    int maxCalls;

    @Option(names = "--call-timeout", paramLabel = "DURATION", defaultValue = "10m",
            converter = DurationConverter.Retention.class,
            description = "Longest a call or HTTP request may run, streamed answers included (default: ${DEFAULT-VALUE}).")
    Duration callTimeout;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = parent.ctx;
        if (grpcPort == null && httpPort == null) {
            throw new ParameterException(spec.commandLine(), "give --grpc-port, --http-port or both");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        String key = apiKey();
        if (readApiKeyFile != null) {
            if (readApiKey != null) {
                throw new ParameterException(spec.commandLine(), "give --read-api-key or --read-api-key-file, not both");
            }
            readApiKey = firstLine(readApiKeyFile, "--read-api-key-file");
        }
        if (grpcPort != null && readApiKey != null && key == null) {
            throw new ParameterException(spec.commandLine(), "--read-api-key is for HTTP only: the gRPC face needs"
                    + " --api-key (or --api-key-file) beside it");
        }
        if (!corsOrigins.isEmpty() && httpPort == null) {
            throw new ParameterException(spec.commandLine(), "--cors-origin is for the HTTP face (give --http-port)");
        }
        GrpcServerOptions options = null;
        HttpServerOptions httpOptions = null;
        try {
            if (grpcPort != null) {
                options = GrpcServerOptions.defaults().port(grpcPort).bind(bind).apiKey(key).insecure(insecure)
                        .tls(tlsCert, tlsKey).maxInsertPoints(maxInsertPoints).maxConcurrentCalls(maxCalls)
                        .callTimeout(callTimeout).log(line -> log(ctx, line));
                BtrdbServer.check(options);
            }
            if (httpPort != null) {
                httpOptions = HttpServerOptions.defaults().port(httpPort).bind(bind).apiKey(key).readApiKey(readApiKey)
                        .tls(tlsCert, tlsKey).insecure(insecure).maxInsertPoints(maxInsertPoints).maxConcurrentRequests(maxCalls)
                        .requestTimeout(callTimeout).log(line -> log(ctx, line));
                for (String origin : corsOrigins) {
                    httpOptions.corsOrigin(origin);
                }
                DendroHttpServer.check(httpOptions);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // SIGINT and SIGTERM end the wait below and the command stops in order and exits 0. The
        // handlers are in place before the server says it listens, so a signal sent as soon as it
        // does is never left to the JVM's default (exit 143); one that comes while starting makes
        // the command stop as soon as it has started. The shutdown hook covers any other way the
        // JVM goes down (System.exit elsewhere).
        CountDownLatch signalled = new CountDownLatch(1);
        for (String name : new String[] {"INT", "TERM"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                if (signalled.getCount() > 0) { // a second signal while stopping changes nothing
                    log(ctx, "dendro serve: stopping (SIG" + s.getName() + " received)");
                    signalled.countDown();
                }
            });
        }
        Database d = db.open(ctx, true);
        BtrdbServer server = null;
        DendroHttpServer http = null;
        try {
            if (options != null) {
                server = BtrdbServer.start(d, options);
            }
            if (httpOptions != null) {
                http = DendroHttpServer.start(d, httpOptions);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            if (server != null) {
                server.close();
            }
            d.close();
            if (e instanceof IllegalArgumentException) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            ctx.err().println("error: IO_ERROR: " + e.getMessage());
            return Main.FAILURE;
        }
        Stopper stopper = new Stopper(ctx, server, http, d);
        Thread hook = new Thread(stopper::stop, "dendro-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        signalled.await();
        stopper.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is going down anyway; the hook finds the work done
        }
        return Main.OK;
    }

    /** Stops the servers (each may be null), then closes the database (sealing its buffers), once. */
    private record Stopper(CliContext ctx, BtrdbServer server, DendroHttpServer http, Database db,
                           java.util.concurrent.atomic.AtomicBoolean done) {
        Stopper(CliContext ctx, BtrdbServer server, DendroHttpServer http, Database db) {
            this(ctx, server, http, db, new java.util.concurrent.atomic.AtomicBoolean());
        }

        void stop() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            try {
                if (http != null) {
                    http.close();
                }
                if (server != null) {
                    server.close();
                }
            } finally {
                db.close();
                log(ctx, "dendro serve: database closed, buffers sealed");
            }
        }
    }

    private String apiKey() {
        if (key == null) {
            return null;
        }
        if (key.key != null) {
            return key.key;
        }
        return firstLine(key.file, "--api-key-file");
    }

    /** A key file's first line (keeps the key out of ps). */
    private String firstLine(Path file, String option) {
        try {
            String k = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (k.isEmpty()) {
                throw new ParameterException(spec.commandLine(), option + " " + file + " holds no key");
            }
            return k;
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + option + " " + file + ": " + e);
        }
    }

    private static void log(CliContext ctx, String line) {
        ctx.err().println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
    }
}
