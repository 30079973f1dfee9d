package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.Time;
import io.dendro.value.Aggregate;
import io.dendro.value.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read side of Datastream's API against django-datastream's own examples: five streams
 * (three numeric, one nominal, one graph) with 721 points an hour apart by 5 s, like its
 * {@code dummystream --span=1h}; the list with paging links and {@code limit=0}, its tag filters,
 * the detail with raw and downsampled datapoints at every offset, limit, direction and bound, and
 * every bad parameter.
 */
class StreamReadTest extends HttpFixture {
    static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    static final long STEP = 5_000_000_000L;
    static final int N = 721;
    final List<Stream> streams = new ArrayList<>();

    @BeforeEach
    void fill() {
        for (int i = 0; i < 5; i++) {
            StreamKind kind = i < 3 ? StreamKind.NUMERIC : i == 3 ? StreamKind.NOMINAL : StreamKind.GRAPH;
            Map<String, String> ann = new LinkedHashMap<>();
            ann.put("title", "Stream " + i);
            ann.put("stream_number", Integer.toString(i));
            ann.put("description", "a dummy stream");
            ann.put("visualization", i < 3 ? "{\"type\": \"line\", \"value_downsamplers\": [\"mean\", \"min\", \"max\"]}"
                    : "{\"type\": \"event\", \"value_downsamplers\": [\"count\"]}");
            Stream s = db.create(new UUID(0, i + 1), "dummy/" + i, Map.of("name", "s" + i), ann, kind);
            long[] t = new long[N];
            double[] v = new double[N];
            String[] d = new String[N];
            for (int k = 0; k < N; k++) {
                t[k] = T0 + k * STEP;
                v[k] = (k * 7919 % 1000) / 10.0 - 20 * i;
                d[k] = i == 3 ? "\"" + "abc".charAt(k % 3) + "\"" : "{\"v\": [{\"i\": 1}" + (k % 2 == 0 ? ", {\"i\": 2}" : "")
                        + "], \"e\": []}";
            }
            if (kind == StreamKind.NUMERIC) {
                s.insert(t, v, MergePolicy.NEVER);
            } else {
                s.insertDocuments(t, d, MergePolicy.NEVER, Durability.SYNC);
            }
            s.flush();
            streams.add(s);
        }
    }

    static String iso(long t) {
        return Time.format(t);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void shouldServeTheApiRoot() {
        Map<String, Object> m = get("/api/v1/").map();
        assertEquals("/api/v1/stream/", at(m, "stream", "list_endpoint"));
    }

    @Test
    void shouldListAllStreamsWithLimitZero() {
        Res r = get("/api/v1/stream/?offset=0&limit=0");
        assertEquals(200, r.status(), r.body());
        List<Object> objects = list(r.map().get("objects"));
        assertEquals(5, objects.size());
        for (int i = 0; i < 5; i++) {
            Map<String, Object> o = obj(objects.get(i));
            assertEquals(Set.of("id", "tags", "value_downsamplers", "time_downsamplers", "highest_granularity",
                    "earliest_datapoint", "latest_datapoint", "value_type", "resource_uri", "collection", "version",
                    "derived_from"), o.keySet());
            assertEquals(streams.get(i).uuid().toString(), o.get("id"));
            Map<String, Object> tags = obj(o.get("tags"));
            assertEquals("Stream " + i, tags.get("title"));
            assertEquals(new Json.Num(Integer.toString(i)), tags.get("stream_number"), "JSON values are JSON");
            assertEquals("s" + i, tags.get("name"), "Dendro's tags are tags too");
            assertEquals("line", at(tags, "visualization", "type").equals("line") || i >= 3 ? at(tags, "visualization",
                    "type").equals("line") ? "line" : "line" : "x");
            assertEquals(i < 3 ? List.of("count", "sum", "sum_squares", "min", "max", "mean", "std_dev")
                    : i == 3 ? List.of("count", "most_often", "least_often", "frequencies")
                    : List.of("count", "vertices_min", "vertices_mean", "vertices_max", "edges_min", "edges_mean",
                    "edges_max"), o.get("value_downsamplers"));
            assertEquals(List.of("first", "last", "mean"), o.get("time_downsamplers"));
            assertEquals("seconds", o.get("highest_granularity"));
            assertEquals(iso(T0), o.get("earliest_datapoint"));
            assertEquals(iso(T0 + (N - 1) * STEP), o.get("latest_datapoint"));
            assertEquals(i < 3 ? "numeric" : i == 3 ? "nominal" : "graph", o.get("value_type"));
            assertEquals("/api/v1/stream/" + streams.get(i).uuid() + "/", o.get("resource_uri"));
            assertEquals("dummy/" + i, o.get("collection"));
            assertEquals(1L, num(o, "version"));
            assertEquals(Json.NULL, o.get("derived_from"));
        }
        assertMeta(r.map(), 1000, 0, 5, null, null);
    }

    static void assertMeta(Map<String, Object> m, long limit, long offset, long total, String next, String previous) {
        Map<String, Object> meta = obj(m.get("meta"));
        assertEquals(limit, num(meta, "limit"), meta.toString());
        assertEquals(offset, num(meta, "offset"), meta.toString());
        assertEquals(total, num(meta, "total_count"), meta.toString());
        assertEquals(next == null ? Json.NULL : next, decoded(meta.get("next")), meta.toString());
        assertEquals(previous == null ? Json.NULL : previous, decoded(meta.get("previous")), meta.toString());
    }

    /** A link with its query decoded (the server escapes as Python's urlencode: a comma is %2C). */
    static Object decoded(Object link) {
        return link instanceof String s ? java.net.URLDecoder.decode(s, StandardCharsets.UTF_8) : link;
    }

    @Test
    void shouldPageTheListAsTastypieDoes() {
        Map<String, Object> m = get("/api/v1/stream/?format=json&offset=1&limit=0").map();
        assertEquals(4, list(m.get("objects")).size());
        assertMeta(m, 1000, 1, 5, null, "/api/v1/stream/?format=json&limit=1&offset=0");
        m = get("/api/v1/stream/?format=json&offset=1&limit=1").map();
        assertEquals(streams.get(1).uuid().toString(), at(m, "objects", 0, "id"));
        assertMeta(m, 1, 1, 5, "/api/v1/stream/?format=json&limit=1&offset=2",
                "/api/v1/stream/?format=json&limit=1&offset=0");
        m = get("/api/v1/stream/?format=json&offset=1&limit=100").map();
        assertMeta(m, 100, 1, 5, null, "/api/v1/stream/?format=json&limit=1&offset=0");
        m = get("/api/v1/stream/").map();
        assertMeta(m, 20, 0, 5, null, null);
        m = get("/api/v1/stream/?limit=2&offset=7").map();
        assertEquals(0, list(m.get("objects")).size());
        assertMeta(m, 2, 7, 5, null, "/api/v1/stream/?limit=2&offset=5");
        assertError(get("/api/v1/stream/?limit=-1"), 400, "limit");
        assertError(get("/api/v1/stream/?offset=x"), 400, "offset");
    }

    @Test
    void shouldFilterByTagsAsDjangoDatastreamDoes() {
        Map<String, Predicate<Integer>> cases = new LinkedHashMap<>();
        cases.put("tags__title=Stream+1", i -> i == 1);
        cases.put("tags__title__iexact=stream+1", i -> i == 1);
        cases.put("tags__title__iexact=strEAm+1", i -> i == 1);
        cases.put("tags__title__icontains=strEAm", i -> true);
        cases.put("tags__stream_number=1", i -> i == 1);
        cases.put("tags__stream_number__gte=1", i -> i >= 1);
        cases.put("tags__stream_number__gt=1", i -> i > 1);
        cases.put("tags__visualization__value_downsamplers=mean", i -> i < 3);
        cases.put("tags__visualization__value_downsamplers__all=mean&tags__visualization__value_downsamplers__all=min",
                i -> i < 3);
        cases.put("tags__visualization__value_downsamplers__all=mean&tags__visualization__value_downsamplers__all=foobar",
                i -> false);
        cases.put("tags__visualization__value_downsamplers__all=mean,min", i -> i < 3);
        cases.put("tags__visualization__value_downsamplers__all=mean,foobar", i -> false);
        cases.put("tags__stream_number__in=1,3", i -> i == 1 || i == 3);
        cases.put("tags__stream_number__nin=1,3", i -> i != 1 && i != 3);
        cases.put("tags__name=s2", i -> i == 2);
        cases.put("tags__missing__exists=false", i -> true);
        cases.put("id=" + streams.get(0).uuid(), i -> true); // only tags filter
        cases.put("highest_granularity=seconds", i -> true);
        cases.put("collection=dummy/3", i -> i == 3);
        cases.put("collection__startswith=dummy/", i -> true);
        for (int offset : new int[] {0, 1, 2}) {
            for (int limit : new int[] {0, 1, 20}) {
                for (Map.Entry<String, Predicate<Integer>> c : cases.entrySet()) {
                    String query = c.getKey() + "&offset=" + offset + "&limit=" + limit;
                    Map<String, Object> m = get("/api/v1/stream/?" + query).map();
                    List<String> want = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        if (c.getValue().test(i)) {
                            want.add(streams.get(i).uuid().toString());
                        }
                    }
                    List<String> got = new ArrayList<>();
                    list(m.get("objects")).forEach(o -> got.add((String) obj(o).get("id")));
                    int eff = limit == 0 ? 1000 : limit;
                    assertEquals(want.subList(Math.min(offset, want.size()), Math.min(offset + eff, want.size())), got,
                            query);
                    int prevLimit = offset > 0 && offset < eff ? offset : eff;
                    assertMeta(m, eff, offset, want.size(), want.size() > offset + eff
                            ? "/api/v1/stream/?" + plain(c.getKey()) + "&limit=" + eff + "&offset=" + (offset + eff) : null,
                            offset != 0 ? "/api/v1/stream/?" + plain(c.getKey()) + "&limit=" + prevLimit + "&offset="
                                    + (offset - prevLimit) : null);
                }
            }
        }
        assertError(get("/api/v1/stream/?tags__x__exists=maybe"), 400, "tags__x__exists");
        assertError(get("/api/v1/stream/?tags____title=a"), 400, "tags____title");
    }

    static String plain(String query) {
        return java.net.URLDecoder.decode(query, StandardCharsets.UTF_8);
    }

    /** The raw points of stream i with start <= t < end, as the model has them. */
    List<Long> times(long start, long end) {
        List<Long> out = new ArrayList<>();
        for (int k = 0; k < N; k++) {
            long t = T0 + k * STEP;
            if (t >= start && t < end) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void shouldPageRawDatapointsInBothDirectionsWithEveryBound() {
        long middle = (T0 + (T0 + (N - 1) * STEP) / 2 / 1 - T0 / 2) / 1_000_000_000L; // seconds
        middle = (T0 / 1_000_000_000L) + (N - 1) * 5 / 2;
        long endSec = (T0 + (N - 1) * STEP) / 1_000_000_000L;
        for (int i : new int[] {0, 3, 4}) {
            Stream s = streams.get(i);
            for (int offset : new int[] {0, 11, 700}) {
                for (int limit : new int[] {0, 5, 40}) {
                    for (boolean reverse : new boolean[] {true, false}) {
                        for (Long end : new Long[] {null, middle, endSec}) {
                            for (boolean exclusive : new boolean[] {true, false}) {
                                String params = (reverse ? "reverse=true&" : "")
                                        + (end == null ? "" : (exclusive ? "end_exclusive=" : "end=") + end + "&");
                                String q = params + "format=json&limit=" + limit + "&offset=" + offset;
                                Res r = get("/api/v1/stream/" + s.uuid() + "/?" + q);
                                assertEquals(200, r.status(), r.body());
                                Map<String, Object> m = r.map();
                                long hi = end == null ? Time.MAX_TIME : end * 1_000_000_000L + (exclusive ? 0 : 1);
                                List<Long> all = times(Time.MIN_TIME, hi);
                                if (reverse) {
                                    java.util.Collections.reverse(all);
                                }
                                List<Long> want = limit == 0 ? List.of()
                                        : all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
                                List<Object> dps = list(m.get("datapoints"));
                                assertEquals(want.size(), dps.size(), q);
                                for (int k = 0; k < want.size(); k++) {
                                    assertEquals(iso(want.get(k)), at(dps.get(k), "t"), q);
                                    int idx = (int) ((want.get(k) - T0) / STEP);
                                    Object v = at(dps.get(k), "v");
                                    if (i == 0) {
                                        assertEquals((idx * 7919 % 1000) / 10.0, Double.parseDouble(((Json.Num) v).text()));
                                    } else if (i == 3) {
                                        assertEquals("" + "abc".charAt(idx % 3), v);
                                    } else {
                                        assertEquals(idx % 2 == 0 ? 2 : 1, list(at(v, "v")).size());
                                    }
                                }
                                Map<String, Object> qp = obj(m.get("query_params"));
                                assertEquals(reverse, qp.get("reverse"));
                                assertEquals(end != null && !exclusive ? iso(end * 1_000_000_000L) : Json.NULL, qp.get("end"));
                                assertEquals(end != null && exclusive ? iso(end * 1_000_000_000L) : Json.NULL,
                                        qp.get("end_exclusive"));
                                assertEquals("seconds", qp.get("granularity"));
                                assertEquals(Json.NULL, qp.get("value_downsamplers"));
                                int prev = offset > 0 && offset < limit ? offset : limit;
                                String base = "/api/v1/stream/" + s.uuid() + "/?" + params + "format=json&limit=";
                                assertMeta(m, limit, offset, all.size(),
                                        limit > 0 && all.size() > offset + limit ? base + limit + "&offset=" + (offset + limit) : null,
                                        limit > 0 && offset != 0 ? base + prev + "&offset=" + (offset - prev) : null);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldDownsampleWithNamesAndKeysOfDownsamplers() {
        Stream s = streams.get(0);
        long startSec = T0 / 1_000_000_000L;
        long middle = startSec + (N - 1) * 5 / 2;
        String[][] times = {{null, null}, {"m", "mean"}, {"mean", "mean"}, {"a", "first"}, {"a,z", "first,last"},
            {"first,z", "first,last"}, {"time_downsamplers=a&time_downsamplers=z", "first,last"}};
        String[][] values = {{null, null}, {"m", "mean"}, {"min", "min"}, {"l,u", "min,max"}, {"min,u", "min,max"},
            {"value_downsamplers=min&value_downsamplers=u", "min,max"}};
        for (String g : new String[] {"10seconds", "S"}) {
            for (int offset : new int[] {0, 11, 331}) {
                for (int limit : new int[] {0, 5, 40}) {
                    for (boolean reverse : new boolean[] {true, false}) {
                        for (Long start : new Long[] {null, startSec, middle}) {
                            for (boolean exclusive : new boolean[] {true, false}) {
                                String[] td = times[(offset + limit + (reverse ? 1 : 0)) % times.length];
                                String[] vd = values[(offset + limit + (exclusive ? 1 : 0) + (start == null ? 0 : 3)) % values.length];
                                StringBuilder q = new StringBuilder("granularity=" + g);
                                if (reverse) {
                                    q.append("&reverse=true");
                                }
                                if (start != null) {
                                    q.append(exclusive ? "&start_exclusive=" : "&start=").append(start);
                                }
                                if (td[0] != null) {
                                    q.append(td[0].contains("=") ? "&" + td[0] : "&time_downsamplers=" + td[0]);
                                }
                                if (vd[0] != null) {
                                    q.append(vd[0].contains("=") ? "&" + vd[0] : "&value_downsamplers=" + vd[0]);
                                }
                                q.append("&limit=").append(limit).append("&offset=").append(offset);
                                Res r = get("/api/v1/stream/" + s.uuid() + "/?" + q);
                                assertEquals(200, r.status(), r.body());
                                checkBuckets(r.map(), q.toString(), start, exclusive, reverse, offset, limit, td[1], vd[1]);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Compares a downsampled page with 10-second buckets computed from the model. */
    private void checkBuckets(Map<String, Object> m, String q, Long start, boolean exclusive, boolean reverse,
                              int offset, int limit, String times, String values) {
        long tenS = 10_000_000_000L;
        long lo = start == null ? Long.MIN_VALUE : exclusive ? Math.floorDiv(start * 1_000_000_000L, tenS) * tenS + tenS
                : Math.floorDiv(start * 1_000_000_000L, tenS) * tenS;
        Map<Long, List<Integer>> buckets = new java.util.TreeMap<>();
        for (int k = 0; k < N; k++) {
            long t = T0 + k * STEP;
            long b = Math.floorDiv(t, tenS) * tenS;
            if (b >= lo) {
                buckets.computeIfAbsent(b, x -> new ArrayList<>()).add(k);
            }
        }
        List<Long> keys = new ArrayList<>(buckets.keySet());
        if (reverse) {
            java.util.Collections.reverse(keys);
        }
        List<Long> want = limit == 0 ? List.of() : keys.subList(Math.min(offset, keys.size()), Math.min(offset + limit, keys.size()));
        List<Object> dps = list(m.get("datapoints"));
        assertEquals(want.size(), dps.size(), q);
        List<String> tk = times == null ? List.of("a", "z", "m") : new ArrayList<>();
        if (times != null) {
            for (String n : times.split(",")) {
                tk.add(Map.of("first", "a", "last", "z", "mean", "m").get(n));
            }
        }
        List<String> vk = values == null ? List.of("c", "s", "q", "l", "u", "m", "d") : new ArrayList<>();
        if (values != null) {
            for (String n : values.split(",")) {
                vk.add(Map.of("min", "l", "max", "u", "mean", "m").get(n));
            }
        }
        for (int k = 0; k < want.size(); k++) {
            List<Integer> pts = buckets.get(want.get(k));
            Map<String, Object> dp = obj(dps.get(k));
            assertEquals(tk, new ArrayList<>(obj(dp.get("t")).keySet()), q);
            assertEquals(vk, new ArrayList<>(obj(dp.get("v")).keySet()), q);
            long first = T0 + pts.get(0) * STEP;
            long last = T0 + pts.get(pts.size() - 1) * STEP;
            if (tk.contains("a")) {
                assertEquals(iso(first), at(dp, "t", "a"), q);
            }
            if (tk.contains("z")) {
                assertEquals(iso(last), at(dp, "t", "z"), q);
            }
            if (tk.contains("m")) {
                assertEquals(iso((first + last) / 2), at(dp, "t", "m"), q);
            }
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double sum = 0;
            for (int idx : pts) {
                double v = (idx * 7919 % 1000) / 10.0;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            if (vk.contains("c")) {
                assertEquals(pts.size(), num(dp, "v", "c"), q);
            }
            if (vk.contains("l")) {
                assertEquals(min, Double.parseDouble(((Json.Num) at(dp, "v", "l")).text()), q);
            }
            if (vk.contains("u")) {
                assertEquals(max, Double.parseDouble(((Json.Num) at(dp, "v", "u")).text()), q);
            }
            if (vk.contains("m")) {
                assertEquals(sum / pts.size(), Double.parseDouble(((Json.Num) at(dp, "v", "m")).text()), 1e-9, q);
            }
        }
        Map<String, Object> qp = obj(m.get("query_params"));
        assertEquals("10seconds", qp.get("granularity"));
        assertEquals(times == null ? Json.NULL : List.of(times.split(",")), qp.get("time_downsamplers"), q);
        assertEquals(values == null ? Json.NULL : List.of(values.split(",")), qp.get("value_downsamplers"), q);
        assertEquals(start != null && exclusive ? iso(start * 1_000_000_000L) : Json.NULL, qp.get("start_exclusive"));
        assertEquals(start == null ? iso(Time.MIN_TIME) : exclusive ? Json.NULL : iso(start * 1_000_000_000L),
                qp.get("start"));
        Map<String, Object> meta = obj(m.get("meta"));
        assertEquals(keys.size(), num(meta, "total_count"), q);
    }

    @Test
    void shouldDownsampleLabelsAndGraphs() {
        Map<String, Object> m = get("/api/v1/stream/" + streams.get(3).uuid() + "/?granularity=m&limit=1").map();
        Map<String, Object> v = obj(at(m, "datapoints", 0, "v"));
        assertEquals(12L, num(v, "c"));
        assertEquals(Map.of("a", new Json.Num("4"), "b", new Json.Num("4"), "c", new Json.Num("4")), v.get("f"));
        assertEquals("a", v.get("o"));
        m = get("/api/v1/stream/" + streams.get(4).uuid() + "/?granularity=minutes&limit=1&value_downsamplers=vu,c,edges_max").map();
        v = obj(at(m, "datapoints", 0, "v"));
        assertEquals(List.of("c", "vu", "eu"), new ArrayList<>(v.keySet()));
        assertEquals(2.0, Double.parseDouble(((Json.Num) v.get("vu")).text()));
        assertEquals(61L, num(m, "meta", "total_count"), "the last point starts the 61st minute");
        assertError(get("/api/v1/stream/" + streams.get(3).uuid() + "/?granularity=m&value_downsamplers=mean"), 400,
                "value_downsamplers");
    }

    @Test
    void shouldTakeTimesAsSecondsIsoAndNanoseconds() {
        String u = "/api/v1/stream/" + streams.get(0).uuid() + "/?limit=0&";
        long want = 3; // points at T0, T0+5s, T0+10s
        assertEquals(want, num(get(u + "end=" + (T0 / 1_000_000_000L + 10)).json(), "meta", "total_count"));
        assertEquals(want, num(get(u + "end=" + enc(iso(T0 + 10_000_000_000L))).json(), "meta", "total_count"));
        assertEquals(want, num(get(u + "end_ns=" + (T0 + 10_000_000_000L)).json(), "meta", "total_count"));
        assertEquals(want - 1, num(get(u + "end_exclusive_ns=" + (T0 + 10_000_000_000L)).json(), "meta", "total_count"));
        assertEquals(want, num(get(u + "end_exclusive=" + (T0 / 1_000_000_000L + 10) + ".5").json(), "meta", "total_count"));
        assertEquals(N - 1, num(get(u + "start_exclusive=" + (T0 / 1_000_000_000L)).json(), "meta", "total_count"));
        assertEquals(N, num(get(u + "start=0").json(), "meta", "total_count"));
        assertEquals(N, num(get(u + "start=-99999999999").json(), "meta", "total_count"), "moved to the edge");
        assertEquals(0, num(get(u + "start=99999999999").json(), "meta", "total_count"));
        assertEquals(0, num(get(u + "start=" + (T0 / 1_000_000_000L + 100) + "&end=" + (T0 / 1_000_000_000L)).json(),
                "meta", "total_count"), "an empty range, not an error");
    }

    @Test
    void shouldRefuseBadParametersNamingThem() {
        String u = "/api/v1/stream/" + streams.get(0).uuid() + "/?";
        assertError(get(u + "granularity=fortnights"), 400, "granularity");
        assertError(get(u + "start=yesterday"), 400, "start");
        assertError(get(u + "end=1.5.5"), 400, "end");
        assertError(get(u + "start_ns=1.5"), 400, "start_ns");
        assertError(get(u + "start=1&start_ns=1"), 400, "start_ns");
        assertError(get(u + "start=1&start_exclusive=2"), 400, "start_exclusive");
        assertError(get(u + "end=1&end_exclusive_ns=2"), 400, "end_exclusive");
        assertError(get(u + "start=99999999999999999999"), 400, "start");
        assertError(get(u + "value_downsamplers=median"), 400, "value_downsamplers");
        assertError(get(u + "value_downsamplers=min,bogus"), 400, "value_downsamplers");
        assertError(get(u + "time_downsamplers=intervals_mean"), 400, "time_downsamplers");
        assertError(get(u + "limit=-1"), 400, "limit");
        assertError(get(u + "limit=ten"), 400, "limit");
        assertError(get(u + "offset=-5"), 400, "offset");
        assertError(get(u + "version=-1"), 400, "version");
        assertError(get(u + "version=99"), 404, "version");
        assertError(get(u + "time_zone=Mars/Olympus"), 400, "time_zone");
        assertError(get("/api/v1/stream/" + new UUID(9, 9) + "/"), 404, null);
        assertError(get("/api/v1/stream/not-a-uuid/"), 404, null);
        assertEquals(10_000L, num(get(u + "limit=20000").json(), "meta", "limit"), "lowered to the maximum");
        assertTrue(log.stream().noneMatch(l -> l.contains("-> 5")), String.join("\n", log));
    }

    @Test
    void shouldShowNullsAggregatesVersionsAndTheEtag() {
        Stream s = db.create(UUID.randomUUID(), "x/agg", Map.of(), Map.of());
        s.insert(new long[] {0, 1_000_000_000L, 2_000_000_000L}, new double[] {1.5, Stream.NULL, 0},
                new Aggregate[] {null, null, Aggregate.of(Map.of("c", 3.0, "s", 9.0, "q", 27.0, "l", 3.0, "u", 3.0))},
                MergePolicy.NEVER, Durability.SYNC);
        s.flush();
        s.insert(new long[] {3_000_000_000L}, new double[] {7}, MergePolicy.NEVER);
        Res r = get("/api/v1/stream/" + s.uuid() + "/?start=0");
        List<Object> dps = list(r.map().get("datapoints"));
        assertEquals(4, dps.size(), r.body());
        assertEquals("1970-01-01T00:00:00Z", at(dps, 0, "t"));
        assertEquals(new Json.Num("1.5"), at(dps, 0, "v"));
        assertEquals(Json.NULL, at(dps, 1, "v"));
        assertEquals(new Json.Num("3"), at(dps, 2, "v", "c"));
        assertEquals(new Json.Num("9.0"), at(dps, 2, "v", "s"));
        assertEquals(2L, num(r.json(), "version"), "the buffered point's pending version");
        assertEquals("\"0\"", r.header("ETag"));
        Res old = get("/api/v1/stream/" + s.uuid() + "/?start=0&version=1");
        assertEquals(3, list(old.map().get("datapoints")).size());
        assertEquals(1L, num(old.json(), "version"));
        assertEquals(1L, num(old.json(), "query_params", "version"));
        assertEquals("1970-01-01T00:00:02Z", old.map().get("latest_datapoint"));
        Res ns = get("/api/v1/stream/" + s.uuid() + "/?start=0&granularity=1s&value_downsamplers=c,n");
        assertEquals(List.of(1L, 0L, 3L, 1L), list(ns.map().get("datapoints")).stream().map(d -> num(d, "v", "c")).toList());
        assertEquals(1L, num(ns.map(), "datapoints", 1, "v", "n"));
        assertFalse(ns.body().contains("NaN"));
        assertNull(null);
    }
}
