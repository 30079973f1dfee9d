package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Stream;
import io.dendro.StreamKind;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests of every kind to every route: bad JSON, odd values, huge numbers, broken
 * UTF-8, truncated bodies, odd paths, parameters and {@code Accept} headers. None is answered with a 5xx, and nothing
 * is written by a refused append ({@code -Ddendro.http.fuzz.seed=S} replays a run).
 */
class HostileInputTest extends HttpFixture {
    private static final String[] BODIES = {"", "{", "[", "]", "null", "true", "1e999999", "-", "\"\\ud800\"",
        "[{\"t\": 1, \"v\": 1}", "[{\"t\": 99999999999999999999999, \"v\": 1}]", "[{\"t\": 1.5, \"v\": 1}]",
        "[{\"t\": \"2026-13-01T00:00:00Z\", \"v\": 1}]", "[{\"t\": 1, \"v\": [1, 2]}]", "[{\"t\": 1, \"v\": \"x\"}]",
        "[{\"t\": 1, \"v\": {\"c\": 1e308, \"s\": 1e308, \"q\": 1e308, \"l\": 1, \"u\": 1}}]", "[1, 2, 3]",
        "{\"datapoints\": 5}", "{\"tags\": {\"\": 1}}", "{\"tags\": null}", "{\"derive_from\": {}, \"derive_op\": 5}",
        "{\"id\": 5}", "{\"value_type\": null}", "{\"query_tags\": {\"a__b__exists\": \"maybe\"}}",
        "{\"query_tags\": {\"\": 1}}", "{\"derive_args\": [1]}", "[" + "[".repeat(5000), "{\"a\":" .repeat(200),
        "\u0000\u0001", "[{\"t\": 1, \"v\": " + "9".repeat(2000) + "}]"};
    private static final String[] PARAMS = {"limit=99999999999999999999", "offset=-0", "start=1e5", "start=",
        "end=--1", "granularity=", "granularity=0s", "granularity=99999999999999999999h", "time_zone=",
        "value_downsamplers=", "value_downsamplers=,", "tags__=1", "tags__a__in=", "tags__a__gt=x",
        "tags__a__exists=", "version=99999999999999999999", "reverse=maybe", "start_ns=-9223372036854775808",
        "end_ns=9223372036854775807", "start=2026-01-01", "start=2026-01-01T00:00:00", "merge=", "durability=",
        "start_exclusive_ns=9223372036854775807", "end_exclusive=-99999999999", "start=0", "end=100",
        "end=9223372036854775807", "pointwidth=99999999999", "pointwidth=0", "width=1", "width=P", "width=-PT1S",
        "width=99999999999999999999d", "depth=-1", "depth=62", "time=", "time=-9223372036854775808", "backward=",
        "from=-9223372036854775808", "to=9223372036854775807", "from=0", "to=1", "resolution=", "resolution=0",
        "format=arrow", "format=csv", "format=", "iso=x", "iso"};
    /** Line protocol that must never parse (sent to /write, where every body must be refused whole). */
    private static final String[] LINES = {"cpu", "cpu,host load=1", "cpu load=", "cpu load=abc", "cpu load=\"open",
        "cpu load=1 12x", "cpu load=1,load=2", "cpu load=99999999999999999999i", ",host=a load=1", "cpu =1",
        "cpu,a=1,a=2 v=1", "cpu load=1 1\ncpu load=", "ok v=1\n\u00ff\u00fe v=1", "cpu load=1e999", "cpu load=-", "cpu load=1.2.3",
        "cpu load=tru", "cpu load=1u1", "cpu load=1 99999999999999999999", "cpu\\ load=1 1 1", "\u0000 v=x",
        "cpu load=1 9223372036854775807", "cpu," + "a=b,".repeat(3000) + " v=1"};
    private static final String[] ACCEPTS = {"", "Accept: text/csv\r\n", "Accept: ;;;,,,/\r\n",
        "Accept: application/vnd.apache.arrow.stream;q=2\r\n", "Accept: */*;q=x\r\n", "Accept: image/*\r\n"};

    @Test
    void shouldNeverAnswerMalformedRequestsWithA5xx() {
        long seed = Long.getLong("dendro.http.fuzz.seed", System.nanoTime());
        Random rnd = new Random(seed);
        Stream num = db.create(UUID.randomUUID(), "f/n", Map.of("name", "n"), Map.of("a", "1"));
        Stream lab = db.create(UUID.randomUUID(), "f/l", Map.of(), Map.of(), StreamKind.NOMINAL);
        num.insert(new long[] {1, 2, 3}, new double[] {1, 2, 3});
        List<String> paths = List.of("/api/v1/stream/", "/api/v1/stream/" + num.uuid() + "/",
                "/api/v1/stream/" + lab.uuid() + "/", "/api/v1/stream/" + UUID.randomUUID() + "/",
                "/api/v1/stream/%2e%2e/", "/api/v1/stream/x/y/z", "/api/v1//stream/", "/api/v1/", "/",
                "/api/v1/stream/" + num.uuid() + "/?" + "a=1&".repeat(2000));
        paths = new java.util.ArrayList<>(paths);
        for (String query : List.of("values", "aligned-windows", "windows", "nearest", "count", "changes", "version",
                "", "values/x")) {
            for (UUID u : List.of(num.uuid(), lab.uuid(), UUID.randomUUID())) {
                paths.add(BtrdbResource.PREFIX + u + "/" + query);
            }
        }
        for (String w : List.of("/write?db=fz", "/write?db=fz&precision=s", "/write?db=fz&precision=h", "/write",
                "/write?db=", "/write?db=fz&precision=x", "/ping")) {
            paths.add(w);
        }
        List<String> methods = List.of("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS");
        for (int i = 0; i < 2_500; i++) {
            String path = paths.get(rnd.nextInt(paths.size()));
            String method = methods.get(rnd.nextInt(methods.size()));
            if (method.equals("DELETE") && (path.contains(num.uuid().toString()) || path.contains(lab.uuid().toString()))) {
                method = "GET"; // keep the streams the test reads
            }
            StringBuilder q = new StringBuilder();
            for (int k = rnd.nextInt(4); k > 0; k--) {
                q.append(q.isEmpty() && !path.contains("?") ? "?" : "&").append(PARAMS[rnd.nextInt(PARAMS.length)]);
            }
            String body = path.startsWith("/write") && rnd.nextInt(4) > 0 ? LINES[rnd.nextInt(LINES.length)]
                    : BODIES[rnd.nextInt(BODIES.length)];
            String target = path + q;
            String req = method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + (rnd.nextInt(5) == 0 ? "If-Match: \"" + rnd.nextInt(3) + "\"\r\n" : "")
                    + ACCEPTS[rnd.nextInt(ACCEPTS.length)]
                    + "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body;
            String answer = raw(req);
            int status = rawStatus(answer);
            assertTrue(status >= 200 && status < 500, "seed " + seed + ": " + method + " " + target + " with " + body
                    + " -> " + answer + "\nlog: " + log.stream().filter(l -> l.contains("failed:")).toList());
        }
        // truncated bodies and broken UTF-8: refused, nothing written
        long before = num.count(io.dendro.Time.MIN_TIME, io.dendro.Time.MAX_TIME, 0).value();
        String cut = raw("POST /api/v1/stream/" + num.uuid() + "/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                + "[{\"t\": 10, \"v\": 1}");
        assertTrue(rawStatus(cut) == 400 || rawStatus(cut) == -1, cut);
        String utf = raw("POST /api/v1/stream/" + lab.uuid() + "/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Length: 22\r\n\r\n[{\"t\": 1, \"v\": \"\u00ff\u00fe\"}]");
        assertTrue(rawStatus(utf) < 500, utf);
        assertEquals(before, num.count(io.dendro.Time.MIN_TIME, io.dendro.Time.MAX_TIME, 0).value());
        assertEquals(0, db.streams(io.dendro.StreamQuery.all().collectionPrefix("fz/")).size(),
                "no malformed line protocol wrote anything");
        assertTrue(log.stream().noneMatch(l -> l.contains(" -> 5") || l.contains("failed:")), String.join("\n", log));
    }
}
