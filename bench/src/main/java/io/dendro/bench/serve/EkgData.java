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

    EkgData(Path csvGz, long points) throws IOException {
        this.points = points;
        this.text = read(csvGz);
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
        for (long i = from; i < to; i++) {
            byte[] v = text[(int) (i % text.length)];
            if (p + PREFIX.length + v.length + 22 > b.length) {
                b = java.util.Arrays.copyOf(b, b.length * 2 + 64);
            }
            System.arraycopy(PREFIX, 0, b, p, PREFIX.length);
            p += PREFIX.length;
            System.arraycopy(v, 0, b, p, v.length);
            p += v.length;
            b[p++] = ' ';
            p = digits(b, p, T0_NANOS + i * STEP_NANOS);
            b[p++] = '\n';
        }
        return java.util.Arrays.copyOf(b, p);
    }

    /** Writes a positive long's decimal digits at {@code p}; returns the position after them. */
    private static int digits(byte[] b, int p, long x) {
        int len = 1;
        for (long y = x; y >= 10; y /= 10) {
            len++;
        }
        for (int k = p + len - 1; k >= p; k--) {
            b[k] = (byte) ('0' + x % 10);
            x /= 10;
        }
        return p + len;
    }
}
