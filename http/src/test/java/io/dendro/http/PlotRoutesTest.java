package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.value.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web plot's JSON routes under {@code /plot/v1/} and its files at {@code /} and {@code /static/}. */
class PlotRoutesTest extends HttpFixture {
    static final UUID NUM = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID LABELS = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
    static final UUID DERIVED = UUID.fromString("00000000-0000-0000-0000-0000000000a3");
    static final long T0 = 1_767_225_600_000_000_000L;
    /** 100,000 points one millisecond apart: 100 s. */
    static final int N = 100_000;
    static final long STEP = 1_000_000L;

    @BeforeEach
    void data() {
        Stream s = db.create(NUM, "plant/a", Map.of("name", "volts"), Map.of("unit", "V"));
        long[] t = new long[N];
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            t[i] = T0 + i * STEP;
            v[i] = Math.sin(i / 1000.0);
        }
        s.insert(t, v);
        s.flush(); // version 1
        s.insert(new long[] {T0 + 50 * STEP}, new double[] {7.0}, io.dendro.MergePolicy.REPLACE);
        s.flush(); // version 2: one point changed
        Stream l = db.create(LABELS, "plant/b", Map.of("name", "state"), Map.of(), StreamKind.NOMINAL);
        long[] lt = new long[3000];
        String[] docs = new String[3000];
        for (int i = 0; i < lt.length; i++) {
            lt[i] = T0 + i * 10 * STEP;
            docs[i] = i < 1500 ? "\"on\"" : "\"off\"";
        }
        l.insertDocuments(lt, docs, io.dendro.MergePolicy.NEVER, io.dendro.Durability.SYNC);
        l.flush();
        db.derive(DERIVED, "plant/a", Map.of("name", "dvolts"), Map.of(), "derivative", List.of(NUM),
                java.util.Arrays.asList((String) null), Map.of(), true);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    static long num(Object o) {
        return Long.parseLong(((Json.Num) o).text());
    }

    static double dbl(Object o) {
        return Double.parseDouble(((Json.Num) o).text());
    }

    @Test
    void shouldListStreamsWithKindVersionsAndLineage() {
        Res r = get("/plot/v1/streams");
        assertEquals(200, r.status(), r.body());
        assertEquals(3L, num(r.map().get("total")));
        List<Object> streams = list(r.map().get("streams"));
        Map<String, Object> num = obj(streams.get(0));
        assertEquals(NUM.toString(), num.get("id"));
        assertEquals("numeric", num.get("kind"));
        assertEquals(2L, num(num.get("version")));
        assertEquals(1L, num(num.get("first_version")));
        assertEquals(T0, num(num.get("earliest")));
        assertEquals(T0 + (N - 1) * STEP, num(num.get("latest")));
        assertEquals("volts", obj(num.get("tags")).get("name"));
        assertEquals("V", obj(num.get("tags")).get("unit"));
        Map<String, Object> derived = obj(streams.get(1));
        assertEquals(DERIVED.toString(), derived.get("id"));
        Map<String, Object> from = obj(derived.get("derived_from"));
        assertEquals("derivative", from.get("op"));
        assertEquals(NUM.toString(), obj(list(from.get("sources")).get(0)).get("id"));
        assertEquals("nominal", obj(streams.get(2)).get("kind"));
    }

    @Test
    void shouldFilterByCollectionTagsAndIds() {
        assertEquals(2L, num(get("/plot/v1/streams?collection=plant/a").map().get("total")));
        assertEquals(3L, num(get("/plot/v1/streams?collection__startswith=plant/").map().get("total")));
        assertEquals(1L, num(get("/plot/v1/streams?tags__name=state").map().get("total")));
        assertEquals(1L, num(get("/plot/v1/streams?tags__unit__iexact=v").map().get("total")));
        assertEquals(2L, num(get("/plot/v1/streams?id=" + NUM + "," + LABELS).map().get("total")));
        Res limited = get("/plot/v1/streams?limit=1");
        assertEquals(3L, num(limited.map().get("total")));
        assertEquals(1, list(limited.map().get("streams")).size());
    }

    @Test
    void shouldRefuseBadListParameters() {
        assertError(get("/plot/v1/streams?limit=0"), 400, "limit");
        assertError(get("/plot/v1/streams?limit=100000"), 400, "limit");
        assertError(get("/plot/v1/streams?id=nope"), 400, "id");
        assertError(get("/plot/v1/streams?collection=a&collection__startswith=b"), 400, "collection__startswith");
    }

    @Test
    void shouldAnswerAboutOneWindowPerPixel() {
        for (int pixels : new int[] {100, 500, 1000, 1500}) {
            Res r = get("/plot/v1/streams/" + NUM + "/data?start=" + T0 + "&end=" + (T0 + N * STEP) + "&pixels="
                    + pixels);
            assertEquals(200, r.status(), r.body());
            Map<String, Object> m = r.map();
            assertEquals(false, m.get("raw"));
            assertEquals(List.of("time", "min", "mean", "max", "count"), m.get("columns"));
            int rows = list(m.get("rows")).size();
            assertTrue(rows >= pixels / 1.5 && rows <= pixels * 1.5, pixels + " pixels gave " + rows + " windows");
            long pw = num(m.get("pointwidth"));
            assertEquals(PlotData.pointwidth(N * STEP, pixels), pw);
            long total = 0;
            for (Object row : list(m.get("rows"))) {
                List<Object> w = list(row);
                assertEquals(0, num(w.get(0)) % (1L << pw), "windows start on multiples of their width");
                double min = dbl(w.get(1));
                double mean = dbl(w.get(2));
                double max = dbl(w.get(3));
                assertTrue(min <= mean && mean <= max, row.toString());
                total += num(w.get(4));
            }
            assertEquals(N, total, "every point is in one window");
            assertEquals(2L, num(m.get("version")));
        }
    }

    @Test
    void shouldAnswerRawPointsWhenZoomedIn() {
        Res r = get("/plot/v1/streams/" + NUM + "/data?start=" + (T0 + 40 * STEP) + "&end=" + (T0 + 60 * STEP)
                + "&pixels=800");
        assertEquals(200, r.status(), r.body());
        Map<String, Object> m = r.map();
        assertEquals(true, m.get("raw"));
        assertEquals(Json.NULL, m.get("pointwidth"));
        assertEquals(List.of("time", "value"), m.get("columns"));
        List<Object> rows = list(m.get("rows"));
        assertEquals(20, rows.size());
        assertEquals(7.0, dbl(list(rows.get(10)).get(1)));
    }

    @Test
    void shouldReadTheVersionAsked() {
        String q = "/plot/v1/streams/" + NUM + "/data?start=" + (T0 + 50 * STEP) + "&end=" + (T0 + 51 * STEP);
        Res v1 = get(q + "&version=1");
        assertEquals(1L, num(v1.map().get("version")));
        assertEquals(Math.sin(0.05), dbl(list(list(v1.map().get("rows")).get(0)).get(1)));
        Res latest = get(q);
        assertEquals(2L, num(latest.map().get("version")));
        assertEquals(7.0, dbl(list(list(latest.map().get("rows")).get(0)).get(1)));
    }

    @Test
    void shouldDefaultToTheWholeRange() {
        Map<String, Object> m = get("/plot/v1/streams/" + NUM + "/data?pixels=200").map();
        long pw = num(m.get("pointwidth"));
        assertEquals(Math.floorDiv(T0, 1L << pw) * (1L << pw), num(m.get("start")));
        long total = 0;
        for (Object row : list(m.get("rows"))) {
            total += num(list(row).get(4));
        }
        assertEquals(N, total);
    }

    @Test
    void shouldAnswerLabelsOfANominalStream() {
        Map<String, Object> windows = get("/plot/v1/streams/" + LABELS + "/data?pixels=100").map();
        assertEquals(List.of("time", "label", "count"), windows.get("columns"));
        assertEquals(false, windows.get("raw"));
        List<Object> rows = list(windows.get("rows"));
        assertEquals("on", list(rows.get(0)).get(1));
        assertEquals("off", list(rows.get(rows.size() - 1)).get(1));
        long total = 0;
        for (Object row : rows) {
            total += num(list(row).get(2));
        }
        assertEquals(3000, total);
        Map<String, Object> raw = get("/plot/v1/streams/" + LABELS + "/data?pixels=100&start=" + T0 + "&end="
                + (T0 + 100 * STEP)).map();
        assertEquals(true, raw.get("raw"));
        assertEquals(10, list(raw.get("rows")).size());
    }

    @Test
    void shouldRefuseBadDataParameters() {
        String base = "/plot/v1/streams/" + NUM + "/data?";
        assertError(get(base + "pixels=0"), 400, "pixels");
        assertError(get(base + "pixels=10001"), 400, "pixels");
        assertError(get(base + "pixels=wide"), 400, "pixels");
        assertError(get(base + "start=yesterday"), 400, "start");
        assertError(get(base + "start=10&end=5"), 400, "end");
        assertError(get(base + "end=999999999999999999999"), 400, "end");
        assertError(get(base + "version=-1"), 400, "version");
        assertError(get(base + "version=99"), 404, "version");
        assertError(get(base + "version=99&start=0&end=10"), 404, "version");
        assertEquals(404, get("/plot/v1/streams/" + UUID.randomUUID() + "/data").status());
        assertEquals(404, get("/plot/v1/streams/not-a-uuid/data").status());
        assertEquals(405, post("/plot/v1/streams/" + NUM + "/data", "{}").status());
    }

    @Test
    void shouldAnswerTheRangesWhereVersionsDiffer() {
        Res r = get("/plot/v1/streams/" + NUM + "/changes?from=1&to=2&resolution=0");
        assertEquals(200, r.status(), r.body());
        List<Object> ranges = list(r.map().get("ranges"));
        assertEquals(1, ranges.size(), r.body());
        long a = num(list(ranges.get(0)).get(0));
        long b = num(list(ranges.get(0)).get(1));
        assertTrue(a <= T0 + 50 * STEP && T0 + 50 * STEP < b, r.body());
        assertFalse((Boolean) r.map().get("truncated"));
        Res dflt = get("/plot/v1/streams/" + NUM + "/changes?from=1");
        assertEquals(2L, num(dflt.map().get("to")));
        assertEquals((long) PlotResource.DEFAULT_RESOLUTION, num(dflt.map().get("resolution")));
    }

    @Test
    void shouldRefuseBadChangesParameters() {
        String base = "/plot/v1/streams/" + NUM + "/changes?";
        assertError(get(base), 400, "from");
        assertError(get(base + "from=x"), 400, "from");
        assertError(get(base + "from=2&to=1"), 400, "from");
        assertError(get(base + "from=1&resolution=63"), 400, "resolution");
        assertError(get(base + "from=1&to=9"), 404, "to");
        assertEquals(404, get("/plot/v1/streams/" + UUID.randomUUID() + "/changes?from=0").status());
    }

    @Test
    void shouldServeThePageAndUplotFromTheJar() {
        Res page = get("/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.body().contains("/static/uplot/uPlot.iife.min.js"));
        Res js = get("/static/uplot/uPlot.iife.min.js");
        assertEquals(200, js.status());
        assertTrue(js.body().contains("uPlot"));
        assertTrue(get("/static/uplot/LICENSE").body().contains("MIT"));
        assertEquals(200, get("/static/plot.js").status());
        assertEquals(200, get("/static/plot.css").status());
        assertEquals(404, get("/static/nothing.js").status());
        assertEquals(404, get("/static/uplot/package.json").status());
        assertEquals(405, post("/", "x").status());
    }
}
