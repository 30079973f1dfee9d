package io.dendro.bench.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Measures one system in a JVM of its own (started by {@link Compare}), so that its heap and
 * resident memory are its own. Writes one line per figure to the file given as {@code --out}:
 * {@code RESULT <workload> <value> <unit>}, {@code CHECK <name> <value>} (answers compared across
 * systems) and {@code INFO <name> <text>}. Progress goes to stderr.
 *
 * <p>Order: ingest (timed: the insert calls and the final durable step; generating the data is
 * not timed), memory after load, the queries (each after a warm-up of up to 500,000
 * queries or 4 s, the same for every system), close, bytes on disk.
 */
public final class Child {
    static final long HOUR = 3_600_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final long SCAN_POINTS = 10_000_000L;
    /** Random-range queries whose answers are compared across systems (all systems run at least this many). */
    static final int CHECKED = 20;
    /**
     * Warm-up before each query workload: this many queries, or {@link #WARM_NANOS}, whichever
     * ends first. Enough for the JIT's optimizing compiler to finish with a microsecond query
     * (20,000 were not: they were over in 20 ms, before it had installed its code).
     */
    static final int WARM_QUERIES = 500_000;
    static final long WARM_NANOS = 4 * SECOND;

    /** A query run for its effect on the JIT and the caches; {@code i} is the warm-up query's number. */
    interface Query {
        Object run(int i) throws Exception;
    }

    interface Job {
        Object run() throws Exception;
    }

    /** Runs {@code q} {@code max} times or for {@code nanos}, whichever ends first (at least once). */
    static void warmUp(Query q, int max, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        for (int i = 0; i < max && (i == 0 || System.nanoTime() < end); i++) {
            q.run(i);
        }
    }

    static void warmUp(Job j, int max, long nanos) throws Exception {
        warmUp(i -> j.run(), max, nanos);
    }

    private final Map<String, String> args;
    private final PrintStream out;
    private final Subject subject;
    private final Dataset ds;

    private Child(Map<String, String> args, PrintStream out, Subject subject, Dataset ds) {
        this.args = args;
        this.out = out;
        this.subject = subject;
        this.ds = ds;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        Locale.setDefault(Locale.ROOT);
        String system = a.get("system");
        Subject subject = switch (system) {
            case "dendro" -> new DendroSubject();
            // by name, so that a child never loads a peer's classes it has no jar for
            case "questdb" -> (Subject) Class.forName("io.dendro.bench.compare.QuestDbSubject").getDeclaredConstructor().newInstance();
            case "duckdb" -> (Subject) Class.forName("io.dendro.bench.compare.DuckDbSubject").getDeclaredConstructor().newInstance();
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
        Dataset ds = Dataset.of(a.get("dataset"), Long.parseLong(a.get("points")), Long.parseLong(a.getOrDefault("seed", "42")),
                Path.of(a.getOrDefault("ekg", "../shared/data/ekg.csv.gz")));
        try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(a.get("out"))), true, StandardCharsets.UTF_8)) {
            new Child(a, out, subject, ds).run();
        }
        System.exit(0); // some peers leave non-daemon threads behind
    }

    private void result(Workload w, double value) {
        out.printf("RESULT %s %s %s%n", w.key, Double.toString(value), w.unit.replace(' ', '_'));
        System.err.printf("  %-8s %-18s %,.3f %s%n", subject.name(), w.key, value, w.unit);
    }

    private void result(String workload, double value, String unit) {
        out.printf("RESULT %s %s %s%n", workload, Double.toString(value), unit);
        System.err.printf("  %-8s %-18s %,.3f %s%n", subject.name(), workload, value, unit);
    }

    private void check(String name, Object value) {
        out.printf("CHECK %s %s%n", name, value);
    }

    private void info(String name, Object value) {
        out.printf("INFO %s %s%n", name, String.valueOf(value).replace('\n', ' '));
    }

    private int intArg(String name, int dflt) {
        return args.containsKey(name) ? Integer.parseInt(args.get(name)) : dflt;
    }

    private void run() throws Exception {
        Path dir = Path.of(args.get("dir"));
        Files.createDirectories(dir);
        int batch = intArg("batch", 1_000_000);
        int queries = intArg("queries", 1_000);
        double budget = Double.parseDouble(args.getOrDefault("budget", "20")); // seconds per query workload
        long seed = Long.parseLong(args.getOrDefault("seed", "42"));

        subject.open(dir);
        info("version", subject.version());
        info("setup", subject.setup());
        info("jvm", Runtime.version() + " " + ManagementFactory.getRuntimeMXBean().getInputArguments());

        // 1. ingest
        long n = ds.points;
        long[] t = new long[(int) Math.min(batch, n)];
        double[] v = new double[t.length];
        long timed = 0;
        long started = System.nanoTime();
        for (long first = 0; first < n; first += t.length) {
            int k = (int) Math.min(t.length, n - first);
            ds.fill(first, t, v, k);
            long a = System.nanoTime();
            subject.append(t, v, k);
            timed += System.nanoTime() - a;
            if (System.nanoTime() - started > 10 * SECOND && (first / t.length) % 10 == 0) {
                System.err.printf("  %s: %,d of %,d points in%n", subject.name(), first + k, n);
            }
        }
        long a = System.nanoTime();
        subject.durable();
        long durableNanos = System.nanoTime() - a;
        timed += durableNanos;
        result(Workload.INGEST, n / (timed / 1e9));
        info("ingest_seconds", timed / 1e9);
        info("durable_seconds", durableNanos / 1e9);
        t = null;
        v = null;

        // 2. memory after load
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        result(Workload.HEAP, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6);
        Map<String, Long> status = procStatus();
        result(Workload.RSS, status.getOrDefault("VmRSS", -1L) / 1e3);
        info("rss_anon_mb", status.getOrDefault("RssAnon", -1L) / 1e3);
        info("rss_file_mb", status.getOrDefault("RssFile", -1L) / 1e3);

        // 3. full scan of a 10 M-point range in the middle of the data
        long count = Math.min(n, SCAN_POINTS);
        long s0 = (n - count) / 2;
        long from = ds.timeAt(s0);
        long to = s0 + count < n ? ds.timeAt(s0 + count) : ds.lastTime() + 1;
        long[] runs = new long[5];
        int done = 0;
        long deadline;
        Subject.Sum scanned = null;
        for (String variant : subject.scanVariants()) {
            Subject.Sum first = null;
            runs = new long[5];
            done = 0;
            deadline = System.nanoTime() + (long) (budget * 3 * SECOND);
            warmUp(() -> subject.scan(variant, from, to), 10, 5 * SECOND); // the JIT settles after several scans
            while (done < runs.length && (done < 3 || System.nanoTime() < deadline)) {
                a = System.nanoTime();
                Subject.Sum s = subject.scan(variant, from, to);
                runs[done++] = System.nanoTime() - a;
                first = first == null ? s : first;
            }
            result(variant, first.count / (median(runs, done) / 1e9), Workload.SCAN.unit);
            if (scanned == null) { // the first way's answer is compared across systems, the others' with it
                scanned = first;
                check("scan_count", first.count);
                check("scan_sum", first.sum);
                check("scan_times", first.times);
            } else if (first.count != scanned.count || first.times != scanned.times
                    || Double.doubleToLongBits(first.sum) != Double.doubleToLongBits(scanned.sum)) {
                throw new IllegalStateException(variant + " read " + first.count + " points, the first scan "
                        + scanned.count + " (or their sums differ)");
            }
            info(variant + "_runs", done);
        }

        // 4. hourly statistics over the whole dataset
        long hFrom = Math.floorDiv(ds.firstTime(), HOUR) * HOUR;
        long hTo = hFrom + (Math.floorDiv(ds.lastTime() - hFrom, HOUR) + 1) * HOUR;
        for (String variant : subject.hourlyVariants()) {
            warmUp(() -> subject.hourly(variant, hFrom, hTo), 200, 3 * SECOND);
            Subject.Sum h = null;
            done = 0;
            runs = new long[21];
            deadline = System.nanoTime() + (long) (budget * 3 * SECOND);
            while (done < runs.length && (done < 3 || System.nanoTime() < deadline)) {
                a = System.nanoTime();
                h = subject.hourly(variant, hFrom, hTo);
                runs[done++] = System.nanoTime() - a;
            }
            result(variant, median(runs, done) / 1e6, Workload.HOURLY.unit);
            check(variant + "_points", h.count);
            check(variant + "_windows", h.times);
            check(variant + "_sum", h.sum);
            info(variant + "_runs", done);
        }

        // 5. count in a random 1-hour range
        long width = Math.min(HOUR, ds.lastTime() + 1 - ds.firstTime());
        long[] warm = starts(seed ^ 0x5EED, WARM_QUERIES, width);
        long[] qs = starts(seed, queries, width);
        long w1 = width;
        warmUp(i -> subject.count(warm[i], warm[i] + w1), warm.length, WARM_NANOS);
        long[] lat = new long[qs.length];
        long checksum = 0;
        done = 0;
        deadline = System.nanoTime() + (long) (budget * SECOND);
        while (done < qs.length && (done < CHECKED || System.nanoTime() < deadline)) {
            long q = qs[done];
            a = System.nanoTime();
            long c = subject.count(q, q + width);
            lat[done] = System.nanoTime() - a;
            if (done < CHECKED) {
                checksum += c;
            }
            done++;
        }
        result(Workload.COUNT_1H, median(lat, done) / 1e3);
        check("count_1h_sum", checksum);
        info("count_1h_queries", done);

        // 6. raw points of a random 1-second range
        width = Math.min(SECOND, ds.lastTime() + 1 - ds.firstTime());
        long[] warm2 = starts(seed ^ 0xFACE, WARM_QUERIES, width);
        qs = starts(seed + 1, queries, width);
        long w2 = width;
        String fastest = subject.scanVariants()[0];
        warmUp(i -> subject.scan(fastest, warm2[i], warm2[i] + w2), warm2.length, WARM_NANOS);
        Subject.Sum all = new Subject.Sum();
        done = 0;
        deadline = System.nanoTime() + (long) (budget * SECOND);
        while (done < qs.length && (done < CHECKED || System.nanoTime() < deadline)) {
            long q = qs[done];
            a = System.nanoTime();
            Subject.Sum s = subject.scan(fastest, q, q + width);
            lat[done] = System.nanoTime() - a;
            if (done < CHECKED) {
                all.count += s.count;
                all.sum += s.sum;
                all.times += s.times;
            }
            done++;
        }
        result(Workload.RANGE_1S, median(lat, done) / 1e3);
        check("range_1s_count", all.count);
        check("range_1s_sum", all.sum);
        info("range_1s_queries", done);

        // 7. the latest point
        warmUp(i -> subject.latest(), WARM_QUERIES, WARM_NANOS);
        long last = 0;
        done = 0;
        deadline = System.nanoTime() + (long) (budget * SECOND);
        while (done < lat.length && (done < CHECKED || System.nanoTime() < deadline)) {
            a = System.nanoTime();
            last = subject.latest();
            lat[done++] = System.nanoTime() - a;
        }
        result(Workload.LATEST, median(lat, done) / 1e3);
        check("latest_time", last);
        info("latest_queries", done);

        // 8. bytes on disk, after a clean close
        subject.close();
        long bytes = allocatedBytes(dir);
        result(Workload.BYTES, (double) bytes / n);
        info("disk_bytes", bytes);
        info("disk_apparent_bytes", apparentBytes(dir));
    }

    /** {@code count} range starts, uniform over the data so that {@code [s, s + width)} lies inside it. */
    private long[] starts(long seed, int count, long width) {
        SplittableRandom r = new SplittableRandom(seed);
        long lo = ds.firstTime();
        long span = Math.max(1, ds.lastTime() + 1 - width - lo);
        long[] s = new long[count];
        for (int i = 0; i < count; i++) {
            s[i] = lo + r.nextLong(span);
        }
        return s;
    }

    static double median(long[] xs, int n) {
        long[] c = Arrays.copyOf(xs, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2.0;
    }

    /** kB figures of /proc/self/status (VmRSS, RssAnon, RssFile, ...). */
    static Map<String, Long> procStatus() {
        Map<String, Long> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                String[] p = line.split(":\\s+");
                if (p.length == 2 && p[1].endsWith(" kB")) {
                    m.put(p[0], Long.parseLong(p[1].substring(0, p[1].length() - 3).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figures
        }
        return m;
    }

    /**
     * Bytes allocated on the device under {@code dir} (sparse files count only their written
     * blocks): {@code du -sB1}, which counts allocated blocks, not apparent sizes.
     */
    static long allocatedBytes(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("du", "-sB1", dir.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("du -sB1 " + dir + " failed: " + text);
        }
        return Long.parseLong(text.split("\\s+")[0]);
    }

    static long apparentBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
