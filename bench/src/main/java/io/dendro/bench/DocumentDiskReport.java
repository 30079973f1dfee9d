package io.dendro.bench;

import io.dendro.CompactionReport;
import io.dendro.Database;
import io.dendro.DatabaseInfo;
import io.dendro.DatabaseOptions;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.VerifyReport;
import io.dendro.bench.codec.DocumentSizeReport;
import io.dendro.tree.DocumentColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Bytes on disk per point of label and graph streams in a real database, beside the figures
 * {@code codec.DocumentSizeReport} measures on the document column alone. Each stream is written
 * into a database of its own under {@code bench/target/disk-report/<stream>} (deleted first),
 * in batches as a live feed would send them, each batch its own version
 * ({@code Stream.flush()} after it), durability NONE. Then, from {@code Database.info()}
 * (every segment up to the allocation tail plus the meta file; the write-ahead log is not
 * counted), divided by the points:
 *
 * <ol>
 * <li>{@code written}: after the last batch and {@code Database.flush()}, every version kept
 *     (the files hold the nodes that later versions superseded too);</li>
 * <li>{@code compacted}: after {@code Database.compact()} with every version still kept;</li>
 * <li>{@code latest}: after {@code setRetention(1, null)} and another compaction, only the
 *     latest version kept: what the data itself costs.</li>
 * </ol>
 *
 * Also: an empty database's bytes (the same stream created, nothing inserted), the compact JSON
 * of the documents per point, the stream's leaves and how many points each holds (from
 * {@code Database.dumpTree}), what the document columns of exactly those leaves take alone
 * ({@code DocumentColumn.encode} of each leaf's documents: the documents' share of the figure;
 * for a label stream also in leaves of 8,192 points, as {@code codec.DocumentSizeReport} cuts them),
 * and {@code Database.verify()}'s distinct records (nodes and their bytes, registry included)
 * after the last compaction. The streams:
 *
 * <ul>
 * <li>{@code states}: {@link LabelDownsampleBenchmark}'s device states, 30 days at 1 Hz,
 *     five labels in runs of a few minutes (one insert per day);</li>
 * <li>{@code state}: DocumentSizeReport's {@code state}, a year every 10 s, four labels in long
 *     runs (one insert per day);</li>
 * <li>{@code topology}: DocumentSizeReport's {@code topology}, a graph stream: a 40-node,
 *     about 110-link mesh every 10 s for a day, vertices with an address and a name, edges with
 *     link qualities and an ETX, a third of the links changing a little per snapshot (one insert
 *     per hour);</li>
 * <li>{@code states-times}: for reference, a numeric stream with the same times as
 *     {@code states} and the constant value 0: what the times and the tree cost without documents.</li>
 * </ul>
 *
 * <pre>java -cp bench/target/benchmarks.jar io.dendro.bench.DocumentDiskReport</pre>
 */
public final class DocumentDiskReport {
    static final long SECOND = 1_000_000_000L;
    /** 2025-01-01T00:00:00Z. */
    static final long YEAR_START = 1_735_689_600_000_000_000L;

    private DocumentDiskReport() {
    }

    public static void main(String[] args) throws IOException {
        Path base = Dataset.baseDirectory().resolve("disk-report");
        System.out.printf(Locale.ROOT, "%-13s %-7s %9s %8s %8s %7s %12s %12s %12s %12s %9s %9s %9s %12s%n",
                "stream", "kind", "points", "versions", "batch", "leaves", "empty B", "written B", "compacted B",
                "latest B", "JSON B/pt", "written", "compacted", "latest B/pt");

        int n = LabelDownsampleBenchmark.POINTS_PER_DAY * LabelDownsampleBenchmark.DAYS;
        long[] t = new long[n];
        String[] docs = new String[n];
        LabelDownsampleBenchmark.StateGenerator sg = new LabelDownsampleBenchmark.StateGenerator(7);
        for (int i = 0; i < n; i++) {
            t[i] = LabelDownsampleBenchmark.START + i * SECOND;
            docs[i] = sg.next();
        }
        report(base, "states", StreamKind.NOMINAL, t, docs, LabelDownsampleBenchmark.POINTS_PER_DAY);
        report(base, "states-times", StreamKind.NUMERIC, t, null, LabelDownsampleBenchmark.POINTS_PER_DAY);

        List<byte[]> state = DocumentSizeReport.state(3_153_600);
        report(base, "state", StreamKind.NOMINAL, times(state.size(), 10), strings(state), 8_640);

        List<byte[]> topo = DocumentSizeReport.topology(8_640);
        report(base, "topology", StreamKind.GRAPH, times(topo.size(), 10), strings(topo), 360);
    }

    /** The points of each leaf of the stream's latest version, in time order (from {@code Database.dumpTree}). */
    static int[] leafPoints(Database db, UUID id) {
        java.io.StringWriter out = new java.io.StringWriter();
        db.dumpTree(id, 0, Database.DUMP_ALL, new java.io.PrintWriter(out));
        List<Integer> points = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            int leaf = line.indexOf("leaf ");
            if (leaf >= 0) {
                int at = line.indexOf(" points=", leaf) + " points=".length();
                points.add(Integer.parseInt(line.substring(at, line.indexOf(' ', at))));
            }
        }
        return points.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long[] times(int n, long seconds) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = YEAR_START + i * seconds * SECOND;
        }
        return t;
    }

    private static String[] strings(List<byte[]> docs) {
        String[] s = new String[docs.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = new String(docs.get(i), StandardCharsets.UTF_8);
        }
        return s;
    }

    /** Writes one stream into a fresh database in batches of {@code batch} points and prints its sizes. */
    static void report(Path base, String name, StreamKind kind, long[] t, String[] docs, int batch) {
        Path dir = base.resolve(name);
        Dataset.deleteTree(dir);
        UUID id = UUID.nameUUIDFromBytes(("dendro-bench/disk-report/" + name).getBytes(StandardCharsets.UTF_8));
        long json = 0;
        if (docs != null) {
            for (String d : docs) {
                json += d.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        try (Database db = Database.open(dir, DatabaseOptions.defaults().durability(Durability.NONE))) {
            Stream s = db.create(id, "bench/disk-report", Map.of("name", name), Map.of(), kind);
            long empty = db.info().bytesOnDisk();
            double[] zeros = docs == null ? new double[batch] : null;
            for (int from = 0; from < t.length; from += batch) {
                int to = Math.min(t.length, from + batch);
                long[] bt = Arrays.copyOfRange(t, from, to);
                if (docs == null) {
                    s.insert(bt, to - from == batch ? zeros : new double[to - from], MergePolicy.NEVER,
                            Durability.NONE);
                } else {
                    s.insertDocuments(bt, Arrays.copyOfRange(docs, from, to), MergePolicy.NEVER, Durability.NONE);
                }
                s.flush();
            }
            db.flush();
            DatabaseInfo written = db.info();
            CompactionReport c1 = db.compact();
            DatabaseInfo compacted = db.info();
            s.setRetention(1, null);
            CompactionReport c2 = db.compact();
            DatabaseInfo latest = db.info();
            VerifyReport v = db.verify();
            int[] leafPoints = leafPoints(db, id);
            long leaves = leafPoints.length;
            long points = latest.points();
            System.out.printf(Locale.ROOT, "%-13s %-7s %,9d %8d %8d %7d %,12d %,12d %,12d %,12d %9.3f %9.4f %9.4f %12.4f%n",
                    name, kind.name().toLowerCase(Locale.ROOT), points, written.versions(), batch, leaves, empty,
                    written.bytesOnDisk(), compacted.bytesOnDisk(), latest.bytesOnDisk(),
                    docs == null ? 0.0 : (double) json / points, (double) written.bytesOnDisk() / points,
                    (double) compacted.bytesOnDisk() / points, (double) latest.bytesOnDisk() / points);
            System.out.printf(Locale.ROOT, "    compactions: %s%n    and %s%n    verify after: %s, %d nodes,"
                            + " %,d bytes of distinct records (%.4f B/pt), %,d points%n", c1, c2,
                    v.isClean() ? "clean" : v.problemCount() + " problems", v.nodes(), v.bytes(),
                    (double) v.bytes() / points, v.points());
            long column = 0;
            if (docs != null) {
                byte[][] bytes = new byte[docs.length][];
                for (int i = 0; i < docs.length; i++) {
                    bytes[i] = kind == StreamKind.GRAPH
                            ? io.dendro.tree.GraphPayload.encode(io.dendro.value.GraphValue.of(docs[i]).edges(), docs[i])
                            : docs[i].getBytes(StandardCharsets.UTF_8);
                }
                for (int i = 0, from = 0; i < leafPoints.length; from += leafPoints[i++]) {
                    column += DocumentColumn.encode(bytes, from, from + leafPoints[i]).length;
                }
            }
            long column8192 = 0;
            if (kind == StreamKind.NOMINAL) { // for comparison: the same documents in leaves of 8,192 points
                byte[][] bytes = new byte[docs.length][];
                for (int i = 0; i < docs.length; i++) {
                    bytes[i] = docs[i].getBytes(StandardCharsets.UTF_8);
                }
                for (int from = 0; from < bytes.length; from += 8192) {
                    column8192 += DocumentColumn.encode(bytes, from, Math.min(bytes.length, from + 8192)).length;
                }
            }
            java.util.TreeMap<Integer, Integer> hist = new java.util.TreeMap<>();
            for (int p : leafPoints) {
                hist.merge(p, 1, Integer::sum);
            }
            System.out.printf(Locale.ROOT, "    points per leaf -> leaves: %s%n    document columns of these"
                    + " leaves alone (DocumentColumn.encode): %,d bytes = %.4f B/pt%n", hist, column,
                    (double) column / points);
            if (column8192 > 0) {
                System.out.printf(Locale.ROOT, "    the same documents in leaves of 8,192 points: %,d bytes = %.4f B/pt%n",
                        column8192, (double) column8192 / points);
            }
            if (!v.isClean()) {
                for (VerifyReport.Problem p : new ArrayList<>(v.problems()).subList(0, Math.min(5, v.problems().size()))) {
                    System.out.println("    " + p);
                }
            }
        }
    }
}
