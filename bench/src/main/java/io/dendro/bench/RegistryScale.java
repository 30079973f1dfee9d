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
 * over random UUIDs, a cold-ish first pass and a warm pass), and lookups through the registry
 * index: small results by collection prefix, by a tag, by an annotation and by a lookup
 * condition (median and p99 over random queries), and large ones streamed (a prefix of 1,000
 * streams, a tag every stream has). Stream {@code i}: collection {@code site(i % 1000)/meter(i)},
 * tags {@code unit=V, meter=m(i)}, annotation {@code owner=team(i % 5000)}; with
 * {@code -Ddendro.registry.props=minimal} only the tag {@code unit=V} (as measured before the index).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.dendro.bench.RegistryScale [streams] [dir] [fsync] [batch]</pre>
 * Setup creates every stream as its own commit, or with {@code batch > 0} in
 * {@code Database.createAll} batches of that many streams (one commit each); with fsync off
 * (the default here, to keep the setup short) that measures the registry, not the disk.
 */
public final class RegistryScale {
    private RegistryScale() {
    }

    /** {@code -Ddendro.registry.props=minimal}: only the tag unit=V (the workload of the figures before the index). */
    private static final boolean MINIMAL = "minimal".equals(System.getProperty("dendro.registry.props"));

    private static Map<String, String> tags(int i) {
        return MINIMAL ? Map.of("unit", "V") : Map.of("unit", "V", "meter", "m" + i);
    }

    private static Map<String, String> annotations(int i) {
        return MINIMAL ? Map.of() : Map.of("owner", "team" + (i % 5000));
    }

    /** Median and p99 of random queries with few matches (each checked to find what it should). */
    private static void small(Database db, String what, int min, int max,
                              java.util.function.IntFunction<StreamQuery> query, int n, Random rnd) {
        for (int pass = 0; pass < 2; pass++) {
            long[] lat = new long[2_000];
            for (int k = 0; k < lat.length; k++) {
                StreamQuery q = query.apply(rnd.nextInt(n));
                long s = System.nanoTime();
                int[] found = new int[1];
                db.streams(q, x -> found[0]++);
                lat[k] = System.nanoTime() - s;
                if (found[0] < min || found[0] > max) {
                    throw new IllegalStateException(q + " found " + found[0] + ", expected " + min + ".." + max);
                }
            }
            Arrays.sort(lat);
            System.out.printf("lookup by %s, pass %d: median %.1f µs, p99 %.1f µs%n", what, pass + 1,
                    lat[lat.length / 2] / 1e3, lat[lat.length * 99 / 100] / 1e3);
        }
    }

    /** Time to first match and in all for a query with many matches, handed over one at a time. */
    private static void large(Database db, String what, StreamQuery q) {
        long s = System.nanoTime();
        long[] first = {0};
        long[] found = {0};
        db.streams(q, x -> {
            if (found[0]++ == 0) {
                first[0] = System.nanoTime() - s;
            }
        });
        double ms = (System.nanoTime() - s) / 1e6;
        System.out.printf("lookup by %s: %,d matches, first after %.2f ms, all in %.0f ms (%,.0f matches/s)%n",
                what, found[0], first[0] / 1e6, ms, found[0] / (ms / 1e3));
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
                    pending.add(new io.dendro.StreamSpec(ids[i], "site" + (i % 1000) + "/meter" + i, tags(i),
                            annotations(i), io.dendro.StreamKind.NUMERIC));
                    if (pending.size() == batch || i == n - 1) {
                        db.createAll(pending);
                        pending.clear();
                    }
                } else {
                    db.create(ids[i], "site" + (i % 1000) + "/meter" + i, tags(i), annotations(i));
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
            if (MINIMAL) {
                large(db, "collection prefix site7/", StreamQuery.all().collectionPrefix("site7/"));
                return;
            }
            small(db, "collection prefix site(k)/meter(j), 1 to 12 matches", 1, 12,
                    i -> StreamQuery.all().collectionPrefix("site" + (i % 1000) + "/meter" + i), n, rnd);
            small(db, "collection site(k)/meter(j), 1 match", 1, 1,
                    i -> StreamQuery.all().collection("site" + (i % 1000) + "/meter" + i), n, rnd);
            small(db, "tag meter=m(j), 1 match", 1, 1, i -> StreamQuery.all().tag("meter", "m" + i), n, rnd);
            small(db, "annotation owner=team(k), n/5000 matches", n / 5000, n / 5000 + 1,
                    i -> StreamQuery.all().annotation("owner", "team" + (i % 5000)), n, rnd);
            small(db, "collection site(k)/meter(j) and where meter__exact=m(j), 1 match", 1, 1,
                    i -> StreamQuery.all().collection("site" + (i % 1000) + "/meter" + i).where("meter__exact", "m" + i),
                    n, rnd);
            large(db, "collection prefix site7/", StreamQuery.all().collectionPrefix("site7/"));
            large(db, "tag unit=V (every stream)", StreamQuery.all().tag("unit", "V"));
            large(db, "no condition (walks the registry)", StreamQuery.all());
            System.out.printf("bytes on disk: %,d (%.0f bytes per stream)%n", db.info().bytesOnDisk(),
                    (double) db.info().bytesOnDisk() / n);
        }
    }
}
