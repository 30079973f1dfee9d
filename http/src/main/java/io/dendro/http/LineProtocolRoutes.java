package io.dendro.http;

import io.dendro.Database;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.StreamInsert;
import io.dendro.StreamKind;
import io.dendro.Time;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * InfluxDB 1.x's write API: {@code POST /write?db=NAME&precision=ns|u|ms|s} with a body of
 * line protocol ({@link LineProtocol}, gzip accepted) and {@code GET|HEAD /ping}. Each
 * (measurement, tag set, field) is one stream, created on first sight: collection
 * {@code NAME/measurement}, the line's tags plus {@code name=field}; numbers, integers and
 * booleans (1 or 0) go to numeric streams, strings to nominal ones. Its UUID is derived from
 * that series key (a name-based UUID), so a series finds its stream again without a lookup. A
 * request is atomic: every line is parsed and checked first (a bad one is a 400 naming it, as
 * InfluxDB words it, and nothing is written), then every stream's points go in with one
 * {@link Database#insertAll} (one log record). Success is 204.
 */
final class LineProtocolRoutes {
    /** What {@code /ping} says it is: the InfluxDB 1.x API version it speaks. */
    static final String INFLUX_VERSION = "1.8.10";

    private final Database db;
    private final HttpServerOptions options;
    private final Object creating = new Object();

    LineProtocolRoutes(Database db, HttpServerOptions options) {
        this.db = db;
        this.options = options;
    }

    void register(Router r) {
        r.get("/ping", this::ping);
        r.write("POST", "/write", this::write);
    }

    private void ping(Request r) {
        r.header("X-Influxdb-Version", INFLUX_VERSION);
        r.header("X-Influxdb-Build", "OSS");
        r.header("X-Dendro", "1");
        r.empty(204);
    }

    private void write(Request r) {
        Params p = r.params();
        String name = p.get("db");
        if (name == null || name.isEmpty()) {
            throw influx(400, "database is required", "db");
        }
        String precision = p.get("precision");
        long scale = switch (precision == null ? "ns" : precision) {
            case "ns", "n" -> 1;
            case "u", "us" -> 1_000;
            case "ms" -> 1_000_000;
            case "s" -> 1_000_000_000;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw influx(400, "invalid precision '" + precision + "' (ns, u, ms, s, m or h)", "precision");
        };
        byte[] body = body(r);
        Ingest in = new Ingest(name, scale);
        try {
            LineScanner.scan(body, body.length, in);
        } catch (LineProtocol.ParseError e) {
            throw influx(400, e.getMessage(), null);
        } catch (LineScanner.NotUtf8 e) {
            throw influx(400, e.getMessage(), null); // "the body is not UTF-8 (line N)"
        }
        Map<String, Series> series = in.series;
        r.checkDeadline();
        // everything checked before anything is created or written: kinds, then times
        List<Series> missing = new ArrayList<>();
        for (Series s : series.values()) {
            if (!exists(s)) {
                missing.add(s);
            }
        }
        for (Series s : series.values()) {
            for (int i = 0; i < s.n; i++) {
                if (s.times[i] < Time.MIN_TIME || s.times[i] >= Time.MAX_TIME) {
                    throw influx(400, "partial write: point of field \"" + s.field + "\" on measurement \""
                            + s.measurement + "\" at " + s.times[i] + " ns is outside [" + Time.MIN_TIME + ", "
                            + Time.MAX_TIME + ")", null);
                }
            }
        }
        create(missing);
        List<StreamInsert> inserts = new ArrayList<>();
        for (Series s : series.values()) {
            UUID id = s.id();
            inserts.add(s.strings ? StreamInsert.documents(id, s.times(), s.documents())
                    : StreamInsert.numbers(id, s.times(), s.numbers()));
        }
        if (!inserts.isEmpty()) {
            try {
                db.insertAll(inserts, MergePolicy.REPLACE, Durability.SYNC);
            } catch (DendroException e) {
                if (e.code() == ErrorCode.INVALID_TIME_RANGE || e.code() == ErrorCode.INVALID_VALUE
                        || e.code() == ErrorCode.WRONG_TYPE || e.code() == ErrorCode.INVALID_ARGUMENT) {
                    throw influx(400, "partial write: " + e.getMessage(), null);
                }
                throw e;
            }
        }
        r.empty(204);
    }

    /**
     * Whether the series' stream exists; one of that UUID but another kind (a number field
     * written as a string, or a stream made by other means) is a conflict.
     */
    private boolean exists(Series s) {
        StreamKind want = s.strings ? StreamKind.NOMINAL : StreamKind.NUMERIC;
        java.util.Optional<Stream> found = db.find(s.id());
        if (found.isPresent() && found.get().kind() != want) {
            throw influx(400, "partial write: field type conflict: input field \"" + s.field + "\" on measurement \""
                    + s.measurement + "\" is type " + (s.strings ? "string" : "number") + ", already written as "
                    + found.get().kind().label(), null);
        }
        return found.isPresent();
    }

    /** Creates the missing series' streams in one commit (one request at a time). */
    private void create(List<Series> missing) {
        if (missing.isEmpty()) {
            return;
        }
        synchronized (creating) {
            List<io.dendro.StreamSpec> specs = new ArrayList<>();
            for (Series s : missing) {
                if (db.find(s.id()).isPresent()) {
                    continue; // another request made it meanwhile
                }
                Map<String, String> tags = new TreeMap<>(s.tags);
                tags.put("name", s.field);
                specs.add(new io.dendro.StreamSpec(s.id(), s.db + "/" + s.measurement, tags, Map.of(),
                        s.strings ? StreamKind.NOMINAL : StreamKind.NUMERIC));
            }
            try {
                db.createAll(specs);
            } catch (DendroException e) {
                if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                    throw influx(400, "unable to create a series: " + e.getMessage(), null);
                }
                throw e;
            }
        }
    }

    /**
     * A series' key: database, measurement and tags (its prefix, {@link #seriesPrefix}) then the
     * field, each escaped so that no two series share a key. Part of the format of the UUIDs
     * this route gives streams ({@link Series#id()}): it never changes.
     */
    private static String seriesKey(String db, String measurement, Map<String, String> tags, String field) {
        return seriesPrefix(db, measurement, tags) + escape(field);
    }

    private static String seriesPrefix(String db, String measurement, Map<String, String> tags) {
        StringBuilder b = new StringBuilder(64);
        b.append(escape(db)).append('\n').append(escape(measurement)).append('\n');
        tags.forEach((k, v) -> b.append(escape(k).replace("=", "\\=")).append('=').append(escape(v)).append('\n'));
        return b.append('\n').toString();
    }

    /** Backslashes doubled and newlines written \n (strings without either come back as they are). */
    private static String escape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static byte[] body(Request r) {
        String length = r.header("Content-Length");
        String encoding = r.header("Content-Encoding");
        try (InputStream in = r.bodyStream()) {
            if (length != null && (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity"))) {
                // its size known (and checked against the limit by bodyStream): read into one array of it
                long declared = Long.parseLong(length.trim());
                if (declared >= 0 && declared < Integer.MAX_VALUE - 8) {
                    byte[] b = new byte[(int) declared];
                    int n = in.readNBytes(b, 0, b.length);
                    return n == b.length ? b : java.util.Arrays.copyOf(b, n);
                }
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw influx(400, "cannot read the body: " + e.getMessage(), null);
        }
    }

    /** A series key of this request: its measurement and tags, and its fields' series. */
    private static final class TagSet {
        final LineProtocol.Point first;
        final Map<String, Series> fields = new java.util.HashMap<>();

        TagSet(LineProtocol.Point first) {
            this.first = first;
        }
    }

    /**
     * One request's points, grouped by series (one stream per measurement, tags and field), in
     * line order, with each line's time in nanoseconds; counts them against the limit.
     */
    private final class Ingest implements LineScanner.Sink<TagSet, Series> {
        final String name;
        final long scale;
        final long now = System.currentTimeMillis() * 1_000_000L;
        final Map<String, Series> series = new LinkedHashMap<>();
        final Map<String, TagSet> byTags = new java.util.HashMap<>();
        long total;

        Ingest(String name, long scale) {
            this.name = name;
            this.scale = scale;
        }

        private long time(int line, boolean timed, long time) {
            if (!timed) {
                return now - Math.floorMod(now, scale);
            }
            try {
                return Math.multiplyExact(time, scale);
            } catch (ArithmeticException e) {
                throw influx(400, "unable to parse line " + line + ": time outside range", null);
            }
        }

        @Override
        public TagSet point(LineProtocol.Point pt) {
            long t = time(pt.line(), pt.time() != null, pt.time() == null ? 0 : pt.time());
            // the series key is made once per tag set
            TagSet ts = byTags.computeIfAbsent(seriesPrefix(name, pt.measurement(), pt.tags()), k -> new TagSet(pt));
            for (int i = 0; i < pt.fieldKeys().size(); i++) {
                LineProtocol.Value v = pt.fields().get(i);
                Series s = series(ts, pt.fieldKeys().get(i), v.isString());
                check(s, v.isString(), pt.line());
                s.add(t, v);
                count();
            }
            return ts;
        }

        @Override
        public Series field(TagSet key, String field) {
            return series(key, field, false);
        }

        @Override
        public void number(Series s, int line, boolean timed, long time, double value) {
            check(s, false, line);
            s.addNumber(time(line, timed, time), value);
            count();
        }

        private Series series(TagSet ts, String field, boolean strings) {
            Series s = ts.fields.get(field);
            if (s == null) {
                s = new Series(name, ts.first, field, strings);
                ts.fields.put(field, s);
                series.put(s.key, s);
            }
            return s;
        }

        private void check(Series s, boolean string, int line) {
            if (s.strings != string) {
                throw influx(400, "partial write: field type conflict: input field \"" + s.field
                        + "\" on measurement \"" + s.measurement + "\" is type " + (string ? "string"
                        : "number") + ", already written as type " + (s.strings ? "string" : "number")
                        + " (line " + line + ")", null);
            }
        }

        private void count() {
            if (++total > options.maxInsertPoints()) {
                throw new HttpError(413, "more than " + options.maxInsertPoints() + " points in one write", null);
            }
        }
    }

    private static HttpError influx(int status, String message, String parameter) {
        return new HttpError(status, message, parameter);
    }

    /** One series' points of this request. */
    private static final class Series {
        final String db;
        final String measurement;
        final Map<String, String> tags;
        final String field;
        final String key;
        final boolean strings;
        long[] times = new long[4];
        double[] numbers = new double[4];
        String[] docs;
        int n;

        Series(String db, LineProtocol.Point p, String field, boolean strings) {
            this.db = db;
            this.measurement = p.measurement();
            this.tags = p.tags();
            this.field = field;
            this.key = seriesKey(db, p.measurement(), p.tags(), field);
            this.strings = strings;
            this.docs = strings ? new String[4] : null;
        }

        /** The series' stream: a name-based UUID of its key, so it is found again without a lookup. */
        UUID id() {
            return UUID.nameUUIDFromBytes(("dendro/line-protocol\n" + key).getBytes(StandardCharsets.UTF_8));
        }

        void add(long t, LineProtocol.Value v) {
            if (strings) {
                grow();
                times[n] = t;
                docs[n++] = io.dendro.value.Json.write(v.string());
            } else {
                addNumber(t, v.number());
            }
        }

        void addNumber(long t, double v) {
            grow();
            times[n] = t;
            numbers[n++] = v;
        }

        private void grow() {
            if (n == times.length) {
                times = java.util.Arrays.copyOf(times, 2 * n);
                numbers = java.util.Arrays.copyOf(numbers, 2 * n);
                if (docs != null) {
                    docs = java.util.Arrays.copyOf(docs, 2 * n);
                }
            }
        }

        long[] times() {
            return java.util.Arrays.copyOf(times, n);
        }

        double[] numbers() {
            return java.util.Arrays.copyOf(numbers, n);
        }

        String[] documents() {
            return java.util.Arrays.copyOf(docs, n);
        }
    }
}
