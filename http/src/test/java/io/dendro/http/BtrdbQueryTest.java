package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.RawPoint;
import io.dendro.StatPoint;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.Time;
import io.dendro.TimeRange;
import io.dendro.value.Aggregate;
import io.dendro.value.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BTrDB's queries under {@code /btrdb/v1/streams/<uuid>/} in JSON and CSV against what the engine
 * answers (the CLI's columns and numbers), every parameter and every refusal, and the choice of
 * format by {@code format=} and {@code Accept}. The Arrow downloads: {@link ArrowDownloadTest}.
 */
class BtrdbQueryTest extends HttpFixture {
    static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    static final long STEP = 1_000_000_000L;
    static final UUID NUM = new UUID(0, 1);
    static final UUID LABELS = new UUID(0, 2);
    static final UUID GRAPH = new UUID(0, 3);
    static final String[] LABEL_DOCS = {"\"on\"", "\"off\"", "{\"state\":\"fault\",\"code\":7}", "\"a\\\"b,c\""};
    Stream num;
    Stream labels;

    @Override
    HttpServerOptions options() {
        return super.options().maxWindows(1000);
    }

    @BeforeEach
    void fill() {
        num = db.create(NUM, "btrdb/num", Map.of("name", "n"), Map.of());
        long[] t = new long[100];
        double[] v = new double[100];
        Aggregate[] a = new Aggregate[100];
        for (int k = 0; k < 100; k++) {
            t[k] = T0 + k * STEP;
            v[k] = k == 10 ? Stream.NULL : k * 0.5;
        }
        a[20] = new Aggregate(3, 1.0, 5.0, 3.0, 1.5);
        v[20] = 3.0;
        num.insert(t, v, a, MergePolicy.NEVER, Durability.SYNC);
        num.flush(); // version 1
        num.insert(new long[] {T0 + 200 * STEP, T0 + 201 * STEP}, new double[] {7, 8}, MergePolicy.NEVER);
        num.flush(); // version 2
        labels = db.create(LABELS, "btrdb/labels", Map.of("name", "l"), Map.of(), StreamKind.NOMINAL);
        long[] lt = new long[LABEL_DOCS.length];
        for (int k = 0; k < lt.length; k++) {
            lt[k] = T0 + k * STEP;
        }
        labels.insertDocuments(lt, LABEL_DOCS, MergePolicy.NEVER, Durability.SYNC);
        labels.flush();
        Stream g = db.create(GRAPH, "btrdb/graph", Map.of("name", "g"), Map.of(), StreamKind.GRAPH);
        g.insertDocuments(new long[] {T0, T0 + STEP}, new String[] {"{\"v\":[{\"i\":1}],\"e\":[]}",
            "{\"v\":[{\"i\":1},{\"i\":2}],\"e\":[]}"}, MergePolicy.NEVER, Durability.SYNC);
        g.flush();
    }

    static String q(UUID id, String query) {
        return BtrdbResource.PREFIX + id + "/" + query;
    }

    static String csvValue(RawPoint p) {
        if (p.document() != null) {
            return '"' + p.document().replace("\"", "\"\"") + '"';
        }
        return Stream.isNull(p.value()) ? "null" : Double.toString(p.value());
    }

    static String csvPoints(List<RawPoint> points, boolean iso) {
        StringBuilder sb = new StringBuilder("time,value\n");
        for (RawPoint p : points) {
            sb.append(iso ? Time.format(p.time()) : Long.toString(p.time())).append(',').append(csvValue(p)).append('\n');
        }
        return sb.toString();
    }

    static String csvStats(List<StatPoint> windows) {
        StringBuilder sb = new StringBuilder("time,min,mean,max,count,stddev\n");
        for (StatPoint w : windows) {
            sb.append(w.time()).append(',').append(w.min()).append(',').append(w.mean()).append(',').append(w.max())
                    .append(',').append(w.count()).append(',').append(w.stddev()).append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    static double dbl(Object json) {
        return Double.parseDouble(((Json.Num) json).text());
    }

    @Test
    void shouldAnswerValuesAsTheClisCsvWithTheVersionReadAt() {
        List<RawPoint> all = num.values(T0, T0 + 100 * STEP, 1).toList();
        Res r = get(q(NUM, "values") + "?start=" + T0 + "&end=" + (T0 + 100 * STEP) + "&version=1&format=csv");
        assertEquals(200, r.status(), r.body());
        assertEquals("text/csv; charset=utf-8; header=present", r.header("Content-Type"));
        assertEquals("1", r.header("Dendro-Version"));
        assertEquals(csvPoints(all, false), r.body());
        assertTrue(r.body().contains("\n" + (T0 + 10 * STEP) + ",null\n"), "a null point");
        assertTrue(r.body().contains("\n" + (T0 + 20 * STEP) + ",3.0\n"), "an aggregate's mean");
        Res iso = get(q(NUM, "values") + "?start=2026-01-01T00:00:00Z&end=2026-01-01T00:00:05Z&iso=true&format=csv");
        assertEquals(csvPoints(num.values(T0, T0 + 5 * STEP, 0).toList(), true), iso.body());
        assertEquals("2", iso.header("Dendro-Version"));
        assertEquals("time,value\n", get(q(NUM, "values") + "?start=0&end=0&format=csv").body(), "an empty range");
    }

    @Test
    void shouldAnswerValuesAsJsonByDefault() {
        Res r = get(q(NUM, "values") + "?start=" + T0 + "&end=" + (T0 + 300 * STEP));
        assertEquals(200, r.status(), r.body());
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
        assertEquals("Accept", r.header("Vary"));
        List<Object> rows = list(r.json());
        assertEquals(102, rows.size());
        assertEquals(T0, num(rows.get(0), "time"));
        assertEquals(0.0, dbl(at(rows, 1, "value")) - 0.5);
        assertEquals(Json.NULL, at(rows, 10, "value"), "a null point is null");
        assertEquals(3, num(rows.get(20), "value", "c"), "an aggregate has its keys, as values --format jsonl");
        assertEquals(1.5, dbl(at(rows, 20, "value", "d")));
        assertEquals(8.0, dbl(at(rows, 101, "value")));
        Res iso = get(q(NUM, "values") + "?start=" + T0 + "&end=" + (T0 + 2 * STEP) + "&iso");
        assertEquals("[{\"time\":\"2026-01-01T00:00:00Z\",\"value\":0.0},{\"time\":\"2026-01-01T00:00:01Z\",\"value\":0.5}]",
                iso.body());
        assertEquals("[]", get(q(NUM, "values") + "?start=0&end=1").body());
    }

    @Test
    void shouldAnswerLabelsAsStoredInJsonAndCsvQuotedInCsv() {
        Res json = get(q(LABELS, "values") + "?start=" + T0 + "&end=" + (T0 + 10 * STEP));
        assertEquals(200, json.status(), json.body());
        List<Object> rows = list(json.json());
        assertEquals("on", at(rows, 0, "value"));
        assertEquals(7L, num(rows.get(2), "value", "code"));
        assertEquals("a\"b,c", at(rows, 3, "value"));
        Res csv = get(q(LABELS, "values") + "?start=" + T0 + "&end=" + (T0 + 10 * STEP) + "&format=csv");
        assertEquals(csvPoints(labels.values(T0, T0 + 10 * STEP, 0).toList(), false), csv.body());
        assertTrue(csv.body().contains("," + "\"\"\"on\"\"\"\n"), csv.body());
        Res graph = get(q(GRAPH, "values") + "?start=" + T0 + "&end=" + (T0 + 10 * STEP));
        assertEquals(2, list(at(list(graph.json()).get(1), "value", "v")).size());
    }

    @Test
    void shouldAnswerAlignedWindowsAsTheEngineDoes() {
        long end = T0 + 300 * STEP;
        List<StatPoint> w = num.alignedWindows(T0, end, 34, 0).toList();
        Res csv = get(q(NUM, "aligned-windows") + "?start=" + T0 + "&end=" + end + "&pointwidth=34&format=csv");
        assertEquals(200, csv.status(), csv.body());
        assertEquals(csvStats(w), csv.body());
        Res json = get(q(NUM, "aligned-windows") + "?start=" + T0 + "&end=" + end + "&pointwidth=34");
        List<Object> rows = list(json.json());
        assertEquals(w.size(), rows.size());
        for (int i = 0; i < w.size(); i++) {
            assertEquals(w.get(i).time(), num(rows.get(i), "time"));
            assertEquals(w.get(i).count(), num(rows.get(i), "count"));
            assertEquals(w.get(i).mean(), dbl(at(rows, i, "mean")));
            assertEquals(w.get(i).stddev(), dbl(at(rows, i, "stddev")));
        }
        Res graph = get(q(GRAPH, "aligned-windows") + "?start=" + T0 + "&end=" + (T0 + (1L << 41)) + "&pointwidth=40");
        assertEquals(1.5, dbl(at(list(graph.json()), 0, "mean")), "a graph's windows are of its vertex counts");
    }

    @Test
    void shouldAnswerEveryWindowWithEmptyOnesAsNullInJsonAndNanInCsv() {
        long end = T0 + 400 * STEP;
        List<StatPoint> w = num.windows(T0, end, 60 * STEP, 0, 0).toList();
        for (String width : new String[] {"60000000000", "1m", "PT1M", "60s"}) {
            Res csv = get(q(NUM, "windows") + "?start=" + T0 + "&end=" + end + "&width=" + width + "&format=csv");
            assertEquals(csvStats(w), csv.body(), width);
        }
        assertTrue(csvStats(w).contains(",NaN,NaN,NaN,0,NaN\n"), "there are empty windows");
        List<Object> rows = list(get(q(NUM, "windows") + "?start=" + T0 + "&end=" + end + "&width=1m").json());
        assertEquals(w.size(), rows.size());
        assertEquals(Json.NULL, at(rows, 4, "mean"));
        assertEquals(0L, num(rows.get(4), "count"));
        List<StatPoint> deep = num.windows(T0, end, 7 * STEP, 40, 0).toList();
        assertEquals(csvStats(deep), get(q(NUM, "windows") + "?start=" + T0 + "&end=" + end + "&width=7s&depth=40"
                + "&format=csv").body(), "depth as the engine takes it");
    }

    @Test
    void shouldAnswerNearestForwardAndBackward() {
        Res fwd = get(q(NUM, "nearest") + "?time=" + (T0 + 5 * STEP + 1) + "&format=csv");
        assertEquals("time,value\n" + (T0 + 6 * STEP) + ",3.0\n", fwd.body());
        Res back = get(q(NUM, "nearest") + "?time=" + (T0 + 5 * STEP) + "&backward=true&format=csv");
        assertEquals("time,value\n" + (T0 + 4 * STEP) + ",2.0\n", back.body());
        assertEquals("time,value\n", get(q(NUM, "nearest") + "?time=" + T0 + "&backward&format=csv").body(),
                "none: only the header");
        assertEquals("[]", get(q(NUM, "nearest") + "?time=" + T0 + "&backward").body());
        assertEquals("[{\"time\":" + (T0 + 200 * STEP) + ",\"value\":7.0}]",
                get(q(NUM, "nearest") + "?time=" + (T0 + 100 * STEP)).body());
        assertEquals("[]", get(q(NUM, "nearest") + "?time=" + (T0 + 100 * STEP) + "&version=1").body());
        assertEquals("[{\"time\":\"2026-01-01T00:00:01Z\",\"value\":\"off\"}]",
                get(q(LABELS, "nearest") + "?time=2026-01-01T00:00:00.5Z&iso=1").body());
    }

    @Test
    void shouldCountAndTellTheVersion() {
        Res all = get(q(NUM, "count"));
        assertEquals("{\"count\":102}", all.body());
        assertEquals("2", all.header("Dendro-Version"));
        assertEquals("{\"count\":100}", get(q(NUM, "count") + "?version=1").body());
        assertEquals("count\n5\n", get(q(NUM, "count") + "?start=" + T0 + "&end=" + (T0 + 5 * STEP) + "&format=csv")
                .body());
        assertEquals("{\"count\":2}", get(q(NUM, "count") + "?start=" + (T0 + 150 * STEP)).body());
        assertEquals("{\"count\":3}", get(q(NUM, "count") + "?end=" + (T0 + 3 * STEP)).body());
        assertEquals("{\"version\":2}", get(q(NUM, "version")).body());
        assertEquals("version\n1\n", get(q(LABELS, "version") + "?format=csv").body());
    }

    @Test
    void shouldAnswerChangesAsTheEngineDoes() {
        for (int resolution : new int[] {0, 30, 40}) {
            List<TimeRange> ranges = num.changes(1, 2, resolution).value();
            StringBuilder sb = new StringBuilder("start,end\n");
            ranges.forEach(t -> sb.append(t.start()).append(',').append(t.end()).append('\n'));
            Res r = get(q(NUM, "changes") + "?from=1&to=2&resolution=" + resolution + "&format=csv");
            assertEquals(sb.toString(), r.body());
            assertEquals("2", r.header("Dendro-Version"));
        }
        List<TimeRange> d = num.changes(1, 2, 30).value();
        assertEquals(d.size(), list(get(q(NUM, "changes") + "?from=1&to=2").json()).size(), "30 by default");
        StringBuilder exact = new StringBuilder();
        for (TimeRange t : num.changes(1, 2, 0).value()) {
            exact.append(exact.isEmpty() ? "[" : ",").append("{\"start\":\"").append(Time.format(t.start()))
                    .append("\",\"end\":\"").append(Time.format(t.end())).append("\"}");
        }
        assertEquals(exact + "]", get(q(NUM, "changes") + "?from=1&to=2&resolution=0&iso").body());
        assertEquals("[]", get(q(NUM, "changes") + "?from=2&to=2").body());
        assertEquals(num.changes(0, 1, 30).value().size(), list(get(q(NUM, "changes") + "?from=0&to=1").json()).size());
    }

    @Test
    void shouldChooseTheFormatByFormatFirstThenAccept() {
        String v = q(NUM, "values") + "?start=" + T0 + "&end=" + (T0 + 2 * STEP);
        assertEquals("text/csv; charset=utf-8; header=present", get(v, "Accept", "text/csv").header("Content-Type"));
        assertEquals("application/vnd.apache.arrow.stream",
                get(v, "Accept", "application/vnd.apache.arrow.stream").header("Content-Type"));
        assertEquals("application/json; charset=utf-8", get(v, "Accept", "text/html, */*;q=0.1").header("Content-Type"));
        assertEquals("text/csv; charset=utf-8; header=present", get(v, "Accept", "text/*").header("Content-Type"));
        assertEquals("application/json; charset=utf-8", get(v, "Accept", "text/csv;q=0.5, application/json")
                .header("Content-Type"));
        assertEquals("text/csv; charset=utf-8; header=present", get(v, "Accept", "text/csv, application/json")
                .header("Content-Type"), "equal weights: the first named");
        assertEquals("application/json; charset=utf-8", get(v, "Accept", "garbage").header("Content-Type"),
                "no well-formed range is no Accept");
        assertEquals("application/json; charset=utf-8", get(v, "Accept", ";;;,,/,*/x;q=2").header("Content-Type"));
        assertError(get(v, "Accept", "text/html"), 406, null);
        assertError(get(v, "Accept", "application/json;q=0, text/csv;q=0, */*;q=0"), 406, null);
        assertEquals(200, get(v + "&format=csv", "Accept", "text/html").status(), "format wins");
        assertEquals("application/vnd.apache.arrow.stream", get(v + "&format=ARROW", "Accept", "application/json")
                .header("Content-Type"));
        assertError(get(v + "&format=xml"), 400, "format");
        assertError(get(q(NUM, "version"), "Accept", "image/png"), 406, null);
    }

    @Test
    void shouldRefuseUnknownStreamsVersionsAndQueriesWith404() {
        assertError(get(q(new UUID(7, 7), "values") + "?start=0&end=1"), 404, null);
        assertError(get(BtrdbResource.PREFIX + "not-a-uuid/count"), 404, null);
        assertError(get(q(NUM, "values") + "?start=0&end=1&version=9"), 404, "version");
        assertError(get(q(NUM, "count") + "?version=3"), 404, "version");
        assertError(get(q(NUM, "changes") + "?from=1&to=9"), 404, "to");
        assertError(get(q(NUM, "changes") + "?from=8&to=9"), 404, "from");
        assertError(get(q(NUM, "bogus")), 404, null);
        Res post = send("POST", q(NUM, "values") + "?start=0&end=1", "x");
        assertError(post, 405, null);
        assertEquals("GET", post.header("Allow"));
    }

    @Test
    void shouldRefuseEachBadParameterWith400NamingIt() {
        String v = q(NUM, "values");
        assertError(get(v + "?end=5"), 400, "start");
        assertError(get(v + "?start=5"), 400, "end");
        assertError(get(v + "?start=&end=5"), 400, "start");
        assertError(get(v + "?start=yesterday&end=5"), 400, "start");
        assertError(get(v + "?start=1.5&end=5"), 400, "start");
        assertError(get(v + "?start=9&end=5"), 400, "end");
        assertEquals("INVALID_TIME_RANGE", get(v + "?start=9&end=5").map().get("code"));
        assertError(get(v + "?start=" + (Time.MIN_TIME - 1) + "&end=5"), 400, "start");
        assertError(get(v + "?start=0&end=" + (Time.MAX_TIME + 1)), 400, "end");
        assertError(get(v + "?start=0&end=5&version=-1"), 400, "version");
        assertError(get(v + "?start=0&end=5&version=x"), 400, "version");
        assertError(get(v + "?start=0&end=5&iso=perhaps"), 400, "iso");
        assertError(get(v + "?start=0&end=5&pointwidth=3"), 400, "pointwidth");
        assertError(get(v + "?start=0&end=5&start=1"), 400, "start");
        assertError(get(v + "?start=0&end=5&Start=1"), 400, "Start");
        String aw = q(NUM, "aligned-windows") + "?start=0&end=5";
        assertError(get(aw), 400, "pointwidth");
        assertError(get(aw + "&pointwidth=x"), 400, "pointwidth");
        assertEquals("INVALID_POINTWIDTH", assertCode(get(aw + "&pointwidth=63"), "pointwidth"));
        assertEquals("INVALID_POINTWIDTH", assertCode(get(aw + "&pointwidth=-1"), "pointwidth"));
        String w = q(NUM, "windows") + "?start=0&end=5000";
        assertError(get(w), 400, "width");
        assertError(get(w + "&width=fortnight"), 400, "width");
        assertEquals("INVALID_WIDTH", assertCode(get(w + "&width=0"), "width"));
        assertEquals("INVALID_WIDTH", assertCode(get(w + "&width=-5s"), "width"));
        assertEquals("INVALID_ARGUMENT", assertCode(get(w + "&width=1000&depth=63"), "depth"));
        assertError(get(w + "&width=1000&depth=deep"), 400, "depth");
        String tooMany = assertError(get(w + "&width=4"), 400, "width");
        assertTrue(tooMany.contains("1250") && tooMany.contains("1000"), tooMany);
        assertEquals(200, get(w + "&width=5").status(), "1000 windows: the limit");
        String n = q(NUM, "nearest");
        assertError(get(n), 400, "time");
        assertError(get(n + "?time=x"), 400, "time");
        assertError(get(n + "?time=0&backward=sideways"), 400, "backward");
        assertError(get(n + "?time=" + (Time.MAX_TIME + 1)), 400, "time");
        String c = q(NUM, "changes");
        assertError(get(c + "?to=2"), 400, "from");
        assertError(get(c + "?from=1"), 400, "to");
        assertEquals("INVALID_ARGUMENT", assertCode(get(c + "?from=2&to=1"), "from"));
        assertEquals("INVALID_ARGUMENT", assertCode(get(c + "?from=-1&to=1"), "from"));
        assertEquals("INVALID_POINTWIDTH", assertCode(get(c + "?from=1&to=2&resolution=63"), "resolution"));
        assertError(get(q(NUM, "count") + "?start=5&end=4"), 400, "end");
        assertError(get(q(NUM, "version") + "?version=1"), 400, "version");
        assertError(get(q(NUM, "count") + "?iso=1"), 400, "iso");
    }

    @Test
    void shouldRefuseStatisticsOfLabelsWithWrongType() {
        assertEquals("WRONG_TYPE", assertCode(get(q(LABELS, "windows") + "?start=0&end=" + T0 + "&width=1d"), null));
        assertEquals("WRONG_TYPE", assertCode(get(q(LABELS, "aligned-windows") + "?start=0&end=" + T0
                + "&pointwidth=50&format=arrow"), null));
    }

    /** Asserts a 400 naming {@code parameter} and returns its engine code. */
    static String assertCode(Res r, String parameter) {
        assertError(r, 400, parameter);
        if (parameter == null) {
            assertNull(r.map().get("parameter"), r.body());
        }
        return (String) r.map().get("code");
    }
}
