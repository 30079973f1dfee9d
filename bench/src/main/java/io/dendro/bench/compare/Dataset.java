package io.dendro.bench.compare;

import io.dendro.testdata.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A deterministic single series of {@code points} points in ascending time. Every child JVM of
 * the comparison builds the same series from the same name, size and seed, so every system gets
 * identical data without a file in between. Point {@code i} depends only on {@code i}.
 */
abstract sealed class Dataset permits Dataset.Synthetic, Dataset.Ekg {
    final long points;

    Dataset(long points) {
        if (points < 1) {
            throw new IllegalArgumentException("points must be at least 1, not " + points);
        }
        this.points = points;
    }

    abstract String name();

    /** The time of point {@code i}, {@code 0 <= i < points}. */
    abstract long timeAt(long i);

    /** Writes points {@code first .. first + n - 1} into {@code t} and {@code v}. */
    abstract void fill(long first, long[] t, double[] v, int n);

    long firstTime() {
        return timeAt(0);
    }

    long lastTime() {
        return timeAt(points - 1);
    }

    /** Opens a dataset by name: {@code synthetic} or {@code ekg} (read from {@code ekgFile}). */
    static Dataset of(String name, long points, long seed, Path ekgFile) throws IOException {
        return switch (name) {
            case "synthetic" -> new Synthetic(points, seed);
            case "ekg" -> Ekg.load(points, ekgFile);
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "' (synthetic or ekg)");
        };
    }

    /**
     * A 120 Hz voltage magnitude of a three-phase meter (one phase): nominal 7200 V, a daily
     * load cycle of about ±0.6 %, slower and faster drifts (tap changes, neighbouring loads),
     * Gaussian measurement noise of 0.35 V and occasional short sags; rounded to 4 decimals like
     * a meter that reports fixed-point values. Timestamps {@code 1767225600000000000 + i * 8333333}
     * (2026-01-01T00:00:00Z on).
     */
    static final class Synthetic extends Dataset {
        static final long T0 = 1_767_225_600_000_000_000L;
        static final long PERIOD = 8_333_333L;
        private final long seed;
        private final double phase1;
        private final double phase2;
        private final double phase3;

        Synthetic(long points, long seed) {
            super(points);
            this.seed = seed;
            this.phase1 = unit(mix(seed ^ 0x1111)) * 2 * Math.PI;
            this.phase2 = unit(mix(seed ^ 0x2222)) * 2 * Math.PI;
            this.phase3 = unit(mix(seed ^ 0x3333)) * 2 * Math.PI;
        }

        @Override
        String name() {
            return "synthetic";
        }

        @Override
        long timeAt(long i) {
            return T0 + i * PERIOD;
        }

        @Override
        void fill(long first, long[] t, double[] v, int n) {
            for (int k = 0; k < n; k++) {
                long i = first + k;
                t[k] = T0 + i * PERIOD;
                v[k] = value(i);
            }
        }

        double value(long i) {
            double secs = i * (PERIOD / 1e9);
            double day = secs / 86_400.0;
            // evening peak pulls the voltage down, night lifts it
            double daily = -38 * Math.sin(2 * Math.PI * (day - 0.05)) - 9 * Math.sin(4 * Math.PI * day + 0.7);
            double drift = 6.5 * Math.sin(2 * Math.PI * secs / 1_830 + phase1)
                    + 2.2 * Math.sin(2 * Math.PI * secs / 211 + phase2)
                    + 0.8 * Math.sin(2 * Math.PI * secs / 17.3 + phase3);
            long h = mix(seed + i * 0x9E3779B97F4A7C15L);
            double noise = 0.35 * gaussian(h, mix(h));
            // a sag of under a second about once per 10 minutes (72,000 samples): a motor starting nearby
            long block = i / 72_000;
            long offset = i % 72_000 - (long) (unit(mix(seed ^ block * 0x632BE59BD9B4E019L)) * 71_000);
            double sag = offset >= 0 && offset < 90 ? -85 * Math.exp(-offset / 30.0) : 0;
            double x = 7200 + daily + drift + noise + sag;
            return Math.round(x * 10_000) / 10_000.0;
        }
    }

    /**
     * The real 1 kHz EKG channel of {@code ekg.csv.gz} (115,200 points, about 115 s), repeated
     * in time: tile {@code k} is the series shifted by {@code k} times its duration plus one
     * sample period, so times stay strictly increasing and the original jitter repeats.
     */
    static final class Ekg extends Dataset {
        private final long[] times;
        private final double[] values;
        private final long shift;

        private Ekg(long points, long[] times, double[] values) {
            super(points);
            this.times = times;
            this.values = values;
            long[] d = new long[times.length - 1];
            for (int i = 1; i < times.length; i++) {
                d[i - 1] = times[i] - times[i - 1];
            }
            Arrays.sort(d);
            this.shift = times[times.length - 1] - times[0] + d[d.length / 2];
        }

        static Ekg load(long points, Path file) throws IOException {
            if (!Files.isReadable(file)) {
                throw new IOException("the ekg dataset needs " + file + " (../shared/data/ekg.csv.gz); it is missing");
            }
            SharedData.Series s;
            try {
                s = SharedData.ekg(file);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (s.times().length < 2) {
                throw new IOException(file + " has fewer than 2 points");
            }
            return new Ekg(points, s.times(), s.values());
        }

        @Override
        String name() {
            return "ekg";
        }

        @Override
        long timeAt(long i) {
            return times[(int) (i % times.length)] + (i / times.length) * shift;
        }

        @Override
        void fill(long first, long[] t, double[] v, int n) {
            int len = times.length;
            long tile = first / len;
            int j = (int) (first % len);
            for (int k = 0; k < n; k++) {
                t[k] = times[j] + tile * shift;
                v[k] = values[j];
                if (++j == len) {
                    j = 0;
                    tile++;
                }
            }
        }
    }

    /** SplitMix64's finalizer: a well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A double in [0, 1) from 53 bits of {@code h}. */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** A standard normal variate from two hashes (Box-Muller). */
    static double gaussian(long h1, long h2) {
        double u1 = 1.0 - unit(h1); // (0, 1]
        double u2 = unit(h2);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
