package io.dendro.cli;

import io.dendro.Time;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The demo's synthetic data: the RMS voltage of the three phases of a medium-voltage power meter,
 * sampled at {@value #RATE_HZ} Hz from {@link #START} (2026-01-01T00:00:00Z).
 *
 * <p>Each phase is 7200 V nominal plus a phase-specific offset, minus a sag that follows the
 * daily load curve (a night trough, a morning and a larger evening peak; phases are unevenly
 * loaded), plus slow flicker (three sinusoids with periods of 23 min, 3.7 min and 41 s) and
 * Gaussian measurement noise, rounded to 4 decimals. Phase A carries one 75 ms glitch (a spike
 * of up to about +1450 V) starting at the middle of the loaded range; {@link #fillHour} can
 * leave it out, which gives the corrected values.
 *
 * <p>Everything is a pure function of (phase, hour): an hour can be generated again, alone,
 * with exactly the same values, which is how the demo resumes and corrects.
 */
final class MeterSignal {
    static final int RATE_HZ = 120;
    static final int SAMPLES_PER_HOUR = 3600 * RATE_HZ;
    static final long HOUR_NS = 3_600_000_000_000L;
    static final long START = Time.parse("2026-01-01T00:00:00Z");
    static final String COLLECTION = "demo/meter1";
    /** Relative shape of the glitch, sample by sample (9 samples = 75 ms). */
    static final double[] GLITCH = {0.25, 0.7, 1.0, 0.92, 0.74, 0.55, 0.38, 0.22, 0.1};
    static final double GLITCH_VOLTS = 1450;

    /** One phase: its tag name, offset from nominal (V), share of the load sag, noise (V), seed. */
    record Phase(String name, double offset, double loadShare, double noise, long seed) {
        /** The phase's stream UUID: fixed, so that the demo finds its streams again. */
        UUID uuid() {
            return UUID.nameUUIDFromBytes(("dendro-demo/" + COLLECTION + "/" + name).getBytes(StandardCharsets.UTF_8));
        }
    }

    static final Phase[] PHASES = {
        new Phase("voltage_a", 14.0, 1.00, 0.35, 0xA11CEL),
        new Phase("voltage_b", -9.0, 1.18, 0.40, 0xB0B0L),
        new Phase("voltage_c", 5.0, 0.90, 0.30, 0xC0FFEEL),
    };

    private MeterSignal() {
    }

    /** The time of sample {@code i} (0 at {@link #START}); exact to the nanosecond below. */
    static long time(long i) {
        return START + i * 1_000_000_000L / RATE_HZ;
    }

    /** The first sample of the glitch when {@code hours} hours are loaded: the middle of the range. */
    static long glitchSample(int hours) {
        return (long) hours * SAMPLES_PER_HOUR / 2;
    }

    /**
     * Fills {@code t} and {@code v} (each {@link #SAMPLES_PER_HOUR} long) with hour {@code hour}
     * of phase {@code p}; the glitch at {@code glitchSample} is included when {@code withGlitch}
     * is set and the phase is the first one.
     */
    static void fillHour(Phase p, int hour, long glitchSample, boolean withGlitch, long[] t, double[] v) {
        SplittableRandom rnd = new SplittableRandom(p.seed() * 1_000_003L + hour);
        // the smooth part, once per second, interpolated in between (error far below the noise)
        double[] smooth = new double[3601];
        for (int s = 0; s <= 3600; s++) {
            smooth[s] = smooth(p, hour * 3600.0 + s);
        }
        long first = (long) hour * SAMPLES_PER_HOUR;
        boolean glitch = withGlitch && p == PHASES[0];
        for (int j = 0; j < SAMPLES_PER_HOUR; j++) {
            long i = first + j;
            int s = j / RATE_HZ;
            double f = (j % RATE_HZ) / (double) RATE_HZ;
            double x = smooth[s] + (smooth[s + 1] - smooth[s]) * f + rnd.nextGaussian() * p.noise();
            long k = i - glitchSample;
            if (glitch && k >= 0 && k < GLITCH.length) {
                x += GLITCH_VOLTS * GLITCH[(int) k];
            }
            t[j] = time(i);
            v[j] = Math.round(x * 1e4) / 1e4;
        }
    }

    /** Nominal, offset, load sag and flicker at {@code sec} seconds after the start. */
    private static double smooth(Phase p, double sec) {
        double h = (sec / 3600.0) % 24.0;
        double load = 0.30 + 0.40 * bump(h, 8.0, 1.6) + 0.15 * bump(h, 13.0, 2.5) + 0.60 * bump(h, 18.5, 2.0);
        double phase = (p.seed() % 1000) / 1000.0 * 2 * Math.PI;
        double flicker = 2.4 * Math.sin(2 * Math.PI * sec / 1380 + phase)
                + 1.1 * Math.sin(2 * Math.PI * sec / 222 + 2 * phase)
                + 0.5 * Math.sin(2 * Math.PI * sec / 41 + 3 * phase);
        return 7200 + p.offset() - 95 * p.loadShare() * load + flicker;
    }

    /** A Gaussian bump around hour {@code mu} on the 24-hour circle. */
    private static double bump(double h, double mu, double sigma) {
        double d = Math.abs(h - mu);
        d = Math.min(d, 24 - d);
        return Math.exp(-0.5 * (d / sigma) * (d / sigma));
    }
}
