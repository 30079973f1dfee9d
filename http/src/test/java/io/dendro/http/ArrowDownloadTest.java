package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.StatPoint;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.value.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Arrow IPC downloads read back by Apache Arrow Java (the reference reader) and, when the
 * machine's python3 has it, by pyarrow: the schemas (timestamp[ns, UTC], float64 and uint64,
 * utf8 labels), nulls for null points and empty windows, a download of many record batches, and
 * a download cut by the request time limit, which the client must see broken (CSV and Arrow
 * alike), not shorter. Arrow JS and polars for JavaScript (node, with .ci/run's npm packages) and
 * pandas (the CSV downloads) read the same queries where they are installed.
 */
class ArrowDownloadTest extends HttpFixture {
    static final long T0 = BtrdbQueryTest.T0;
    static final long STEP = 1_000_000L; // 1 kHz
    /** Points of the long stream: about 2.5 batches. */
    static final int LONG = 40_000;
    static final UUID NUM = new UUID(0, 1);
    static final UUID LABELS = new UUID(0, 2);
    static final UUID BIG = new UUID(0, 3);
    final BufferAllocator alloc = new RootAllocator();
    Stream num;

    @Override
    HttpServerOptions options() {
        return super.options().requestTimeout(Duration.ofSeconds(1));
    }

    @BeforeEach
    void fill() {
        num = db.create(NUM, "arrow/num", Map.of(), Map.of());
        long[] t = new long[LONG];
        double[] v = new double[LONG];
        for (int k = 0; k < LONG; k++) {
            t[k] = T0 + k * STEP;
            v[k] = k % 1000 == 7 ? Stream.NULL : Math.sin(k / 100.0);
        }
        num.insert(t, v, MergePolicy.NEVER);
        num.flush();
        Stream l = db.create(LABELS, "arrow/labels", Map.of(), Map.of(), StreamKind.NOMINAL);
        l.insertDocuments(new long[] {T0, T0 + 1, T0 + 2, T0 + 3}, BtrdbQueryTest.LABEL_DOCS, MergePolicy.NEVER,
                Durability.SYNC);
        l.flush();
    }

    @AfterEach
    void closeAllocator() {
        alloc.close();
    }

    /** A download as Arrow Java reads it: the fields, the rows per batch and the columns (times as nanoseconds). */
    record Table(List<Field> fields, List<Integer> batches, List<List<Object>> columns) {
        int rows() {
            return columns.get(0).size();
        }
    }

    Table arrow(String pathAndQuery) {
        HttpResponse<byte[]> r = bytes(pathAndQuery);
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/vnd.apache.arrow.stream", r.headers().firstValue("Content-Type").orElse(null));
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(r.body()), alloc)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<List<Object>> cols = new ArrayList<>();
            root.getSchema().getFields().forEach(f -> cols.add(new ArrayList<>()));
            List<Integer> batches = new ArrayList<>();
            while (reader.loadNextBatch()) {
                batches.add(root.getRowCount());
                for (int c = 0; c < cols.size(); c++) {
                    FieldVector v = root.getVector(c);
                    for (int i = 0; i < root.getRowCount(); i++) {
                        cols.get(c).add(v.isNull(i) ? null : v instanceof TimeStampVector ts ? ts.get(i)
                                : v.getObject(i) instanceof org.apache.arrow.vector.util.Text s ? s.toString()
                                : v.getObject(i));
                    }
                }
            }
            return new Table(root.getSchema().getFields(), batches, cols);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<byte[]> bytes(String pathAndQuery) {
        try {
            return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static final ArrowType TIME = new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.NANOSECOND, "UTC");
    static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType U64 = new ArrowType.Int(64, false);

    static void assertField(Field f, String name, ArrowType type, boolean nullable) {
        assertEquals(name, f.getName());
        assertEquals(type, f.getType(), name);
        assertEquals(nullable, f.isNullable(), name);
    }

    @Test
    void shouldDownloadValuesInBatchesOfBoundedSizeWithNullsForNullPoints() {
        Table t = arrow(BtrdbResource.PREFIX + NUM + "/values?start=0&end=" + (T0 + LONG * STEP) + "&format=arrow");
        assertField(t.fields().get(0), "time", TIME, false);
        assertField(t.fields().get(1), "value", F64, true);
        assertEquals(List.of(Batch.ROWS, Batch.ROWS, LONG - 2 * Batch.ROWS), t.batches());
        for (int k = 0; k < LONG; k++) {
            assertEquals(T0 + k * STEP, t.columns().get(0).get(k));
            assertEquals(k % 1000 == 7 ? null : Math.sin(k / 100.0), t.columns().get(1).get(k), "row " + k);
        }
        Table empty = arrow(BtrdbResource.PREFIX + NUM + "/values?start=0&end=5&format=arrow");
        assertEquals(2, empty.fields().size());
        assertEquals(List.of(), empty.batches(), "the schema and no batch");
    }

    @Test
    void shouldDownloadLabelsAsUtf8AStringLabelAsItself() {
        Table t = arrow(BtrdbResource.PREFIX + LABELS + "/values?start=0&end=" + (T0 + 10) + "&format=arrow");
        assertField(t.fields().get(1), "value", new ArrowType.Utf8(), true);
        assertEquals(List.of("on", "off", "{\"state\":\"fault\",\"code\":7}", "a\"b,c"), t.columns().get(1));
        assertEquals("a\"b\n\u00e9\u20ac\t", ArrowTable.label("\"a\\\"b\\n\\u00e9\u20ac\\t\""));
        assertNull(ArrowTable.label(null));
        assertEquals("7", ArrowTable.label("7"));
    }

    @Test
    void shouldDownloadWindowsWithUint64CountsAndNullsForEmptyWindows() {
        long end = T0 + LONG * STEP + 10_000_000_000L;
        Table aligned = arrow(BtrdbResource.PREFIX + NUM + "/aligned-windows?start=" + T0 + "&end=" + end
                + "&pointwidth=30&format=arrow");
        String[] names = {"time", "min", "mean", "max", "count", "stddev"};
        for (int i = 0; i < names.length; i++) {
            assertField(aligned.fields().get(i), names[i], i == 0 ? TIME : i == 4 ? U64 : F64, i != 0 && i != 4);
        }
        List<StatPoint> w = num.alignedWindows(T0, end, 30, 0).toList();
        assertEquals(w.size(), aligned.rows());
        for (int i = 0; i < w.size(); i++) {
            assertEquals(w.get(i).time(), aligned.columns().get(0).get(i));
            assertEquals(w.get(i).min(), aligned.columns().get(1).get(i));
            assertEquals(w.get(i).mean(), aligned.columns().get(2).get(i));
            assertEquals(w.get(i).count(), ((Number) aligned.columns().get(4).get(i)).longValue());
        }
        Table windows = arrow(BtrdbResource.PREFIX + NUM + "/windows?start=" + T0 + "&end=" + end
                + "&width=5s&format=arrow");
        List<StatPoint> ws = num.windows(T0, end, 5_000_000_000L, 0, 0).toList();
        assertEquals(ws.size(), windows.rows());
        int last = ws.size() - 1;
        assertEquals(0L, ((Number) windows.columns().get(4).get(last)).longValue());
        assertNull(windows.columns().get(2).get(last), "an empty window's mean is null, not NaN");
        assertEquals(ws.get(0).stddev(), windows.columns().get(5).get(0));
    }

    @Test
    void shouldDownloadCountsVersionsChangesAndNearestAsArrow() {
        Table count = arrow(BtrdbResource.PREFIX + NUM + "/count?format=arrow");
        assertField(count.fields().get(0), "count", U64, false);
        assertEquals(LONG, ((Number) count.columns().get(0).get(0)).intValue());
        Table version = arrow(BtrdbResource.PREFIX + NUM + "/version?format=arrow");
        assertEquals(1L, ((Number) version.columns().get(0).get(0)).longValue());
        Table changes = arrow(BtrdbResource.PREFIX + NUM + "/changes?from=0&to=1&format=arrow");
        assertField(changes.fields().get(0), "start", TIME, false);
        assertField(changes.fields().get(1), "end", TIME, false);
        var expected = num.changes(0, 1, 30).value();
        assertEquals(expected.size(), changes.rows());
        assertEquals(expected.get(0).start(), changes.columns().get(0).get(0));
        Table nearest = arrow(BtrdbResource.PREFIX + NUM + "/nearest?time=" + (T0 + 7 * STEP) + "&format=arrow");
        assertEquals(List.of(T0 + 7 * STEP), nearest.columns().get(0));
        assertEquals(java.util.Collections.singletonList(null), nearest.columns().get(1), "a null point");
    }

    /**
     * A download of 1,000,000 points read slowly: the server waits on the connection past its
     * 1 s limit, and after its next batch cuts the answer by closing the connection without the
     * chunked body's end. The client must get an error, never a shorter file that looks whole.
     */
    @Test
    void shouldCutADownloadThatOutlastsTheTimeLimitSoThatTheClientSeesItBroken() throws Exception {
        int n = 1_000_000;
        Stream big = db.create(BIG, "arrow/big", Map.of(), Map.of());
        long[] t = new long[n];
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = k;
            v[k] = k;
        }
        big.insert(t, v, MergePolicy.NEVER);
        for (String format : new String[] {"csv", "arrow"}) {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri(BtrdbResource.PREFIX + BIG
                    + "/values?start=0&end=" + n + "&format=" + format)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            try (InputStream in = r.body()) {
                assertTrue(in.read() >= 0);
                TimeUnit.MILLISECONDS.sleep(1500);
                assertThrows(IOException.class, in::readAllBytes, format + ": the cut must show");
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("-> 503")), "the log says why");
        }
        assertEquals(0, requestsInFlightSettled());
        assertEquals("{\"count\":" + n + "}", get(BtrdbResource.PREFIX + BIG + "/count").body(), "still serving");
    }

    /** pyarrow, when this machine's python3 has it (it is not a build dependency): the download opens as a table. */
    @Test
    void shouldBeReadByPyarrowWhenItIsInstalled() throws Exception {
        Assumptions.assumeTrue(python("import pyarrow") == 0, "python3 with pyarrow is not installed here");
        Path file = dir.resolve("values.arrows");
        Files.write(file, bytes(BtrdbResource.PREFIX + NUM + "/values?start=0&end=" + (T0 + LONG * STEP)
                + "&format=arrow").body());
        Path labels = dir.resolve("labels.arrows");
        Files.write(labels, bytes(BtrdbResource.PREFIX + LABELS + "/values?start=0&end=" + (T0 + 10)
                + "&format=arrow").body());
        Path out = dir.resolve("out.txt");
        int rc = python("import pyarrow as pa, sys\n"
                + "t = pa.ipc.open_stream(open(sys.argv[1], 'rb')).read_all(); t.validate(full=True)\n"
                + "l = pa.ipc.open_stream(open(sys.argv[2], 'rb')).read_all(); l.validate(full=True)\n"
                + "open(sys.argv[3], 'w').write('%d %s %s %d %s' % (t.num_rows, t.schema.field('time').type,"
                + " t.schema.field('value').type, t.column('value').null_count, '|'.join(l.column('value').to_pylist())))\n",
                file.toString(), labels.toString(), out.toString());
        assertEquals(0, rc);
        assertEquals(LONG + " timestamp[ns, tz=UTC] double " + (LONG / 1000) + " on|off|{\"state\":\"fault\",\"code\":7}|a\"b,c",
                Files.readString(out));
    }

    private static int python(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return -1; // no python3
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** The scripts the Arrow JS and polars checks run (src/test/js; http/pom.xml names it). */
    static final Path JS = Path.of(System.getProperty("dendro.test.js", "src/test/js"));

    /**
     * Where .ci/run's {@code npm ci} put src/test/js/package-lock.json's packages: the environment's
     * DENDRO_NPM_DIR, else http/pom.xml's dendro.npm.dir, else ~/.cache/dendro/npm.
     */
    static Path npmDir() {
        String env = System.getenv("DENDRO_NPM_DIR");
        return Path.of(env != null && !env.isEmpty() ? env
                : System.getProperty("dendro.npm.dir", System.getProperty("user.home") + "/.cache/dendro/npm"));
    }

    /** Arrow JS (npm apache-arrow), when node and the package are installed: types, rows, batches, nulls, values. */
    @Test
    void shouldBeReadByArrowJsWhenItIsInstalled() throws Exception {
        List<Object> out = node("read-arrow.mjs", "apache-arrow", downloads("arrow", true));
        assertReadBack(out, Map.of("time", "Timestamp<NANOSECOND, UTC>", "f64", "Float64", "u64", "Uint64", "utf8", "Utf8"),
                true);
    }

    /** polars for JavaScript (npm nodejs-polars, readIPCStream), when node, the package and its native library load. */
    @Test
    void shouldBeReadByPolarsWhenItIsInstalled() throws Exception {
        List<Object> out = node("read-polars.mjs", "nodejs-polars", downloads("arrow", true));
        assertReadBack(out, Map.of("time", "DataType(Datetime(ns,UTC))", "f64", "DataType(Float64)",
                "u64", "DataType(UInt64)", "utf8", "DataType(String)"), true);
    }

    /**
     * pandas without pyarrow (Debian's python3-pandas): the CSV downloads of the same queries, null
     * points and empty windows as NaN, the labels as their JSON, the values exact (round-trip parsing).
     */
    @Test
    void shouldBeReadAsCsvByPandasWhenItIsInstalled() throws Exception {
        String python = null;
        for (String p : new String[] {"python3", "/usr/bin/python3"}) { // Debian's, when PATH's (pyenv, a venv) lacks it
            if (run(List.of(p, "-c", "import pandas")).exit() == 0) {
                python = p;
                break;
            }
        }
        Assumptions.assumeTrue(python != null, "python3 with pandas is not installed here (Debian: python3-pandas)");
        List<String> cmd = new ArrayList<>(List.of(python, "-c", """
                import json, sys, pandas as pd
                def plain(v):
                    return None if v != v else v
                out = []
                for f in sys.argv[1:]:
                    df = pd.read_csv(f, float_precision='round_trip')
                    fields = []
                    for name in df.columns:
                        s = df[name]
                        c = {'name': name, 'type': str(s.dtype), 'nulls': int(s.isna().sum())}
                        v = s.tolist()
                        if s.dtype.kind in 'iuf':
                            total = 0 if s.dtype.kind in 'iu' else 0.0
                            for x in v:
                                if x == x:
                                    total += x
                            c.update(sum=total, first=plain(v[0]), last=plain(v[-1]))
                        else:
                            c['values'] = v
                        fields.append(c)
                    out.append({'file': f, 'rows': len(df), 'fields': fields})
                print(json.dumps(out))
                """));
        downloads("csv", false).forEach(f -> cmd.add(f.toString()));
        Ran r = run(cmd);
        assertEquals(0, r.exit(), r.err());
        assertReadBack(list(r.out()), Map.of("time", "int64", "f64", "float64", "u64", "int64", "utf8", "object"), false);
    }

    /**
     * The downloads the independent readers open, in this order: values (40,000 rows, 3 batches, 40
     * nulls), labels, aligned windows, windows (the last one empty), and with {@code empty} values
     * of an empty range (the schema and no batch).
     */
    List<Path> downloads(String format, boolean empty) throws IOException {
        long end = T0 + LONG * STEP + 10_000_000_000L;
        List<String> queries = new ArrayList<>(List.of(
                NUM + "/values?start=0&end=" + (T0 + LONG * STEP),
                LABELS + "/values?start=0&end=" + (T0 + 10),
                NUM + "/aligned-windows?start=" + T0 + "&end=" + end + "&pointwidth=30",
                NUM + "/windows?start=" + T0 + "&end=" + end + "&width=5s"));
        if (empty) {
            queries.add(NUM + "/values?start=0&end=5");
        }
        List<Path> files = new ArrayList<>();
        for (String q : queries) {
            HttpResponse<byte[]> r = bytes(BtrdbResource.PREFIX + q + "&format=" + format);
            assertEquals(200, r.statusCode(), q);
            Path f = dir.resolve("download-" + files.size() + "." + format);
            Files.write(f, r.body());
            files.add(f);
        }
        return files;
    }

    /**
     * What a reader's script printed about {@link #downloads} against the engine's answers; {@code
     * types} names the reader's types for time, f64, u64 and utf8. The labels are themselves in
     * Arrow, their JSON in CSV. The nullability and the batches are checked where the reader says them.
     */
    void assertReadBack(List<Object> out, Map<String, String> types, boolean arrow) {
        String t = types.get("time");
        String f64 = types.get("f64");
        double sum = 0;
        for (int k = 0; k < LONG; k++) {
            sum += k % 1000 == 7 ? 0 : Math.sin(k / 100.0);
        }
        Map<String, Object> values = file(out, 0, LONG, List.of(Batch.ROWS, Batch.ROWS, LONG - 2 * Batch.ROWS));
        assertColumn(values, 0, "time", t, false, 0, "first", T0, "last", T0 + (LONG - 1) * STEP);
        assertColumn(values, 1, "value", f64, true, LONG / 1000, "sum", sum, "first", 0.0, "last", Math.sin((LONG - 1) / 100.0));

        List<String> labels = new ArrayList<>();
        for (String doc : BtrdbQueryTest.LABEL_DOCS) {
            labels.add(arrow ? ArrowTable.label(doc) : doc);
        }
        Map<String, Object> l = file(out, 1, labels.size(), List.of(labels.size()));
        assertColumn(l, 0, "time", t, false, 0, "first", T0, "last", T0 + 3);
        assertColumn(l, 1, "value", types.get("utf8"), true, 0, "values", labels);

        long end = T0 + LONG * STEP + 10_000_000_000L;
        List<List<StatPoint>> windows = List.of(num.alignedWindows(T0, end, 30, 0).toList(),
                num.windows(T0, end, 5_000_000_000L, 0, 0).toList());
        for (int i = 0; i < 2; i++) {
            List<StatPoint> w = windows.get(i);
            int empty = (int) w.stream().filter(p -> p.count() == 0).count();
            assertTrue(i == 0 || empty > 0, "the windows download has empty windows");
            double means = 0;
            long counts = 0;
            for (StatPoint p : w) {
                means += p.count() == 0 ? 0 : p.mean();
                counts += p.count();
            }
            Map<String, Object> file = file(out, 2 + i, w.size(), List.of(w.size()));
            assertColumn(file, 0, "time", t, false, 0, "first", w.get(0).time(), "last", w.getLast().time());
            assertColumn(file, 1, "min", f64, true, empty, "first", w.get(0).min());
            assertColumn(file, 2, "mean", f64, true, empty, "sum", means, "first", w.get(0).mean());
            assertColumn(file, 3, "max", f64, true, empty, "first", w.get(0).max());
            assertColumn(file, 4, "count", types.get("u64"), false, 0, "sum", counts, "first", w.get(0).count());
            assertColumn(file, 5, "stddev", f64, true, empty, "first", w.get(0).stddev());
        }
        assertEquals(arrow ? 5 : 4, out.size(), "a summary per download");
        if (arrow) {
            Map<String, Object> e = file(out, 4, 0, List.of());
            assertColumn(e, 0, "time", t, false, 0);
            assertColumn(e, 1, "value", f64, true, 0);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> file(List<Object> out, int i, int rows, List<Integer> batches) {
        Map<String, Object> f = (Map<String, Object>) out.get(i);
        assertEquals(rows, Integer.parseInt(((Json.Num) f.get("rows")).text()), "rows of " + f.get("file"));
        if (f.containsKey("batches")) {
            assertEquals(batches.stream().map(String::valueOf).toList(),
                    ((List<Object>) f.get("batches")).stream().map(b -> ((Json.Num) b).text()).toList(),
                    "batches of " + f.get("file"));
        }
        return f;
    }

    /** Column {@code c}: its name, type, nullability (when said), null count, then facts as key, expected value pairs. */
    @SuppressWarnings("unchecked")
    static void assertColumn(Map<String, Object> file, int c, String name, String type, boolean nullable, int nulls,
            Object... facts) {
        Map<String, Object> col = (Map<String, Object>) ((List<Object>) file.get("fields")).get(c);
        String what = file.get("file") + " " + name;
        assertEquals(name, col.get("name"), what);
        assertEquals(type, col.get("type"), what);
        if (col.containsKey("nullable")) {
            assertEquals(nullable, col.get("nullable"), what + " nullable");
        }
        assertEquals(String.valueOf(nulls), ((Json.Num) col.get("nulls")).text(), what + " nulls");
        for (int i = 0; i < facts.length; i += 2) {
            Object expected = facts[i + 1];
            Object actual = col.get((String) facts[i]);
            String w = what + " " + facts[i];
            String text = actual instanceof Json.Num n ? n.text() : actual instanceof String s ? s : null;
            switch (expected) {
                case Long x -> assertEquals(x, text == null ? null : Long.parseLong(text), w); // BigInts come as strings
                case Integer x -> assertEquals((long) x, text == null ? null : Long.parseLong(text), w);
                case Double x when x.isNaN() -> assertEquals(Json.NULL, actual, w + ": a null");
                case Double x -> assertEquals(x, actual instanceof Json.Num n ? Double.parseDouble(n.text()) : actual, w);
                default -> assertEquals(expected, actual, w);
            }
        }
    }

    /** Runs {@code script} (src/test/js) with node on the downloads, or skips when node or {@code module} is missing. */
    List<Object> node(String script, String module, List<Path> files) throws IOException, InterruptedException {
        String js = JS.resolve(script).toString();
        Ran probe = run(List.of("node", js, npmDir().toString(), "--probe"));
        Assumptions.assumeTrue(probe.exit() == 0, () -> "node with " + module + " is not installed here (.ci/run installs "
                + "src/test/js/package-lock.json into DENDRO_NPM_DIR, now " + npmDir() + "): "
                + probe.err().lines().map(String::strip).filter(x -> x.startsWith("Error")).findFirst()
                        .orElse(probe.err().strip()));
        List<String> cmd = new ArrayList<>(List.of("node", js, npmDir().toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Ran r = run(cmd);
        assertEquals(0, r.exit(), r.err());
        return list(r.out());
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(String json) {
        return (List<Object>) Json.parse(json);
    }

    /** A child process's exit value (-1 when it cannot start or outlasts 120 s), stdout and stderr. */
    record Ran(int exit, String out, String err) {
    }

    Ran run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            return new Ran(-1, "", e.toString()); // no such program
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Ran(-1, Files.readString(out), "timed out");
        }
        return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void shouldNameTheFieldsAsTheCsvHeaderAndTheJsonKeys() {
        String base = BtrdbResource.PREFIX + NUM + "/windows?start=" + T0 + "&end=" + (T0 + 2_000_000_000L) + "&width=1s";
        String csvHeader = get(base + "&format=csv").body().lines().findFirst().orElseThrow();
        Table t = arrow(base + "&format=arrow");
        assertArrayEquals(csvHeader.split(","), t.fields().stream().map(Field::getName).toArray(String[]::new));
        assertFalse(get(base).body().isEmpty());
    }
}
