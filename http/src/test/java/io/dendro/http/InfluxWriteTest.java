package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.RawPoint;
import io.dendro.StreamInfo;
import io.dendro.StreamKind;
import io.dendro.StreamQuery;
import io.dendro.Time;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /write} and {@code /ping} as InfluxDB 1.x serves them: one stream per
 * (measurement, tag set, field), created on first sight; string fields to nominal streams;
 * precisions; gzip; atomic batches (a bad line writes nothing); type conflicts; keys.
 */
class InfluxWriteTest extends HttpFixture {
    @Override
    HttpServerOptions options() {
        return super.options().apiKey("wkey").readApiKey("rkey");
    }

    private List<StreamInfo> collection(String c) {
        return db.streams(StreamQuery.all().collection(c));
    }

    private List<RawPoint> points(StreamInfo s) {
        return db.stream(s.uuid()).values(Time.MIN_TIME, Time.MAX_TIME, 0).toList();
    }

    @Test
    void shouldFeedOneStreamPerSeriesAndField() {
        Res r = post("/write?db=plant&u=me&p=wkey",
                "measurement,tag=v field=1.5,other=2i 1767225600000000000\n"
                        + "measurement,tag=v field=2.5 1767225601000000000\n"
                        + "measurement,tag=w field=7 1767225600000000000\n"
                        + "measurement,tag=v state=\"on\" 1767225600000000000\n");
        assertEquals(204, r.status(), r.body());
        List<StreamInfo> all = collection("plant/measurement");
        assertEquals(4, all.size(), all.toString());
        StreamInfo field = all.stream().filter(s -> s.tags().equals(Map.of("tag", "v", "name", "field"))).findFirst()
                .orElseThrow();
        assertEquals(List.of(1.5, 2.5), points(field).stream().map(RawPoint::value).toList());
        StreamInfo state = all.stream().filter(s -> s.tags().get("name").equals("state")).findFirst().orElseThrow();
        assertEquals(StreamKind.NOMINAL, state.kind());
        assertEquals("\"on\"", points(state).get(0).document());
        // the same series again finds its stream; precision s; a later value at the same time replaces
        assertEquals(204, post("/write?db=plant&precision=s", "measurement,tag=v field=9 1767225601\n",
                "Authorization", "Token wkey").status());
        assertEquals(4, collection("plant/measurement").size());
        assertEquals(List.of(1.5, 9.0), points(field).stream().map(RawPoint::value).toList());
        // no timestamp: the server's time
        long before = System.currentTimeMillis() * 1_000_000L;
        assertEquals(204, post("/write?db=plant", "now v=1", "Authorization", "Bearer wkey").status());
        long t = points(collection("plant/now").get(0)).get(0).time();
        assertTrue(t >= before - 1_000_000_000L && t <= System.currentTimeMillis() * 1_000_000L, "time " + t);
    }

    @Test
    void shouldWriteNothingWhenOneLineIsBad() {
        Res r = post("/write?db=plant", "a v=1 1\nb v=2 2\nc v=oops 3\n", "Authorization", "Bearer wkey");
        String msg = assertError(r, 400, null);
        assertEquals("unable to parse 'c v=oops 3': invalid number oops (line 3)", msg);
        assertEquals(0, db.streams(StreamQuery.all()).size(), "nothing created, nothing written");
        // a time past the engine's range: the whole batch refused too
        assertEquals(400, post("/write?db=plant&precision=h", "a v=1 1\nb v=2 9999999999\n",
                "Authorization", "Bearer wkey").status());
        assertEquals(0, db.streams(StreamQuery.all()).size());
        // a string where numbers were written
        assertEquals(204, post("/write?db=plant", "a v=1 1", "Authorization", "Bearer wkey").status());
        String conflict = assertError(post("/write?db=plant", "b v=1 1\na v=\"x\" 2", "Authorization", "Bearer wkey"),
                400, null);
        assertTrue(conflict.contains("field type conflict"), conflict);
        assertEquals(1, db.streams(StreamQuery.all()).size(), "b not created either");
        assertError(post("/write", "a v=1 1", "Authorization", "Bearer wkey"), 400, "db");
        assertError(post("/write?db=x&precision=fortnight", "a v=1 1", "Authorization", "Bearer wkey"), 400,
                "precision");
    }

    @Test
    void shouldTakeGzipAndAnswerPingAndKeys() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
            z.write("cpu,host=a load=0.25 1000\ncpu,host=a load=0.5 2000\n".getBytes());
        }
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/write?db=m"))
                .header("Content-Encoding", "gzip").header("Authorization", "Token wkey")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode(), r.body());
        assertEquals(2, points(collection("m/cpu").get(0)).size());
        // UTF-8 tag values are taken; a body that is not UTF-8 is refused whole
        byte[] utf8 = "cpu,city=zürich load=1 1000\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] latin1 = "cpu,host=a load=3 3000\ncpu,city=zürich load=1 1000\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (byte[] body : new byte[][] {latin1, utf8}) {
            HttpResponse<String> w = client.send(HttpRequest.newBuilder(uri("/write?db=m"))
                    .header("Authorization", "Token wkey").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(body == latin1 ? 400 : 204, w.statusCode(), w.body());
            if (body == latin1) {
                assertTrue(w.body().contains("not UTF-8 (line 2)"), w.body());
                assertEquals(2, points(collection("m/cpu").get(0)).size(), "nothing of it written");
            }
        }
        assertTrue(collection("m/cpu").stream().anyMatch(s -> "zürich".equals(s.tags().get("city"))));
        Res ping = get("/ping?u=me&p=rkey");
        assertEquals(204, ping.status());
        assertEquals(LineProtocolRoutes.INFLUX_VERSION, ping.header("X-Influxdb-Version"));
        assertEquals(403, post("/write?db=m&u=me&p=rkey", "cpu load=1 1").status(), "the read-only key");
        assertEquals(401, post("/write?db=m", "cpu load=1 1").status());
    }
}
