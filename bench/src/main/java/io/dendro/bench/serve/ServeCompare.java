package io.dendro.bench.serve;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Dendro's HTTP server against InfluxDB 1.x and VictoriaMetrics (issue 12, section 8), all three
 * fed the same InfluxDB line protocol over HTTP. Run it through
 * {@code bench/run serve-compare --points N [--repeat R]}; the method is in
 * {@code docs/benchmarks-serve-compare.md}.
 *
 * <p>For each run (interleaved: dendro, influxdb, victoriametrics, dendro, ...) the server is
 * started on a free loopback port over a fresh data directory, the data is posted to
 * {@code /write} by {@code --clients} threads in batches of {@code --batch} lines (timed from the
 * first request to the last acknowledgement), then {@code --queries} random one-hour minute
 * aggregates and up to 50 hourly aggregates over a whole series are asked one at a time (each
 * after a warm-up), the peak resident set is read, the server
 * is stopped with SIGTERM and its directory measured with {@code du}. The first run of each
 * system also answers a few check queries, compared across systems: a difference stops nothing
 * but fails the run (exit status 1) and is printed and written.
 *
 * <p>System properties (set by bench/run): {@code serve.root} (the repository), {@code serve.jar}
 * (cli/target/dendro.jar).
 */
public final class ServeCompare {
    static final List<String> ALL = List.of("dendro", "influxdb", "victoriametrics");
    static final int CHECK_QUERIES = 5;

    private ServeCompare() {
    }

    /** Options and everything measured, for the report. */
    static final class Run {
        /** "synthetic" or "ekg". */
        String data;
        /** The data set in a sentence. */
        String describe;
        int hosts;
        int fields;
        long points;
        int batch;
        int clients;
        int queries;
        int repeat;
        /**
         * A workload's timed queries stop after this many seconds once 3 are done (once 1 is when it alone took
         * longer); its warm-up after half of it, once 1 is (none needed after the check queries).
         */
        int querySeconds;
        long seed;
        String heap;
        String command;
        String date;
        String commit;
        String loadBefore;
        String loadAfter;
        Map<String, Object> machine = new LinkedHashMap<>();
        List<String> systems = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, String> setups = new LinkedHashMap<>();
        /** system -> metric -> the value of each run */
        Map<String, Map<String, List<Double>>> all = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> agreed = new ArrayList<>();

        void add(String system, String metric, double v) {
            all.computeIfAbsent(system, k -> new LinkedHashMap<>()).computeIfAbsent(metric, k -> new ArrayList<>()).add(v);
        }

        /**
         * The run's name in file names and markers: the points, and the shape when it is not 100 hosts x 10 fields;
         * "ekg-" and the points for the EKG.
         */
        String name() {
            if (data.equals("ekg")) {
                return "ekg-" + points;
            }
            return points + (hosts == 100 && fields == 10 ? "" : "-" + hosts + "x" + fields);
        }

        Double median(String system, String metric) {
            List<Double> v = all.getOrDefault(system, Map.of()).get(metric);
            return v == null || v.isEmpty() ? null : ServeCompare.median(v);
        }
    }

    public static void main(String[] argv) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Map<String, String> a = parse(argv);
        Path root = Path.of(System.getProperty("serve.root", ".")).toAbsolutePath().normalize();
        Path jar = Path.of(System.getProperty("serve.jar", root.resolve("cli/target/dendro.jar").toString()));
        Run r = new Run();
        r.points = parseCount(a.getOrDefault("points", "10000000"));
        r.hosts = Integer.parseInt(a.getOrDefault("hosts", "100"));
        r.fields = Integer.parseInt(a.getOrDefault("fields", "10"));
        r.batch = Integer.parseInt(a.getOrDefault("batch", "5000"));
        r.clients = Integer.parseInt(a.getOrDefault("clients", "4"));
        r.queries = Integer.parseInt(a.getOrDefault("queries", "200"));
        r.repeat = Integer.parseInt(a.getOrDefault("repeat", "1"));
        r.seed = Long.parseLong(a.getOrDefault("seed", "42"));
        r.heap = a.getOrDefault("heap", "1g");
        r.querySeconds = Integer.parseInt(a.getOrDefault("query-seconds", "60"));
        r.data = a.getOrDefault("data", "synthetic");
        Dataset data;
        if (r.data.equals("ekg")) {
            if (a.containsKey("hosts") || a.containsKey("fields")) {
                usage("--hosts and --fields shape the synthetic data; the EKG is one series");
            }
            Path csv = Path.of(a.getOrDefault("ekg", root.resolve("../shared/data/ekg.csv.gz").normalize().toString()));
            if (!Files.isReadable(csv)) {
                System.err.println("serve-compare: " + csv + " is missing: the EKG data set needs ../shared/data (or --ekg FILE)");
                System.exit(2);
            }
            data = new EkgData(csv, r.points);
            r.hosts = 1;
            r.fields = 1;
        } else if (r.data.equals("synthetic")) {
            long seconds = Math.max(1, r.points / ((long) r.hosts * r.fields));
            data = new SyntheticData(r.hosts, r.fields, seconds, r.seed);
        } else {
            usage("unknown --data '" + r.data + "' (synthetic, ekg)");
            return;
        }
        r.points = data.points();
        r.describe = data.describe();
        for (String s : a.getOrDefault("systems", String.join(",", ALL)).split(",")) {
            if (!ALL.contains(s.trim())) {
                usage("unknown system '" + s + "' (dendro, influxdb, victoriametrics)");
            }
            r.systems.add(s.trim());
        }
        r.systems.sort(Comparator.comparingInt(ALL::indexOf));
        r.command = "bench/run serve-compare " + (r.data.equals("ekg") ? "--data ekg " : "") + "--points " + r.points
                + (r.repeat == 1 ? "" : " --repeat " + r.repeat)
                + (r.data.equals("ekg") || r.hosts == 100 ? "" : " --hosts " + r.hosts)
                + (r.data.equals("ekg") || r.fields == 10 ? "" : " --fields " + r.fields)
                + (r.batch == 5000 ? "" : " --batch " + r.batch) + (r.clients == 4 ? "" : " --clients " + r.clients)
                + (r.queries == 200 ? "" : " --queries " + r.queries)
                + (r.querySeconds == 60 ? "" : " --query-seconds " + r.querySeconds)
                + (r.systems.size() == ALL.size() ? "" : " --systems " + String.join(",", r.systems))
                + (r.seed == 42 ? "" : " --seed " + r.seed);
        r.date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        r.commit = git(root);
        r.machine.putAll(machine());
        Path work = Path.of(a.getOrDefault("work", root.resolve("bench/target/serve-compare-work").toString()))
                .toAbsolutePath();
        Files.createDirectories(work);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Map<String, Server> servers = new LinkedHashMap<>();
        for (String s : r.systems) {
            Server server = switch (s) {
                case "dendro" -> new DendroServer(http, jar, r.commit, r.heap);
                case "influxdb" -> new InfluxServer(http);
                default -> new VictoriaServer(http);
            };
            String why = server.unavailable();
            if (why != null) {
                r.skipped.put(s, why);
                System.err.println("serve-compare: skipping " + server.display() + ": " + why);
                continue;
            }
            server.dataset = data;
            servers.put(s, server);
            r.versions.put(s, server.version());
            r.setups.put(s, server.setup());
        }
        r.systems.retainAll(servers.keySet());
        if (servers.isEmpty()) {
            System.err.println("serve-compare: no system can run here");
            System.exit(2);
        }
        List<Workload> workloads = workloads(data, r.queries, r.seed);
        r.loadBefore = loadavg();
        System.err.printf("serve-compare: %,d points (%s), batches of %,d lines, %d clients, "
                        + "%d queries, systems %s, %d run(s) each; load %s; work directory %s%n", r.points, r.describe,
                r.batch, r.clients, r.queries, r.systems, r.repeat, r.loadBefore, work);

        Map<String, Map<String, List<List<Server.Bucket>>>> checks = new LinkedHashMap<>();
        for (int rep = 1; rep <= r.repeat; rep++) {
            for (Map.Entry<String, Server> e : servers.entrySet()) {
                String system = e.getKey();
                Server server = e.getValue();
                Path dir = work.resolve(system + "-data");
                deleteTree(dir);
                System.err.printf("serve-compare: run %d of %d: %s%n", rep, r.repeat, server.display());
                try {
                    runOnce(r, data, workloads, server, work, dir, rep == 1 ? checks : null);
                } catch (RuntimeException | IOException ex) { // Server.Failure, or a bug of the harness's
                    r.problems.add(server.display() + " run " + rep + ": " + ex.getMessage());
                    System.err.println("serve-compare: " + server.display() + " failed: " + ex.getMessage());
                    try {
                        server.stop();
                    } catch (Server.Failure ignored) {
                        // already reported
                    }
                } finally {
                    if (!a.containsKey("keep")) {
                        deleteTree(dir);
                    }
                }
            }
        }
        r.loadAfter = loadavg();
        compareAnswers(r, checks, workloads);

        Path results = root.resolve("bench/results");
        Files.createDirectories(results);
        Path json = results.resolve("serve-compare-" + r.name() + ".json");
        Files.writeString(json, ServeReport.json(r));
        System.out.print(ServeReport.table(r));
        if (!a.containsKey("no-docs")) {
            Path md = root.resolve("docs/benchmarks.md");
            Path chart = root.resolve("docs/img/serve-compare-" + r.name() + ".svg");
            Files.createDirectories(chart.getParent());
            Files.writeString(chart, ServeChart.svg(r));
            ServeReport.updateDocs(md, r);
            System.err.println("serve-compare: wrote " + root.relativize(chart));
            System.err.println("serve-compare: wrote " + root.relativize(md));
        }
        System.err.println("serve-compare: wrote " + root.relativize(json));
        for (String p : r.problems) {
            System.err.println("serve-compare: PROBLEM: " + p);
        }
        System.exit(r.problems.isEmpty() ? 0 : 1);
    }

    /** One query: a series, a range [start, end) in Unix seconds and the bucket width in seconds (0: raw points). */
    record Query(Dataset.Series series, long start, long end, long width) {
    }

    /**
     * A query workload: {@code checks} answered by the first run of each system and compared,
     * then {@code warmup} untimed, then {@code timed} one at a time; its figures are
     * {@code <key>_median} and {@code <key>_p99}.
     */
    record Workload(String key, String what, List<Query> checks, List<Query> warmup, List<Query> timed) {
    }

    /**
     * Minute buckets of random series over random one-hour ranges on whole minutes (the whole span
     * when it is shorter); the raw points of random series over random whole minutes; and hourly
     * buckets of random series over the whole series (whole hours), when it spans at least one.
     */
    static List<Workload> workloads(Dataset d, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        long minutes = d.seconds() / 60;
        long t0 = Dataset.T0_SECONDS;
        List<Query> q = new ArrayList<>();
        for (int i = 0; i < n + CHECK_QUERIES; i++) {
            Dataset.Series s = d.series(rnd.nextInt(d.seriesCount()));
            long len = Math.min(60, Math.max(1, minutes));
            long first = minutes > len ? rnd.nextLong(minutes - len + 1) : 0;
            long start = t0 + first * 60;
            q.add(new Query(s, start, start + len * 60, 60));
        }
        List<Workload> w = new ArrayList<>();
        List<Query> timed = q.subList(0, n);
        w.add(new Workload("query", "one-hour minute mean/min/max", q.subList(n, q.size()),
                timed.subList(0, Math.min(50, n)), timed));
        List<Query> raw = new ArrayList<>();
        for (int i = 0; i < n + CHECK_QUERIES; i++) {
            long first = minutes > 1 ? rnd.nextLong(minutes) : 0;
            long start = t0 + first * 60;
            raw.add(new Query(d.series(rnd.nextInt(d.seriesCount())), start, Math.min(start + 60, t0 + d.seconds()), 0));
        }
        List<Query> rawTimed = raw.subList(0, n);
        w.add(new Workload("raw", "raw points of a random minute", raw.subList(n, raw.size()),
                rawTimed.subList(0, Math.min(50, n)), rawTimed));
        long hours = d.seconds() / 3600;
        if (hours >= 1) {
            int nh = Math.min(50, n);
            List<Query> h = new ArrayList<>();
            for (int i = 0; i < nh + 2 + 5; i++) {
                h.add(new Query(d.series(rnd.nextInt(d.seriesCount())), t0, t0 + hours * 3600, 3600));
            }
            w.add(new Workload("hourly", "hourly mean/min/max over a whole series", h.subList(0, 1), h.subList(2, 7),
                    h.subList(7, h.size())));
        }
        return w;
    }

    private static List<Server.Bucket> ask(Server s, Query q) {
        return q.width() == 0 ? s.raw(q.series(), q.start(), q.end()) : s.buckets(q.series(), q.start(), q.end(), q.width());
    }

    private static void runOnce(Run r, Dataset data, List<Workload> workloads, Server server, Path work, Path dir,
                                Map<String, Map<String, List<List<Server.Bucket>>>> checks)
            throws IOException, InterruptedException {
        String system = server.key();
        server.start(work, dir);
        long cpu0 = server.cpuNanos();
        double ingest = Loader.ingest(server, data, r.batch, r.clients);
        long cpu = server.cpuNanos() - cpu0;
        server.afterIngest();
        r.add(system, "ingest", ingest);
        if (cpu0 >= 0 && cpu >= 0) {
            r.add(system, "ingest_cpu_ns", (double) cpu / data.points());
        }
        System.err.printf("serve-compare:   ingest %,.0f points/s, the server's CPU %.0f ns per point%n", ingest,
                (double) cpu / data.points());
        for (Workload w : workloads) {
            if (checks != null) {
                List<List<Server.Bucket>> answers = new ArrayList<>();
                for (Query q : w.checks()) {
                    answers.add(ask(server, q));
                }
                checks.computeIfAbsent(system, k -> new LinkedHashMap<>()).put(w.key(), answers);
            }
            long budget = r.querySeconds * 1_000_000_000L;
            long warm = System.nanoTime();
            // the check queries, when asked, warmed the same path: then the warm-up may be empty
            for (int i = 0; i < w.warmup().size() && ((i < 1 && checks == null) || System.nanoTime() - warm < budget / 2); i++) {
                ask(server, w.warmup().get(i));
            }
            long[] ns = new long[w.timed().size()];
            long buckets = 0;
            long began = System.nanoTime();
            int n = 0;
            // at least 3, or 1 when one alone takes longer than the budget (a peer's whole-series scan)
            while (n < ns.length && (n < 1 || (n < 3 && ns[0] <= budget) || System.nanoTime() - began < budget)) {
                long t0 = System.nanoTime();
                buckets += ask(server, w.timed().get(n)).size();
                ns[n++] = System.nanoTime() - t0;
            }
            ns = Arrays.copyOf(ns, n);
            Arrays.sort(ns);
            if (n > 0) {
                double median = ns[n / 2] / 1e6;
                double p99 = ns[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6;
                r.add(system, w.key() + "_median", median);
                r.add(system, w.key() + "_p99", p99);
                r.add(system, w.key() + "_n", n);
                System.err.printf("serve-compare:   %s: median %.2f ms, p99 %.2f ms over %d queries (%.1f buckets each)%n",
                        w.what(), median, p99, n, (double) buckets / n);
            }
        }
        long rss = server.peakRss();
        server.stop();
        long bytes = du(dir);
        long logBytes = 0;
        for (Path log : server.logs(dir)) {
            logBytes += Files.exists(log) ? du(log) : 0;
        }
        r.add(system, "disk_bytes", bytes);
        r.add(system, "bytes_per_point", (double) bytes / data.points());
        r.add(system, "bytes_per_point_without_logs", (double) (bytes - logBytes) / data.points());
        if (rss > 0) {
            r.add(system, "peak_rss_mb", rss / 1e6);
        }
        for (Map.Entry<String, Double> e : server.afterStop(dir, data.points()).entrySet()) {
            r.add(system, e.getKey(), e.getValue());
            System.err.printf("serve-compare:   %s %.2f%n", e.getKey(), e.getValue());
        }
        System.err.printf("serve-compare:   %,d bytes on disk (%.2f per point; %,d of them write-ahead log), peak RSS %.0f MB%n",
                bytes, (double) bytes / data.points(), logBytes, rss / 1e6);
    }

    /** The check queries' answers must agree: the same buckets, means to 1e-9 relative, equal min and max. */
    private static void compareAnswers(Run r, Map<String, Map<String, List<List<Server.Bucket>>>> checks,
                                       List<Workload> workloads) {
        if (checks.size() < 2) {
            return;
        }
        String refSystem = checks.keySet().iterator().next();
        for (Workload w : workloads) {
            List<List<Server.Bucket>> ref = checks.get(refSystem).get(w.key());
            for (Map.Entry<String, Map<String, List<List<Server.Bucket>>>> e : checks.entrySet()) {
                if (e.getKey().equals(refSystem) || ref == null) {
                    continue;
                }
                boolean same = true;
                for (int i = 0; i < w.checks().size(); i++) {
                    String diff = difference(ref.get(i), e.getValue().get(w.key()).get(i));
                    if (diff != null) {
                        same = false;
                        r.problems.add("answers differ: " + refSystem + " and " + e.getKey() + " on " + w.checks().get(i)
                                + ": " + diff);
                    }
                }
                if (same) {
                    r.agreed.add(refSystem + " and " + e.getKey() + ": " + w.checks().size() + " queries of " + w.what()
                            + (w.key().equals("raw") ? ", the same points, values equal"
                            : ", the same buckets, means within 1e-9 relative, min and max equal"));
                }
            }
        }
    }

    static String difference(List<Server.Bucket> x, List<Server.Bucket> y) {
        if (x.isEmpty()) {
            return "no buckets";
        }
        if (x.size() != y.size()) {
            return x.size() + " buckets against " + y.size();
        }
        for (int i = 0; i < x.size(); i++) {
            Server.Bucket p = x.get(i);
            Server.Bucket q = y.get(i);
            if (p.start() != q.start() || !close(p.mean(), q.mean()) || !close(p.min(), q.min()) || !close(p.max(), q.max())) {
                return "bucket " + i + ": " + p + " against " + q;
            }
        }
        return null;
    }

    static boolean close(double a, double b) {
        return a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    }

    static double median(List<Double> xs) {
        double[] c = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    /** Allocated bytes ({@code du -sB1}), so that sparse and preallocated files count what they hold. */
    static long du(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("du", "-sB1", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("du " + dir + ": " + out);
        }
        return Long.parseLong(out.split("\\s+")[0]);
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        String cpu = System.getProperty("os.arch");
        long memKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        m.put("cpu", cpu);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_gb", Math.round(memKb / 1e5) / 10.0);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        return m;
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String k = argv[i];
            if (!k.startsWith("--")) {
                usage("unexpected argument '" + k + "'");
            }
            k = k.substring(2);
            if (k.equals("help")) {
                usage(null);
            }
            if (k.equals("keep") || k.equals("no-docs")) {
                a.put(k, "true");
            } else if (i + 1 < argv.length) {
                a.put(k, argv[++i]);
            } else {
                usage("--" + k + " needs a value");
            }
        }
        for (String k : a.keySet()) {
            if (!List.of("points", "hosts", "fields", "batch", "clients", "queries", "repeat", "seed", "systems", "work",
                    "keep", "no-docs", "heap", "data", "ekg", "query-seconds").contains(k)) {
                usage("unknown option --" + k);
            }
        }
        return a;
    }

    static long parseCount(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT).replace("_", "").replace(",", "");
        long mult = 1;
        if (t.endsWith("K")) {
            mult = 1_000;
        } else if (t.endsWith("M")) {
            mult = 1_000_000;
        } else if (t.endsWith("G") || t.endsWith("B")) {
            mult = 1_000_000_000;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Math.round(Double.parseDouble(t) * mult);
    }

    /** The commit, with "-dirty" when the work tree has uncommitted changes (the figures are then of code not in it). */
    private static String git(Path root) {
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "describe", "--always", "--dirty", "--abbrev=7")
                    .redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? s : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println("serve-compare: " + problem);
        }
        System.err.println("""
                usage: bench/run serve-compare [--data synthetic|ekg] [--points N] [options]
                  --data D            synthetic (default): H x F series a second apart;
                                      ekg: issue 12's one series, the 1 kHz EKG of ../shared/data tiled a millisecond apart
                  --ekg FILE          the EKG file (default ../shared/data/ekg.csv.gz beside the repository)
                  --points N          points in all (default 10000000; 2M, 1e8 ...), for synthetic data rounded to
                                      whole seconds of every series
                  --hosts H           hosts of the synthetic data (default 100); each line is one host's second
                  --fields F          fields per line of the synthetic data (default 10): H x F series
                  --batch B           lines per POST /write (default 5000)
                  --clients C         concurrent client threads (default 4)
                  --queries Q         timed one-hour minute-aggregate queries and as many raw one-minute ones
                      (default 200, each after 50 untimed);
                      min(Q, 50) timed whole-series hourly ones (after 5 untimed)
                  --query-seconds S   a workload's timed queries stop after S seconds once 3 are done (1 when it
                                      alone took longer), its warm-up after S/2 once 1 is (default 60)
                  --repeat R          runs of each system, interleaved; figures are medians of the runs (default 1)
                  --systems a,b,c     any of dendro,influxdb,victoriametrics (default: all three)
                  --seed S            seed of the values and of the queries (default 42)
                  --heap SIZE         -Xmx of Dendro's server (default 1g)
                  --work DIR          where the data directories and logs go (default bench/target/serve-compare-work)
                  --keep              keep the data directories
                  --no-docs           do not touch docs/benchmarks.md""");
        System.exit(problem == null ? 0 : 2);
    }
}
