package io.dendro.bench.compare;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The side-by-side comparison of Dendro with QuestDB and DuckDB (issue 4, section 3). Run it
 * through {@code bench/run compare --dataset synthetic|ekg --points N [--systems ...] [--repeat R]}.
 *
 * <p>Measures the machine's limits first (sequential disk write, memory copy), then runs every
 * system {@code R} times, interleaved (dendro, questdb, duckdb, dendro, ...), each in a child JVM
 * of its own ({@link Child}) on the same generated data, and reports the median of the runs:
 * a table on stdout, {@code bench/results/compare-<dataset>-<points>.json},
 * {@code docs/img/compare-<dataset>[-<points>].svg} and its section of
 * {@code docs/benchmarks.md} (how it measures: {@code docs/benchmarks-compare.md}).
 *
 * <p>System properties (set by bench/run): {@code compare.root} (the repository),
 * {@code compare.jar} (benchmarks.jar), {@code compare.lib} (the peers' jars).
 */
public final class Compare {
    static final List<String> ALL = List.of("dendro", "questdb", "duckdb");

    private Compare() {
    }

    /** Everything a run found, for the report writers. */
    static final class Results {
        String dataset;
        long points;
        int repeat;
        long seed;
        String command;
        String date;
        String commit;
        Map<String, Object> machine = new LinkedHashMap<>();
        double diskWrite;
        double memoryCopy;
        List<String> systems = new ArrayList<>();
        /** system -> workload -> median over the runs that produced it */
        Map<String, Map<String, Double>> median = new LinkedHashMap<>();
        /** system -> workload -> every run's value */
        Map<String, Map<String, List<Double>>> all = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, String> setups = new LinkedHashMap<>();
        Map<String, Map<String, String>> infos = new LinkedHashMap<>();
        Map<String, Map<String, String>> checks = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> agreed = new ArrayList<>();

        Double value(String system, Workload w) {
            Map<String, Double> m = median.get(system);
            return m == null ? null : m.get(w.key);
        }
    }

    public static void main(String[] argv) throws Exception {
        Locale.setDefault(Locale.ROOT);
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
            if (!List.of("dataset", "points", "systems", "repeat", "seed", "work", "keep", "no-docs", "queries",
                    "budget", "heap", "batch").contains(k)) {
                usage("unknown option --" + k);
            }
        }
        Path root = Path.of(System.getProperty("compare.root", ".")).toAbsolutePath().normalize();
        Path jar = Path.of(System.getProperty("compare.jar", root.resolve("bench/target/benchmarks.jar").toString()));
        Path lib = Path.of(System.getProperty("compare.lib", root.resolve("bench/target/compare-lib").toString()));
        Path ekg = root.resolve("../shared/data/ekg.csv.gz").normalize();

        Results r = new Results();
        r.dataset = a.getOrDefault("dataset", "synthetic");
        if (!r.dataset.equals("synthetic") && !r.dataset.equals("ekg")) {
            usage("--dataset is synthetic or ekg");
        }
        r.points = parseCount(a.getOrDefault("points", "10000000"));
        r.repeat = Integer.parseInt(a.getOrDefault("repeat", "1"));
        r.seed = Long.parseLong(a.getOrDefault("seed", "42"));
        for (String s : a.getOrDefault("systems", String.join(",", ALL)).split(",")) {
            if (!ALL.contains(s.trim())) {
                usage("unknown system '" + s + "' (dendro, questdb, duckdb)");
            }
            r.systems.add(s.trim());
        }
        r.systems.sort(Comparator.comparingInt(ALL::indexOf));
        r.command = "bench/run compare --dataset " + r.dataset + " --points " + r.points
                + (r.systems.size() == ALL.size() ? "" : " --systems " + String.join(",", r.systems))
                + (r.repeat == 1 ? "" : " --repeat " + r.repeat)
                + (r.seed == 42 ? "" : " --seed " + r.seed);
        r.date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        r.commit = git(root);
        Path work = Path.of(a.getOrDefault("work", root.resolve("bench/target/compare-work").toString())).toAbsolutePath();
        Files.createDirectories(work);
        if (r.dataset.equals("ekg") && !Files.isReadable(ekg)) {
            System.err.println("compare: the ekg dataset needs " + ekg + "; it is missing, so nothing was measured");
            System.exit(2);
        }
        checkSpace(work, r.points);

        System.err.printf("compare: %s, %,d points, systems %s, %d run(s) each; work directory %s%n",
                r.dataset, r.points, r.systems, r.repeat, work);
        r.machine.putAll(Machine.describe(work));
        System.err.println("compare: measuring the machine's limits (best of 3 writes of 1 GiB + fsync, best of 7 copies of 256 MiB)");
        r.diskWrite = Machine.diskWrite(work, 3);
        r.memoryCopy = Machine.memoryCopy();
        r.machine.put("disk_write_mb_s", Math.round(r.diskWrite / 1e6 * 10) / 10.0);
        r.machine.put("memory_copy_gb_s", Math.round(r.memoryCopy / 1e9 * 100) / 100.0);
        System.err.printf("compare: disk write %.0f MB/s, memory copy %.2f GB/s%n", r.diskWrite / 1e6, r.memoryCopy / 1e9);

        Map<String, List<Map<String, String>>> checkRuns = new LinkedHashMap<>();
        for (int rep = 1; rep <= r.repeat; rep++) {
            for (String system : r.systems) {
                Path dir = work.resolve(r.dataset + "-" + r.points + "-" + system);
                deleteTree(dir);
                String name = r.dataset + "-" + r.points + "-" + system + "-run" + rep;
                Path out = work.resolve(name + ".out");
                Path log = work.resolve(name + ".log");
                System.err.printf("compare: run %d of %d: %s%n", rep, r.repeat, system);
                List<String> cmd = childCommand(system, jar, lib, a, r, ekg, dir, out);
                Files.deleteIfExists(out);
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectOutput(log.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                long limit = 900 + r.points / 100_000;
                boolean finished = p.waitFor(limit, TimeUnit.SECONDS);
                if (!finished) {
                    p.destroyForcibly().waitFor();
                }
                int rc = finished ? p.exitValue() : -1;
                boolean keepDir = a.containsKey("keep");
                if (!keepDir) {
                    deleteTree(dir);
                }
                List<String> lines = Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
                Map<String, String> checks = new LinkedHashMap<>();
                for (String line : lines) {
                    String[] f = line.split(" ", 4);
                    switch (f[0]) {
                        case "RESULT" -> {
                            r.all.computeIfAbsent(system, k -> new LinkedHashMap<>())
                                    .computeIfAbsent(f[1], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
                            r.units.put(f[1], f[3].replace('_', ' '));
                        }
                        case "CHECK" -> checks.put(f[1], line.substring(line.indexOf(f[1]) + f[1].length() + 1));
                        case "INFO" -> {
                            String v = line.substring(line.indexOf(f[1]) + f[1].length() + 1);
                            r.infos.computeIfAbsent(system, k -> new LinkedHashMap<>()).put(f[1], v);
                            if (f[1].equals("version")) {
                                r.versions.put(system, v);
                            } else if (f[1].equals("setup")) {
                                r.setups.put(system, v);
                            }
                        }
                        default -> {
                        }
                    }
                }
                checkRuns.computeIfAbsent(system, k -> new ArrayList<>()).add(checks);
                if (rc != 0) {
                    String why = finished ? "exited with " + rc : "timed out after " + limit + " s";
                    r.problems.add(system + " run " + rep + " " + why + " (log: " + log + ")");
                    System.err.printf("compare: %s %s; the last lines of its log %s:%n", system, why, log);
                    tail(log, 25);
                } else {
                    System.err.printf("compare: %s done in %.0f s%n", system, (System.nanoTime() - t0) / 1e9);
                }
            }
        }

        for (String system : r.systems) {
            Map<String, Double> med = new LinkedHashMap<>();
            r.all.getOrDefault(system, Map.of()).forEach((w, vs) -> med.put(w, median(vs)));
            r.median.put(system, med);
            List<Map<String, String>> runs = checkRuns.getOrDefault(system, List.of());
            r.checks.put(system, runs.isEmpty() ? Map.of() : runs.get(0));
        }
        compareAnswers(r);
        derived(r);

        Path results = root.resolve("bench/results");
        Files.createDirectories(results);
        Path json = results.resolve("compare-" + r.dataset + "-" + r.points + ".json");
        Files.writeString(json, Report.json(r));
        Path img = root.resolve("docs/img");
        Files.createDirectories(img);
        String svg = Chart.svg(r);
        Path chart = img.resolve("compare-" + r.dataset + "-" + r.points + ".svg");
        Files.writeString(chart, svg);
        Files.writeString(img.resolve("compare-" + r.dataset + ".svg"), svg);
        System.out.print(Report.table(r));
        if (!a.containsKey("no-docs")) {
            Path md = root.resolve("docs/benchmarks.md");
            Report.updateDocs(md, r);
            System.err.println("compare: wrote " + root.relativize(md));
        }
        System.err.println("compare: wrote " + root.relativize(json) + ", " + root.relativize(chart)
                + " and docs/img/compare-" + r.dataset + ".svg");
        System.exit(r.problems.isEmpty() ? 0 : 1);
    }

    private static List<String> childCommand(String system, Path jar, Path lib, Map<String, String> a, Results r,
                                             Path ekg, Path dir, Path out) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx" + a.getOrDefault("heap", "4g")));
        String cp = jar.toString();
        switch (system) {
            case "questdb" -> {
                // QuestDB loads its native library through JNI and uses sun.misc.Unsafe: both allowed
                // explicitly so that JDK 25 does not warn (it would still run)
                cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
                cp += File.pathSeparator + peerJar(lib, "questdb");
            }
            case "duckdb" -> {
                cmd.add("--enable-native-access=ALL-UNNAMED"); // the JNI library of the driver
                cp += File.pathSeparator + peerJar(lib, "duckdb_jdbc");
            }
            default -> {
            }
        }
        cmd.addAll(List.of("-cp", cp, Child.class.getName(), "--system", system, "--dataset", r.dataset,
                "--points", Long.toString(r.points), "--seed", Long.toString(r.seed), "--ekg", ekg.toString(),
                "--dir", dir.toString(), "--out", out.toString()));
        for (String k : List.of("queries", "budget", "batch")) {
            if (a.containsKey(k)) {
                cmd.addAll(List.of("--" + k, a.get(k)));
            }
        }
        return cmd;
    }

    private static String peerJar(Path lib, String artifact) throws IOException {
        try (Stream<Path> s = Files.list(lib)) {
            return s.filter(p -> p.getFileName().toString().matches(artifact + "-[0-9].*\\.jar"))
                    .map(Path::toString).findFirst()
                    .orElseThrow(() -> new IOException("no " + artifact + " jar in " + lib + " (build with bench/run)"));
        }
    }

    /** Compares what the systems answered (first run of each); records agreements and mismatches. */
    private static void compareAnswers(Results r) {
        Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        r.checks.forEach((system, checks) -> checks.forEach((k, v) ->
                byKey.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(system, v)));
        byKey.forEach((k, bySystem) -> {
            if (bySystem.size() < 2) {
                return;
            }
            String first = null;
            String firstSystem = null;
            boolean same = true;
            for (Map.Entry<String, String> e : bySystem.entrySet()) {
                if (first == null) {
                    first = e.getValue();
                    firstSystem = e.getKey();
                } else if (!close(first, e.getValue())) {
                    same = false;
                    r.problems.add("answers differ for " + k + ": " + firstSystem + " " + first + ", "
                            + e.getKey() + " " + e.getValue());
                }
            }
            if (same) {
                r.agreed.add(k);
            }
        });
    }

    /** Equal as integers, or as doubles to 1e-9 relative (sums of doubles in different orders). */
    private static boolean close(String x, String y) {
        if (x.equals(y)) {
            return true;
        }
        try {
            double a = Double.parseDouble(x);
            double b = Double.parseDouble(y);
            boolean integral = !x.contains(".") && !x.contains("E") && !y.contains(".") && !y.contains("E");
            return !integral && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Dendro's figures as fractions of the machine's limits. */
    private static void derived(Results r) {
        Double ingest = r.value("dendro", Workload.INGEST);
        Double scan = r.value("dendro", Workload.SCAN);
        Double bytes = r.value("dendro", Workload.BYTES);
        Map<String, Double> d = r.median.get("dendro");
        if (d == null) {
            return;
        }
        if (ingest != null) {
            d.put("ingest_of_disk_write_logical", ingest * 16 / r.diskWrite);
            r.units.put("ingest_of_disk_write_logical", "fraction");
            if (bytes != null) {
                d.put("ingest_of_disk_write_physical", ingest * bytes / r.diskWrite);
                r.units.put("ingest_of_disk_write_physical", "fraction");
            }
        }
        if (scan != null) {
            d.put("scan_of_memory_copy", scan * 16 / r.memoryCopy);
            r.units.put("scan_of_memory_copy", "fraction");
        }
    }

    static double median(List<Double> xs) {
        double[] c = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    private static long parseCount(String s) {
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

    /** Each system's data directory exists alone (the previous one is deleted), so the largest must fit. */
    private static void checkSpace(Path work, long points) throws IOException {
        long need = points * 20 + (2L << 30);
        long free = Files.getFileStore(work).getUsableSpace();
        if (free < need) {
            System.err.printf("compare: %,d points need about %,d MB free in %s (raw 16 B/point for one system at a "
                    + "time, plus room); only %,d MB are free%n", points, need >> 20, work, free >> 20);
            System.exit(2);
        }
    }

    private static String git(Path root) {
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? s : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static void tail(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - n), lines.size()).forEach(l -> System.err.println("    " + l));
        } catch (IOException e) {
            System.err.println("    (no log: " + e.getMessage() + ")");
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
            System.err.println("compare: " + problem);
        }
        System.err.println("""
                usage: bench/run compare --dataset synthetic|ekg --points N [options]
                  --points N          points in the series (10000000, 10M, 1e8, 1B; 1B is the opt-in large run)
                  --systems a,b,c     any of dendro,questdb,duckdb (default: all three)
                  --repeat R          runs of each system, interleaved; figures are medians of the runs (default 1)
                  --seed S            seed of the data and of the random query ranges (default 42)
                  --work DIR          where the databases go (default bench/target/compare-work)
                  --keep              keep the databases afterwards
                  --no-docs           do not touch docs/benchmarks.md
                  --queries Q         random-range queries per workload (default 1000; each workload stops after 20 s)
                  --heap SIZE         -Xmx of each child JVM (default 4g)""");
        System.exit(problem == null ? 0 : 2);
    }
}
