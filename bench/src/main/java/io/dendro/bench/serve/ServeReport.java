package io.dendro.bench.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The serve comparison's table (stdout), JSON file and section of docs/benchmarks.md. */
final class ServeReport {
    static final String RESULTS_END = "<!-- serve-compare:results:end -->";

    /** A row of the table: a metric, its label and unit, and whether more is better. */
    record Metric(String key, String label, String unit, boolean higherBetter) {
    }

    static final List<Metric> METRICS = List.of(
            new Metric("ingest", "ingest, line protocol over HTTP (points/s)", "points/s", true),
            new Metric("ingest_cpu_ns", "the server's CPU time during ingest, per point (ns)", "ns", false),
            new Metric("query_median", "minute mean/min/max over a random hour, median (ms)", "ms", false),
            new Metric("query_p99", "the same, p99 (ms)", "ms", false),
            new Metric("query_n", "the same, queries timed", "queries", true),
            new Metric("raw_median", "raw points of a random minute, median (ms)", "ms", false),
            new Metric("raw_p99", "the same, p99 (ms)", "ms", false),
            new Metric("raw_n", "the same, queries timed", "queries", true),
            new Metric("hourly_median", "hourly mean/min/max over a whole series, median (ms)", "ms", false),
            new Metric("hourly_p99", "the same, p99 (ms)", "ms", false),
            new Metric("hourly_n", "the same, queries timed", "queries", true),
            new Metric("bytes_per_point", "bytes on disk per point, after a clean stop", "bytes/point", false),
            new Metric("bytes_per_point_without_logs", "the same without write-ahead log files", "bytes/point", false),
            new Metric("bytes_per_point_latest", "the same, Dendro keeping its latest version only",
                    "bytes/point", false),
            new Metric("disk_bytes", "bytes on disk (MB)", "bytes", false),
            new Metric("peak_rss_mb", "server's peak resident memory, VmHWM (MB)", "MB", false));

    private ServeReport() {
    }

    static String display(String system) {
        return switch (system) {
            case "dendro" -> "Dendro";
            case "influxdb" -> "InfluxDB";
            case "victoriametrics" -> "VictoriaMetrics";
            default -> system;
        };
    }

    static String format(double v, String unit) {
        return switch (unit) {
            case "points/s" -> v >= 1e6 ? String.format("%.2f M/s", v / 1e6) : String.format("%.0f k/s", v / 1e3);
            case "ms" -> sig(v) + " ms";
            case "bytes/point" -> String.format("%.2f B", v);
            case "bytes" -> String.format("%.1f MB", v / 1e6);
            case "MB" -> String.format("%.0f MB", v);
            case "queries" -> String.format("%.0f", v);
            default -> sig(v) + " " + unit;
        };
    }

    static String sig(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format("%,.0f", v);
        } else if (a >= 10) {
            return String.format("%.1f", v);
        } else if (a >= 1) {
            return String.format("%.2f", v);
        }
        return String.format("%.3f", v);
    }

    /** Dendro against a peer on a metric: "2.1× better", "1.3× worse", or "—". */
    static String ratio(ServeCompare.Run r, Metric m, String peer) {
        Double d = r.median("dendro", m.key());
        // the peers keep no history: Dendro's latest version alone against their bytes per point
        Double p = r.median(peer, m.key().equals("bytes_per_point_latest") ? "bytes_per_point" : m.key());
        if (d == null || p == null || d == 0 || p == 0 || m.unit().equals("queries")) {
            return "—";
        }
        double adv = m.higherBetter() ? d / p : p / d;
        return adv >= 1 ? sig(adv) + "× better" : sig(1 / adv) + "× worse";
    }

    static List<String> peers(ServeCompare.Run r) {
        return r.systems.contains("dendro") ? r.systems.stream().filter(s -> !s.equals("dendro")).toList() : List.of();
    }

    private static String cell(ServeCompare.Run r, String system, Metric m) {
        Double v = r.median(system, m.key());
        return v == null ? "—" : format(v, m.unit());
    }

    static String table(ServeCompare.Run r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%nserve-compare: %,d points, batches of %,d lines, %d clients, median of %d run(s); "
                + "load %s before, %s after%n%n", r.points, r.batch, r.clients, r.repeat, r.loadBefore, r.loadAfter));
        s.append(String.format("%-52s", "workload"));
        for (String sys : r.systems) {
            s.append(String.format("%18s", display(sys)));
        }
        for (String p : peers(r)) {
            s.append(String.format("%22s", "vs " + display(p)));
        }
        s.append('\n');
        for (Metric m : METRICS) {
            if (r.systems.stream().allMatch(x -> r.median(x, m.key()) == null)) {
                continue;
            }
            s.append(String.format("%-52s", m.label()));
            for (String sys : r.systems) {
                s.append(String.format("%18s", cell(r, sys, m)));
            }
            for (String p : peers(r)) {
                s.append(String.format("%22s", ratio(r, m, p)));
            }
            s.append('\n');
        }
        s.append('\n');
        r.skipped.forEach((k, v) -> s.append("skipped ").append(display(k)).append(": ").append(v).append('\n'));
        r.agreed.forEach(x -> s.append("answers agree: ").append(x).append('\n'));
        r.problems.forEach(x -> s.append("PROBLEM: ").append(x).append('\n'));
        return s.toString();
    }

    static String json(ServeCompare.Run r) {
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"benchmark\": \"serve-compare\",\n");
        s.append("  \"points\": ").append(r.points).append(",\n");
        s.append("  \"data\": ").append(q(r.data)).append(", \"describe\": ").append(q(r.describe))
                .append(", \"query_seconds\": ").append(r.querySeconds).append(",\n");
        s.append("  \"hosts\": ").append(r.hosts).append(", \"fields\": ").append(r.fields).append(", \"batch_lines\": ")
                .append(r.batch).append(", \"clients\": ").append(r.clients).append(", \"queries\": ").append(r.queries)
                .append(", \"repeat\": ").append(r.repeat).append(", \"seed\": ").append(r.seed).append(",\n");
        s.append("  \"machine\": {");
        s.append("\"date\": ").append(q(r.date)).append(", \"command\": ").append(q(r.command))
                .append(", \"dendro_commit\": ").append(q(r.commit)).append(", \"load_before\": ").append(q(r.loadBefore))
                .append(", \"load_after\": ").append(q(r.loadAfter));
        for (Map.Entry<String, Object> e : r.machine.entrySet()) {
            s.append(", ").append(q(e.getKey())).append(": ")
                    .append(e.getValue() instanceof Number n ? n.toString() : q(String.valueOf(e.getValue())));
        }
        s.append(", \"versions\": {");
        String sep = "";
        for (Map.Entry<String, String> e : r.versions.entrySet()) {
            s.append(sep).append(q(e.getKey())).append(": ").append(q(e.getValue()));
            sep = ", ";
        }
        s.append("}, \"setups\": {");
        sep = "";
        for (Map.Entry<String, String> e : r.setups.entrySet()) {
            s.append(sep).append(q(e.getKey())).append(": ").append(q(e.getValue()));
            sep = ", ";
        }
        s.append("}},\n  \"results\": [");
        sep = "\n";
        for (String sys : r.systems) {
            for (Metric m : METRICS) {
                List<Double> runs = r.all.getOrDefault(sys, Map.of()).get(m.key());
                if (runs == null) {
                    continue;
                }
                s.append(sep).append("    {\"system\": ").append(q(sys)).append(", \"workload\": ").append(q(m.key()))
                        .append(", \"value\": ").append(r.median(sys, m.key())).append(", \"unit\": ").append(q(m.unit()))
                        .append(", \"runs\": ").append(runs).append('}');
                sep = ",\n";
            }
        }
        s.append("\n  ],\n  \"skipped\": {");
        sep = "";
        for (Map.Entry<String, String> e : r.skipped.entrySet()) {
            s.append(sep).append(q(e.getKey())).append(": ").append(q(e.getValue()));
            sep = ", ";
        }
        s.append("},\n  \"answers_agree\": ").append(list(r.agreed)).append(",\n  \"problems\": ").append(list(r.problems))
                .append("\n}\n");
        return s.toString();
    }

    private static String list(List<String> xs) {
        return xs.stream().map(ServeReport::q).toList().toString();
    }

    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String begin(ServeCompare.Run r) {
        return "<!-- serve-compare:" + r.name() + ":begin (written by bench/run serve-compare; edits here are overwritten) -->";
    }

    static String end(ServeCompare.Run r) {
        return "<!-- serve-compare:" + r.name() + ":end -->";
    }

    /** Replaces (or adds, before the results-end marker) this size's section; the rest of the page is left alone. */
    static void updateDocs(Path md, ServeCompare.Run r) throws IOException {
        String page = Files.exists(md) ? Files.readString(md, StandardCharsets.UTF_8) : RESULTS_END + "\n";
        String section = markdown(r);
        String b = begin(r);
        String e = end(r);
        int i = page.indexOf(b.substring(0, b.indexOf(" (")));
        int j = page.indexOf(e);
        if (i >= 0 && j > i) {
            page = page.substring(0, i) + section + page.substring(j + e.length());
        } else {
            // a new section: issue 12's EKG runs first, the others at the end
            int first = page.indexOf("<!-- serve-compare:");
            int k = r.data.equals("ekg") && first >= 0 && first < page.indexOf(RESULTS_END) ? first
                    : page.indexOf(RESULTS_END);
            page = k >= 0 ? page.substring(0, k) + section + "\n\n" + page.substring(k) : page + "\n" + section + "\n";
        }
        Files.writeString(md, page, StandardCharsets.UTF_8);
    }

    static String markdown(ServeCompare.Run r) {
        StringBuilder s = new StringBuilder();
        s.append(begin(r)).append('\n');
        s.append("### ").append(String.format("%,d", r.points)).append(" points over HTTP, ")
                .append(r.data.equals("ekg") ? "the EKG, one series a millisecond apart"
                        : r.hosts + " hosts × " + r.fields + (r.fields == 1 ? " field" : " fields")).append("\n\n");
        s.append('`').append(r.command).append("` — ").append(r.date, 0, 10).append(", Dendro ").append(r.commit)
                .append(", median of ").append(r.repeat).append(r.repeat == 1 ? " run" : " interleaved runs")
                .append(" per system");
        for (String p : r.systems) {
            if (!p.equals("dendro")) {
                s.append(", ").append(display(p)).append(' ').append(r.versions.getOrDefault(p, "?"));
            }
        }
        s.append(". Data: ").append(r.describe).append("; ").append(String.format("%,d", r.batch))
                .append("-line batches from ").append(r.clients).append(" client threads. Up to ").append(r.queries)
                .append(" timed queries of each minute workload and ").append(Math.min(50, r.queries))
                .append(" hourly ones, each workload stopping after ").append(r.querySeconds)
                .append(" s once 3 are done (1 when it alone took longer).\n\n");
        s.append("Machine: ").append(r.machine.get("cpu")).append(", ").append(r.machine.get("cores")).append(" cores, ")
                .append(r.machine.get("memory_gb")).append(" GB, shared with other work: load average ")
                .append(r.loadBefore).append(" at the start, ").append(r.loadAfter).append(" at the end.\n\n");
        s.append("![The comparison as bars](img/serve-compare-").append(r.name()).append(".svg)\n\n");
        s.append("| workload | ");
        r.systems.forEach(x -> s.append(display(x)).append(" | "));
        peers(r).forEach(p -> s.append("Dendro vs ").append(display(p)).append(" | "));
        s.append("\n|---|").append("---:|".repeat(r.systems.size() + peers(r).size())).append('\n');
        for (Metric m : METRICS) {
            if (r.systems.stream().allMatch(x -> r.median(x, m.key()) == null)) {
                continue;
            }
            s.append("| ").append(m.label()).append(" | ");
            r.systems.forEach(x -> s.append(cell(r, x, m)).append(" | "));
            peers(r).forEach(p -> s.append(ratio(r, m, p)).append(" | "));
            s.append('\n');
        }
        s.append('\n');
        r.skipped.forEach((k, v) -> s.append("- Skipped ").append(display(k)).append(": ").append(v).append(".\n"));
        r.agreed.forEach(x -> s.append("- Answers agree: ").append(x).append(".\n"));
        r.problems.forEach(x -> s.append("- **Problem:** ").append(x).append(".\n"));
        if (!r.skipped.isEmpty() || !r.agreed.isEmpty() || !r.problems.isEmpty()) {
            s.append('\n');
        }
        s.append("Raw figures, every run: [`bench/results/serve-compare-").append(r.name()).append(".json`](../bench/results/serve-compare-")
                .append(r.name()).append(".json)\n");
        s.append(end(r));
        return s.toString();
    }
}
