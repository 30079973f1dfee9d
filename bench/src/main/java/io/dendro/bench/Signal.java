package io.dendro.bench;

/**
 * The synthetic signal every benchmark reads and writes: a 120 Hz RMS voltage of one phase of
 * a distribution feeder (7.2 kV line to neutral), starting 2026-01-01T00:00:00Z.
 *
 * <p>Point {@code i} is at {@code START + i * PERIOD} ns. Its value is 7200 V with a slow daily
 * swing (about ±1.2 %, a second harmonic for a morning/evening shape), a small weekly drift and
 * about 1.5 V of Gaussian-like noise, rounded to 4 decimals as a meter would report it. The
 * value is a pure function of {@code i} (the noise is a hash of the index), so any range can be
 * regenerated identically in any batch size.
 */
public final class Signal {
    /** 2026-01-01T00:00:00Z in ns since the epoch. */
    public static final long START = 1_767_225_600_000_000_000L;
    /** 120 Hz, truncated to whole nanoseconds. */
    public static final long PERIOD = 8_333_333L;
    /** Nominal line-to-neutral RMS voltage of a 12.47 kV feeder. */
    static final double NOMINAL = 7200.0;

    private static final double DAY_NS = 86_400e9;
    private static final double WEEK_NS = 7 * DAY_NS;
    private static final double NOISE_VOLTS = 1.5;
    private static final double SQRT3 = Math.sqrt(3);

    private Signal() {
    }

    /** Time of point {@code i}. */
    public static long time(long i) {
        return START + i * PERIOD;
    }

    /** One past the time of the last of {@code points} points: {@code [START, end(points))} holds them all. */
    public static long end(long points) {
        return time(points - 1) + 1;
    }

    /** Value of point {@code i}. */
    public static double value(long i) {
        double t = (double) (i * PERIOD); // ns since START
        double day = 2 * Math.PI * (t / DAY_NS);
        double slow = 1 + 0.012 * Math.sin(day - 2.0) + 0.004 * Math.sin(2 * day + 0.7)
                + 0.002 * Math.sin(2 * Math.PI * (t / WEEK_NS));
        double v = NOMINAL * slow + NOISE_VOLTS * noise(i);
        return Math.round(v * 1e4) / 1e4;
    }

    /** Fills {@code times} and {@code values} with points {@code first, first + 1, ...}. */
    public static void fill(long first, long[] times, double[] values) {
        for (int k = 0; k < times.length; k++) {
            times[k] = time(first + k);
            values[k] = value(first + k);
        }
    }

    /**
     * Zero-mean, unit-variance, bell-shaped noise for index {@code i}: the sum of four 16-bit
     * uniforms from one SplitMix64 hash (Irwin-Hall, n = 4), scaled. Cheap and deterministic.
     */
    static double noise(long i) {
        long h = mix(i);
        double s = (h & 0xFFFF) + ((h >>> 16) & 0xFFFF) + ((h >>> 32) & 0xFFFF) + ((h >>> 48) & 0xFFFF);
        // mean of the sum is 4 * 0.5, variance 4 / 12; normalise to (0, 1)
        return (s / 65536.0 - 2.0) * SQRT3;
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014). */
    static long mix(long x) {
        long z = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
