package io.dendro.bench.serve;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest: {@code clients} threads take the next batch of {@code batch} lines (in order) from a
 * shared counter, generate its text and POST it to {@code /write}; a batch counts once it is
 * answered 204. A 503 (a server's concurrency limit) is retried after 10 ms; any other answer
 * stops the run. Timed from before the first request to the last acknowledgement; generating the
 * text (a few ms per batch) is inside the time and the same for every server.
 */
final class Loader {
    private Loader() {
    }

    /** Points per second. */
    static double ingest(Server server, Dataset data, int batch, int clients) throws InterruptedException {
        long lines = data.lines();
        long batches = (lines + batch - 1) / batch;
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
        List<Future<?>> tasks = new ArrayList<>();
        try (ExecutorService ex = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                tasks.add(ex.submit(() -> {
                    for (long b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                        byte[] body = data.lines(b * batch, Math.min(lines, (b + 1) * batch));
                        post(server, body, b);
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    next.set(batches); // stop the other clients
                    throw e.getCause() instanceof Server.Failure sf ? sf : new Server.Failure(e.getCause().toString());
                }
            }
        }
        return data.points() / ((System.nanoTime() - t0) / 1e9);
    }

    private static void post(Server server, byte[] body, long batchNumber) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/write?db=" + InfluxServer.DB))
                    .header("Content-Type", "text/plain; charset=utf-8").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            if (r.statusCode() == 204) {
                return;
            }
            if (r.statusCode() != 503 || attempt >= 1000) {
                throw new Server.Failure(server.display() + ": batch " + batchNumber + " answered " + r.statusCode() + ": "
                        + Server.cut(r.body()));
            }
            Thread.sleep(10);
        }
    }
}
