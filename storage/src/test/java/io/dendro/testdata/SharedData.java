package io.dendro.testdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the real series of {@code ../shared/data} (see its README) for tests and benchmarks:
 * the ALP samples (one value per line, given a regular 1 s spacing), the NAB series
 * ({@code timestamp,value} with {@code YYYY-mm-dd HH:MM:SS} read as UTC) and the EKG channel
 * (ns in column 1, value in column 3). The directory is {@code <dendro.shared>/data}, the
 * property surefire sets, else {@code ../shared/data} from the working directory.
 *
 * <p>It lives in storage's test-jar, the one place that storage's codec tests and the benchmarks
 * (bench depends on it, and shades only this package into benchmarks.jar) can both reach without
 * a dependency against the module order; it is not storage's main code, which knows nothing of
 * calendar times. Callers decide what a missing directory means: tests skip, benchmarks say so.
 */
public final class SharedData {
    /** One real column: its name, timestamps in ns, values. */
    public record Series(String name, long[] times, double[] values) {
    }

    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** The ALP samples' spacing starts here (2017-07-14T02:40:00Z), one second a value. */
    private static final long ALP_START = 1_500_000_000_000_000_000L;

    private SharedData() {
    }

    /** {@code <dendro.shared>/data}, by default {@code ../shared/data} from the working directory. */
    public static Path dir() {
        return Path.of(System.getProperty("dendro.shared", "../shared"), "data");
    }

    public static boolean present() {
        return Files.isDirectory(dir());
    }

    /** Every series, or none (with a message on stderr) when the data directory is missing. */
    public static List<Series> all() {
        if (!present()) {
            System.err.println("SKIPPED real-data cases: " + dir().toAbsolutePath() + " is missing");
            return List.of();
        }
        List<Series> out = new ArrayList<>(alpSamples());
        out.addAll(nab());
        out.add(ekg());
        return out;
    }

    /** {@code alp-samples/*.csv}, named by file (without {@code .csv}). */
    public static List<Series> alpSamples() {
        List<Series> out = new ArrayList<>();
        for (Path f : list(dir().resolve("alp-samples"), ".csv")) {
            List<String> lines = lines(f);
            double[] v = new double[lines.size()];
            long[] t = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Double.parseDouble(lines.get(i).trim());
                t[i] = ALP_START + i * 1_000_000_000L;
            }
            out.add(new Series(f.getFileName().toString().replace(".csv", ""), t, v));
        }
        return out;
    }

    /** {@code nab/*.csv.gz}, named {@code nab/FILE} (without {@code .csv.gz}). */
    public static List<Series> nab() {
        List<Series> out = new ArrayList<>();
        for (Path f : list(dir().resolve("nab"), ".csv.gz")) {
            List<String> lines = lines(f);
            lines = lines.subList(1, lines.size());
            long[] t = new long[lines.size()];
            double[] v = new double[lines.size()];
            for (int i = 0; i < t.length; i++) {
                String[] c = lines.get(i).split(",");
                t[i] = LocalDateTime.parse(c[0].trim(), NAB_TIME).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
                v[i] = Double.parseDouble(c[1].trim());
            }
            out.add(new Series("nab/" + f.getFileName().toString().replace(".csv.gz", ""), t, v));
        }
        return out;
    }

    /** {@code ekg.csv.gz}, named {@code ekg}. */
    public static Series ekg() {
        return ekg(dir().resolve("ekg.csv.gz"));
    }

    /** An EKG file in the layout of {@code ekg.csv.gz} (a header, then ns, human time, value). */
    public static Series ekg(Path file) {
        List<String> lines = lines(file);
        lines = lines.subList(1, lines.size());
        long[] t = new long[lines.size()];
        double[] v = new double[lines.size()];
        for (int i = 0; i < t.length; i++) {
            String[] c = lines.get(i).split(",");
            t[i] = Long.parseLong(c[0].trim());
            v[i] = Double.parseDouble(c[2].trim());
        }
        return new Series("ekg", t, v);
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines that are not blank, gunzipped if the name ends in {@code .gz}. */
    private static List<String> lines(Path f) {
        try (var in = Files.newInputStream(f);
             var r = new BufferedReader(new InputStreamReader(
                     f.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in, StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
