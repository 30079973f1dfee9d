package io.dendro.bench;

import io.dendro.CompactionReport;
import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whole-workload figures for the write path, with fsync on (real durability):
 * <pre>
 * java -cp bench/target/benchmarks.jar io.dendro.bench.DurabilityBench throughput [streams] [seconds] [threads]
 * java -cp bench/target/benchmarks.jar io.dendro.bench.DurabilityBench latency [inserts]
 * java -cp bench/target/benchmarks.jar io.dendro.bench.DurabilityBench recovery [points]
 * java -cp bench/target/benchmarks.jar io.dendro.bench.DurabilityBench compaction [points]
 * </pre>
 * Each prints one line per figure. Run them on an otherwise idle machine.
 */
public final class DurabilityBench {
    private DurabilityBench() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "throughput";
        switch (what) {
            case "throughput" -> throughput(arg(args, 1, 1000), arg(args, 2, 10), arg(args, 3, 1));
            case "latency" -> latency(arg(args, 1, 2000));
            case "recovery" -> recovery(arg(args, 1, 10_000_000));
            case "fill" -> fill(Path.of(args[1]), Integer.parseInt(args[2]));
            case "compaction" -> compaction(arg(args, 1, 20_000_000));
            default -> throw new IllegalArgumentException("unknown figure " + what);
        }
    }

    private static int arg(String[] a, int i, int dflt) {
        return a.length > i ? Integer.parseInt(a[i]) : dflt;
    }

    private static List<Stream> streams(Database db, int n) {
        List<Stream> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(db.create(new UUID(7, i), "bench/" + i, Map.of(), Map.of()));
        }
        return out;
    }

    /** 100-point batches round-robin over many streams, per durability mode. */
    static void throughput(int nStreams, int seconds, int threads) throws Exception {
        for (Durability d : Durability.values()) {
            Path dir = Files.createTempDirectory("dendro-throughput");
            try (Database db = Database.open(dir)) {
                List<Stream> streams = streams(db, nStreams);
                AtomicLong points = new AtomicLong();
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                List<Thread> ts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    ts.add(Thread.ofPlatform().start(() -> {
                        long[] time = new long[100];
                        double[] v = new double[100];
                        long base = 1_767_225_600_000_000_000L;
                        for (long k = 0; System.nanoTime() < end; k++) {
                            int s = (int) ((first + k * threads) % nStreams);
                            long round = (first + k * threads) / nStreams;
                            for (int i = 0; i < 100; i++) {
                                time[i] = base + (round * 100 + i) * 8_333_333L;
                                v[i] = 7200 + (i % 10) * 0.1;
                            }
                            streams.get(s).insert(time, v, MergePolicy.NEVER, d);
                            points.addAndGet(100);
                        }
                    }));
                }
                for (Thread t : ts) {
                    t.join();
                }
                double secs = seconds;
                System.out.printf("throughput %s: %,.0f points/s (%,.0f inserts/s) with %d thread(s), 100-point batches over %d streams%n",
                        d, points.get() / secs, points.get() / 100 / secs, threads, nStreams);
            }
        }
    }

    /** Single-point SYNC inserts, one after the other: median and p99 latency. */
    static void latency(int n) throws Exception {
        Path dir = Files.createTempDirectory("dendro-latency");
        try (Database db = Database.open(dir)) {
            Stream s = streams(db, 1).get(0);
            long[] lat = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                s.insert(new long[] {1_767_225_600_000_000_000L + i}, new double[] {i}, MergePolicy.NEVER, Durability.SYNC);
                lat[i] = System.nanoTime() - t0;
            }
            Arrays.sort(lat);
            System.out.printf("latency SYNC single point: median %.1f µs, p99 %.1f µs, max %.1f µs over %d inserts%n",
                    lat[n / 2] / 1e3, lat[n * 99 / 100] / 1e3, lat[n - 1] / 1e3, n);
        }
    }

    /** A child fills the log (nothing sealed) and is killed; then the open that replays it is timed. */
    static void recovery(int points) throws Exception {
        Path dir = Files.createTempDirectory("dendro-recovery").resolve("db");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DurabilityBench.class.getName(), "fill", dir.toString(),
                Integer.toString(points)).redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        p.destroyForcibly();
        p.waitFor();
        long logBytes;
        try (var files = Files.list(dir)) {
            logBytes = files.filter(f -> f.getFileName().toString().startsWith("wal-"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
        long t0 = System.nanoTime();
        try (Database db = Database.open(dir, DatabaseOptions.defaults().bufferPoints(Integer.MAX_VALUE)
                .bufferMaxAgeMillis(3_600_000))) {
            double ms = (System.nanoTime() - t0) / 1e6;
            long n = 0;
            for (int i = 0; i < 100; i++) {
                n += db.stream(new UUID(7, i)).bufferedPoints();
            }
            System.out.printf("recovery: replayed %,d points (%,d log bytes) in %.0f ms = %,.0f points/s (child said: %s)%n",
                    n, logBytes, ms, n / (ms / 1000), line);
        }
    }

    static void fill(Path dir, int points) {
        Database db = Database.open(dir, DatabaseOptions.defaults().bufferPoints(Integer.MAX_VALUE)
                .bufferMaxAgeMillis(3_600_000));
        List<Stream> streams = streams(db, 100);
        long[] t = new long[1000];
        double[] v = new double[1000];
        for (int k = 0; k * 1000L < points; k++) {
            for (int i = 0; i < 1000; i++) {
                t[i] = 1_767_225_600_000_000_000L + ((long) (k / 100) * 1000 + i) * 8_333_333L;
                v[i] = 7200 + i * 0.0001;
            }
            streams.get(k % 100).insert(t, v, MergePolicy.NEVER, Durability.NONE);
        }
        System.out.println("filled " + points);
        System.out.flush();
        while (true) { // wait to be killed: the buffers must not be sealed by a close
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Compaction after deleting most of the data: MB/s copied and the space freed. */
    static void compaction(int points) throws Exception {
        Path dir = Files.createTempDirectory("dendro-compaction");
        try (Database db = Database.open(dir)) {
            List<Stream> streams = streams(db, 10);
            int per = points / 10;
            long[] t = new long[1_000_000];
            double[] v = new double[t.length];
            for (Stream s : streams) {
                for (int done = 0; done < per; done += t.length) {
                    int n = Math.min(t.length, per - done);
                    for (int i = 0; i < n; i++) {
                        t[i] = 1_767_225_600_000_000_000L + (done + i) * 8_333_333L;
                        v[i] = 7200 + ((done + i) % 1000) * 0.0001;
                    }
                    s.insert(Arrays.copyOf(t, n), Arrays.copyOf(v, n));
                }
                s.delete(Time.MIN_TIME, 1_767_225_600_000_000_000L + (long) (per * 0.8) * 8_333_333L);
                s.setRetention(1, null);
            }
            CompactionReport r = db.compact();
            System.out.printf("compaction: copied %,d nodes, %,d bytes in %d ms = %.0f MB/s; %,d -> %,d bytes on disk; writers paused %d ms%n",
                    r.nodesCopied(), r.bytesCopied(), r.millis(), r.bytesPerSecond() / 1e6, r.bytesBefore(), r.bytesAfter(),
                    r.pauseMillis());
        }
    }
}
