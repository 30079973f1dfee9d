package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dendro.RawPoint;
import io.dendro.StreamInfo;
import io.dendro.StreamQuery;
import io.dendro.Time;
import io.dendro.value.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers and readers on loopback (issue 12, section 7): virtual threads append through
 * {@code POST /api/v1/stream/<id>/} and {@code POST /write} and read through
 * {@code GET /api/v1/stream/<id>/} at once, for a few seconds ({@code -Ddendro.http.load.seconds=S}
 * for a longer run; 4 by default). Afterwards: every acknowledged point is in the engine with its
 * value (and nothing that was not acknowledged), the versions each writer was answered strictly
 * increase, a reader always sees at least the points acknowledged before it asked, no status
 * of 500 or more other than the concurrency limit's 503 was ever answered, and a request over the
 * limit (every slot held by a half-sent write) is answered 503 at once rather than queued. Latency percentiles per kind of request are
 * printed.
 */
class HttpLoadTest extends HttpFixture {
    static final int LIMIT = 16;
    static final int JSON_WRITERS = 8;
    static final int LINE_WRITERS = 8;
    static final int READERS = 8;
    static final int JSON_BATCH = 50;
    static final int LINE_BATCH = 100;
    static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    final Queue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger busy = new AtomicInteger();
    final Map<String, Queue<Long>> latencies = new ConcurrentHashMap<>();

    @Override
    HttpServerOptions options() {
        return super.options().maxConcurrentRequests(LIMIT);
    }

    @AfterEach
    void closeClient() {
        http.close();
    }

    /** One writer's acknowledged points: times, values and the versions answered, in the order acknowledged. */
    static final class Acked {
        final AtomicLong count = new AtomicLong();
        volatile long[] times = new long[1024];
        volatile double[] values = new double[1024];
        volatile long[] versions = new long[1024];

        synchronized void add(long t, double v, long version) {
            int n = (int) count.get();
            if (n == times.length) {
                times = Arrays.copyOf(times, 2 * n);
                values = Arrays.copyOf(values, 2 * n);
                versions = Arrays.copyOf(versions, 2 * n);
            }
            times[n] = t;
            values[n] = v;
            versions[n] = version;
            count.incrementAndGet();
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedPointUnderConcurrentWritersAndReaders() throws Exception {
        long seconds = Long.getLong("dendro.http.load.seconds", 4);
        UUID[] json = new UUID[JSON_WRITERS];
        for (int i = 0; i < JSON_WRITERS; i++) {
            json[i] = new UUID(0x10AD, i + 1);
            Res r = post("/api/v1/stream/", "{\"id\": \"" + json[i] + "\", \"collection\": \"load/json\"}");
            assertEquals(201, r.status(), r.body());
        }
        Acked[] jsonAcked = new Acked[JSON_WRITERS];
        Acked[] lineAcked = new Acked[LINE_WRITERS];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < JSON_WRITERS; i++) {
                int w = i;
                jsonAcked[w] = new Acked();
                tasks.add(ex.submit(() -> jsonWriter(w, json[w], jsonAcked[w], start, deadline)));
            }
            for (int i = 0; i < LINE_WRITERS; i++) {
                int w = i;
                lineAcked[w] = new Acked();
                tasks.add(ex.submit(() -> lineWriter(w, lineAcked[w], start, deadline)));
            }
            for (int i = 0; i < READERS; i++) {
                int rd = i;
                tasks.add(ex.submit(() -> reader(rd, json, jsonAcked, start, deadline)));
            }
            start.countDown();
            for (Future<?> f : tasks) {
                f.get(seconds + 120, TimeUnit.SECONDS);
            }
        }
        assertTrue(failures.isEmpty(), "failures: " + String.join("\n", failures.stream().limit(20).toList()));

        long jsonPoints = 0;
        db.flush();
        for (int w = 0; w < JSON_WRITERS; w++) {
            jsonPoints += jsonAcked[w].count.get();
            assertStored(json[w], jsonAcked[w], "JSON writer " + w);
            assertVersions(json[w], jsonAcked[w], "JSON writer " + w);
        }
        long linePoints = 0;
        for (int w = 0; w < LINE_WRITERS; w++) {
            linePoints += lineAcked[w].count.get();
            String host = "h" + w;
            List<StreamInfo> series = db.streams(StreamQuery.all().collection("load/cpu")).stream()
                    .filter(s -> host.equals(s.tags().get("host"))).toList();
            assertEquals(2, series.size(), "fields a and b of " + host + ": " + series);
            for (StreamInfo s : series) {
                String field = s.tags().get("name");
                assertStored(s.uuid(), field.equals("a") ? lineAcked[w] : offset(lineAcked[w], 0.5),
                        "line writer " + w + " field " + field);
            }
        }
        assertTrue(jsonPoints > 0 && linePoints > 0, "something was written: " + jsonPoints + ", " + linePoints);

        int busyInTheRun = busy.get();
        exceedTheLimit();
        System.out.printf("HttpLoadTest: %d s, %d JSON writers, %d line-protocol writers, %d readers, limit %d; "
                        + "acknowledged %,d JSON points and %,d line-protocol lines (x2 fields); %d answers 503 in the run%n",
                seconds, JSON_WRITERS, LINE_WRITERS, READERS, LIMIT, jsonPoints, linePoints, busyInTheRun);
        latencies.forEach((kind, q) -> {
            long[] l = q.stream().mapToLong(Long::longValue).sorted().toArray();
            if (l.length > 0) {
                System.out.printf("HttpLoadTest: %-12s %,7d requests, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        kind, l.length, l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6, l[l.length - 1] / 1e6);
            }
        });
    }

    /** The line writer's field b carries a value 0.5 above field a's. */
    private static Acked offset(Acked a, double by) {
        Acked b = new Acked();
        for (int i = 0; i < a.count.get(); i++) {
            b.add(a.times[i], a.values[i] + by, 0);
        }
        return b;
    }

    /**
     * The versions answered: a buffered batch belongs to the version its buffer will be sealed as
     * (docs/design/durability.md), so a writer may be told the same version several times, but never
     * a smaller one; once sealed, each version holds exactly the points acknowledged with it or an
     * earlier one, and the sealed versions strictly increase.
     */
    private void assertVersions(UUID id, Acked acked, String who) {
        int n = (int) acked.count.get();
        long previous = -1;
        for (int i = 0; i < n; i++) {
            long v = acked.versions[i];
            assertTrue(v >= previous, who + ": version " + v + " after " + previous);
            if (v != previous && previous >= 0) {
                long before = db.stream(id).count(Time.MIN_TIME, Time.MAX_TIME, previous).value();
                assertEquals(i, before, who + ": points at version " + previous);
            }
            previous = v;
        }
        if (n > 0) {
            assertEquals(n, db.stream(id).count(Time.MIN_TIME, Time.MAX_TIME, previous).value(),
                    who + ": points at version " + previous);
            assertEquals(previous, db.stream(id).version(), who + ": the last version answered is the stream's");
        }
    }

    /** Exactly the acknowledged points, read through the engine (every request was either acknowledged or refused). */
    private void assertStored(UUID id, Acked acked, String who) {
        List<RawPoint> stored = db.stream(id).values(Time.MIN_TIME, Time.MAX_TIME, 0).toList();
        int n = (int) acked.count.get();
        assertEquals(n, stored.size(), who + ": stored points");
        long[] t = Arrays.copyOf(acked.times, n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(t[x], t[y]));
        for (int i = 0; i < n; i++) {
            RawPoint p = stored.get(i);
            int k = order[i];
            if (p.time() != t[k] || p.value() != acked.values[k]) {
                fail(who + ": point " + i + " is " + p + ", acknowledged (" + t[k] + ", " + acked.values[k] + ")");
            }
        }
    }

    private void jsonWriter(int w, UUID id, Acked acked, CountDownLatch start, long deadline) {
        await(start);
        long lastVersion = -1;
        long seq = 0;
        while (System.nanoTime() < deadline && failures.isEmpty()) {
            long[] t = new long[JSON_BATCH];
            double[] v = new double[JSON_BATCH];
            StringBuilder b = new StringBuilder("[");
            for (int j = 0; j < JSON_BATCH; j++, seq++) {
                t[j] = T0 + seq * 1_000_000L; // 1 ms apart, each writer its own stream
                v[j] = w * 1e6 + seq * 0.25;
                b.append(j == 0 ? "" : ",").append("{\"t\":").append(t[j]).append(",\"v\":").append(v[j]).append('}');
            }
            HttpResponse<String> r = send("json-write", HttpRequest.newBuilder(uri("/api/v1/stream/" + id + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString(b.append(']').toString())));
            if (r == null || r.statusCode() == 503) {
                seq -= JSON_BATCH; // refused: the same batch again
                continue;
            }
            if (r.statusCode() != 201) {
                failures.add("JSON writer " + w + ": " + r.statusCode() + " " + r.body());
                return;
            }
            long version = num(Json.parse(r.body()), "version");
            if (version < lastVersion) {
                failures.add("JSON writer " + w + ": version " + version + " after " + lastVersion);
            }
            lastVersion = version;
            for (int j = 0; j < JSON_BATCH; j++) {
                acked.add(t[j], v[j], version);
            }
        }
    }

    private void lineWriter(int w, Acked acked, CountDownLatch start, long deadline) {
        await(start);
        long seq = 0;
        while (System.nanoTime() < deadline && failures.isEmpty()) {
            long[] t = new long[LINE_BATCH];
            double[] v = new double[LINE_BATCH];
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < LINE_BATCH; j++, seq++) {
                t[j] = T0 + seq * 1_000_000L;
                v[j] = w * 1e6 + seq;
                b.append("cpu,host=h").append(w).append(" a=").append(v[j]).append(",b=").append(v[j] + 0.5)
                        .append(' ').append(t[j]).append('\n');
            }
            HttpResponse<String> r = send("line-write", HttpRequest.newBuilder(uri("/write?db=load"))
                    .POST(HttpRequest.BodyPublishers.ofString(b.toString())));
            if (r == null || r.statusCode() == 503) {
                seq -= LINE_BATCH;
                continue;
            }
            if (r.statusCode() != 204) {
                failures.add("line writer " + w + ": " + r.statusCode() + " " + r.body());
                return;
            }
            for (int j = 0; j < LINE_BATCH; j++) {
                acked.add(t[j], v[j], 0);
            }
        }
    }

    /** Reads the newest page and minute buckets; what was acknowledged before the request must be counted. */
    private void reader(int rd, UUID[] json, Acked[] acked, CountDownLatch start, long deadline) {
        await(start);
        long i = rd;
        while (System.nanoTime() < deadline && failures.isEmpty()) {
            int w = (int) (i++ % json.length);
            long before = acked[w].count.get();
            boolean buckets = i % 3 == 0;
            String q = buckets ? "?granularity=minutes&value_downsamplers=count,mean,min,max"
                    : "?reverse=true&limit=100";
            HttpResponse<String> r = send(buckets ? "read-minutes" : "read-raw",
                    HttpRequest.newBuilder(uri("/api/v1/stream/" + json[w] + "/" + q)).GET());
            if (r == null || r.statusCode() == 503) {
                continue;
            }
            if (r.statusCode() != 200) {
                failures.add("reader " + rd + ": " + r.statusCode() + " " + r.body());
                return;
            }
            Object body = Json.parse(r.body());
            long seen;
            if (buckets) {
                seen = 0;
                for (Object dp : (List<?>) at(body, "datapoints")) {
                    seen += num(dp, "v", "c");
                }
            } else {
                seen = num(body, "meta", "total_count");
            }
            if (seen < before) {
                failures.add("reader " + rd + ": stream " + w + " shows " + seen + " points, " + before
                        + " were acknowledged before the read" + (buckets ? " (minute counts)" : ""));
            }
        }
    }

    /**
     * The limit exceeded on purpose: {@link #LIMIT} line-protocol writes whose bodies are held
     * back half sent (each holds a slot while its handler waits for the rest), then one more
     * request, which must be answered 503 at once, not queued; then the held bodies are finished
     * and each is written (204, its point readable).
     */
    private void exceedTheLimit() throws Exception {
        List<java.net.Socket> held = new ArrayList<>();
        String line = "held,host=x v=1 ";
        try {
            for (int k = 0; k < LIMIT; k++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
                s.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
                String body = line + (T0 + k) + "\n";
                String head = "POST /write?db=load HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body.substring(0, 4);
                s.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                held.add(s);
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.requestsInFlight() < LIMIT && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertEquals(LIMIT, server.requestsInFlight(), "the held writes occupy every slot");
            long t0 = System.nanoTime();
            HttpResponse<String> r = send("over-limit", HttpRequest.newBuilder(uri("/ping")).GET());
            assertTrue(r != null && r.statusCode() == 503, "over the limit: " + (r == null ? "no answer" : r.statusCode()));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "the 503 came at once");
            for (int k = 0; k < LIMIT; k++) {
                java.net.Socket s = held.get(k);
                String body = line + (T0 + k) + "\n";
                s.getOutputStream().write(body.substring(4).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(204, rawStatus(answer), "held write " + k + ": " + answer);
            }
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
        StreamInfo held1 = db.streams(StreamQuery.all().collection("load/held")).get(0);
        assertEquals(LIMIT, db.stream(held1.uuid()).values(Time.MIN_TIME, Time.MAX_TIME, 0).toList().size());
        assertEquals(200, get("/api/v1/stream/" + held1.uuid() + "/").status(), "the slots are free again");
    }

    /** Sends, times and classifies: 503 counted (with its Retry-After checked), other 5xx and no answer are failures. */
    private HttpResponse<String> send(String kind, HttpRequest.Builder b) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(b.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            latencies.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - t0);
            if (r.statusCode() == 503) {
                busy.incrementAndGet();
                if (!"1".equals(r.headers().firstValue("Retry-After").orElse(null))) {
                    failures.add(kind + ": 503 without Retry-After: 1");
                }
                Thread.sleep(1);
            } else if (r.statusCode() >= 500) {
                failures.add(kind + ": " + r.statusCode() + " " + r.body());
            }
            return r;
        } catch (java.io.IOException e) {
            failures.add(kind + ": no answer: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(kind + ": interrupted");
            return null;
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
