package io.dendro.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The comparison's table (stdout), JSON file and section of docs/benchmarks.md. */
final class Report {
    static final String NAME_DENDRO = "Dendro";

    private Report() {
    }

    static String displayName(String system) {
        return switch (system) {
            case "dendro" -> NAME_DENDRO;
            case "questdb" -> "QuestDB";
            case "duckdb" -> "DuckDB";
            default -> system;
        };
    }

    /** A figure with its unit, short: "25.3 M/s", "4.21 ms", "3.1 µs", "16.0 B", "412 MB". */
    static String format(double v, String unit) {
        return switch (unit) {
            case "points/s" -> v >= 1e6 ? String.format("%.2f M/s", v / 1e6) : String.format("%.0f k/s", v / 1e3);
            case "ms" -> sig(v) + " ms";
            case "µs" -> sig(v) + " µs";
            case "bytes/point" -> String.format("%.2f B", v);
            case "MB" -> String.format("%.0f MB", v);
            case "fraction" -> String.format("%.1f %%", v * 100);
            default -> sig(v) + " " + unit;
        };
    }

    /** Three significant digits, without exponent. */
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

    /** "12.3× better" or "2.0× worse". */
    static String ratio(double advantage) {
        if (Double.isNaN(advantage) || Double.isInfinite(advantage)) {
            return "—";
        }
        return advantage >= 1 ? sig(advantage) + "× better" : sig(1 / advantage) + "× worse";
    }

    static List<String> peers(Compare.Results r) {
        return r.systems.stream().filter(s -> !s.equals("dendro")).toList();
    }

    static double advantage(Compare.Results r, Workload w, String peer) {
        Double d = r.value("dendro", w);
        Double p = r.value(peer, w.peerWorkload());
        return d == null || p == null ? Double.NaN : w.advantage(d, p);
    }

    static String cell(Compare.Results r, String system, Workload w) {
        Double v = r.value(system, system.equals("dendro") ? w : w.peerWorkload());
        if (v == null) {
            return "—";
        }
        return system.equals("dendro") || w == w.peerWorkload() ? format(v, w.unit) : "(" + format(v, w.unit) + ")";
    }

    private static String title(Compare.Results r) {
        StringBuilder s = new StringBuilder();
        s.append(NAME_DENDRO);
        List<String> peers = peers(r);
        for (int i = 0; i < peers.size(); i++) {
            s.append(i == 0 ? " vs " : " and ").append(displayName(peers.get(i))).append(' ')
                    .append(r.versions.getOrDefault(peers.get(i), "?"));
        }
        return s.append(" — ").append(r.dataset).append(", ").append(String.format("%,d", r.points)).append(" points")
                .toString();
    }

    static String machineLine(Compare.Results r) {
        return String.format("%s, %s cores, %s GB RAM, %s, %s; disk write %s MB/s (1 GiB + fsync, best of 3), memory copy %s GB/s (best of 7)",
                r.machine.get("cpu"), r.machine.get("cores"), r.machine.get("memory_gb"), r.machine.get("filesystem"),
                r.machine.get("jdk"), r.machine.get("disk_write_mb_s"), r.machine.get("memory_copy_gb_s"));
    }

    /** The plain-text table printed at the end of a run. */
    static String table(Compare.Results r) {
        StringBuilder s = new StringBuilder();
        s.append('\n').append(title(r)).append(String.format(", median of %d run(s)%n", r.repeat));
        s.append("machine: ").append(machineLine(r)).append('\n');
        s.append(String.format("%-66s", "workload"));
        for (String sys : r.systems) {
            s.append(String.format("%14s", displayName(sys)));
        }
        for (String p : peers(r)) {
            s.append(String.format("%18s", "vs " + displayName(p)));
        }
        s.append('\n');
        for (Workload w : Workload.values()) {
            if (!present(r, w)) {
                continue;
            }
            s.append(String.format("%-66s", w.label + " [" + w.unit + "]"));
            for (String sys : r.systems) {
                s.append(String.format("%14s", cell(r, sys, w)));
            }
            for (String p : peers(r)) {
                s.append(String.format("%18s", ratio(advantage(r, w, p))));
            }
            s.append('\n');
        }
        for (String line : limitLines(r)) {
            s.append(line).append('\n');
        }
        s.append(rssLine(r)).append('\n');
        s.append(checkLine(r)).append('\n');
        for (String[] t : targets(r)) {
            s.append(String.format("target %-66s %-16s %s%n", t[0], t[1], t[2]));
        }
        for (String p : r.problems) {
            s.append("PROBLEM: ").append(p).append('\n');
        }
        return s.toString();
    }

    static boolean present(Compare.Results r, Workload w) {
        for (String sys : r.systems) {
            if (r.value(sys, sys.equals("dendro") ? w : w.peerWorkload()) != null) {
                return !w.dendroOnly() || r.value("dendro", w) != null;
            }
        }
        return false;
    }

    static List<String> limitLines(Compare.Results r) {
        List<String> out = new ArrayList<>();
        Map<String, Double> d = r.median.get("dendro");
        if (d == null) {
            return out;
        }
        if (d.containsKey("ingest_of_disk_write_logical")) {
            out.add(String.format("Dendro ingest writes %s of the disk's sequential write bandwidth counting 16 raw bytes a "
                            + "point%s.", format(d.get("ingest_of_disk_write_logical"), "fraction"),
                    d.containsKey("ingest_of_disk_write_physical") ? String.format(" (%s counting the bytes it keeps on disk)",
                            format(d.get("ingest_of_disk_write_physical"), "fraction")) : ""));
        }
        if (d.containsKey("scan_of_memory_copy")) {
            out.add(String.format("Dendro's scan delivers 16-byte points at %s of the memory copy bandwidth.",
                    format(d.get("scan_of_memory_copy"), "fraction")));
        }
        return out;
    }

    /** Resident memory split into anonymous (heap, native buffers) and file-backed (mapped files) parts. */
    static String rssLine(Compare.Results r) {
        StringBuilder s = new StringBuilder("Resident memory after load, anonymous + file-backed (mapped files):");
        boolean any = false;
        for (String sys : r.systems) {
            Map<String, String> i = r.infos.getOrDefault(sys, Map.of());
            if (i.containsKey("rss_anon_mb") && i.containsKey("rss_file_mb")) {
                s.append(any ? "; " : " ").append(displayName(sys)).append(' ')
                        .append(String.format("%.0f + %.0f MB", Double.parseDouble(i.get("rss_anon_mb")),
                                Double.parseDouble(i.get("rss_file_mb"))));
                any = true;
            }
        }
        return any ? s.append(" (last run).").toString() : "";
    }

    static String checkLine(Compare.Results r) {
        long differ = r.problems.stream().filter(p -> p.startsWith("answers differ")).count();
        if (differ == 0 && r.agreed.isEmpty()) {
            return "Answers not compared (one system, or no system finished).";
        }
        return differ == 0
                ? "Answers checked across systems (" + r.agreed.size() + " checks: scan, hourly totals, random counts "
                + "and ranges, latest): all equal."
                : "Answers differ across systems in " + differ + " checks (see the problems below).";
    }

    /** Issue 4's targets: {target, measured, verdict}. */
    static List<String[]> targets(Compare.Results r) {
        List<String[]> out = new ArrayList<>();
        Double ingest = r.value("dendro", Workload.INGEST);
        if (ingest != null) {
            if (r.value("questdb", Workload.INGEST) != null) {
                double adv = advantage(r, Workload.INGEST, "questdb");
                out.add(new String[] {"ingest at least as fast as QuestDB", ratio(adv), verdict(adv >= 1, adv, 1)});
            }
            if (r.value("duckdb", Workload.INGEST) != null) {
                double adv = advantage(r, Workload.INGEST, "duckdb");
                out.add(new String[] {"ingest at least 5x DuckDB's", ratio(adv), verdict(adv >= 5, adv, 5)});
            }
            out.add(new String[] {"ingest at least 20 M points/s", format(ingest, "points/s"),
                    verdict(ingest >= 20e6, ingest / 1e6, 20)});
        }
        if (r.value("dendro", Workload.SCAN) != null && r.value("questdb", Workload.SCAN) != null) {
            double adv = advantage(r, Workload.SCAN, "questdb");
            out.add(new String[] {"scan at least as fast as QuestDB's cursor", ratio(adv), verdict(adv >= 1, adv, 1)});
            if (r.value("dendro", Workload.SCAN_PER_POINT) != null) {
                double pp = advantage(r, Workload.SCAN_PER_POINT, "questdb");
                out.add(new String[] {"scan at least as fast as QuestDB's cursor, one call per point", ratio(pp),
                        verdict(pp >= 1, pp, 1)});
            }
        }
        for (Workload w : new Workload[] {Workload.HOURLY, Workload.HOURLY_PW42}) {
            Double d = r.value("dendro", w);
            if (d == null) {
                continue;
            }
            String how = w == Workload.HOURLY ? "windows(1 h, depth 0)" : "alignedWindows(pw 42)";
            for (String p : peers(r)) {
                double adv = advantage(r, w, p);
                out.add(new String[] {"hourly stats, " + how + ", 300x faster than " + displayName(p), ratio(adv),
                        verdict(adv >= 300, adv, 300)});
            }
            out.add(new String[] {"hourly stats, " + how + ", under 5 ms over 100 M points", format(d, "ms"),
                    r.points >= 100_000_000L ? verdict(d < 5, d, 5)
                            : "not judged: " + String.format("%,d", r.points) + " points (" + (d < 5 ? "under" : "over")
                            + " 5 ms here)"});
        }
        for (String p : peers(r)) {
            if (r.value("dendro", Workload.COUNT_1H) != null && r.value(p, Workload.COUNT_1H) != null) {
                double adv = advantage(r, Workload.COUNT_1H, p);
                out.add(new String[] {"count 10x faster than " + displayName(p), ratio(adv), verdict(adv >= 10, adv, 10)});
            }
        }
        Double latest = r.value("dendro", Workload.LATEST);
        if (latest != null) {
            out.add(new String[] {"latest point under 10 µs", format(latest, "µs"), verdict(latest < 10, latest, 10)});
        }
        Double bytes = r.value("dendro", Workload.BYTES);
        if (bytes != null) {
            out.add(new String[] {"at most 3 bytes per point", format(bytes, "bytes/point"), verdict(bytes <= 3, bytes, 3)});
        }
        return out;
    }

    /** Every run's figure per system and workload, in a collapsed block: how noisy the machine was. */
    static String runsDetails(Compare.Results r) {
        if (r.repeat < 2) {
            return "";
        }
        StringBuilder s = new StringBuilder("<details><summary>Every run's figures (the table has their medians)</summary>\n\n");
        s.append("| system | workload | runs |\n|---|---|---|\n");
        for (String sys : r.systems) {
            r.all.getOrDefault(sys, Map.of()).forEach((w, vs) -> {
                String unit = r.units.getOrDefault(w, "");
                s.append("| ").append(displayName(sys)).append(" | ").append(w).append(" | ");
                for (int i = 0; i < vs.size(); i++) {
                    s.append(i == 0 ? "" : ", ").append(format(vs.get(i), unit));
                }
                s.append(" |\n");
            });
        }
        return s.append("\n</details>\n\n").toString();
    }

    /** "met" or "MISSED" with the gap: the factor by which the measured figure must still move. */
    private static String verdict(boolean met, double measured, double goal) {
        if (met) {
            return "met";
        }
        double gap = measured > goal ? measured / goal : goal / measured;
        return "MISSED (" + sig(gap) + "x short)";
    }

    /** The JSON file: {"dataset", "points", "machine", "results": [{system, workload, value, unit}]}. */
    static String json(Compare.Results r) {
        StringBuilder s = new StringBuilder();
        s.append("{\n  \"dataset\": ").append(str(r.dataset)).append(",\n  \"points\": ").append(r.points)
                .append(",\n  \"machine\": {");
        boolean first = true;
        Map<String, Object> m = new java.util.LinkedHashMap<>(r.machine);
        m.put("date", r.date);
        m.put("command", r.command);
        m.put("runs_per_system", r.repeat);
        m.put("dendro_commit", r.commit);
        r.versions.forEach((k, v) -> m.put(k + "_version", v));
        for (Map.Entry<String, Object> e : m.entrySet()) {
            s.append(first ? "\n" : ",\n").append("    ").append(str(e.getKey())).append(": ");
            Object v = e.getValue();
            s.append(v instanceof Number ? v.toString() : str(String.valueOf(v)));
            first = false;
        }
        s.append("\n  },\n  \"results\": [");
        first = true;
        for (String sys : r.systems) {
            for (Map.Entry<String, Double> e : r.median.getOrDefault(sys, Map.of()).entrySet()) {
                s.append(first ? "\n" : ",\n").append("    {\"system\": ").append(str(sys)).append(", \"workload\": ")
                        .append(str(e.getKey())).append(", \"value\": ").append(num(e.getValue())).append(", \"unit\": ")
                        .append(str(r.units.getOrDefault(e.getKey(), ""))).append('}');
                first = false;
            }
        }
        return s.append("\n  ]\n}\n").toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
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

    static String begin(Compare.Results r) {
        return "<!-- compare:" + r.dataset + "-" + r.points + ":begin (written by bench/run compare; edits here are overwritten) -->";
    }

    static String end(Compare.Results r) {
        return "<!-- compare:" + r.dataset + "-" + r.points + ":end -->";
    }

    static final String RESULTS_END = "<!-- compare:results:end -->";

    /** Replaces (or adds) this run's section of the docs page, leaving the rest of the page alone. */
    static void updateDocs(Path md, Compare.Results r) throws IOException {
        String page = Files.exists(md) ? Files.readString(md, StandardCharsets.UTF_8)
                : "# Dendro compared with QuestDB and DuckDB\n\n" + RESULTS_END + "\n";
        String section = markdown(r);
        String b = begin(r);
        String e = end(r);
        int i = page.indexOf(b.substring(0, b.indexOf(" (")));
        int j = page.indexOf(e);
        if (i >= 0 && j > i) {
            page = page.substring(0, i) + section + page.substring(j + e.length());
        } else {
            int k = page.indexOf(RESULTS_END);
            page = k >= 0 ? page.substring(0, k) + section + "\n\n" + page.substring(k) : page + "\n" + section + "\n";
        }
        Files.writeString(md, page, StandardCharsets.UTF_8);
    }

    /** This run's section: the command, the machine, the table, Dendro against the limits, the targets, the chart. */
    static String markdown(Compare.Results r) {
        StringBuilder s = new StringBuilder();
        s.append(begin(r)).append('\n');
        s.append("### ").append(r.dataset).append(", ").append(String.format("%,d", r.points)).append(" points\n\n");
        s.append("`").append(r.command).append("` — ").append(r.date.substring(0, 10)).append(", Dendro ")
                .append(r.commit).append(", median of ").append(r.repeat).append(r.repeat == 1 ? " run" : " runs")
                .append(" per system");
        for (String p : peers(r)) {
            s.append(", ").append(displayName(p)).append(' ').append(r.versions.getOrDefault(p, "?"));
        }
        s.append(".\n\nMachine: ").append(machineLine(r)).append(".\n\n");
        s.append("| workload | ");
        for (String sys : r.systems) {
            s.append(displayName(sys)).append(" | ");
        }
        for (String p : peers(r)) {
            s.append("Dendro vs ").append(displayName(p)).append(" | ");
        }
        s.append("\n|---|");
        s.append("---:|".repeat(r.systems.size() + peers(r).size()));
        s.append('\n');
        for (Workload w : Workload.values()) {
            if (!present(r, w)) {
                continue;
            }
            s.append("| ").append(w.label).append(" | ");
            for (String sys : r.systems) {
                s.append(cell(r, sys, w)).append(" | ");
            }
            for (String p : peers(r)) {
                double adv = advantage(r, w, p);
                String t = ratio(adv);
                s.append(!Double.isNaN(adv) && adv >= 1 ? "**" + t + "**" : t).append(" | ");
            }
            s.append('\n');
        }
        s.append('\n');
        List<String> notes = new ArrayList<>();
        if (present(r, Workload.HOURLY_PW42) || present(r, Workload.SCAN_PER_POINT)) {
            notes.add("Peers' figures in parentheses are the row above's, set against Dendro's second way of answering "
                    + "(2^42 ns windows for the hourly statistics; one next() call per point for the scan, whose first row "
                    + "uses Dendro's batch call next(long[], double[]), 4,096 points at a time).");
        }
        notes.addAll(limitLines(r));
        Double tb = r.median.getOrDefault("duckdb", Map.of()).get(DuckDbSubject.TIME_BUCKET);
        if (tb != null) {
            notes.add("DuckDB's hourly statistics written with `time_bucket(INTERVAL 1 hour, ts)` took " + format(tb, "ms")
                    + "; the table has its faster equivalent, an integer bucket `epoch_ns(ts) // 3600000000000`.");
        }
        String rss = rssLine(r);
        if (!rss.isEmpty()) {
            notes.add(rss);
        }
        notes.add(checkLine(r));
        for (String n : notes) {
            s.append("- ").append(n).append('\n');
        }
        s.append('\n');
        List<String[]> targets = targets(r);
        if (!targets.isEmpty()) {
            s.append("| issue 4 target | measured | verdict |\n|---|---:|---|\n");
            for (String[] t : targets) {
                s.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ")
                        .append(t[2].startsWith("MISSED") ? "**" + t[2] + "**" : t[2]).append(" |\n");
            }
            s.append('\n');
        }
        if (!r.problems.isEmpty()) {
            s.append("Problems in this run:\n\n");
            for (String p : r.problems) {
                s.append("- ").append(p).append('\n');
            }
            s.append('\n');
        }
        s.append(runsDetails(r));
        s.append("![Dendro vs peers, ").append(r.dataset).append(", ").append(String.format("%,d", r.points))
                .append(" points](img/compare-").append(r.dataset).append('-').append(r.points).append(".svg)\n\n");
        s.append("Raw figures: [`bench/results/compare-").append(r.dataset).append('-').append(r.points)
                .append(".json`](../bench/results/compare-").append(r.dataset).append('-').append(r.points)
                .append(".json)\n");
        s.append(end(r));
        return s.toString();
    }
}
