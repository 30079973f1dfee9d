package io.dendro.bench.serve;

import io.dendro.Database;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dendro's HTTP server: {@code java -jar cli/target/dendro.jar serve --db DIR --http-port PORT}
 * (the JVM that runs the harness, {@code -Xmx1g}). Its {@code /write} acknowledges a batch once
 * its write-ahead log record is forced (durability SYNC). Minute and hour aggregates through Datastream's
 * API, {@code GET /api/v1/stream/<id>/?granularity=minutes&value_downsamplers=mean,min,max}; the
 * stream ids are listed once (after the ingest) through {@code GET /api/v1/stream/?collection=}.
 */
final class DendroServer extends Server {
    final Path jar;
    final String commit;
    final String heap;
    private Map<String, String> ids;

    DendroServer(HttpClient http, Path jar, String commit, String heap) {
        super(http);
        this.jar = jar;
        this.commit = commit;
        this.heap = heap;
    }

    @Override
    String key() {
        return "dendro";
    }

    @Override
    String display() {
        return "Dendro";
    }

    @Override
    String unavailable() {
        return Files.isReadable(jar) ? null : jar + " is missing (bench/run serve-compare builds it)";
    }

    @Override
    String version() {
        return commit;
    }

    @Override
    String setup() {
        return "dendro serve --http-port (java -Xmx" + heap + "), /write acknowledged after the write-ahead log is forced";
    }

    @Override
    List<String> command(Path work, Path data, int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx" + heap, "--sun-misc-unsafe-memory-access=allow", "-jar", jar.toString(), "serve",
                "--db", data.toString(), "--http-port", Integer.toString(port));
    }

    /** The log files ({@code wal-*.log}): the newest one stays after a clean close (up to 64 MiB), its records all sealed. */
    @Override
    List<Path> logs(Path data) throws java.io.IOException {
        try (var s = Files.list(data)) {
            return s.filter(p -> p.getFileName().toString().matches("wal-.*\\.log")).toList();
        }
    }

    /**
     * Dendro keeps every version queryable (667 of them after 20 M EKG points: one per 32,768
     * points buffered), which the peers do not: the bytes per point with only the latest version
     * kept, as a user without use for history would set it (every stream's retention to one
     * version, then {@link Database#compact()}), opened through the engine's API after the stop.
     */
    @Override
    Map<String, Double> afterStop(Path data, long points) throws java.io.IOException, InterruptedException {
        try (Database db = Database.open(data)) {
            for (io.dendro.StreamInfo info : db.streams(io.dendro.StreamQuery.all())) {
                db.stream(info.uuid()).setRetention(1, null);
            }
            db.compact();
        }
        return Map.of("bytes_per_point_latest", (double) ServeCompare.du(data) / points);
    }

    @Override
    void prepare() {
        ids = null;
    }

    /** (tag value, field) to stream id, from the list of collection bench/MEASUREMENT, page by page. */
    private Map<String, String> ids() {
        if (ids != null) {
            return ids;
        }
        Map<String, String> m = new HashMap<>();
        for (int offset = 0; ; offset += 1000) {
            Object page = getJson("/api/v1/stream/?collection=bench/" + dataset.measurement() + "&limit=1000&offset=" + offset);
            List<?> objects = (List<?>) at(page, "objects");
            for (Object o : objects) {
                m.put(at(o, "tags", dataset.tagKey()) + "/" + at(o, "tags", "name"), (String) at(o, "id"));
            }
            if (objects.size() < 1000) {
                break;
            }
        }
        ids = m;
        return m;
    }

    private String id(Dataset.Series s) {
        String id = ids().get(s.tag() + "/" + s.field());
        if (id == null) {
            throw new Failure("Dendro has no stream for " + dataset.tagKey() + " " + s.tag() + ", field " + s.field());
        }
        return id;
    }

    @Override
    List<Bucket> buckets(Dataset.Series s, long start, long end, long width) {
        Object answer = getJson("/api/v1/stream/" + id(s) + "/?granularity="
                + (width == 60 ? "minutes" : width == 3600 ? "hours" : width + "s")
                + "&value_downsamplers=mean,min,max&start=" + start + "&end_exclusive=" + end + "&limit=10000");
        List<Bucket> out = new ArrayList<>();
        for (Object dp : (List<?>) at(answer, "datapoints")) {
            Object v = at(dp, "v");
            out.add(new Bucket(nanos(Instant.parse((String) at(dp, "t", "a"))), num(pick(v, "mean", "m")),
                    num(pick(v, "min", "l")), num(pick(v, "max", "u"))));
        }
        return out;
    }

    /**
     * BTrDB's raw values download ({@code /btrdb/v1/streams/<id>/values}, JSON, times in
     * nanoseconds): one answer however many points the range holds, where Datastream's API pages
     * by 10,000.
     */
    @Override
    List<Bucket> raw(Dataset.Series s, long start, long end) {
        Object answer = getJson("/btrdb/v1/streams/" + id(s) + "/values?start=" + start * 1_000_000_000L + "&end="
                + end * 1_000_000_000L);
        List<Bucket> out = new ArrayList<>();
        for (Object row : (List<?>) answer) {
            double v = num(at(row, "value"));
            out.add(new Bucket(integer(at(row, "time")), v, v, v));
        }
        return out;
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Object pick(Object v, String name, String key) {
        Object x = at(v, name);
        return x != null ? x : at(v, key);
    }
}
