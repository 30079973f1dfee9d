package io.dendro.storage.codec;

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
 * The real series of {@code ../shared/data} (see its README), found through the
 * {@code dendro.shared} system property that surefire sets. Absent data yields no series and a
 * message, never a failure.
 */
final class SharedData {
    /** One real column: its name, timestamps in ns (regular 1 s when the file has none), values. */
    record Series(String name, long[] times, double[] values) {
    }

    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SharedData() {
    }

    static Path dir() {
        String shared = System.getProperty("dendro.shared", "../shared");
        return Path.of(shared, "data");
    }

    /** Every series, or none (with a message on stderr) when the data directory is missing. */
    static List<Series> all() {
        Path d = dir();
        if (!Files.isDirectory(d)) {
            System.err.println("SKIPPED real-data cases: " + d.toAbsolutePath() + " is missing");
            return List.of();
        }
        List<Series> out = new ArrayList<>(alpSamples(d));
        out.addAll(nab(d));
        out.add(ekg(d));
        return out;
    }

    static List<Series> alpSamples(Path d) {
        List<Series> out = new ArrayList<>();
        for (Path f : list(d.resolve("alp-samples"), ".csv")) {
            List<String> lines = lines(f, false);
            double[] v = new double[lines.size()];
            long[] t = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Double.parseDouble(lines.get(i).trim());
                t[i] = 1_500_000_000_000_000_000L + i * 1_000_000_000L;
            }
            out.add(new Series("alp-samples/" + f.getFileName(), t, v));
        }
        return out;
    }

    static List<Series> nab(Path d) {
        List<Series> out = new ArrayList<>();
        for (Path f : list(d.resolve("nab"), ".csv.gz")) {
            List<String> lines = lines(f, true);
            lines = lines.subList(1, lines.size());
            long[] t = new long[lines.size()];
            double[] v = new double[lines.size()];
            for (int i = 0; i < t.length; i++) {
                String[] c = lines.get(i).split(",");
                t[i] = LocalDateTime.parse(c[0].trim(), NAB_TIME).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
                v[i] = Double.parseDouble(c[1].trim());
            }
            out.add(new Series("nab/" + f.getFileName(), t, v));
        }
        return out;
    }

    static Series ekg(Path d) {
        List<String> lines = lines(d.resolve("ekg.csv.gz"), true);
        lines = lines.subList(1, lines.size());
        long[] t = new long[lines.size()];
        double[] v = new double[lines.size()];
        for (int i = 0; i < t.length; i++) {
            String[] c = lines.get(i).split(",");
            t[i] = Long.parseLong(c[0].trim());
            v[i] = Double.parseDouble(c[2].trim());
        }
        return new Series("ekg.csv.gz", t, v);
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path f, boolean gzip) {
        try (var in = Files.newInputStream(f);
             var r = new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in,
                     StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
