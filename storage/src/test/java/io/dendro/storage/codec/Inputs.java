package io.dendro.storage.codec;

import io.dendro.testdata.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

/**
 * Inputs of every shape, as 64-bit patterns: doubles (full precision, 1 to 6 decimals,
 * integers, large and small magnitudes, subnormals, signed zeros, extremes, NaN and infinities,
 * any bits) and timestamps (regular, jittered, with gaps, repeated, extremes, unsorted), at
 * sizes around every block and vector boundary, plus the real series.
 */
final class Inputs {
    record Case(String name, long[] bits) {
        @Override
        public String toString() {
            return bits == null ? name : name + " (n=" + bits.length + ")";
        }
    }

    static final int[] SIZES = {0, 1, 2, 3, 4, 127, 128, 129, 130, 131, 257, 1000, 1023, 1024, 1025, 2049, 4100};

    private Inputs() {
    }

    private static long d(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static double decimals(SplittableRandom r, int k, double scale) {
        double p = Math.pow(10, k);
        return Math.round((r.nextDouble() * 2 - 1) * scale * p) / p;
    }

    /** Double shapes, generated with {@code seed}. */
    static List<Case> doubles(long seed) {
        List<Case> out = new ArrayList<>();
        for (int n : SIZES) {
            SplittableRandom r = new SplittableRandom(seed + n);
            out.add(gen("full precision", n, i -> d(r.nextDouble() * 1000 - 500)));
            for (int k = 1; k <= 6; k++) {
                int kk = k;
                out.add(gen(k + " decimals", n, i -> d(decimals(r, kk, 1000))));
            }
            out.add(gen("4-decimal meter", n, i -> d(Math.round((7200 + 30 * Math.sin(i / 50.0)
                    + r.nextGaussian()) * 1e4) / 1e4)));
            out.add(gen("integers", n, i -> d((double) r.nextLong(-1_000_000, 1_000_000))));
            out.add(gen("large integers", n, i -> d((double) r.nextLong(1L << 53))));
            out.add(gen("large magnitudes", n, i -> d(r.nextDouble() * Math.pow(10, r.nextInt(15, 300)))));
            out.add(gen("small magnitudes", n, i -> d(r.nextDouble() * Math.pow(10, -r.nextInt(5, 300)))));
            out.add(gen("subnormals", n, i -> r.nextLong(1, 1L << 52) | (r.nextBoolean() ? 1L << 63 : 0)));
            out.add(gen("zeros of both signs", n, i -> d(r.nextBoolean() ? 0.0 : -0.0)));
            out.add(gen("extremes", n, i -> d(pick(r, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
                    Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1.0, -1.0, 0.1, 1e-300, 1e300))));
            out.add(gen("NaN and infinities", n, i -> pick(r, d(Double.NaN), 0x7ff0_0000_0000_0001L,
                    0xfff8_dead_beef_0001L, d(Double.POSITIVE_INFINITY), d(Double.NEGATIVE_INFINITY), d(2.5))));
            out.add(gen("any bits", n, i -> r.nextLong()));
            out.add(gen("constant", n, i -> d(21.5)));
            out.add(gen("constant runs", n, i -> d(i / 100 * 0.25)));
            out.add(gen("negative zero runs", n, i -> d(i / 50 % 2 == 0 ? -0.0 : 1.5)));
            out.add(gen("monotone", n, i -> d(i * 0.001)));
            out.add(gen("decimals with rare full precision", n, i -> d(r.nextInt(100) == 0 ? r.nextDouble()
                    : decimals(r, 2, 100))));
            out.add(gen("mixed magnitudes", n, i -> d(decimals(r, r.nextInt(7), Math.pow(10, r.nextInt(12))))));
        }
        return out;
    }

    /** Timestamp shapes, generated with {@code seed}. */
    static List<Case> times(long seed) {
        List<Case> out = new ArrayList<>();
        long base = 1_767_225_600_000_000_000L;
        for (int n : SIZES) {
            SplittableRandom r = new SplittableRandom(seed ^ n);
            out.add(gen("120 Hz", n, i -> base + i * 8_333_333L));
            out.add(gen("120 Hz jitter 1 us", n, i -> base + i * 8_333_333L + r.nextLong(-1000, 1001)));
            out.add(gen("120 Hz rare gaps", n, i -> base + i * 8_333_333L
                    + (i > n / 3 ? 3_600_000_000_000L : 0) + (i > n / 2 ? 17_000_000_000L : 0)));
            out.add(sorted("random sorted", n, i -> r.nextLong()));
            out.add(gen("repeats", n, i -> base + i / 7 * 1_000L));
            out.add(gen("all equal", n, i -> base));
            out.add(sorted("span 2^62", n, i -> i == 0 ? -(1L << 61) : i == n - 1 ? (1L << 61) - 1
                    : r.nextLong(-(1L << 61), 1L << 61)));
            out.add(sorted("extremes", n, i -> pick(r, Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L)));
            out.add(gen("unsorted", n, i -> r.nextLong()));
            out.add(gen("descending", n, i -> base - i * 1_000_000L));
            out.add(gen("drifting period", n, i -> base + i * 1_000_000L + i * (long) i * 3));
        }
        return out;
    }

    /** The real series, values and timestamps. */
    static List<Case> real() {
        List<Case> out = new ArrayList<>();
        for (SharedData.Series s : SharedData.all()) {
            out.add(new Case(s.name() + " values", Arrays.stream(s.values()).mapToLong(Inputs::d).toArray()));
            out.add(new Case(s.name() + " times", s.times().clone()));
        }
        return out;
    }

    /** The case of {@code list} with this name and size. */
    static long[] find(List<Case> list, String name, int n) {
        return list.stream().filter(c -> c.name().equals(name) && c.bits().length == n).findFirst()
                .orElseThrow().bits();
    }

    private static long pick(SplittableRandom r, long... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static double pick(SplittableRandom r, double... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static Case gen(String name, int n, LongUnaryOperator f) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = f.applyAsLong(i);
        }
        return new Case(name, v);
    }

    /** Like {@link #gen}, sorted ascending. */
    private static Case sorted(String name, int n, LongUnaryOperator f) {
        long[] v = gen(name, n, f).bits();
        Arrays.sort(v);
        return new Case(name, v);
    }
}
