package io.dendro.cli;

import io.dendro.BucketCursor;
import io.dendro.DocumentBucketCursor;
import io.dendro.StreamKind;
import io.dendro.value.Json;
import java.util.Map;
import io.dendro.Granularity;
import io.dendro.Stream;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dendro downsample}: Datastream's downsampling, one bucket a line, answered from the
 * tree's summaries ({@link Stream#downsample}).
 */
@Command(name = "downsample", sortOptions = false,
        description = {"Print statistics per bucket of a granularity in a time zone, one bucket a line, from the "
                + "points in [start, end). Buckets with no point are left out unless --fill.",
            "Granularities: seconds/s, 10seconds/S, minutes/m, 10minutes/M, hours/h, 6hours/H, days/d, weeks, "
                + "months, years, or a fixed width such as 15min, 90s, 250ms (units ns, us, ms, s, min, h).",
            "Value downsamplers (name or key) of a numeric stream: count/c, sum/s, sum_squares/q, min/l, max/u, "
                + "mean/m, std_dev/d (population); Dendro's nulls/n (null points, only when asked). Of a nominal "
                + "stream: count/c, most_often/o, least_often/r, frequencies/f. Of a graph stream: count/c, "
                + "vertices_min/vl, vertices_mean/vm, vertices_max/vu, edges_min/el, edges_mean/em, edges_max/eu. "
                + "Time downsamplers: first/a, last/z, mean/m (the exact mean of the times).",
            "jsonl: {\"start\": NS, \"t\": {\"a\": NS, \"z\": NS, \"m\": NS}, \"v\": {\"c\": ..., ...}}; csv: start, "
                + "then a column per downsampler (v_c, ..., t_a, ...)."})
final class DownsampleCommand extends StreamCommand {
    /** Datastream's value downsamplers of numeric streams: key, name. */
    static final String[][] VALUE = {{"c", "count"}, {"s", "sum"}, {"q", "sum_squares"}, {"l", "min"},
        {"u", "max"}, {"m", "mean"}, {"d", "std_dev"}, {"n", "nulls"}};
    /** Value downsamplers of nominal streams: key, name. */
    static final String[][] NOMINAL = {{"c", "count"}, {"o", "most_often"}, {"r", "least_often"},
        {"f", "frequencies"}};
    /** Value downsamplers of graph streams: key, name. */
    static final String[][] GRAPH = {{"c", "count"}, {"vl", "vertices_min"}, {"vm", "vertices_mean"},
        {"vu", "vertices_max"}, {"el", "edges_min"}, {"em", "edges_mean"}, {"eu", "edges_max"}};
    /** Keys printed only when asked for: Dendro's null count {@code n} is not one of Datastream's defaults. */
    static final java.util.Set<String> ONLY_WHEN_ASKED = java.util.Set.of("n");
    /** Datastream's time downsamplers: key, name. */
    static final String[][] TIME = {{"a", "first"}, {"z", "last"}, {"m", "mean"}};

    @Spec
    CommandSpec spec;

    @Option(names = "--granularity", required = true, paramLabel = "G", converter = GranularityConverter.class,
            description = "The buckets: a name or key above, or a fixed width.")
    Granularity granularity;

    @Option(names = "--start", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range start, inclusive (ns or ISO-8601).")
    long start;

    @Option(names = "--end", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range end, exclusive (ns or ISO-8601).")
    long end;

    @Option(names = "--time-zone", paramLabel = "Z", defaultValue = "UTC", converter = ZoneConverter.class,
            description = "Time zone of the calendar buckets: an IANA name (Europe/Ljubljana), UTC (default) "
                    + "or an offset (+05:30).")
    ZoneId zone;

    @Mixin
    VersionOption version;

    @Option(names = "--value-downsamplers", paramLabel = "LIST", split = ",",
            description = "Value downsamplers, comma-separated (default: all).")
    List<String> valueNames;

    @Option(names = "--time-downsamplers", paramLabel = "LIST", split = ",",
            description = "Time downsamplers, comma-separated (default: all; m reads the points under "
                    + "internal nodes written before format 6, which keep no sums of times).")
    List<String> timeNames;

    @Option(names = "--fill", description = "Also print the buckets with no point (count 0, other values null).")
    boolean fill;

    @Option(names = "--format", paramLabel = "F", defaultValue = "jsonl",
            description = "jsonl (default) or csv.")
    PointFormat format;

    /** The stream's kind: which downsamplers exist and how they print. */
    private StreamKind kind;

    @Override
    void run(CliContext ctx, Stream s) {
        kind = s.kind();
        String[][] table = switch (kind) {
            case NUMERIC -> VALUE;
            case NOMINAL -> NOMINAL;
            case GRAPH -> GRAPH;
        };
        List<String> values = keys(valueNames, table, "--value-downsamplers", kind);
        List<String> times = keys(timeNames, TIME, "--time-downsamplers", kind);
        boolean csv = format == PointFormat.csv;
        try (BucketCursor c = kind == StreamKind.NUMERIC
                ? s.downsample(start, end, granularity.buckets(zone), fill, times.contains("m"), version.version)
                : s.downsampleDocuments(start, end, granularity.buckets(zone), fill, times.contains("m"),
                        version.version)) {
            reportVersion(ctx, c.version());
            PrintWriter out = ctx.out();
            if (csv) {
                StringBuilder h = new StringBuilder("start");
                values.forEach(k -> h.append(",v_").append(k));
                times.forEach(k -> h.append(",t_").append(k));
                out.append(h).append('\n');
            }
            StringBuilder sb = new StringBuilder(256);
            long rows = 0;
            while (c.next()) {
                sb.setLength(0);
                if (csv) {
                    csvRow(sb, c, values, times);
                } else {
                    jsonRow(sb, c, values, times);
                }
                out.append(sb.append('\n'));
                if (++rows % 4096 == 0 && out.checkError()) {
                    return; // the reader went away
                }
            }
        }
    }

    /** The keys of a comma list of names or keys, in the table's order; all of them when none given. */
    private List<String> keys(List<String> given, String[][] table, String option, StreamKind kind) {
        if (given == null || given.isEmpty()) {
            List<String> all = new ArrayList<>();
            for (String[] d : table) {
                if (!ONLY_WHEN_ASKED.contains(d[0])) {
                    all.add(d[0]);
                }
            }
            return all;
        }
        Set<String> want = new LinkedHashSet<>();
        for (String g : given) {
            String k = null;
            for (String[] d : table) {
                if (d[0].equals(g.trim()) || d[1].equals(g.trim())) {
                    k = d[0];
                }
            }
            if (k == null) {
                StringBuilder known = new StringBuilder();
                for (String[] d : table) {
                    known.append(known.isEmpty() ? "" : ", ").append(d[1]).append('/').append(d[0]);
                }
                throw new ParameterException(spec.commandLine(), option + ": unknown downsampler '" + g
                        + "' for a " + kind.label() + " stream (known: " + known + ")");
            }
            want.add(k);
        }
        List<String> out = new ArrayList<>();
        for (String[] d : table) {
            if (want.contains(d[0])) {
                out.add(d[0]);
            }
        }
        return out;
    }

    private void jsonRow(StringBuilder sb, BucketCursor c, List<String> values, List<String> times) {
        sb.append("{\"start\": ").append(c.time()).append(", \"t\": {");
        for (int i = 0; i < times.size(); i++) {
            String k = times.get(i);
            sb.append(i == 0 ? "" : ", ").append('"').append(k).append("\": ");
            long t = time(c, k);
            if (t == Long.MIN_VALUE) {
                sb.append("null");
            } else {
                sb.append(t);
            }
        }
        sb.append("}, \"v\": {");
        for (int i = 0; i < values.size(); i++) {
            String k = values.get(i);
            sb.append(i == 0 ? "" : ", ").append('"').append(k).append("\": ");
            if (kind == StreamKind.NOMINAL && (k.equals("o") || k.equals("r") || k.equals("f"))) {
                document(sb, k, (DocumentBucketCursor) c);
            } else {
                number(sb, k, c);
            }
        }
        sb.append("}}");
    }

    private void csvRow(StringBuilder sb, BucketCursor c, List<String> values, List<String> times) {
        sb.append(c.time());
        for (String k : values) {
            sb.append(',');
            if (kind == StreamKind.NOMINAL && (k.equals("o") || k.equals("r") || k.equals("f"))) {
                if (c.count() > 0) { // empty where jsonl has null
                    StringBuilder cell = new StringBuilder();
                    document(cell, k, (DocumentBucketCursor) c);
                    Csv.csvValue(sb, 0, cell.toString());
                }
            } else if (c.count() > 0 || List.of("c", "s", "q", "n").contains(k)) {
                number(sb, k, c); // empty where jsonl has null
            }
        }
        for (String k : times) {
            sb.append(',');
            long t = time(c, k);
            if (t != Long.MIN_VALUE) {
                sb.append(t);
            }
        }
    }

    private static long time(BucketCursor c, String key) {
        return switch (key) {
            case "a" -> c.firstTime();
            case "z" -> c.lastTime();
            default -> c.meanTime();
        };
    }

    /**
     * A nominal downsampler's value as JSON: the most or least frequent label (null in an empty
     * bucket), or the frequencies as an object, most frequent first, whose keys are the labels
     * (a string label as itself, any other value as its compact JSON).
     */
    private static void document(StringBuilder sb, String key, DocumentBucketCursor d) {
        if (key.equals("f")) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Long> e : d.frequencies().entrySet()) {
                sb.append(first ? "" : ", ");
                String label = e.getKey();
                if (label.startsWith("\"")) {
                    sb.append(label); // already a JSON string
                } else {
                    sb.append(Json.write(label));
                }
                sb.append(": ").append(e.getValue());
                first = false;
            }
            sb.append('}');
            return;
        }
        String label = key.equals("o") ? d.mostOften() : d.leastOften();
        sb.append(label == null ? "null" : label);
    }

    /** A value downsampler's value as JSON: null where an empty bucket has none. */
    private void number(StringBuilder sb, String key, BucketCursor c) {
        if (key.equals("c") || key.equals("n")) {
            sb.append(key.equals("c") ? c.count() : c.nulls());
            return;
        }
        if (c.count() == 0) {
            sb.append(key.equals("s") || key.equals("q") ? "0.0" : "null");
            return;
        }
        if (kind == StreamKind.GRAPH) {
            DocumentBucketCursor d = (DocumentBucketCursor) c;
            double g = switch (key) {
                case "vl" -> d.min();
                case "vm" -> d.mean();
                case "vu" -> d.max();
                case "el" -> d.edgesMin();
                case "em" -> d.edgesMean();
                default -> d.edgesMax();
            };
            sb.append(g);
            return;
        }
        double v = switch (key) {
            case "s" -> c.sum();
            case "q" -> c.sumOfSquares();
            case "l" -> c.min();
            case "u" -> c.max();
            case "m" -> c.mean();
            default -> c.stddev();
        };
        sb.append(v);
    }
}
