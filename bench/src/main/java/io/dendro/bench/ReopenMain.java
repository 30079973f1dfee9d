package io.dendro.bench;

import io.dendro.Database;
import io.dendro.Stream;
import io.dendro.Time;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;

/**
 * The first open of the benchmark database in a fresh JVM: times {@code Database.open}, the
 * stream lookup and one {@code count} over everything, then reports the heap in use after a
 * full GC, before the open and with the database still open. Run it once per JVM:
 *
 * <pre>java -cp bench/target/benchmarks.jar io.dendro.bench.ReopenMain 100000000</pre>
 *
 * or, for any database (its first stream), {@code ReopenMain --dir DIR}; with {@code -Xmx64m}
 * this is issue 4's check that a 1 billion-point database opens in under 1 s in 64 MB of heap.
 *
 * It then closes the database and opens it once more in the same JVM, for comparison.
 * The dataset must exist (build it with {@link Dataset}); this program never builds it, so
 * that its own heap figures are not polluted by the build.
 */
public final class ReopenMain {
    private ReopenMain() {
    }

    public static void main(String[] args) {
        boolean given = args.length > 1 && args[0].equals("--dir"); // any database: its first stream
        long points = given ? -1 : args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 100_000_000L;
        Path dir = given ? Path.of(args[1]) : Dataset.directory(points);
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long heapBefore = heapAfterGc(mem);

        long t0 = System.nanoTime();
        Database db = Database.open(dir, io.dendro.DatabaseOptions.defaults().create(false));
        long t1 = System.nanoTime();
        java.util.UUID id = given ? db.streams(io.dendro.StreamQuery.all()).getFirst().uuid() : Dataset.STREAM;
        Stream s = db.stream(id);
        long count = s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value();
        long t2 = System.nanoTime();

        long heapOpen = heapAfterGc(mem);
        MemoryUsage nonHeap = mem.getNonHeapMemoryUsage();
        Runtime rt = Runtime.getRuntime();
        long runtimeUsed = rt.totalMemory() - rt.freeMemory();
        if (!given && count != points) {
            throw new IllegalStateException("count " + count + ", expected " + points);
        }
        System.out.printf("points=%d open_ms=%.3f lookup_and_count_ms=%.3f open_plus_count_ms=%.3f%n",
                count, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t2 - t0) / 1e6);
        System.out.printf("heap_used_after_gc_before_open=%d heap_used_after_gc_with_db_open=%d delta=%d"
                        + " runtime_total_minus_free=%d nonheap_used=%d max_heap=%d%n",
                heapBefore, heapOpen, heapOpen - heapBefore, runtimeUsed, nonHeap.getUsed(), rt.maxMemory());
        db.close();

        // the same again in this JVM: the engine's classes are now loaded, so this shows how
        // much of the first open was the JVM warming up rather than work proportional to the data
        long t3 = System.nanoTime();
        try (Database again = Database.open(dir, io.dendro.DatabaseOptions.defaults().create(false))) {
            long t4 = System.nanoTime();
            long c2 = again.stream(id).count(Time.MIN_TIME, Time.MAX_TIME, 0).value();
            long t5 = System.nanoTime();
            System.out.printf("second_open_ms=%.3f second_lookup_and_count_ms=%.3f second_open_plus_count_ms=%.3f"
                    + " (count %d)%n", (t4 - t3) / 1e6, (t5 - t4) / 1e6, (t5 - t3) / 1e6, c2);
        }
    }

    private static long heapAfterGc(MemoryMXBean mem) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
