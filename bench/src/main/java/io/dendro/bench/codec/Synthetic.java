package io.dendro.bench.codec;

import java.util.SplittableRandom;

/**
 * Synthetic series: 120 Hz timestamps (period 8,333,333 ns) with optional uniform jitter, and
 * a meter-like signal with 4 decimals (a line voltage around 7,200 V with a slow daily swing
 * and Gaussian noise of 0.8 V, rounded to 0.0001).
 */
public final class Synthetic {
    public static final long PERIOD_120HZ = 8_333_333L;
    public static final long START = 1_767_225_600_000_000_000L;

    private Synthetic() {
    }

    /** {@code n} times at 120 Hz, each moved by a uniform jitter in {@code [-jitterNs, jitterNs]}. */
    public static long[] times120Hz(int n, long jitterNs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = START + i * PERIOD_120HZ + (jitterNs == 0 ? 0 : r.nextLong(-jitterNs, jitterNs + 1));
        }
        return t;
    }

    /** {@code n} meter readings with 4 decimals, one per 120 Hz sample. */
    public static double[] meter4Decimals(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double seconds = i / 120.0;
            double x = 7200 + 40 * Math.sin(2 * Math.PI * seconds / 86_400) + 0.8 * gaussian(r);
            v[i] = Math.round(x * 1e4) / 1e4;
        }
        return v;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
