package io.dendro.bench;

import io.dendro.Database;
import io.dendro.PointCursor;
import io.dendro.StatCursor;
import io.dendro.Stream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The embedded side of {@code bench/python/btrdb_client_bench.py}: after the script has
 * measured the Python client against {@code dendro serve} and stopped the server, this opens
 * the same database in a fresh JVM and does the same work with the engine's API: inserts
 * {@code INSERT_POINTS} points of {@link Signal} (the points the script inserted) into a fresh
 * stream in batches of 50,000 (the client's batch), with the database's default options (SYNC,
 * as {@code dendro serve}); reads the script's stream with the batch values scan
 * ({@code PointCursor.next(long[], double[])}, 5,000 points a call, the server's chunk) over
 * {@code [start, end)}; and runs {@code alignedWindows} over one-hour ranges. Prints one JSON
 * object on stdout.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.dendro.bench.EmbeddedCompareMain DIR UUID START END RUNS WARMUP \
 *     PW[,PW...] QUERIES INSERT_POINTS
 * </pre>
 * Each scan run is timed on its own after at least {@code WARMUP} untimed runs and 3 s of them;
 * each pointwidth gets {@code QUERIES} one-hour queries at random hours (seed 42), after at
 * least as many untimed ones and 3 s of them.
 */
public final class EmbeddedCompareMain {
    private static final long HOUR = 3_600_000_000_000L;
    /** Untimed work before timing, at least: a fresh JVM needs a few seconds to compile the scan. */
    private static final long WARM_NANOS = 3_000_000_000L;

    private EmbeddedCompareMain() {
    }

    public static void main(String[] args) {
        if (args.length != 9) {
            System.err.println("usage: EmbeddedCompareMain DIR UUID START END RUNS WARMUP PW[,PW...] QUERIES INSERT_POINTS");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        UUID uuid = UUID.fromString(args[1]);
        long start = Long.parseLong(args[2]);
        long end = Long.parseLong(args[3]);
        int runs = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int[] pws = Arrays.stream(args[6].split(",")).mapToInt(Integer::parseInt).toArray();
        int queries = Integer.parseInt(args[7]);
        int insertPoints = Integer.parseInt(args[8]);
        StringBuilder json = new StringBuilder("{");
        try (Database db = Database.open(dir)) {
            json.append("\"insert_points_per_s\": ").append(inserts(db, insertPoints, runs, warmup)).append(", ");
            Stream s = db.stream(uuid);
            long points = 0;
            List<Double> rates = new ArrayList<>();
            long warmStart = System.nanoTime();
            for (int r = 0; r < warmup || System.nanoTime() - warmStart < WARM_NANOS; r++) {
                points = scan(s, start, end);
            }
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                points = scan(s, start, end);
                rates.add(points / ((System.nanoTime() - t0) / 1e9));
            }
            json.append("\"points\": ").append(points).append(", \"values_points_per_s\": ").append(rates);
            for (int pw : pws) {
                double[] us = windows(s, start, end, pw, queries);
                json.append(String.format(Locale.ROOT, ", \"aligned_windows_pw%d_us\": {\"mean\": %.2f, \"p50\": %.2f,"
                        + " \"p99\": %.2f}", pw, us[0], us[1], us[2]));
            }
        }
        System.out.println(json.append('}'));
    }

    /**
     * Points per second of {@code runs} inserts of {@code n} points in 50,000-point batches, each
     * into a fresh stream, after at least {@code warmup} untimed ones and 3 s of them.
     */
    static List<Double> inserts(Database db, int n, int runs, int warmup) {
        int batches = (n + 49_999) / 50_000;
        long[][] times = new long[batches][];
        double[][] values = new double[batches][];
        for (int b = 0; b < batches; b++) {
            int size = Math.min(50_000, n - b * 50_000);
            times[b] = new long[size];
            values[b] = new double[size];
            Signal.fill(b * 50_000L, times[b], values[b]);
        }
        long warmStart = System.nanoTime();
        for (int r = 0; r < warmup || System.nanoTime() - warmStart < WARM_NANOS; r++) {
            insertAll(db, times, values);
        }
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            rates.add(n / (insertAll(db, times, values) / 1e9));
        }
        return rates;
    }

    /** Nanoseconds to insert every batch into a fresh stream (its creation not timed). */
    private static long insertAll(Database db, long[][] times, double[][] values) {
        UUID u = UUID.randomUUID();
        Stream s = db.create(u, "bench/embedded-insert", Map.of("name", u.toString()), Map.of());
        long t0 = System.nanoTime();
        for (int b = 0; b < times.length; b++) {
            s.insert(times[b], values[b]);
        }
        return System.nanoTime() - t0;
    }

    static long scan(Stream s, long start, long end) {
        long[] t = new long[5_000];
        double[] v = new double[5_000];
        long n = 0;
        double sum = 0;
        try (PointCursor c = s.values(start, end, 0)) {
            int k;
            while ((k = c.next(t, v)) > 0) {
                for (int i = 0; i < k; i++) {
                    sum += v[i] + t[i];
                }
                n += k;
            }
        }
        if (sum == 42) { // keeps the sum alive
            System.err.print("");
        }
        return n;
    }

    /** Mean, p50 and p99 in microseconds of {@code queries} one-hour alignedWindows queries. */
    static double[] windows(Stream s, long start, long end, int pw, int queries) {
        long width = 1L << pw;
        SplittableRandom r = new SplittableRandom(42);
        double[] us = new double[queries];
        long sink = 0;
        long warmStart = System.nanoTime();
        for (int q = -queries; q < queries; q++) { // negative q warm up, for at least WARM_NANOS
            if (q == -1 && System.nanoTime() - warmStart < WARM_NANOS) {
                q = -queries;
            }
            long t = r.nextLong(start, Math.max(start + 1, end - HOUR - width));
            long from = Math.floorDiv(t, width) * width + width;
            long t0 = System.nanoTime();
            try (StatCursor c = s.alignedWindows(from, from + HOUR, pw, 0)) {
                while (c.next()) {
                    sink += c.count();
                }
            }
            if (q >= 0) {
                us[q] = (System.nanoTime() - t0) / 1e3;
            }
        }
        if (sink == 42) {
            System.err.print("");
        }
        double mean = Arrays.stream(us).average().orElse(0);
        Arrays.sort(us);
        return new double[] {mean, us[queries / 2], us[(int) Math.min(queries - 1, Math.ceil(queries * 0.99) - 1)]};
    }
}
