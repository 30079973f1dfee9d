package io.dendro.bench.serve;

import io.dendro.value.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, run as a child process on a free loopback port with its data in a
 * directory of its own; the harness talks to it over HTTP only. Subclasses say how to start it,
 * when it is ready, and how to ask it for minute aggregates.
 */
abstract class Server {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(180);

    /** One bucket (a minute, an hour) of one series, or one raw point: its start (Unix nanoseconds), mean, min and max. */
    record Bucket(long start, double mean, double min, double max) {
    }

    /** An answer that is not what the harness expected: the run stops loudly. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    final HttpClient http;
    /** What is sent and asked for: its measurement and tag key name the series. */
    Dataset dataset;
    Process process;
    int port;
    Path dir;

    Server(HttpClient http) {
        this.http = http;
    }

    /** "dendro", "influxdb", "victoriametrics". */
    abstract String key();

    abstract String display();

    /** null when it can run here, else why not (the binary is missing). */
    abstract String unavailable();

    abstract String version();

    /** How it is run and what a write acknowledges, one line for the report. */
    abstract String setup();

    /** The command that starts it serving {@code data} on {@code port}; may write a config file under {@code work}. */
    abstract List<String> command(Path work, Path data, int port) throws IOException;

    /** A GET that answers 2xx once the server is up. */
    String readyPath() {
        return "/ping";
    }

    /** Anything needed before the first write (InfluxDB's CREATE DATABASE). */
    void prepare() {
    }

    /** Anything needed for the written points to be queryable (VictoriaMetrics' in-memory buffers). */
    void afterIngest() {
    }

    /**
     * The write-ahead log files or directories under {@code data} (what a clean stop may leave
     * beside the data itself): reported apart, so that bytes per point can be read with and
     * without them.
     */
    List<Path> logs(Path data) throws IOException {
        return List.of();
    }

    /**
     * Buckets of {@code width} seconds (60 or 3600: calendar minutes or hours in UTC) of a series
     * over [{@code start}, {@code end}) in Unix seconds, both on the width; in time order, empty
     * buckets left out.
     */
    abstract List<Bucket> buckets(Dataset.Series s, long start, long end, long width);

    /**
     * The raw points of a series in [{@code start}, {@code end}) (Unix seconds), in time order,
     * each as a {@link Bucket} whose mean, min and max are its value.
     */
    abstract List<Bucket> raw(Dataset.Series s, long start, long end);

    /** The last point time before {@code endSeconds}, as Unix seconds with a fraction: the end for a server whose range end is inclusive. */
    String lastInstant(long endSeconds) {
        long ns = endSeconds * 1_000_000_000L - dataset.stepNanos();
        return java.math.BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString();
    }

    /** The servers running now: a harness that dies (an exception, Ctrl-C) takes them with it. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    /**
     * Figures measured on the stopped server's data directory (Dendro: its size with only the
     * latest version kept), by name; none by default.
     */
    Map<String, Double> afterStop(Path data, long points) throws IOException, InterruptedException {
        return Map.of();
    }

    /** Starts the process (its output to {@code work/<key>.log}) and waits for {@link #readyPath}. */
    void start(Path work, Path data) throws IOException, InterruptedException {
        this.dir = data;
        this.port = freePort();
        Files.createDirectories(data);
        Path log = work.resolve(key() + ".log");
        process = new ProcessBuilder(command(work, data, port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        RUNNING.add(process);
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new Failure(display() + " exited with " + process.exitValue() + " while starting (log: " + log + ")");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(readyPath())).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    prepare();
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new Failure(display() + " did not answer " + readyPath() + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** CPU time the server process has used so far (user and system, all its threads), in nanoseconds; -1 when unknown. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * (1_000_000_000L / CLOCK_TICKS);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** USER_HZ, the unit of /proc's CPU times: 100 on Linux everywhere that matters. */
    static final long CLOCK_TICKS = 100;

    /** The peak resident set of the server process so far ({@code VmHWM}), in bytes; -1 when unknown. */
    long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or gone
        }
        return -1;
    }

    /** SIGTERM, then waits for a clean exit (each server flushes what it buffers on the way out). */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new Failure(display() + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM");
            }
        } finally {
            RUNNING.remove(process);
            process = null;
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A GET whose answer must be {@code expected}; the body parsed as JSON. */
    Object getJson(String pathAndQuery) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
        if (r.statusCode() != 200) {
            throw new Failure(display() + ": GET " + pathAndQuery + " answered " + r.statusCode() + ": " + cut(r.body()));
        }
        return AnswerJson.parse(r.body());
    }

    HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure(display() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(display() + ": interrupted");
        }
    }

    static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static double num(Object json) {
        if (json instanceof Json.Num n) {
            return Double.parseDouble(n.text());
        }
        if (json instanceof String s) {
            return Double.parseDouble(s);
        }
        throw new Failure("not a number: " + json);
    }

    /** A whole number (a time in nanoseconds) exactly, where a double would round it. */
    static long integer(Object json) {
        String t = json instanceof Json.Num n ? n.text() : String.valueOf(json);
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            try {
                return new java.math.BigDecimal(t).longValueExact();
            } catch (NumberFormatException | ArithmeticException e2) {
                throw new Failure("not a whole number: " + t);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Object at(Object json, Object... path) {
        Object v = json;
        for (Object k : path) {
            if (v == null) {
                return null;
            }
            v = k instanceof Integer i ? ((List<Object>) v).get(i) : ((Map<String, Object>) v).get(k);
        }
        return v;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The first line a command prints, or null when it cannot be run. */
    static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return out.isEmpty() ? null : out.lines().findFirst().orElse(null);
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** An executable on the PATH, or null. */
    static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
