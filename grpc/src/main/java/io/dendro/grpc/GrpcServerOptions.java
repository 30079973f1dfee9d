package io.dendro.grpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link BtrdbServer} listens and what it allows. Safe by default: loopback only, no
 * key needed there; binding any other address needs an API key (or {@link #insecure} said
 * explicitly). Every size has a limit.
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>option</th><th>default</th></tr>
 * <tr><td>bind</td><td>127.0.0.1</td></tr>
 * <tr><td>port</td><td>4410 (BTrDB's plain-text port; 4411 is its TLS port); 0 picks a free one</td></tr>
 * <tr><td>maxMessageBytes</td><td>64 MiB per request message</td></tr>
 * <tr><td>maxInsertPoints</td><td>1,000,000 points per Insert / ArrowInsert call</td></tr>
 * <tr><td>maxConcurrentCalls</td><td>256 calls in flight; more are refused with RESOURCE_EXHAUSTED</td></tr>
 * <tr><td>callTimeout</td><td>10 minutes per call, also for a long streamed answer</td></tr>
 * <tr><td>chunkPoints</td><td>50,000 points (or windows) per streamed response message (about 1 MB:
 *     a loopback scan with grpc-java ran 20–40% faster than with 5,000; docs/benchmarks.md)</td></tr>
 * <tr><td>arrowChunkBytes</td><td>128 KiB of column data per Arrow response message at most (also
 *     within chunkPoints rows): the BTrDB Python client's {@code arrow_values} reads messages of up to
 *     160 KB at 22–28 M points/s and larger ones at 11–12 (docs/benchmarks.md)</td></tr>
 * <tr><td>maxStreamsPerCall</td><td>1,024 streams in one ArrowMultiValues call</td></tr>
 * </table>
 */
public final class GrpcServerOptions {
    private String bind = "127.0.0.1";
    private int port = 4410;
    private String apiKey;
    private boolean insecure;
    private Path tlsCert;
    private Path tlsKey;
    private int maxMessageBytes = 64 << 20;
    private int maxInsertPoints = 1_000_000;
    private int maxConcurrentCalls = 256;
    private Duration callTimeout = Duration.ofMinutes(10);
    private int chunkPoints = 50_000;
    private int arrowChunkBytes = 128 << 10;
    private int maxStreamsPerCall = 1_024;
    private Duration drainTimeout = Duration.ofSeconds(30);
    private Consumer<String> log = System.err::println;

    public static GrpcServerOptions defaults() {
        return new GrpcServerOptions();
    }

    public GrpcServerOptions bind(String address) {
        this.bind = Objects.requireNonNull(address, "bind");
        return this;
    }

    public GrpcServerOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, not " + port);
        }
        this.port = port;
        return this;
    }

    /** Every call must then carry {@code authorization: Bearer KEY}. */
    public GrpcServerOptions apiKey(String key) {
        if (key != null && key.isBlank()) {
            throw new IllegalArgumentException("the API key must not be empty");
        }
        this.apiKey = key;
        return this;
    }

    /** Allows binding a non-loopback address without an API key. */
    public GrpcServerOptions insecure(boolean on) {
        this.insecure = on;
        return this;
    }

    /** Serves TLS with this PEM certificate chain and PEM (PKCS#8) private key. */
    public GrpcServerOptions tls(Path certChain, Path privateKey) {
        if ((certChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key");
        }
        this.tlsCert = certChain;
        this.tlsKey = privateKey;
        return this;
    }

    public GrpcServerOptions maxMessageBytes(int n) {
        this.maxMessageBytes = positive(n, "maxMessageBytes");
        return this;
    }

    public GrpcServerOptions maxInsertPoints(int n) {
        this.maxInsertPoints = positive(n, "maxInsertPoints");
        return this;
    }

    public GrpcServerOptions maxConcurrentCalls(int n) {
        this.maxConcurrentCalls = positive(n, "maxConcurrentCalls");
        return this;
    }

    public GrpcServerOptions callTimeout(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive");
        }
        this.callTimeout = d;
        return this;
    }

    public GrpcServerOptions chunkPoints(int n) {
        this.chunkPoints = positive(n, "chunkPoints");
        return this;
    }

    public GrpcServerOptions arrowChunkBytes(int n) {
        this.arrowChunkBytes = positive(n, "arrowChunkBytes");
        return this;
    }

    public GrpcServerOptions maxStreamsPerCall(int n) {
        this.maxStreamsPerCall = positive(n, "maxStreamsPerCall");
        return this;
    }

    /** How long a stop waits for calls in flight before cancelling them. */
    public GrpcServerOptions drainTimeout(Duration d) {
        this.drainTimeout = Objects.requireNonNull(d, "drainTimeout");
        return this;
    }

    /** Where the one-line start, stop and failed-request messages go (stderr by default). */
    public GrpcServerOptions log(Consumer<String> sink) {
        this.log = Objects.requireNonNull(sink, "log");
        return this;
    }

    private static int positive(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + n);
        }
        return n;
    }

    public String bind() {
        return bind;
    }

    public int port() {
        return port;
    }

    public String apiKey() {
        return apiKey;
    }

    public boolean insecure() {
        return insecure;
    }

    public Path tlsCert() {
        return tlsCert;
    }

    public Path tlsKey() {
        return tlsKey;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int maxInsertPoints() {
        return maxInsertPoints;
    }

    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    public int chunkPoints() {
        return chunkPoints;
    }

    public int arrowChunkBytes() {
        return arrowChunkBytes;
    }

    /**
     * Rows per Arrow response message for rows of {@code rowBytes} bytes of column data:
     * {@code arrowChunkBytes / rowBytes}, at least 1 and at most {@link #chunkPoints()}.
     */
    public int arrowRows(int rowBytes) {
        return Math.max(1, Math.min(chunkPoints, arrowChunkBytes / Math.max(1, rowBytes)));
    }

    public int maxStreamsPerCall() {
        return maxStreamsPerCall;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public Consumer<String> log() {
        return log;
    }
}
