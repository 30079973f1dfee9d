package io.dendro.bench;

import io.dendro.*;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
/**
 * Latency of count over a random 1-hour range and of latest, on the first stream of an existing
 * database (e.g. the demo): {@code java -cp bench/target/benchmarks.jar io.dendro.bench.QueryProbe DIR}.
 */
public final class QueryProbe {
    private QueryProbe() {
    }

    public static void main(String[] a) {
        try (Database db = Database.open(Path.of(a[0]))) {
            Stream s = db.stream(db.streams(StreamQuery.all()).get(0).uuid());
            long t0 = s.earliest(0).value().get().time(), t1 = s.latest(0).value().get().time();
            Random r = new Random(1);
            long sink = 0;
            for (int round = 0; round < 3; round++) {
                long[] lat = new long[20000];
                for (int i = 0; i < lat.length; i++) {
                    long st = t0 + (long) (r.nextDouble() * (t1 - t0 - 3600_000_000_000L));
                    long n0 = System.nanoTime();
                    sink += s.count(st, st + 3600_000_000_000L, 0).value();
                    lat[i] = System.nanoTime() - n0;
                }
                Arrays.sort(lat);
                long[] l2 = new long[20000];
                for (int i = 0; i < l2.length; i++) { long n0 = System.nanoTime(); sink += s.latest(0).value().get().time(); l2[i] = System.nanoTime() - n0; }
                Arrays.sort(l2);
                System.out.printf("count 1h median %.2f us p99 %.2f us; latest median %.2f us%n", lat[10000]/1e3, lat[19800]/1e3, l2[10000]/1e3);
            }
            System.out.println(sink > 0);
        }
    }
}
