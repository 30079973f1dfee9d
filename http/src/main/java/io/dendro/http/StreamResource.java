package io.dendro.http;

import io.dendro.Database;
import io.dendro.Stream;
import io.dendro.StreamInfo;
import io.dendro.StreamQuery;
import io.dendro.Time;
import io.dendro.error.DendroException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Datastream's stream resource, {@code /api/v1/stream/}, as django-datastream serves it (the
 * list with tag filters and the detail with datapoints) plus writes (docs/design/http-face.md).
 */
final class StreamResource {
    static final String LIST = "/api/v1/stream/";
    private final Database db;
    private final HttpServerOptions options;

    StreamResource(Database db, HttpServerOptions options) {
        this.db = db;
        this.options = options;
    }

    void register(Router r) {
        r.get(LIST, this::list);
        r.get(LIST + "{id}/", this::detail);
        new StreamWrites(db, options, this).register(r);
    }

    /** {@code GET /api/v1/}: the resources, as Tastypie lists them. */
    void apiRoot(Request r) {
        r.jsonFixed(200, j -> j.beginObject().name("stream").beginObject()
                .field("list_endpoint", LIST).field("schema", LIST + "schema/").endObject().endObject());
    }

    /** The stream a path names. */
    Stream stream(String id) {
        return find(db, id);
    }

    /**
     * The stream a path names.
     *
     * @throws HttpError 404 when there is none (or the id is not a UUID)
     */
    static Stream find(Database db, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw HttpError.notFound("Stream '" + Strings.shorten(id, 60) + "' not found.");
        }
        Optional<Stream> s = db.find(uuid);
        if (s.isEmpty()) {
            throw HttpError.notFound("Stream '" + uuid + "' not found.");
        }
        return s.get();
    }

    /**
     * The query of a stream list's parameters: every {@code tags__KEY[__KEY...][__OP]} filter
     * (comma lists or repeated values) and {@code collection} or {@code collection__startswith}
     * (also {@code /plot/v1/streams}).
     *
     * @throws HttpError 400 naming a malformed filter, or both collection parameters
     */
    static StreamQuery query(Params p) {
        StreamQuery q = StreamQuery.all();
        for (String name : p.names()) {
            if (name.startsWith("tags__")) {
                try {
                    q.where(name.substring(6), p.all(name).toArray(new String[0]));
                } catch (DendroException e) {
                    throw HttpError.badRequest(name, "Invalid filter: " + e.getMessage());
                }
            }
        }
        if (p.has("collection") && p.has("collection__startswith")) {
            throw HttpError.badRequest("collection__startswith", "give collection or collection__startswith, not both");
        }
        if (p.has("collection")) {
            q.collection(p.get("collection"));
        } else if (p.has("collection__startswith")) {
            q.collectionPrefix(p.get("collection__startswith"));
        }
        return q;
    }

    /**
     * {@code GET /api/v1/stream/}: the streams whose tags match every {@code tags__KEY[__KEY...][__OP]}
     * filter (and Dendro's {@code collection}, {@code collection__startswith}), ordered by
     * collection then id, a page at a time.
     */
    private void list(Request r) {
        Params p = r.params();
        StreamQuery q = query(p);
        long limit = pageLimit(p, "limit", options.defaultStreams());
        if (limit == 0 || limit > options.maxStreams()) {
            limit = options.maxStreams(); // Tastypie: 0 and anything above the maximum mean the maximum
        }
        long offset = pageLimit(p, "offset", 0);
        r.checkDeadline();
        List<StreamInfo> found = new ArrayList<>(db.streams(q));
        found.sort(Comparator.comparing(StreamInfo::collection).thenComparing(StreamInfo::uuid));
        List<StreamInfo> page = found.subList((int) Math.min(offset, found.size()),
                (int) Math.min(offset + limit, found.size()));
        long fLimit = limit;
        r.json(200, j -> {
            j.beginObject().name("meta");
            Paging.meta(j, p, LIST, fLimit, offset, found.size(), false);
            j.name("objects").beginArray();
            for (StreamInfo info : page) {
                Optional<Stream> s = db.find(info.uuid());
                if (s.isEmpty()) {
                    continue; // obliterated since the lookup
                }
                String object;
                try {
                    object = JsonOut.render(o -> {
                        StreamObject.fields(o.beginObject(), s.get(), 0);
                        o.endObject();
                    }, 512);
                } catch (DendroException e) {
                    if (e.code() != io.dendro.error.ErrorCode.NO_SUCH_STREAM) {
                        throw e;
                    }
                    continue; // obliterated while listed
                }
                j.raw(object);
            }
            j.endArray().endObject();
        });
    }

    private static long pageLimit(Params p, String name, long dflt) {
        String s = p.get(name);
        if (s == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(s.trim());
            if (v >= 0 && v <= Integer.MAX_VALUE) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw HttpError.badRequest(name, "Invalid " + name + " '" + Strings.shorten(s, 40)
                + "' provided. Please provide a positive integer >= 0.");
    }

    /**
     * {@code GET /api/v1/stream/<id>/}: the stream object with a page of its datapoints, the query
     * parameters as understood, and the paging meta (last, once the total is known).
     */
    private void detail(Request r) {
        Stream s = stream(r.path("id"));
        DatapointQuery q = DatapointQuery.parse(r.params(), s.kind(), options.defaultDatapoints(),
                options.maxDatapoints());
        s.earliest(q.version()); // an unknown version is a 404 before the answer starts
        r.checkDeadline();
        r.header("ETag", "\"" + s.info().propertyVersion() + "\"");
        String uri = StreamObject.uri(s.uuid());
        r.json(200, j -> {
            j.beginObject();
            long at = StreamObject.fields(j, s, q.version());
            long version = q.version() != 0 ? q.version() : StreamObject.pinned(s, at);
            j.name("datapoints");
            long total = Datapoints.write(j, s, q, version, r);
            j.name("query_params").beginObject();
            j.field("granularity", q.granularityName());
            j.field("start", q.startParam() != null ? Time.format(q.startParam())
                    : q.startExclusive() == null ? Time.format(Time.MIN_TIME) : null);
            j.field("end", q.endParam() == null ? null : Time.format(q.endParam()));
            j.field("start_exclusive", q.startExclusive() == null ? null : Time.format(q.startExclusive()));
            j.field("end_exclusive", q.endExclusive() == null ? null : Time.format(q.endExclusive()));
            j.name("reverse").bool(q.reverse());
            names(j, "value_downsamplers", q.valueKeys(), Downsamplers.values(s.kind()));
            names(j, "time_downsamplers", q.timeKeys(), Downsamplers.TIME);
            j.field("time_zone", q.zone().getId());
            j.field("version", q.version());
            j.endObject();
            j.name("meta");
            Paging.meta(j, r.params(), uri, q.limit(), q.offset(), total, true);
            j.endObject();
        });
    }

    private static void names(JsonOut j, String field, List<String> keys, String[][] table) {
        j.name(field);
        if (keys == null) {
            j.nul();
            return;
        }
        j.beginArray();
        keys.forEach(k -> j.string(Downsamplers.name(k, table)));
        j.endArray();
    }
}
