package io.dendro.http;

import io.dendro.Database;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.StreamInfo;
import io.dendro.StreamKind;
import io.dendro.StreamQuery;
import io.dendro.StreamSpec;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.value.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The writes django-datastream never had (docs/design/http-face.md): create or ensure a stream
 * (derived ones too), append datapoints, change tags, obliterate.
 */
final class StreamWrites {
    /** Fields of a stream object a client may send back unchanged with a creation or a PATCH: ignored. */
    private static final Set<String> READ_ONLY = Set.of("value_downsamplers", "time_downsamplers",
            "highest_granularity", "earliest_datapoint", "latest_datapoint", "resource_uri", "version",
            "derived_from", "value_type_options", "datapoints", "query_params", "meta");
    /** The collection of a stream created without one (Datastream has no collections). */
    static final String DEFAULT_COLLECTION = "datastream";

    private final Database db;
    private final HttpServerOptions options;
    private final StreamResource resource;
    /** Ensuring a derived stream is a look-up then a derive: one at a time, so that two callers get one stream. */
    private final Object ensureLock = new Object();

    StreamWrites(Database db, HttpServerOptions options, StreamResource resource) {
        this.db = db;
        this.options = options;
        this.resource = resource;
    }

    void register(Router r) {
        r.write("POST", StreamResource.LIST, this::create);
        r.write("POST", StreamResource.LIST + "{id}/", this::append);
        r.write("PATCH", StreamResource.LIST + "{id}/", this::patch);
        r.write("DELETE", StreamResource.LIST + "{id}/", this::delete);
    }

    /** The body as a JSON object. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Request r) {
        String text = new String(r.body(), StandardCharsets.UTF_8);
        Object v;
        try {
            v = Json.parse(text);
        } catch (DendroException e) {
            throw HttpError.badRequest(null, "the body is not JSON: " + e.getMessage());
        }
        if (!(v instanceof Map<?, ?>)) {
            throw HttpError.badRequest(null, "the body must be a JSON object");
        }
        return (Map<String, Object>) v;
    }

    /**
     * {@code POST /api/v1/stream/}: creates a stream (201 with the object and {@code Location}), or
     * with {@code query_tags} finds the one stream whose tags match them (200) and creates it only
     * when none does (Datastream's {@code ensure_stream}).
     */
    private void create(Request r) {
        Map<String, Object> body = object(r);
        for (String k : body.keySet()) {
            if (!Set.of("id", "collection", "value_type", "tags", "fixed_tags", "query_tags", "derive_from",
                    "derive_op", "derive_args", "derive_backprocess").contains(k) && !READ_ONLY.contains(k)) {
                throw HttpError.badRequest(k, "unknown field \"" + Strings.shorten(k, 40) + "\"");
            }
        }
        UUID id = body.containsKey("id") ? uuid(body.get("id"), "id") : UUID.randomUUID();
        String collection = body.containsKey("collection") ? string(body.get("collection"), "collection")
                : DEFAULT_COLLECTION;
        StreamKind kind = StreamKind.NUMERIC;
        if (body.containsKey("value_type")) {
            kind = StreamKind.named(string(body.get("value_type"), "value_type"));
            if (kind == null) {
                throw HttpError.badRequest("value_type", "value_type must be numeric, nominal or graph");
            }
        }
        Map<String, String> annotations = tags(body.get("tags"), "tags");
        Map<String, String> fixed = tags(body.get("fixed_tags"), "fixed_tags");
        Map<String, String> query = body.containsKey("query_tags") ? tags(body.get("query_tags"), "query_tags") : null;
        if (query != null) {
            query.forEach(annotations::putIfAbsent);
        }
        boolean derived = body.containsKey("derive_from") || body.containsKey("derive_op");
        Stream s;
        boolean created;
        try {
            if (query != null) {
                StreamQuery q = StreamQuery.all();
                query.forEach((k, v) -> q.where(k, v));
                synchronized (ensureLock) {
                    List<StreamInfo> found = db.streams(q);
                    if (found.size() > 1) {
                        throw HttpError.badRequest("query_tags", found.size() + " streams match the query_tags");
                    }
                    created = found.isEmpty();
                    s = !created ? db.stream(found.get(0).uuid())
                            : derived ? derive(body, id, collection, fixed, annotations)
                            : db.ensure(q, new StreamSpec(id, collection, fixed, annotations, kind));
                }
            } else {
                s = derived ? derive(body, id, collection, fixed, annotations)
                        : db.create(id, collection, fixed, annotations, kind);
                created = true;
            }
        } catch (DendroException e) {
            throw HttpError.of(e, e.code() == ErrorCode.STREAM_EXISTS ? "id" : null);
        }
        r.header("Location", StreamObject.uri(s.uuid()));
        r.header("ETag", "\"" + s.info().propertyVersion() + "\"");
        r.jsonFixed(created ? 201 : 200, j -> {
            StreamObject.fields(j.beginObject(), s, 0);
            j.endObject();
        });
    }

    private Stream derive(Map<String, Object> body, UUID id, String collection, Map<String, String> fixed,
                          Map<String, String> annotations) {
        Object from = body.get("derive_from");
        List<?> sources = from instanceof List<?> l ? l : from == null ? List.of() : List.of(from);
        if (sources.isEmpty()) {
            throw HttpError.badRequest("derive_from", "a derived stream needs derive_from: its sources");
        }
        List<UUID> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Object src : sources) {
            if (src instanceof Map<?, ?> m) {
                ids.add(uuid(m.get("stream"), "derive_from"));
                Object n = m.get("name");
                names.add(n == null || n == Json.NULL ? null : string(n, "derive_from"));
            } else {
                ids.add(uuid(src, "derive_from"));
                names.add(null);
            }
        }
        String op = string(body.get("derive_op"), "derive_op");
        Map<String, String> args = new LinkedHashMap<>();
        Object a = body.get("derive_args");
        if (a instanceof Map<?, ?> m) {
            m.forEach((k, v) -> args.put((String) k, v instanceof String str ? str : Json.write(v)));
        } else if (a != null && a != Json.NULL) {
            throw HttpError.badRequest("derive_args", "derive_args must be an object");
        }
        Object bp = body.getOrDefault("derive_backprocess", Boolean.TRUE);
        if (!(bp instanceof Boolean)) {
            throw HttpError.badRequest("derive_backprocess", "derive_backprocess must be true or false");
        }
        try {
            return db.derive(id, collection, fixed, annotations, op, ids, names, args, (Boolean) bp);
        } catch (DendroException e) {
            throw HttpError.of(e, e.code() == ErrorCode.NO_SUCH_STREAM ? "derive_from" : null);
        }
    }

    /**
     * {@code POST /api/v1/stream/<id>/}: appends datapoints atomically (all or none), with
     * {@code merge=never|equal|retain|replace} (default never) and
     * {@code durability=sync|group|none} (default sync); 201 with {@code count} and the
     * {@code version} they belong to.
     */
    private void append(Request r) {
        Stream s = resource.stream(r.path("id"));
        MergePolicy policy = MergePolicy.NEVER;
        String merge = r.params().get("merge");
        if (merge != null) {
            try {
                policy = MergePolicy.valueOf(merge.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("merge", "merge must be never, equal, retain or replace");
            }
        }
        Durability durability = Durability.SYNC;
        if (r.params().has("durability")) {
            try {
                durability = Durability.parse(r.params().get("durability"));
            } catch (DendroException e) {
                throw HttpError.badRequest("durability", e.getMessage());
            }
        }
        StreamKind kind = s.kind();
        DatapointsReader.Points pts = DatapointsReader.read(r.bodyStream(), kind, options.maxInsertPoints());
        r.checkDeadline();
        long version;
        try {
            version = kind == StreamKind.NUMERIC
                    ? s.insert(pts.times(), pts.values(), pts.aggregates(), policy, durability)
                    : s.insertDocuments(pts.times(), pts.documents(), policy, durability);
        } catch (DendroException e) {
            throw HttpError.of(e, "datapoints");
        }
        r.jsonFixed(201, j -> j.beginObject().field("count", pts.n).field("version", version).endObject());
    }

    /**
     * {@code PATCH /api/v1/stream/<id>/} with {@code {"tags": {...}}}: a JSON merge patch of the
     * stream's annotations (a key with a value sets it, a key with null removes it, keys not given
     * stay); Dendro's fixed tags may be sent with their values but not changed. {@code If-Match}
     * with the stream's ETag (its property version) makes it conditional: 412 when another change
     * came first. 200 with the object and its new ETag.
     */
    private void patch(Request r) {
        Stream s = resource.stream(r.path("id"));
        Map<String, Object> body = object(r);
        for (String k : body.keySet()) {
            if (!k.equals("tags") && !k.equals("id") && !k.equals("collection") && !k.equals("value_type")
                    && !READ_ONLY.contains(k)) {
                throw HttpError.badRequest(k, "unknown field \"" + Strings.shorten(k, 40) + "\"");
            }
        }
        Object tags = body.get("tags");
        if (!(tags instanceof Map<?, ?> changes)) {
            throw HttpError.badRequest("tags", "a PATCH changes \"tags\": an object");
        }
        Long expected = ifMatch(r.header("If-Match"));
        StreamInfo info = s.info();
        Map<String, String> set = new TreeMap<>();
        List<String> remove = new ArrayList<>();
        for (Map.Entry<?, ?> e : changes.entrySet()) {
            String k = (String) e.getKey();
            Object v = e.getValue();
            if (info.tags().containsKey(k)) {
                if (v != Json.NULL && TagValues.store(v).equals(info.tags().get(k))) {
                    continue; // sent back unchanged
                }
                throw HttpError.badRequest("tags." + k, "tag '" + Strings.shorten(k, 40)
                        + "' is one of the stream's fixed tags: it cannot be changed");
            }
            if (k.isEmpty()) {
                throw HttpError.badRequest("tags", "a tag needs a non-empty key");
            }
            if (v == Json.NULL) {
                remove.add(k);
            } else {
                set.put(k, TagValues.store(v));
            }
        }
        long pv;
        for (int attempt = 0; ; attempt++) {
            long base = expected != null ? expected : s.info().propertyVersion();
            try {
                pv = s.updateAnnotations(base, set, remove);
                break;
            } catch (DendroException e) {
                if (e.code() != ErrorCode.STALE_PROPERTY_VERSION || expected != null || attempt >= 10) {
                    throw HttpError.of(e, e.code() == ErrorCode.STALE_PROPERTY_VERSION ? "If-Match" : "tags");
                }
            }
        }
        r.header("ETag", "\"" + pv + "\"");
        r.jsonFixed(200, j -> {
            StreamObject.fields(j.beginObject(), s, 0);
            j.endObject();
        });
    }

    /** The property version an If-Match names ({@code "3"}, {@code W/"3"}, {@code 3}); null for none or {@code *}. */
    private static Long ifMatch(String h) {
        if (h == null || h.isBlank() || h.trim().equals("*")) {
            return null;
        }
        String t = h.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw HttpError.badRequest("If-Match", "If-Match must be the stream's ETag (its property version), not "
                + Strings.shorten(h, 40));
    }

    /** {@code DELETE /api/v1/stream/<id>/}: obliterates the stream; 409 naming the streams derived from it. */
    private void delete(Request r) {
        Stream s = resource.stream(r.path("id"));
        List<UUID> dependents = s.derivedStreams();
        if (!dependents.isEmpty()) {
            throw new HttpError(409, "stream " + s.uuid() + " has streams derived from it: "
                    + String.join(", ", dependents.stream().map(UUID::toString).toList()) + " (delete them first)", null);
        }
        s.obliterate(); // one derived meanwhile: HAS_DEPENDENTS, a 409 too
        r.empty(204);
    }

    private static UUID uuid(Object v, String field) {
        if (v instanceof String s) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                // below
            }
        }
        throw HttpError.badRequest(field, field + " must be a UUID string");
    }

    private static String string(Object v, String field) {
        if (v instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw HttpError.badRequest(field, field + " must be a non-empty string");
    }

    /** Tags from a JSON object, each value stored as {@link TagValues#store} writes it. */
    private static Map<String, String> tags(Object v, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v == Json.NULL) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw HttpError.badRequest(field, field + " must be an object");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = (String) e.getKey();
            if (k.isEmpty()) {
                throw HttpError.badRequest(field, field + ": a tag needs a non-empty key");
            }
            if (e.getValue() == Json.NULL) {
                throw HttpError.badRequest(field + "." + k, field + "." + k + ": a tag's value may not be null");
            }
            out.put(k, TagValues.store(e.getValue()));
        }
        return out;
    }
}
