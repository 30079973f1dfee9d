package io.dendro.http;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link DendroHttpServer} listens and what it allows. Safe by default: loopback only, no
 * key needed there; binding any other address needs an API key (or {@link #insecure} said
 * explicitly). Every size and time has a limit, each answered with its own status code.
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>option</th><th>default</th><th>over it</th></tr>
 * <tr><td>bind</td><td>127.0.0.1</td><td></td></tr>
 * <tr><td>port</td><td>4480; 0 picks a free one</td><td></td></tr>
 * <tr><td>maxBodyBytes</td><td>64 MiB per request body (after gzip is undone)</td><td>413</td></tr>
 * <tr><td>maxInsertPoints</td><td>1,000,000 datapoints per append</td><td>413</td></tr>
 * <tr><td>maxDatapoints</td><td>10,000 datapoints per page (django-datastream's {@code max_detail_limit});
 *     a larger {@code limit} is lowered to it, as django-datastream does</td><td></td></tr>
 * <tr><td>defaultDatapoints</td><td>100 datapoints per page when no {@code limit} is given</td><td></td></tr>
 * <tr><td>maxStreams</td><td>1,000 streams per page of the list (Tastypie's {@code max_limit})</td><td></td></tr>
 * <tr><td>defaultStreams</td><td>20 streams per page of the list (Tastypie's default)</td><td></td></tr>
 * <tr><td>maxConcurrentRequests</td><td>256 requests in flight; more are refused at once</td><td>503</td></tr>
 * <tr><td>requestTimeout</td><td>10 minutes per request: checked before the answer starts and between its
 *     rows (a read that would take longer is refused, or its answer cut)</td><td>503</td></tr>
 * <tr><td>maxWindows</td><td>10,000,000 windows per {@code windows} download (it reports empty windows too,
 *     so a narrow width over a long range is rows without data)</td><td>400</td></tr>
 * <tr><td>corsOrigins</td><td>none: no CORS header is sent, and browsers keep other sites' pages from reading
 *     the answers</td><td></td></tr>
 * </table>
 */
public final class HttpServerOptions {
    private String bind = "127.0.0.1";
    private int port = 4480;
    private String apiKey;
    private String readApiKey;
    private boolean insecure;
    private boolean warmUp = true;
    private long maxBodyBytes = 64L << 20;
    private int maxInsertPoints = 1_000_000;
    private int maxDatapoints = 10_000;
    private int defaultDatapoints = 100;
    private int maxStreams = 1_000;
    private int defaultStreams = 20;
    private int maxConcurrentRequests = 256;
    private Duration requestTimeout = Duration.ofMinutes(10);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private long maxWindows = 10_000_000;
    private final java.util.List<String> corsOrigins = new java.util.ArrayList<>();
    private Consumer<String> log = System.err::println;

    public static HttpServerOptions defaults() {
        return new HttpServerOptions();
    }

    public HttpServerOptions bind(String address) {
        this.bind = Objects.requireNonNull(address, "bind");
        return this;
    }

    public HttpServerOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, not " + port);
        }
        this.port = port;
        return this;
    }

    /** The read-write key: requests then need {@code Authorization: Bearer KEY} (or the read-only key to read). */
    public HttpServerOptions apiKey(String key) {
        this.apiKey = checkKey(key);
        return this;
    }

    /** A read-only key: it reads, and a write with it is 403. */
    public HttpServerOptions readApiKey(String key) {
        this.readApiKey = checkKey(key);
        return this;
    }

    private java.nio.file.Path tlsCert;
    private java.nio.file.Path tlsKey;

    /** Serve HTTPS with this PEM certificate chain and PEM PKCS#8 key (both null: plain HTTP). */
    public HttpServerOptions tls(java.nio.file.Path cert, java.nio.file.Path key) {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("a TLS certificate and its key go together");
        }
        this.tlsCert = cert;
        this.tlsKey = key;
        return this;
    }

    public java.nio.file.Path tlsCert() {
        return tlsCert;
    }

    public java.nio.file.Path tlsKey() {
        return tlsKey;
    }

    private static String checkKey(String key) {
        if (key != null && key.isBlank()) {
            throw new IllegalArgumentException("an API key must not be empty");
        }
        return key;
    }

    /** Allows binding a non-loopback address without an API key. */
    public HttpServerOptions insecure(boolean on) {
        this.insecure = on;
        return this;
    }

    /**
     * Whether the server, once listening, reads one plot of one numeric stream in the background
     * (default on): a fresh JVM's first plot otherwise pays for loading and first running the
     * query code, a few hundred milliseconds.
     */
    public HttpServerOptions warmUp(boolean on) {
        this.warmUp = on;
        return this;
    }

    public HttpServerOptions maxBodyBytes(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, not " + n);
        }
        this.maxBodyBytes = n;
        return this;
    }

    public HttpServerOptions maxInsertPoints(int n) {
        this.maxInsertPoints = positive(n, "maxInsertPoints");
        return this;
    }

    public HttpServerOptions maxDatapoints(int n) {
        this.maxDatapoints = positive(n, "maxDatapoints");
        return this;
    }

    public HttpServerOptions defaultDatapoints(int n) {
        this.defaultDatapoints = positive(n, "defaultDatapoints");
        return this;
    }

    public HttpServerOptions maxStreams(int n) {
        this.maxStreams = positive(n, "maxStreams");
        return this;
    }

    public HttpServerOptions defaultStreams(int n) {
        this.defaultStreams = positive(n, "defaultStreams");
        return this;
    }

    public HttpServerOptions maxConcurrentRequests(int n) {
        this.maxConcurrentRequests = positive(n, "maxConcurrentRequests");
        return this;
    }

    public HttpServerOptions requestTimeout(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        this.requestTimeout = d;
        return this;
    }

    /** How long a stop waits for requests in flight. */
    public HttpServerOptions drainTimeout(Duration d) {
        this.drainTimeout = Objects.requireNonNull(d, "drainTimeout");
        return this;
    }

    /** Most windows one {@code windows} download may have (its empty windows are rows too). */
    public HttpServerOptions maxWindows(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxWindows must be at least 1, not " + n);
        }
        this.maxWindows = n;
        return this;
    }

    /**
     * Lets pages of this origin read the answers (CORS): {@code scheme://host[:port]} as browsers
     * send it in {@code Origin} (scheme and host are lowercased, a default port and a trailing
     * slash dropped), or {@code *} for any origin. Call once per origin; with none (the default)
     * no CORS header is ever sent. {@code Access-Control-Allow-Credentials} is never sent: the
     * API keys travel in {@code Authorization}, which a page sets itself, not as cookies.
     *
     * @throws IllegalArgumentException for anything else ({@code null}, a path, a query, user info)
     */
    public HttpServerOptions corsOrigin(String origin) {
        String o = normaliseOrigin(origin);
        if (!corsOrigins.contains(o)) {
            corsOrigins.add(o);
        }
        return this;
    }

    /** The origin as browsers serialise it, or null when {@code origin} is not one. */
    static String origin(String origin) {
        if (origin == null) {
            return null;
        }
        String s = origin.strip();
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        java.net.URI u;
        try {
            u = new java.net.URI(s);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        if (u.getScheme() == null || u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null
                || u.getRawFragment() != null || (u.getRawPath() != null && !u.getRawPath().isEmpty())) {
            return null;
        }
        String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = u.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return scheme + "://" + u.getHost().toLowerCase(java.util.Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static String normaliseOrigin(String origin) {
        if (origin != null && origin.strip().equals("*")) {
            return "*";
        }
        String o = origin(origin);
        if (o == null) {
            throw new IllegalArgumentException("not a CORS origin: '" + origin + "' (scheme://host[:port], as a"
                    + " browser sends it in Origin, or *)");
        }
        return o;
    }

    /** Where the one-line start, stop and failed-request messages go (stderr by default). */
    public HttpServerOptions log(Consumer<String> sink) {
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

    public String readApiKey() {
        return readApiKey;
    }

    public boolean insecure() {
        return insecure;
    }

    public boolean warmUp() {
        return warmUp;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxInsertPoints() {
        return maxInsertPoints;
    }

    public int maxDatapoints() {
        return maxDatapoints;
    }

    public int defaultDatapoints() {
        return defaultDatapoints;
    }

    public int maxStreams() {
        return maxStreams;
    }

    public int defaultStreams() {
        return defaultStreams;
    }

    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public long maxWindows() {
        return maxWindows;
    }

    /** The origins whose pages may read the answers ({@code *}: any); empty: CORS is off. */
    public java.util.List<String> corsOrigins() {
        return java.util.List.copyOf(corsOrigins);
    }

    public Consumer<String> log() {
        return log;
    }
}
