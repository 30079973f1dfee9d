package io.dendro.bench.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Issue 12's data set: one millisecond-spaced series, the 1 kHz EKG of {@code ../shared/data/ekg.csv.gz}
 * (115,200 real samples) tiled end to end to any number of points from 2026-01-01T00:00:00Z. Line
 * {@code i} is point {@code i}: {@code ekg,channel=s0016lre_i value=0.2635 1767225600001000000}.
 * Millisecond spacing, since VictoriaMetrics keeps milliseconds.
 */
final class EkgData extends Dataset {
    static final String MEASUREMENT = "ekg";
    static final String CHANNEL = "s0016lre_i";
    static final long STEP_NANOS = 1_000_000L;
    private static final byte[] PREFIX = (MEASUREMENT + ",channel=" + CHANNEL + " value=").getBytes(StandardCharsets.US_ASCII);

    private final long points;
    /** Each sample's text, as the shortest decimal that parses back to it (no exponent). */
    private final byte[][] text;

    /** Each sample's line up to its time: the measurement, tag, field, value and a space. */
    private final byte[][] heads;

    EkgData(Path csvGz, long points) throws IOException {
        this.points = points;
        this.text = read(csvGz);
        this.heads = new byte[text.length][];
        for (int i = 0; i < text.length; i++) {
            heads[i] = java.util.Arrays.copyOf(PREFIX, PREFIX.length + text[i].length + 1);
            System.arraycopy(text[i], 0, heads[i], PREFIX.length, text[i].length);
            heads[i][heads[i].length - 1] = ' ';
        }
    }

    /** The samples' third column, each as its shortest plain decimal. */
    private static byte[][] read(Path csvGz) throws IOException {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(csvGz)),
                StandardCharsets.US_ASCII))) {
            String header = r.readLine();
            if (header == null || !header.startsWith("Timestamp")) {
                throw new IOException(csvGz + ": not the EKG file (header " + header + ")");
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String v = line.substring(line.lastIndexOf(',') + 1).trim();
                double d = Double.parseDouble(v);
                out.add(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (out.isEmpty()) {
            throw new IOException(csvGz + ": no samples");
        }
        return out.toArray(byte[][]::new);
    }

    /** The number of real samples before the series repeats. */
    int samples() {
        return text.length;
    }

    @Override
    String kind() {
        return "ekg";
    }

    @Override
    String measurement() {
        return MEASUREMENT;
    }

    @Override
    String tagKey() {
        return "channel";
    }

    @Override
    int seriesCount() {
        return 1;
    }

    @Override
    Series series(int i) {
        return new Series(CHANNEL, "value");
    }

    @Override
    long lines() {
        return points;
    }

    @Override
    long points() {
        return points;
    }

    @Override
    long stepNanos() {
        return STEP_NANOS;
    }

    @Override
    long spanNanos() {
        return points * STEP_NANOS;
    }

    @Override
    String describe() {
        return String.format("one series, the 1 kHz EKG (%,d samples) tiled to %,d points a millisecond apart (%.1f hours)",
                text.length, points, spanNanos() / 3.6e12);
    }

    @Override
    byte[] lines(long from, long to) {
        int n = (int) (to - from);
        byte[] b = new byte[n * (PREFIX.length + 12 + 21)];
        int p = 0;
        // the time's digits, counted up a millisecond a line instead of divided out each time (the
        // client shares the cores with the server, so its own cost is kept small)
        byte[] time = Long.toString(T0_NANOS + from * STEP_NANOS).getBytes(StandardCharsets.US_ASCII);
        int ms = time.length - 7; // the digit of 10^6 ns
        int sample = (int) (from % text.length);
        for (long i = from; i < to; i++) {
            byte[] head = heads[sample]; // "ekg,channel=... value=0.2635 "
            sample = sample + 1 == heads.length ? 0 : sample + 1;
            if (p + head.length + time.length + 1 > b.length) {
                b = java.util.Arrays.copyOf(b, b.length * 2 + 64);
            }
            System.arraycopy(head, 0, b, p, head.length);
            p += head.length;
            System.arraycopy(time, 0, b, p, time.length);
            p += time.length;
            b[p++] = '\n';
            int k = ms;
            while (k >= 0 && time[k] == '9') {
                time[k--] = '0';
            }
            if (k < 0) { // one more digit: rare enough to start again
                time = Long.toString(T0_NANOS + (i + 1) * STEP_NANOS).getBytes(StandardCharsets.US_ASCII);
                ms = time.length - 7;
            } else {
                time[k]++;
            }
        }
        return java.util.Arrays.copyOf(b, p);
    }
}
