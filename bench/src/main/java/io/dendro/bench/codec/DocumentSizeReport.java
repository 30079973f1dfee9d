package io.dendro.bench.codec;

import io.dendro.tree.DocumentColumn;
import io.dendro.value.GraphValue;
import io.dendro.value.Json;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Bytes per point of label and graph documents in {@link DocumentColumn}s, one column per leaf,
 * against their compact JSON and LZ4 HC (for reference): the figures of issue 10's "documents
 * compress". Synthetic but shaped like real streams (seeded, so every run prints the same sizes):
 *
 * <ul>
 * <li>{@code state}: a device's state every 10 s for a year, a Markov chain over four labels that
 *     stays put with probability 0.999 ({@code "up"} most of the time);</li>
 * <li>{@code status}: an HTTP status per request, 14 codes with Zipf-like frequencies, as JSON
 *     numbers and strings;</li>
 * <li>{@code wifi}: an access point's state as an object every 10 s ({@code {"state": ...,
 *     "channel": ..., "clients": ...}}), channel and client count drifting;</li>
 * <li>{@code topology}: a mesh network's topology every 10 s for a day (8,640 snapshots): 40
 *     nodes, about 110 links with OLSR link qualities to 3 decimals drifting a little from one
 *     snapshot to the next, links coming and going now and then.</li>
 * </ul>
 *
 * Labels are cut into leaves of 8,192 points; graphs into leaves of at most {@code cap} bytes of
 * documents (64 KiB, 256 KiB, 1 MiB), since 8,192 snapshots would be tens of megabytes.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.dendro.bench.codec.DocumentSizeReport</pre>
 */
public final class DocumentSizeReport {
    private static final LZ4Compressor HC = LZ4Factory.fastestJavaInstance().highCompressor();

    private DocumentSizeReport() {
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "%-10s %9s %10s %10s %12s %12s %10s %9s%n", "stream", "points", "leaf",
                "JSON B/pt", "column B/pt", "LZ4 HC B/pt", "ratio", "MB/s dec");
        report("state", state(3_153_600), 8192, 0);
        report("status", status(3_153_600), 8192, 0);
        report("wifi", wifi(3_153_600), 8192, 0);
        List<byte[]> topo = topology(8_640);
        for (int cap : new int[] {64 << 10, 256 << 10, 1 << 20}) {
            report("topology", topo, Integer.MAX_VALUE, cap);
        }
    }

    private static void report(String name, List<byte[]> docs, int leafPoints, int leafBytes) {
        long json = 0;
        long column = 0;
        long hc = 0;
        long decodeNanos = 0;
        int leaves = 0;
        byte[][] all = docs.toArray(new byte[0][]);
        for (int from = 0; from < all.length; ) {
            int to = from;
            long bytes = 0;
            while (to < all.length && to - from < leafPoints && (leafBytes == 0 || to == from
                    || bytes + all[to].length <= leafBytes)) {
                bytes += all[to].length;
                to++;
            }
            json += bytes;
            byte[] enc = DocumentColumn.encode(all, from, to);
            column += enc.length;
            long t0 = System.nanoTime();
            DocumentColumn.decode(MemorySegment.ofArray(enc), 0, enc.length, to - from);
            decodeNanos += System.nanoTime() - t0;
            hc += hcBytes(all, from, to);
            leaves++;
            from = to;
        }
        int n = all.length;
        String leaf = leafBytes == 0 ? leafPoints + " pts" : (leafBytes >> 10) + " KiB";
        System.out.printf(Locale.ROOT, "%-10s %9d %10s %10.2f %12.3f %12.3f %9.1fx %9.0f%n", name, n, leaf,
                (double) json / n, (double) column / n, (double) hc / n, (double) json / column,
                json / 1e6 / (decodeNanos / 1e9));
    }

    private static long hcBytes(byte[][] docs, int from, int to) {
        int raw = 0;
        for (int i = from; i < to; i++) {
            raw += docs[i].length + 2;
        }
        byte[] buf = new byte[raw];
        int at = 0;
        for (int i = from; i < to; i++) {
            buf[at++] = (byte) docs[i].length;
            buf[at++] = (byte) (docs[i].length >> 8);
            System.arraycopy(docs[i], 0, buf, at, docs[i].length);
            at += docs[i].length;
        }
        byte[] out = new byte[HC.maxCompressedLength(at)];
        return HC.compress(buf, 0, at, out, 0, out.length) + 17L; // the column's header and checksum
    }

    private static byte[] utf8(String s) {
        return Json.write(Json.parse(s)).getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code state} stream's compact JSON documents (public: DocumentDiskReport writes them to a database). */
    public static List<byte[]> state(int n) {
        String[] states = {"\"up\"", "\"down\"", "\"degraded\"", "\"maintenance\""};
        SplittableRandom rnd = new SplittableRandom(1);
        List<byte[]> out = new ArrayList<>(n);
        int s = 0;
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(1000) == 0) {
                s = rnd.nextInt(4) == 0 ? rnd.nextInt(4) : 0;
            }
            out.add(utf8(states[s]));
        }
        return out;
    }

    static List<byte[]> status(int n) {
        String[] codes = {"200", "200", "200", "200", "200", "200", "200", "200", "304", "304", "404", "301",
            "\"timeout\"", "500", "201", "204", "403", "502", "503", "400"};
        SplittableRandom rnd = new SplittableRandom(2);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(codes.length);
            out.add(utf8(codes[rnd.nextInt(4) == 0 ? k : Math.min(k, 9)]));
        }
        return out;
    }

    static List<byte[]> wifi(int n) {
        SplittableRandom rnd = new SplittableRandom(3);
        List<byte[]> out = new ArrayList<>(n);
        int channel = 6;
        int clients = 3;
        String state = "up";
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(5000) == 0) {
                channel = new int[] {1, 6, 11}[rnd.nextInt(3)];
            }
            if (rnd.nextInt(20) == 0) {
                clients = Math.max(0, clients + rnd.nextInt(3) - 1);
            }
            if (rnd.nextInt(2000) == 0) {
                state = state.equals("up") ? "rebooting" : "up";
            }
            out.add(utf8("{\"state\":\"" + state + "\",\"channel\":" + channel + ",\"clients\":" + clients + "}"));
        }
        return out;
    }

    /** The {@code topology} stream's compact JSON documents (public: DocumentDiskReport writes them to a database). */
    public static List<byte[]> topology(int snapshots) {
        SplittableRandom rnd = new SplittableRandom(4);
        int nodes = 40;
        List<int[]> links = new ArrayList<>();
        while (links.size() < 110) {
            int a = rnd.nextInt(nodes);
            int b = rnd.nextInt(nodes);
            if (a != b) {
                links.add(new int[] {a, b, 500 + rnd.nextInt(500), 500 + rnd.nextInt(500)});
            }
        }
        List<byte[]> out = new ArrayList<>(snapshots);
        for (int s = 0; s < snapshots; s++) {
            StringBuilder sb = new StringBuilder("{\"v\":[");
            for (int v = 0; v < nodes; v++) {
                sb.append(v == 0 ? "" : ",").append("{\"i\":\"10.254.").append(v / 8).append('.').append(v * 7 % 250)
                        .append("\",\"name\":\"node-").append(v).append("\"}");
            }
            sb.append("],\"e\":[");
            boolean first = true;
            for (int[] l : links) {
                if (rnd.nextInt(3) == 0) {
                    l[2] = Math.min(1000, Math.max(1, l[2] + rnd.nextInt(21) - 10));
                    l[3] = Math.min(1000, Math.max(1, l[3] + rnd.nextInt(21) - 10));
                }
                if (rnd.nextInt(50) == 0) {
                    continue; // a link missing from this snapshot
                }
                double etx = 1e6 / ((double) l[2] * l[3]);
                sb.append(first ? "" : ",").append("{\"f\":\"10.254.").append(l[0] / 8).append('.')
                        .append(l[0] * 7 % 250).append("\",\"t\":\"10.254.").append(l[1] / 8).append('.')
                        .append(l[1] * 7 % 250).append("\",\"lq\":").append(l[2] / 1000.0).append(",\"nlq\":")
                        .append(l[3] / 1000.0).append(",\"etx\":")
                        .append(String.format(Locale.ROOT, "%.3f", etx)).append('}');
                first = false;
            }
            sb.append("]}");
            out.add(GraphValue.of(sb.toString()).json().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
