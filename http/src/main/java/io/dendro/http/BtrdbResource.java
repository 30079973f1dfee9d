package io.dendro.http;

import io.dendro.Database;
import io.dendro.PointCursor;
import io.dendro.RawPoint;
import io.dendro.StatCursor;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.Time;
import io.dendro.TimeRange;
import io.dendro.Versioned;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * BTrDB's queries as downloads, {@code GET /btrdb/v1/streams/<uuid>/QUERY}, one per read command
 * of the CLI, with its options as parameters of the same names and rules, and its CSV columns
 * (docs/design/http-face.md):
 *
 * <table>
 * <caption>Queries</caption>
 * <tr><th>query</th><th>parameters</th><th>columns</th></tr>
 * <tr><td>{@code values}</td><td>start, end, version, iso</td><td>time, value</td></tr>
 * <tr><td>{@code aligned-windows}</td><td>start, end, pointwidth, version, iso</td>
 *     <td>time, min, mean, max, count, stddev</td></tr>
 * <tr><td>{@code windows}</td><td>start, end, width, depth, version, iso</td><td>the same</td></tr>
 * <tr><td>{@code nearest}</td><td>time, backward, version, iso</td><td>time, value (0 or 1 row)</td></tr>
 * <tr><td>{@code count}</td><td>start, end (both optional), version</td><td>count (1 row)</td></tr>
 * <tr><td>{@code changes}</td><td>from, to, resolution, iso</td><td>start, end</td></tr>
 * <tr><td>{@code version}</td><td></td><td>version (1 row)</td></tr>
 * </table>
 *
 * <p>Every check is made, and the engine's cursor opened, before the answer starts, so every
 * refusal has its status: 400 naming the parameter (the engine's INVALID_* and WRONG_TYPE
 * included), 404 for an unknown stream or version, 406 for an {@code Accept} none of the
 * formats meets. The answer carries {@code Dendro-Version}, the version it was read at (what the
 * CLI prints on stderr), and streams out a batch at a time ({@link Batch}, {@link TableOut}),
 * checking the request's deadline after each.
 */
final class BtrdbResource {
    static final String PREFIX = "/btrdb/v1/streams/";
    static final String VERSION_HEADER = "Dendro-Version";
    private static final Batch.Column TIME = new Batch.Column("time", Batch.Type.TIME);
    private static final Batch.Column[] STATS = {TIME, new Batch.Column("min", Batch.Type.STAT),
        new Batch.Column("mean", Batch.Type.STAT), new Batch.Column("max", Batch.Type.STAT),
        new Batch.Column("count", Batch.Type.COUNT), new Batch.Column("stddev", Batch.Type.STAT)};
    private static final Batch.Column[] RANGES = {new Batch.Column("start", Batch.Type.TIME),
        new Batch.Column("end", Batch.Type.TIME)};
    /** 2^30 ns, about 1.07 s: the CLI's default resolution of {@code changes}. */
    static final int DEFAULT_RESOLUTION = 30;

    private final Database db;
    private final HttpServerOptions options;

    BtrdbResource(Database db, HttpServerOptions options) {
        this.db = db;
        this.options = options;
    }

    void register(Router r) {
        r.get(PREFIX + "{id}/values", this::values);
        r.get(PREFIX + "{id}/aligned-windows", this::alignedWindows);
        r.get(PREFIX + "{id}/windows", this::windows);
        r.get(PREFIX + "{id}/nearest", this::nearest);
        r.get(PREFIX + "{id}/count", this::count);
        r.get(PREFIX + "{id}/changes", this::changes);
        r.get(PREFIX + "{id}/version", this::version);
    }

    /** A query's request: its stream, its format and its parameters, each checked. */
    private record Query(Stream stream, Format format, BtrdbParams params) {
    }

    private Query query(Request r, String... names) {
        Stream s = StreamResource.find(db, r.path("id"));
        r.addHeader("Vary", "Accept"); // beside CORS's Vary: Origin
        Format f = Format.choose(r.params().get("format"), r.header("Accept"));
        return new Query(s, f, new BtrdbParams(r.params(), List.of(names)));
    }

    /** {@code values}: the points with {@code start <= t < end}, in time order. */
    private void values(Request r) {
        Query q = query(r, "start", "end", "version", "iso");
        long[] range = q.params.range(null, null);
        long version = q.params.version();
        boolean iso = q.params.flag("iso");
        PointCursor c = engine(() -> q.stream.values(range[0], range[1], version), code -> null);
        try (c) {
            Batch b = new Batch(valueColumns(q.stream));
            answer(r, q.format, c.version(), b, iso, false, () -> {
                while (!b.full() && c.next()) {
                    point(b, c.time(), c.value(), c.aggregate(), c.document());
                }
                return b.rows > 0;
            });
        }
    }

    private static Batch.Column[] valueColumns(Stream s) {
        return new Batch.Column[] {TIME, new Batch.Column("value",
                s.kind() == StreamKind.NUMERIC ? Batch.Type.NUMBER : Batch.Type.DOCUMENT)};
    }

    private static void point(Batch b, long time, double value, io.dendro.value.Aggregate a, String document) {
        b.longs[0][b.rows] = time;
        if (b.doubles[1] != null) {
            b.doubles[1][b.rows] = value;
            b.aggregates[1][b.rows] = a;
        } else {
            b.document(1, document);
        }
        b.rows++;
    }

    /** {@code aligned-windows}: statistics over windows of 2^pointwidth ns; empty windows are left out. */
    private void alignedWindows(Request r) {
        Query q = query(r, "start", "end", "pointwidth", "version", "iso");
        long[] range = q.params.range(null, null);
        int pw = (int) q.params.integer("pointwidth", null, Integer.MIN_VALUE, Integer.MAX_VALUE);
        long version = q.params.version();
        boolean iso = q.params.flag("iso");
        StatCursor c = engine(() -> q.stream.alignedWindows(range[0], range[1], pw, version),
                code -> code == ErrorCode.INVALID_POINTWIDTH ? "pointwidth" : null);
        stats(r, q, c, iso);
    }

    /**
     * {@code windows}: statistics over windows {@code [start + k*width, start + (k+1)*width)} up to
     * {@code end} rounded down to a whole window; every window is a row, an empty one too (count
     * 0, the statistics NaN), so their number is limited ({@link HttpServerOptions#maxWindows}).
     */
    private void windows(Request r) {
        Query q = query(r, "start", "end", "width", "depth", "version", "iso");
        long[] range = q.params.range(null, null);
        long width = q.params.width("width");
        int depth = (int) q.params.integer("depth", 0L, Integer.MIN_VALUE, Integer.MAX_VALUE);
        long version = q.params.version();
        boolean iso = q.params.flag("iso");
        StatCursor c = engine(() -> q.stream.windows(range[0], range[1], width, depth, version), code -> switch (code) {
            case INVALID_WIDTH -> "width";
            case INVALID_ARGUMENT -> "depth";
            default -> null;
        });
        long windows = (range[1] - range[0]) / width; // the bounds are within 2^62 of each other
        if (windows > options.maxWindows()) {
            c.close();
            throw HttpError.badRequest("width", "windows of " + width + " ns from " + range[0] + " to " + range[1]
                    + " are " + windows + " rows, more than the server's limit of " + options.maxWindows()
                    + " (a wider width or a shorter range; aligned-windows leaves empty windows out)");
        }
        stats(r, q, c, iso);
    }

    private void stats(Request r, Query q, StatCursor c, boolean iso) {
        try (c) {
            Batch b = new Batch(STATS);
            answer(r, q.format, c.version(), b, iso, false, () -> {
                while (!b.full() && c.next()) {
                    int i = b.rows++;
                    b.longs[0][i] = c.time();
                    b.doubles[1][i] = c.min();
                    b.doubles[2][i] = c.mean();
                    b.doubles[3][i] = c.max();
                    b.longs[4][i] = c.count();
                    b.doubles[5][i] = c.stddev();
                }
                return b.rows > 0;
            });
        }
    }

    /** {@code nearest}: the first point at or after {@code time}, or with {@code backward} the last before it. */
    private void nearest(Request r) {
        Query q = query(r, "time", "backward", "version", "iso");
        long time = q.params.time("time");
        boolean backward = q.params.flag("backward");
        long version = q.params.version();
        boolean iso = q.params.flag("iso");
        Versioned<Optional<RawPoint>> p = engine(() -> q.stream.nearest(time, version, backward),
                code -> code == ErrorCode.INVALID_TIME_RANGE ? "time" : null);
        Batch b = new Batch(valueColumns(q.stream));
        p.value().ifPresent(x -> point(b, x.time(), x.value(), x.aggregate(), x.document()));
        answerOnce(r, q.format, p.version(), b, iso, false);
    }

    /** {@code count}: the number of points with {@code start <= t < end} (default: all of them). */
    private void count(Request r) {
        Query q = query(r, "start", "end", "version");
        long[] range = q.params.range(Time.MIN_TIME, Time.MAX_TIME);
        long version = q.params.version();
        Versioned<Long> n = engine(() -> q.stream.count(range[0], range[1], version), code -> null);
        Batch b = new Batch(new Batch.Column("count", Batch.Type.COUNT));
        b.longs[0][b.rows++] = n.value();
        answerOnce(r, q.format, n.version(), b, false, true);
    }

    /**
     * {@code changes}: the time ranges {@code [start, end)} where version {@code to} differs from
     * version {@code from} (0: the empty stream before the first version), edges on multiples of
     * 2^resolution ns.
     */
    private void changes(Request r) {
        Query q = query(r, "from", "to", "resolution", "iso");
        long from = q.params.integer("from", null, Long.MIN_VALUE, Long.MAX_VALUE);
        long to = q.params.integer("to", null, Long.MIN_VALUE, Long.MAX_VALUE);
        int resolution = (int) q.params.integer("resolution", (long) DEFAULT_RESOLUTION, Integer.MIN_VALUE,
                Integer.MAX_VALUE);
        boolean iso = q.params.flag("iso");
        Stream s = q.stream;
        Versioned<List<TimeRange>> changed = engine(() -> s.changes(from, to, resolution), code -> switch (code) {
            case INVALID_POINTWIDTH -> "resolution";
            case INVALID_ARGUMENT -> from < 0 || from > to ? "from" : "to";
            case NO_SUCH_VERSION -> from != 0 && (from > s.version() || from < s.firstRetainedVersion())
                    ? "from" : "to";
            default -> null;
        });
        List<TimeRange> ranges = changed.value();
        Batch b = new Batch(RANGES);
        int[] next = {0};
        answer(r, q.format, changed.version(), b, iso, false, () -> {
            while (!b.full() && next[0] < ranges.size()) {
                TimeRange t = ranges.get(next[0]++);
                b.longs[0][b.rows] = t.start();
                b.longs[1][b.rows++] = t.end();
            }
            return b.rows > 0;
        });
    }

    /** {@code version}: the stream's latest sealed version (0 before the first). */
    private void version(Request r) {
        Query q = query(r);
        long v = engine(q.stream::version, code -> null);
        Batch b = new Batch(new Batch.Column("version", Batch.Type.COUNT));
        b.longs[0][b.rows++] = v;
        answerOnce(r, q.format, v, b, false, true);
    }

    /**
     * Runs an engine call, turning its refusal into the HTTP error that names the parameter to blame.
     *
     * @param parameter the parameter an error code blames on this route (null: none; NO_SUCH_VERSION
     *                  blames {@code version} unless told otherwise)
     */
    private static <T> T engine(Supplier<T> call, Function<ErrorCode, String> parameter) {
        try {
            return call.get();
        } catch (DendroException e) {
            throw HttpError.of(e, parameter.apply(e.code()));
        }
    }

    /** Answers with the one batch {@code b} holds. */
    private static void answerOnce(Request r, Format f, long version, Batch b, boolean iso, boolean single) {
        boolean[] sent = {false};
        answer(r, f, version, b, iso, single, () -> !sent[0] && (sent[0] = true));
    }

    /**
     * Starts the answer and writes batches while {@code fill} (which fills {@code b}, cleared before
     * each call) says it put rows in, checking the deadline after each.
     */
    private static void answer(Request r, Format f, long version, Batch b, boolean iso, boolean single,
                               java.util.function.BooleanSupplier fill) {
        r.checkDeadline();
        r.header(VERSION_HEADER, Long.toString(version));
        TableOut out = TableOut.open(f, r.stream(200, f.contentType), b.columns, iso, single);
        boolean first = true;
        while (true) {
            if (!first) {
                b.clear();
            }
            first = false;
            if (!fill.getAsBoolean()) {
                break;
            }
            if (b.rows > 0) {
                out.write(b);
            }
            r.checkDeadline();
        }
        out.finish();
    }
}
