package io.dendro.grpc;

import io.dendro.Database;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Dendro as a BTrDB v5 server: {@code BtrdbServer.start(db, options)} listens at once and
 * serves until {@link #close()}, which stops taking calls, lets the calls in flight finish
 * (up to the drain timeout) and then cancels the rest. The database stays open: whoever opened
 * it closes it (which seals its buffers). Calls run on virtual threads.
 */
public final class BtrdbServer implements AutoCloseable {
    /**
     * HTTP/2 flow-control window per stream: how much a streamed answer may run ahead of the
     * client's reading. grpc-java's 1 MiB default capped a loopback scan at about a tenth of
     * what the server can send; 8 MiB is a few chunks ahead and still bounded per call.
     */
    static final int FLOW_CONTROL_WINDOW = 8 << 20;
    private final Server server;
    private final Guards.Limits limits;
    private final ExecutorService executor;
    private final GrpcServerOptions options;
    private final String address;
    private final BtrdbService service;

    private BtrdbServer(Server server, Guards.Limits limits, ExecutorService executor, GrpcServerOptions options,
                        String address, BtrdbService service) {
        this.service = service;
        this.server = server;
        this.limits = limits;
        this.executor = executor;
        this.options = options;
        this.address = address;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalArgumentException when asked to bind a non-loopback address without an API
     *                                  key and without {@code insecure}, or for an unknown address
     * @throws UncheckedIOException     when the port cannot be bound or the TLS files not read
     */
    public static BtrdbServer start(Database db, GrpcServerOptions options) {
        InetAddress bindAddress = check(options);
        ServerCredentials creds;
        try {
            creds = options.tlsCert() == null ? InsecureServerCredentials.create()
                    : TlsServerCredentials.create(options.tlsCert().toFile(), options.tlsKey().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS certificate or key: " + e.getMessage(), e);
        }
        Guards.Limits limits = new Guards.Limits(options.maxConcurrentCalls(), options.callTimeout().toNanos());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        InetSocketAddress socket = new InetSocketAddress(bindAddress, options.port());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(socket, creds)
                .executor(executor)
                .maxInboundMessageSize(options.maxMessageBytes())
                .maxInboundMetadataSize(64 << 10)
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        String advertised;
        Server server;
        BtrdbService service;
        try {
            AdvertisedName name = new AdvertisedName(); // known once the port is bound (port 0)
            service = new BtrdbService(db, options, name);
            var intercepted = options.apiKey() == null
                    ? ServerInterceptors.intercept(service.definition(), limits)
                    : ServerInterceptors.intercept(service.definition(), limits,
                            new Guards.ApiKey(options.apiKey(), options.log()));
            server = builder.addService(intercepted).build().start();
            InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
            String host = bindAddress.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName()
                    : bound.getAddress().getHostAddress();
            advertised = (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
            name.set(advertised);
        } catch (IOException e) {
            limits.close();
            executor.shutdownNow();
            throw new UncheckedIOException("cannot serve gRPC on " + options.bind() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
        BtrdbServer s = new BtrdbServer(server, limits, executor, options, advertised, service);
        options.log().accept("dendro serve: gRPC (BTrDB v5) listening on " + advertised
                + (options.tlsCert() != null ? " with TLS" : "") + (options.apiKey() != null ? ", API key required" : "")
                + ", database " + db.directory());
        return s;
    }

    /**
     * Checks what can be checked before binding: the address resolves, and a non-loopback one
     * has an API key (or {@code insecure}). Returns the address.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static InetAddress check(GrpcServerOptions options) {
        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(options.bind());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot bind '" + options.bind() + "': unknown address", e);
        }
        if (!bindAddress.isLoopbackAddress() && options.apiKey() == null && !options.insecure()) {
            throw new IllegalArgumentException("refusing to serve on " + options.bind() + " without an API key:"
                    + " give --api-key or --api-key-file (or --insecure to serve it open)");
        }
        return bindAddress;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** host:port as Info's proxy endpoints report it. */
    public String address() {
        return address;
    }

    /** Calls in flight now. */
    public int callsInFlight() {
        return limits.inFlight();
    }

    /** Streamed answers in progress, each holding an engine cursor (0 once clients have gone). */
    public int openStreams() {
        return service.openStreams();
    }

    /** Blocks until the server has stopped. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdown();
        boolean drained;
        try {
            drained = server.awaitTermination(options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        limits.close();
        executor.shutdown();
        options.log().accept("dendro serve: gRPC on " + address + " stopped"
                + (drained ? " (calls in flight finished)" : " (calls still running after the drain timeout were cancelled)"));
    }

    /** Dendro's version, from the jar's manifest (or "dev" when run from classes). */
    static String version() {
        String v = BtrdbServer.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /** The advertised host:port, known only once the port is bound. */
    static final class AdvertisedName implements java.util.function.Supplier<String> {
        private volatile String name = "";

        void set(String n) {
            name = n;
        }

        @Override
        public String get() {
            return name;
        }
    }
}
