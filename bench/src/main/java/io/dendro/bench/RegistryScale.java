package io.dendro.bench;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.StreamQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The registry with many streams: creation rate, reopen time, lookup by UUID (median and p99
 * over random UUIDs, a cold-ish first pass and a warm pass) and a collection-prefix scan.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.dendro.bench.RegistryScale [streams] [dir] [fsync] [batch]</pre>
 * Setup creates every stream as its own commit, or with {@code batch > 0} in
 * {@code Database.createAll} batches of that many streams (one commit each); with fsync off
 * (the default here, to keep the setup short) that measures the registry, not the disk.
 */
public final class RegistryScale {
    private RegistryScale() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("dendro-registry");
        boolean fsync = args.length > 2 && Boolean.parseBoolean(args[2]);
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        DatabaseOptions opts = DatabaseOptions.defaults().fsync(fsync);
        Random rnd = new Random(42);
        UUID[] ids = new UUID[n];
        long t0 = System.nanoTime();
        try (Database db = Database.open(dir, opts)) {
            java.util.List<io.dendro.StreamSpec> pending = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids[i] = new UUID(rnd.nextLong(), rnd.nextLong());
                if (batch > 0) {
                    pending.add(new io.dendro.StreamSpec(ids[i], "site" + (i % 1000) + "/meter" + i, Map.of("unit", "V"),
                            Map.of(), io.dendro.StreamKind.NUMERIC));
                    if (pending.size() == batch || i == n - 1) {
                        db.createAll(pending);
                        pending.clear();
                    }
                } else {
                    db.create(ids[i], "site" + (i % 1000) + "/meter" + i, Map.of("unit", "V"), Map.of());
                }
                if ((i + 1) % 100_000 == 0) {
                    System.err.printf("created %,d streams, %.0f creates/s%n", i + 1,
                            (i + 1) / ((System.nanoTime() - t0) / 1e9));
                }
            }
        }
        double createS = (System.nanoTime() - t0) / 1e9;
        System.out.printf("create: %,d streams in %.1f s = %,.0f creates/s (fsync %s, %s)%n",
                n, createS, n / createS, fsync ? "on" : "off",
                batch > 0 ? "createAll batches of " + batch : "one commit each");
        long o0 = System.nanoTime();
        try (Database db = Database.open(dir, opts)) {
            System.out.printf("reopen: %.1f ms%n", (System.nanoTime() - o0) / 1e6);
            for (int pass = 0; pass < 2; pass++) {
                long[] lat = new long[20_000];
                for (int i = 0; i < lat.length; i++) {
                    UUID id = ids[rnd.nextInt(n)];
                    long s = System.nanoTime();
                    db.stream(id);
                    lat[i] = System.nanoTime() - s;
                }
                Arrays.sort(lat);
                System.out.printf("lookup by uuid, pass %d: median %.1f µs, p99 %.1f µs%n", pass + 1,
                        lat[lat.length / 2] / 1e3, lat[lat.length * 99 / 100] / 1e3);
            }
            long s0 = System.nanoTime();
            int found = db.streams(StreamQuery.all().collectionPrefix("site7/")).size();
            System.out.printf("collection prefix scan: %,d matches in %.0f ms (walks all %,d streams)%n", found,
                    (System.nanoTime() - s0) / 1e6, n);
            System.out.printf("bytes on disk: %,d (%.0f bytes per stream)%n", db.info().bytesOnDisk(),
                    (double) db.info().bytesOnDisk() / n);
        }
    }
}
