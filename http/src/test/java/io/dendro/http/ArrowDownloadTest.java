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
 * alike), not shorter.
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
        assertEquals(0, server.requestsInFlight());
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

    @Test
    void shouldNameTheFieldsAsTheCsvHeaderAndTheJsonKeys() {
        String base = BtrdbResource.PREFIX + NUM + "/windows?start=" + T0 + "&end=" + (T0 + 2_000_000_000L) + "&width=1s";
        String csvHeader = get(base + "&format=csv").body().lines().findFirst().orElseThrow();
        Table t = arrow(base + "&format=arrow");
        assertArrayEquals(csvHeader.split(","), t.fields().stream().map(Field::getName).toArray(String[]::new));
        assertFalse(get(base).body().isEmpty());
    }
}
