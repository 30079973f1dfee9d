package io.dendro.bench.serve;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * VictoriaMetrics single-node ({@code victoria-metrics}, Debian's package):
 * {@code -storageDataPath}, {@code -httpListenAddr 127.0.0.1:PORT}, {@code -retentionPeriod 100y}
 * (the data is dated 2026-01-01; the default month would drop it), {@code -search.disableCache}.
 * Its {@code /write} answers once the rows are in its in-memory buffers, which reach disk about
 * every second, without fsync per request. A line's fields become metrics {@code cpu_f0} ... with
 * the tags as labels.
 *
 * <p>Minute and hour aggregates through {@code /api/v1/query_range} with MetricsQL's
 * {@code rollup(cpu_f{host="h"}[60s])}, which answers min, max and avg over the window in one
 * query (PromQL would need {@code min_over_time}, {@code max_over_time} and
 * {@code avg_over_time}: three). A window {@code [60s]} evaluated at time t covers (t-60s, t], so the
 * queries evaluate at the last point time of each bucket ({@code S+59s, S+119s, ...} at a one-second
 * spacing, {@code S+59.999s, ...} at a millisecond one) with step 60s: each window then holds exactly
 * the points of [S+60k, S+60(k+1)), the same buckets as the others'. Raw
 * export ({@code /api/v1/export}) would move every point to the client instead.
 */
final class VictoriaServer extends Server {
    VictoriaServer(HttpClient http) {
        super(http);
    }

    @Override
    String key() {
        return "victoriametrics";
    }

    @Override
    String display() {
        return "VictoriaMetrics";
    }

    @Override
    String unavailable() {
        return onPath("victoria-metrics") == null ? "victoria-metrics is not on the PATH (apt-get install victoria-metrics)"
                : null;
    }

    @Override
    String version() {
        String v = firstLine("dpkg-query", "-W", "-f", "${Version}", "victoria-metrics");
        return v == null ? "?" : v.replaceAll("\\+.*", "");
    }

    @Override
    String setup() {
        return "victoria-metrics single node, retention 100y, caches off, query limits raised (samples per series 1e9, 10 min);"
                + " /write answered from memory (flushed about every second)";
    }

    @Override
    List<String> command(Path work, Path data, int port) {
        return List.of(onPath("victoria-metrics").toString(), "-storageDataPath=" + data,
                "-httpListenAddr=127.0.0.1:" + port, "-retentionPeriod=100y", "-search.disableCache",
                // its defaults refuse a query that scans more than 30 M samples of a series or runs 30 s:
                // the hourly statistics of 100 M points need both, as InfluxDB's query-timeout is off too
                "-search.maxSamplesPerSeries=1000000000", "-search.maxQueryDuration=10m",
                "-loggerLevel=ERROR");
    }

    @Override
    String readyPath() {
        return "/health";
    }

    @Override
    void afterIngest() {
        // make the rows in memory searchable now rather than within a second or so
        send(HttpRequest.newBuilder(uri("/internal/force_flush")).GET());
    }

    private String metric(Dataset.Series s) {
        return dataset.measurement() + "_" + s.field() + "{" + dataset.tagKey() + "=\"" + s.tag() + "\"}";
    }

    /**
     * {@code /api/v1/export} (JSON lines, times in milliseconds), the raw-sample path; its
     * {@code end} is inclusive, so the last point time before {@code end}.
     */
    @Override
    List<Bucket> raw(Dataset.Series s, long start, long end) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/export?match[]=" + enc(metric(s)) + "&start="
                + start + "&end=" + lastInstant(end))).GET());
        if (r.statusCode() != 200) {
            throw new Failure("VictoriaMetrics: export answered " + r.statusCode() + ": " + cut(r.body()));
        }
        List<Bucket> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Object o = AnswerJson.parse(line);
            List<?> ts = (List<?>) at(o, "timestamps");
            List<?> vs = (List<?>) at(o, "values");
            for (int i = 0; i < ts.size(); i++) {
                double v = num(vs.get(i));
                out.add(new Bucket((long) num(ts.get(i)) * 1_000_000L, v, v, v));
            }
        }
        out.sort(java.util.Comparator.comparingLong(Bucket::start));
        return out;
    }

    /**
     * Evaluated at the last point time of each bucket (a window covers (t - width, t]), so each
     * window holds exactly one bucket's points; times are sent and answered in seconds with a
     * fraction, at this data set's spacing.
     */
    @Override
    List<Bucket> buckets(Dataset.Series s, long start, long end, long width) {
        String q = "rollup(" + metric(s) + "[" + width + "s])";
        Object answer = getJson("/api/v1/query_range?query=" + enc(q) + "&start=" + lastInstant(start + width) + "&end="
                + lastInstant(end) + "&step=" + width + "s&nocache=1");
        long back = width * 1_000_000_000L - dataset.stepNanos();
        Map<Long, double[]> byTime = new TreeMap<>();
        for (Object series : (List<?>) at(answer, "data", "result")) {
            String which = (String) at(series, "metric", "rollup");
            int slot = switch (which) {
                case "avg" -> 0;
                case "min" -> 1;
                case "max" -> 2;
                default -> throw new Failure("VictoriaMetrics: unexpected rollup " + which);
            };
            for (Object v : (List<?>) at(series, "values")) {
                long t = Math.round(num(((List<?>) v).get(0)) * 1e3) * 1_000_000L - back;
                byTime.computeIfAbsent(t, k -> new double[] {Double.NaN, Double.NaN, Double.NaN})[slot] =
                        num(((List<?>) v).get(1));
            }
        }
        List<Bucket> out = new ArrayList<>();
        byTime.forEach((t, a) -> out.add(new Bucket(t, a[0], a[1], a[2])));
        return out;
    }
}
