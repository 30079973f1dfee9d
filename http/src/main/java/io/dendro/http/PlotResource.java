package io.dendro.http;

import io.dendro.Database;
import io.dendro.Lineage;
import io.dendro.Stream;
import io.dendro.StreamInfo;
import io.dendro.StreamKind;
import io.dendro.StreamQuery;
import io.dendro.Time;
import io.dendro.TimeRange;
import io.dendro.error.DendroException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The web plot's own JSON routes under {@code /plot/v1/} (docs/design/http-face.md, "Web plot";
 * ADR 0022): the streams to choose from, a stream's data at about one window per pixel
 * ({@link PlotData}), and the time ranges where two versions differ. Answers stream row by row;
 * every parameter is checked before the answer starts, and a bad one is a 400 that names it.
 */
final class PlotResource {
    static final String BASE = "/plot/v1/streams";
    /** Ranges of {@code changes} in one answer at most; more are cut and {@code truncated} is true. */
    static final int MAX_RANGES = 10_000;
    /** The default resolution of {@code changes}: 2^24 ns, about 17 ms, finer than a pixel of most plots. */
    static final int DEFAULT_RESOLUTION = 24;
    private final Database db;
    private final HttpServerOptions options;

    PlotResource(Database db, HttpServerOptions options) {
        this.db = db;
        this.options = options;
    }

    void register(Router r) {
        r.get(BASE, this::streams);
        r.get(BASE + "/{id}/data", this::data);
        r.get(BASE + "/{id}/changes", this::changes);
    }

    /**
     * {@code GET /plot/v1/streams}: the streams matching {@code collection} or
     * {@code collection__startswith}, the {@code tags__KEY[__OP]} lookups and {@code id} (repeated
     * or comma lists), ordered by collection then id, at most {@code limit} (default and maximum:
     * the server's streams per page).
     */
    private void streams(Request r) {
        Params p = r.params();
        StreamQuery q = StreamResource.query(p);
        List<UUID> ids = new ArrayList<>();
        for (String v : p.all("id")) {
            for (String one : v.split(",")) {
                try {
                    ids.add(UUID.fromString(one.strip()));
                } catch (IllegalArgumentException e) {
                    throw HttpError.badRequest("id", "not a stream id: '" + Strings.shorten(one, 60) + "'");
                }
            }
        }
        int limit = (int) integer(p, "limit", options.maxStreams(), 1, options.maxStreams());
        r.checkDeadline();
        List<StreamInfo> found = new ArrayList<>(db.streams(q));
        if (!ids.isEmpty()) {
            found.removeIf(i -> !ids.contains(i.uuid()));
        }
        found.sort(Comparator.comparing(StreamInfo::collection).thenComparing(StreamInfo::uuid));
        List<StreamInfo> page = found.subList(0, Math.min(limit, found.size()));
        r.json(200, j -> {
            j.beginObject().field("total", found.size()).field("limit", limit).name("streams").beginArray();
            for (StreamInfo info : page) {
                Optional<Stream> s = db.find(info.uuid());
                if (s.isEmpty()) {
                    continue; // obliterated since the lookup
                }
                String object;
                try {
                    object = JsonOut.render(o -> streamObject(o, s.get(), info), 256);
                } catch (DendroException e) {
                    if (e.code() != io.dendro.error.ErrorCode.NO_SUCH_STREAM) {
                        throw e;
                    }
                    continue;
                }
                j.raw(object);
            }
            j.endArray().endObject();
        });
    }

    private static void streamObject(JsonOut j, Stream s, StreamInfo info) {
        j.beginObject().field("id", info.uuid().toString()).field("collection", info.collection())
                .field("kind", info.kind().label());
        j.name("tags").beginObject();
        for (Map.Entry<String, String> e : TagValues.merged(info.tags(), info.annotations()).entrySet()) {
            j.name(e.getKey());
            TagValues.write(j, e.getValue());
        }
        j.endObject();
        j.field("version", s.version()).field("first_version", Math.max(1, s.firstRetainedVersion()));
        Optional<long[]> extent = PlotData.extent(s, 0);
        j.name("earliest");
        if (extent.isPresent()) {
            j.number(extent.get()[0]).name("latest").number(extent.get()[1] - 1);
        } else {
            j.nul().name("latest").nul();
        }
        j.name("derived_from");
        if (!s.isDerived()) {
            j.nul();
        } else {
            Lineage l = s.lineage();
            j.beginObject().field("op", l.op()).name("sources").beginArray();
            for (Lineage.Source src : l.sources()) {
                j.beginObject().field("id", src.uuid().toString()).field("name", src.name() == null
                        || src.name().isEmpty() ? null : src.name()).field("version", src.version()).endObject();
            }
            j.endArray().endObject();
        }
        j.endObject();
    }

    /**
     * {@code GET /plot/v1/streams/<id>/data?start=&end=&pixels=&version=}: the rows a plot
     * {@code pixels} wide (default 1,000, at most {@link PlotData#MAX_PIXELS}) shows of
     * {@code [start, end)} (default: the stream's whole range) at {@code version} (0, the
     * default: the latest). Rows are {@code [time, min, mean, max, count]} (windows),
     * {@code [time, value]} (raw points), {@code [time, label, count]} (a nominal stream), as
     * {@code columns} names them; {@code pointwidth} is null for raw points.
     */
    private void data(Request r) {
        Stream s = stream(r.path("id"));
        Params p = r.params();
        int pixels = (int) integer(p, "pixels", 1_000, 1, PlotData.MAX_PIXELS);
        long version = integer(p, "version", 0, 0, Long.MAX_VALUE);
        Long start = time(p, "start");
        Long end = time(p, "end");
        long lo;
        long hi;
        try {
            if (start == null || end == null) {
                Optional<long[]> extent = PlotData.extent(s, version);
                lo = start != null ? start : extent.map(e -> e[0]).orElse(0L);
                hi = end != null ? end : extent.map(e -> e[1]).orElse(lo + 1);
            } else {
                lo = start;
                hi = end;
                s.earliest(version); // an unknown version is a 404 before the answer starts
            }
        } catch (DendroException e) {
            throw HttpError.of(e, "version");
        }
        if (hi <= lo) {
            throw HttpError.badRequest("end", "end " + hi + " is not after start " + lo);
        }
        r.checkDeadline();
        long fLo = lo;
        long fHi = hi;
        StreamKind kind = s.kind();
        r.json(200, j -> {
            j.beginObject().field("id", s.uuid().toString()).field("kind", kind.label()).name("rows").beginArray();
            PlotData.Shape shape = PlotData.read(s, fLo, fHi, pixels, version, new PlotData.Sink() {
                @Override
                public void window(long time, double min, double mean, double max, long count) {
                    j.beginArray().number(time).number(min).number(mean).number(max).number(count).endArray();
                }

                @Override
                public void point(long time, double value) {
                    j.beginArray().number(time).number(value).endArray();
                }

                @Override
                public void label(long time, String label, long count) {
                    j.beginArray().number(time);
                    if (label == null) {
                        j.nul();
                    } else {
                        j.raw(label);
                    }
                    j.number(count).endArray();
                }
            }, r::checkDeadline);
            j.endArray();
            j.name("columns").beginArray().string("time");
            if (kind == StreamKind.NOMINAL) {
                j.string("label").string("count");
            } else if (shape.raw()) {
                j.string("value");
            } else {
                j.string("min").string("mean").string("max").string("count");
            }
            j.endArray();
            j.field("version", shape.version()).field("start", shape.start()).field("end", shape.end())
                    .field("pixels", pixels).name("raw").bool(shape.raw()).name("pointwidth");
            if (shape.raw()) {
                j.nul();
            } else {
                j.number(shape.pointwidth());
            }
            j.endObject();
        });
    }

    /**
     * {@code GET /plot/v1/streams/<id>/changes?from=A&to=B&resolution=R}: the time ranges
     * {@code [start, end)} where version B (default: the latest) differs from version A (required;
     * 0 is the empty stream before the first version), with edges on multiples of 2^R ns (default
     * {@link #DEFAULT_RESOLUTION}); at most {@link #MAX_RANGES} ranges.
     */
    private void changes(Request r) {
        Stream s = stream(r.path("id"));
        Params p = r.params();
        if (!p.has("from")) {
            throw HttpError.badRequest("from", "give from, the version to compare with");
        }
        long from = integer(p, "from", 0, 0, Long.MAX_VALUE);
        long to = integer(p, "to", s.version(), 0, Long.MAX_VALUE);
        int resolution = (int) integer(p, "resolution", DEFAULT_RESOLUTION, 0, 62);
        if (from > to) {
            throw HttpError.badRequest("from", "from " + from + " is after to " + to);
        }
        List<TimeRange> ranges;
        try {
            ranges = s.changes(from, to, resolution).value();
        } catch (DendroException e) {
            throw HttpError.of(e, "to");
        }
        r.checkDeadline();
        r.json(200, j -> {
            j.beginObject().field("from", from).field("to", to).field("resolution", resolution).name("ranges")
                    .beginArray();
            int n = Math.min(ranges.size(), MAX_RANGES);
            for (int i = 0; i < n; i++) {
                j.beginArray().number(ranges.get(i).start()).number(ranges.get(i).end()).endArray();
            }
            j.endArray().name("truncated").bool(ranges.size() > MAX_RANGES).endObject();
        });
    }

    private Stream stream(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw HttpError.notFound("stream '" + Strings.shorten(id, 60) + "' not found");
        }
        return db.find(uuid).orElseThrow(() -> HttpError.notFound("stream '" + uuid + "' not found"));
    }

    private static long integer(Params p, String name, long dflt, long min, long max) {
        String s = p.get(name);
        if (s == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(s.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw HttpError.badRequest(name, name + " must be an integer from " + min + " to " + max + ", not '"
                + Strings.shorten(s, 40) + "'");
    }

    /** A time parameter: integer nanoseconds or an ISO-8601 instant, inside Dendro's range; null when absent. */
    private static Long time(Params p, String name) {
        String s = p.get(name);
        if (s == null || s.isBlank()) {
            return null;
        }
        long t;
        try {
            t = Time.parse(s);
        } catch (DendroException e) {
            throw HttpError.badRequest(name, e.getMessage());
        }
        if (t < Time.MIN_TIME || t > Time.MAX_TIME) {
            throw HttpError.badRequest(name, name + " " + t + " is outside Dendro's time range [" + Time.MIN_TIME
                    + ", " + Time.MAX_TIME + "]");
        }
        return t;
    }
}
