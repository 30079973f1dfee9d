package io.dendro.bench.serve;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * InfluxDB 1.x ({@code influxd}, Debian's package) with a generated configuration: meta, data
 * and WAL directories under the work directory, HTTP on 127.0.0.1:PORT, the RPC port on another
 * free loopback port, no usage reporting, no internal monitor database, no query or HTTP log.
 * {@code wal-fsync-delay = "0s"} (its default): each write is fsynced to the WAL before the 204.
 * Minute and hour aggregates with InfluxQL (hours: {@code time(3600s)}),
 * {@code SELECT mean(f),min(f),max(f) FROM cpu WHERE host='h' AND time >= S AND time < E GROUP BY time(1m) fill(none)}.
 */
final class InfluxServer extends Server {
    static final String DB = "bench";

    InfluxServer(HttpClient http) {
        super(http);
    }

    @Override
    String key() {
        return "influxdb";
    }

    @Override
    String display() {
        return "InfluxDB";
    }

    @Override
    String unavailable() {
        return onPath("influxd") == null ? "influxd is not on the PATH (apt-get install influxdb)" : null;
    }

    @Override
    String version() {
        String v = firstLine("influxd", "version");
        return v == null ? "?" : v.replace("InfluxDB ", "").replaceAll(" \\(.*", "");
    }

    @Override
    String setup() {
        return "influxd, tsm1 engine, inmem index, wal-fsync-delay 0s (each write fsynced before its 204)";
    }

    @Override
    List<String> command(Path work, Path data, int port) throws IOException {
        Path conf = work.resolve("influxdb.conf");
        String config = """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s/meta"
                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  wal-fsync-delay = "0s"
                  query-log-enabled = false
                [coordinator]
                  query-timeout = "0s"
                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  log-enabled = false
                  max-body-size = 0
                [monitor]
                  store-enabled = false
                [continuous_queries]
                  enabled = false
                [subscriber]
                  enabled = false
                """.formatted(freePort(), data, data, data, port);
        Files.writeString(conf, config);
        return List.of(onPath("influxd").toString(), "run", "-config", conf.toString());
    }

    @Override
    List<Path> logs(Path data) {
        return List.of(data.resolve("wal"));
    }

    @Override
    void prepare() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/query?q=" + enc("CREATE DATABASE " + DB)))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (r.statusCode() != 200) {
            throw new Failure("InfluxDB: CREATE DATABASE answered " + r.statusCode() + ": " + cut(r.body()));
        }
    }

    private String where(Dataset.Series s, long start, long end) {
        return " FROM " + dataset.measurement() + " WHERE " + dataset.tagKey() + "='" + s.tag() + "' AND time >= " + start
                + "s AND time < " + end + "s";
    }

    @Override
    List<Bucket> raw(Dataset.Series s, long start, long end) {
        Object answer = getJson("/query?db=" + DB + "&epoch=ns&q=" + enc("SELECT " + s.field() + where(s, start, end)));
        List<Bucket> out = new ArrayList<>();
        Object values = at(answer, "results", 0, "series", 0, "values");
        if (values != null) {
            for (Object row : (List<?>) values) {
                double v = num(((List<?>) row).get(1));
                out.add(new Bucket(integer(((List<?>) row).get(0)), v, v, v));
            }
        }
        return out;
    }

    @Override
    List<Bucket> buckets(Dataset.Series s, long start, long end, long width) {
        String f = s.field();
        String q = "SELECT mean(" + f + "),min(" + f + "),max(" + f + ")" + where(s, start, end) + " GROUP BY time(" + width
                + "s) fill(none)";
        Object answer = getJson("/query?db=" + DB + "&epoch=ns&q=" + enc(q));
        Object error = at(answer, "results", 0, "error");
        if (error != null) {
            throw new Failure("InfluxDB: " + error);
        }
        List<Bucket> out = new ArrayList<>();
        Object values = at(answer, "results", 0, "series", 0, "values");
        if (values == null) {
            return out;
        }
        for (Object row : (List<?>) values) {
            List<?> r = (List<?>) row;
            out.add(new Bucket(integer(r.get(0)), num(r.get(1)), num(r.get(2)), num(r.get(3))));
        }
        return out;
    }
}
