package io.dendro.bench;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.Time;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The read benchmarks' database: one stream of {@code points} points of {@link Signal}, in
 * {@code <base>/data-<points>} where base is the system property {@code dendro.bench.dir}, else
 * {@code bench/target} when run from the repository root, else {@code target}.
 *
 * <p>Building 100M points takes minutes, so a directory that already holds the right data is
 * reused across trials, forks and runs. "Right" means: the stream exists, its annotations say
 * it was completed by this generator for this many points (written only after the last batch
 * committed), and its count agrees. Anything else is deleted and rebuilt.
 *
 * <p>Run {@code java -cp benchmarks.jar io.dendro.bench.Dataset 100000000} to build ahead of a
 * JMH run; it prints the build rate and the bytes on disk per point.
 */
public final class Dataset {
    /** The benchmark stream's UUID (fixed, so a reused directory can be found). */
    public static final UUID STREAM = UUID.nameUUIDFromBytes("dendro-bench/signal".getBytes(StandardCharsets.UTF_8));
    /** Bump when {@link Signal} changes, so that old directories are rebuilt. */
    static final String GENERATOR = "signal-v1";
    /**
     * Points per insert while building: 1M (the bulk-insert benchmark's batch size) unless the
     * system property {@code dendro.bench.batch} says otherwise. It decides how many versions
     * the stream has and how many superseded nodes the files hold; it is recorded in the
     * stream's annotations but a complete dataset is reused whatever batch size built it.
     */
    public static int batch() {
        return Integer.parseInt(System.getProperty("dendro.bench.batch", "1000000").replace("_", ""));
    }

    private Dataset() {
    }

    /** Where benchmark databases live. */
    public static Path baseDirectory() {
        String p = System.getProperty("dendro.bench.dir");
        if (p != null) {
            return Path.of(p);
        }
        Path fromRoot = Path.of("bench", "target");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("target");
    }

    public static Path directory(long points) {
        return baseDirectory().resolve("data-" + points);
    }

    /** The directory of a complete {@code points}-point dataset, building it first if needed. */
    public static synchronized Path ensure(long points) {
        if (points < 1) {
            throw new IllegalArgumentException("points must be positive: " + points);
        }
        Path dir = directory(points);
        if (isComplete(dir, points)) {
            return dir;
        }
        deleteTree(dir);
        build(dir, points);
        return dir;
    }

    static boolean isComplete(Path dir, long points) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Database db = Database.open(dir, DatabaseOptions.defaults().create(false))) {
            Optional<Stream> s = db.find(STREAM);
            if (s.isEmpty()) {
                return false;
            }
            Map<String, String> a = s.get().annotations();
            return "true".equals(a.get("complete")) && GENERATOR.equals(a.get("generator"))
                    && String.valueOf(points).equals(a.get("points"))
                    && s.get().count(Time.MIN_TIME, Time.MAX_TIME, 0).value() == points;
        } catch (RuntimeException e) {
            System.err.println("[dataset] " + dir + " is not reusable (" + e + "); rebuilding");
            return false;
        }
    }

    /** Builds the dataset in batches of {@link #batch()} points, with the default options (fsync on). */
    static void build(Path dir, long points) {
        int batch = batch();
        System.err.printf("[dataset] building %,d points in batches of %,d in %s%n", points, batch, dir);
        long t0 = System.nanoTime();
        try (Database db = Database.open(dir)) {
            Stream s = db.create(STREAM, "bench/feeder1", Map.of("name", "voltage_a_rms", "unit", "V"), Map.of());
            long[] t = new long[batch];
            double[] v = new double[batch];
            for (long first = 0; first < points; first += batch) {
                int n = (int) Math.min(batch, points - first);
                if (n != t.length) {
                    t = new long[n];
                    v = new double[n];
                }
                Signal.fill(first, t, v);
                s.insert(t, v, MergePolicy.NEVER);
            }
            s.updateAnnotations(0, Map.of("complete", "true", "generator", GENERATOR, "points",
                    String.valueOf(points), "batch", String.valueOf(batch)), List.of());
            double secs = (System.nanoTime() - t0) / 1e9;
            long bytes = db.info().bytesOnDisk();
            System.err.printf("[dataset] built %,d points in %.1f s (%,.0f points/s including generation);"
                    + " %,d bytes used = %.2f bytes/point%n", points, secs, points / secs, bytes,
                    (double) bytes / points);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds (or checks) the dataset of each size given, and prints its size on disk. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Dataset <points>...");
            System.exit(2);
        }
        for (String a : args) {
            long points = Long.parseLong(a.replace("_", ""));
            Path dir = ensure(points);
            try (Database db = Database.open(dir)) {
                Stream s = db.stream(STREAM);
                long used = db.info().bytesOnDisk();
                long du = allocated(dir);
                System.out.printf("%s: %,d points, built in batches of %s, %,d versions%n", dir, points,
                        s.annotations().get("batch"), s.version());
                System.out.printf("  %,d bytes used up to the allocation tail (%.3f bytes/point);"
                        + " %,d bytes allocated on disk by du (%.3f bytes/point)%n", used, (double) used / points,
                        du, (double) du / points);
            }
        }
    }

    /** Bytes the files of {@code dir} occupy on disk (segment files are sparse), via {@code du}. */
    static long allocated(Path dir) {
        try {
            Process p = new ProcessBuilder("du", "-s", "-B1", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return Long.parseLong(out.split("\\s+")[0]);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return -1;
        }
    }
}
