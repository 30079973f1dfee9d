package io.dendro.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Database;
import io.dendro.ExactStats;
import io.dendro.PointCursor;
import io.dendro.RawPoint;
import io.dendro.StatCursor;
import io.dendro.StatPoint;
import io.dendro.Stream;
import io.dendro.StreamInfo;
import io.dendro.StreamKind;
import io.dendro.StreamQuery;
import io.dendro.Time;
import io.dendro.Versioned;
import io.dendro.error.DendroException;
import io.dendro.tree.Geometry;
import io.dendro.tree.Summary;
import io.dendro.value.Aggregate;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The queries of a golden database's {@code expected.txt} and their answers. A query is one
 * line; its answer is the lines after it that start with {@code =} (scalars) or {@code w}
 * (one statistical window each). {@link GoldenWriter} writes queries with the answers of the
 * code that made the database; {@code GoldenFormatTest} asks them again and compares.
 *
 * <pre>
 * streams                                        = uuid collection version propertyVersion tags{k=v,..} annotations{..}[ kind=K][ derived=OP]
 * count uuid askVersion start end                = answeredVersion n
 * values uuid askVersion start end               = answeredVersion n sha256(time, bits of each point[, payload]) [point ...]
 * nearest uuid askVersion time forward|backward  = answeredVersion time value[payload] | = answeredVersion none
 * dropped uuid version                           = NO_SUCH_VERSION
 * aligned uuid askVersion start end pw           = answeredVersion windows, then one w line each
 * windows uuid askVersion start end width depth  = answeredVersion windows, then one w line each
 * w time count min mean max stddev exactMean exactStddev
 * </pre>
 * Doubles are written with {@link Double#toHexString} (exact; NaN for empty windows). The exact
 * mean and standard deviation of a window are those of the samples it holds ({@link ExactStats});
 * windows hold consecutive runs of the range's points, so they follow from the counts, also at
 * a depth above 0. A null point ({@link Stream#NULL}, value {@code NaN} as written) holds no
 * sample, an aggregate point its count ({@link io.dendro.WindowOracle.Samples}), merged exactly
 * from its mean and standard deviation ({@link ExactStats#addAggregate}).
 *
 * <p>Payloads (format 7). A point that has none (every point of a format-4 to 6 database, every
 * plain or null point of a numeric stream) is answered as before: the digest takes its time and
 * the raw bits of its value (16 bytes, big-endian), it is listed {@code time:value} and
 * {@code nearest} answers {@code time value}. A point with a payload adds to the digest, after
 * those 16 bytes:
 * <ul>
 * <li>an aggregate ({@link PointCursor#aggregate()}, value = its mean): the byte {@code 'a'},
 *     then count, and the raw bits of min, max and stddev (8 bytes each, big-endian); listed
 *     {@code time:value{agg count,min,max,stddev}}, and {@code nearest} answers
 *     {@code time value{agg count,min,max,stddev}};</li>
 * <li>a document of a nominal or graph stream ({@link PointCursor#document()}, compact JSON):
 *     the byte {@code 'd'}, its length in UTF-8 bytes (4 bytes, big-endian) and those bytes;
 *     listed {@code time:doc<json>} (the value, 0 for a label and the number of vertices for a
 *     graph, is in the digest only), and {@code nearest} answers {@code time value doc<json>}
 *     (a document may hold spaces: answer lines are compared whole, never split).</li>
 * </ul>
 * The registry listing ends with {@code  kind=nominal} or {@code  kind=graph} for those kinds,
 * with nothing for a numeric stream (every stream before format 7).
 */
public final class Golden {
    /** Fields of a {@code w} line. */
    public static final int W_TIME = 1;
    public static final int W_COUNT = 2;
    public static final int W_MIN = 3;
    public static final int W_MEAN = 4;
    public static final int W_MAX = 5;
    public static final int W_STDDEV = 6;
    public static final int W_EXACT_MEAN = 7;
    public static final int W_EXACT_STDDEV = 8;
    /** Values ranges with at most this many points list them. */
    static final int LISTED_POINTS = 16;

    private Golden() {
    }

    static String d(double x) {
        return Double.toHexString(x);
    }

    /** The golden directory as the build copied it to the test class path. */
    public static Path directory() {
        URL url = Golden.class.getResource("/golden");
        if (url == null) {
            throw new IllegalStateException("no golden directory on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies a database directory (flat) to {@code to}, which it creates. */
    public static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** The answer lines of one query line, from {@code db}. */
    public static List<String> answer(Database db, String query) {
        String[] f = query.trim().split(" ");
        List<String> out = new ArrayList<>();
        switch (f[0]) {
            case "streams" -> streams(db, out);
            case "count" -> {
                Versioned<Long> c = db.stream(UUID.fromString(f[1])).count(l(f[3]), l(f[4]), l(f[2]));
                out.add("= " + c.version() + " " + c.value());
            }
            case "values" -> values(db.stream(UUID.fromString(f[1])), l(f[2]), l(f[3]), l(f[4]), out);
            case "nearest" -> {
                Versioned<Optional<RawPoint>> p = db.stream(UUID.fromString(f[1]))
                        .nearest(l(f[3]), l(f[2]), f[4].equals("backward"));
                out.add("= " + p.version() + " "
                        + p.value().map(r -> r.time() + " " + d(r.value()) + nearestPayload(r)).orElse("none"));
            }
            case "dropped" -> {
                try {
                    db.stream(UUID.fromString(f[1])).count(Time.MIN_TIME, Time.MAX_TIME, l(f[2]));
                    out.add("= readable");
                } catch (DendroException e) {
                    out.add("= " + e.code());
                }
            }
            case "aligned" -> {
                Stream s = db.stream(UUID.fromString(f[1]));
                int pw = Integer.parseInt(f[5]);
                long start = l(f[3]) & -(1L << pw);
                long end = Math.max(start, l(f[4]) & -(1L << pw));
                try (StatCursor c = s.alignedWindows(l(f[3]), l(f[4]), pw, l(f[2]))) {
                    List<StatPoint> got = c.toList();
                    out.add("= " + c.version() + " " + got.size());
                    out.addAll(windows(s, l(f[2]), start, end, got));
                }
            }
            case "windows" -> {
                Stream s = db.stream(UUID.fromString(f[1]));
                long start = l(f[3]);
                long width = l(f[5]);
                long end = start + (l(f[4]) - start) / width * width;
                try (StatCursor c = s.windows(start, l(f[4]), width, Integer.parseInt(f[6]), l(f[2]))) {
                    List<StatPoint> got = c.toList();
                    out.add("= " + c.version() + " " + got.size());
                    out.addAll(windows(s, l(f[2]), start, end, got));
                }
            }
            default -> throw new IllegalArgumentException("unknown golden query: " + query);
        }
        return out;
    }

    private static long l(String s) {
        return Long.parseLong(s);
    }

    private static void streams(Database db, List<String> out) {
        List<StreamInfo> all = new ArrayList<>(db.streams(StreamQuery.all()));
        all.sort(Comparator.comparing(StreamInfo::uuid));
        for (StreamInfo i : all) {
            out.add("= " + i.uuid() + " " + i.collection() + " " + i.version() + " " + i.propertyVersion()
                    + " tags" + map(i.tags()) + " annotations" + map(i.annotations())
                    + (i.kind() == StreamKind.NUMERIC ? "" : " kind=" + i.kind().label())
                    + (i.derivedBy() == null ? "" : " derived=" + i.derivedBy()));
        }
    }

    /** {@code {agg c,l,u,d}} for an aggregate, {@code  doc<json>} for a document, else nothing. */
    private static String nearestPayload(RawPoint r) {
        if (r.aggregate() != null) {
            return agg(r.aggregate());
        }
        return r.document() != null ? " doc<" + r.document() + ">" : "";
    }

    private static String agg(Aggregate a) {
        return "{agg " + a.count() + "," + d(a.min()) + "," + d(a.max()) + "," + d(a.stddev()) + "}";
    }

    private static String map(Map<String, String> m) {
        StringBuilder b = new StringBuilder("{");
        new TreeMap<>(m).forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
        return b.append('}').toString();
    }

    private static void values(Stream s, long version, long start, long end, List<String> out) {
        MessageDigest sha = sha256();
        ByteBuffer b = ByteBuffer.allocate(16);
        long n = 0;
        StringBuilder listed = new StringBuilder();
        long answered;
        try (PointCursor c = s.values(start, end, version)) {
            answered = c.version();
            while (c.next()) {
                b.clear();
                b.putLong(c.time()).putLong(Double.doubleToRawLongBits(c.value()));
                sha.update(b.array());
                Aggregate a = c.aggregate();
                String doc = c.document();
                if (a != null) {
                    ByteBuffer p = ByteBuffer.allocate(1 + 4 * Long.BYTES);
                    p.put((byte) 'a').putLong(a.count()).putLong(Double.doubleToRawLongBits(a.min()))
                            .putLong(Double.doubleToRawLongBits(a.max())).putLong(Double.doubleToRawLongBits(a.stddev()));
                    sha.update(p.array());
                } else if (doc != null) {
                    byte[] u = doc.getBytes(StandardCharsets.UTF_8);
                    sha.update(ByteBuffer.allocate(1 + Integer.BYTES).put((byte) 'd').putInt(u.length).array());
                    sha.update(u);
                }
                if (n < LISTED_POINTS) {
                    listed.append(' ').append(c.time()).append(':');
                    if (doc != null) {
                        listed.append("doc<").append(doc).append('>');
                    } else {
                        listed.append(d(c.value())).append(a != null ? agg(a) : "");
                    }
                }
                n++;
            }
        }
        out.add("= " + answered + " " + n + " " + HexFormat.of().formatHex(sha.digest())
                + (n <= LISTED_POINTS ? listed : ""));
    }

    /** The {@code w} lines of windows over {@code [start, end)} read at {@code version}, with the exact statistics. */
    private static List<String> windows(Stream s, long version, long start, long end, List<StatPoint> got) {
        List<String> out = new ArrayList<>();
        io.dendro.WindowOracle.Samples xs = new io.dendro.WindowOracle.Samples(s, version, start, end);
        for (StatPoint p : got) {
            ExactStats e = xs.next(p.count());
            if (e.count() != p.count()) {
                throw new IllegalStateException("the window at " + p.time() + " holds " + p.count() + " samples, the"
                        + " range's next points " + e.count() + " (too few left, or an aggregate split between windows)");
            }
            out.add("w " + p.time() + " " + p.count() + " " + d(p.min()) + " " + d(p.mean()) + " " + d(p.max()) + " "
                    + d(p.stddev()) + " " + d(e.mean()) + " " + d(e.stddev()));
        }
        if (!xs.done()) {
            throw new IllegalStateException("the windows hold " + xs.taken() + " samples, the range " + xs.total());
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks the queries in {@code lines} (an {@code expected.txt}) that {@code which} accepts and
     * compares the answers with the recorded ones: windows as {@link #window} says, every other
     * line exactly.
     */
    public static void ask(Database db, List<String> lines, String where, Predicate<String> which) {
        int i = 0;
        int queries = 0;
        while (i < lines.size()) {
            String query = lines.get(i++);
            if (query.isBlank() || query.startsWith("#")) {
                continue;
            }
            List<String> want = new ArrayList<>();
            while (i < lines.size() && (lines.get(i).startsWith("= ") || lines.get(i).startsWith("w "))) {
                want.add(lines.get(i++));
            }
            if (!which.test(query)) {
                continue;
            }
            List<String> got = Golden.answer(db, query);
            String at = where + ", query '" + query + "'";
            assertEquals(want.size(), got.size(), () -> at + ": answer lines " + got);
            for (int k = 0; k < want.size(); k++) {
                if (want.get(k).startsWith("w ")) {
                    window(want.get(k), got.get(k), at);
                } else {
                    assertEquals(want.get(k), got.get(k), at);
                }
            }
            queries++;
        }
        assertTrue(queries > 10, where + ": only " + queries + " queries asked");
    }

    /**
     * One window: time, count, min and max as recorded, the exact mean and standard deviation
     * recomputed from the points as recorded (so the points are the same), and the mean and
     * standard deviation the engine gives within the documented bound of the exact ones
     * ({@link Summary#errorBound}; the code of another format may round differently).
     */
    static void window(String want, String got, String at) {
        String[] w = want.split(" ");
        String[] g = got.split(" ");
        assertEquals(w.length, g.length, at);
        for (int f : new int[] {Golden.W_TIME, Golden.W_COUNT, Golden.W_MIN, Golden.W_MAX, Golden.W_EXACT_MEAN,
            Golden.W_EXACT_STDDEV}) {
            assertEquals(w[f], g[f], () -> at + ": field " + f + " of " + want + ", got " + got);
        }
        long count = Long.parseLong(w[Golden.W_COUNT]);
        if (count == 0) {
            assertEquals(want, got, at);
            return;
        }
        double maxAbs = Math.max(Math.abs(Double.parseDouble(w[Golden.W_MIN])), Math.abs(Double.parseDouble(w[Golden.W_MAX])));
        double bound = bound(maxAbs);
        for (int[] f : new int[][] {{Golden.W_MEAN, Golden.W_EXACT_MEAN}, {Golden.W_STDDEV, Golden.W_EXACT_STDDEV}}) {
            double exact = Double.parseDouble(w[f[1]]);
            double value = Double.parseDouble(g[f[0]]);
            assertTrue(Math.abs(value - exact) <= bound, () -> at + ": " + (f[0] == Golden.W_MEAN ? "mean " : "stddev ")
                    + value + " is not within " + bound + " of the exact " + exact + " (" + got + ")");
        }
    }

    /** The documented bound (the leaves here hold at most LEAF_CAPACITY), plus the oracle's own rounding. */
    static double bound(double maxAbs) {
        return Summary.errorBound(maxAbs, Geometry.LEAF_CAPACITY, 10) + 2 * Math.ulp(maxAbs);
    }

    /** Name, size and content hash of every file in {@code dir}: to see that nothing changed. */
    static String listing(Path dir) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                byte[] bytes = java.nio.file.Files.readAllBytes(p);
                b.append(p.getFileName()).append(' ').append(bytes.length).append(' ')
                        .append(java.util.Arrays.hashCode(bytes)).append('\n');
            }
        }
        return b.toString();
    }
}
