package io.dendro;

import java.math.BigInteger;

/**
 * Exact statistics of finite doubles, the oracle of the statistics tests. Every double is an
 * integer multiple of {@code 2^-1074}, and its square one of {@code 2^-2148}, so the sum of the
 * values and the sum of their squares are kept exactly as fixed-point integers in arrays of
 * 64-bit limbs (a Kulisch accumulator: a few nanoseconds a value, whatever the magnitudes).
 * At the end, with {@code S1 = sum x} and {@code S2 = sum x^2} exact,
 * {@code mean = S1 / n} and the population variance {@code (n S2 - S1^2) / n^2} are exact
 * rationals; they are rounded to doubles from an 80-bit quotient (a relative error below
 * {@code 2^-53 + 2^-78}, plus {@code 2^-1074} when the result is subnormal). Cap: {@code 2^31}
 * values.
 */
public final class ExactStats {
    private static final int SCALE1 = 1074;            // S1 is sum x * 2^1074
    private static final int SCALE2 = 2 * SCALE1;      // S2 is sum x^2 * 2^2148
    private final long[] s1 = new long[35];             // 2098 bits + 31 for the count + sign
    private final long[] s2 = new long[68];             // 4196 bits + 31
    private long n;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public static ExactStats of(double[] v, int lo, int hi) {
        ExactStats s = new ExactStats();
        for (int i = lo; i < hi; i++) {
            s.add(v[i]);
        }
        return s;
    }

    public void add(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("not finite: " + x);
        }
        n++;
        min = Math.min(min, x);
        max = Math.max(max, x);
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long m = bits & ((1L << 52) - 1);
        int q; // x = ±m * 2^q
        if (biased == 0) {
            q = -1074;
        } else {
            m |= 1L << 52;
            q = biased - 1075;
        }
        if (m == 0) {
            return;
        }
        int shift = q + SCALE1; // 0 .. 2045
        add(s1, m, 0, shift, bits < 0);
        add(s2, m * m, Math.multiplyHigh(m, m), 2 * shift, false);
    }

    /**
     * Adds {@code count} samples whose mean is {@code mean} and whose population standard
     * deviation is {@code stddev}, the smallest {@code min} and the largest {@code max} (an
     * aggregate point): exactly as if the samples had been added one by one, taking the mean and
     * the deviation as exact. {@code S1} grows by {@code count · mean} and {@code S2} by
     * {@code count · (mean² + stddev²)}, both exact in the accumulators (a product by the count
     * is a sum of shifted copies, one per bit of the count).
     */
    public void addAggregate(long count, double min, double max, double mean, double stddev) {
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " is below 1");
        }
        for (double x : new double[] {min, max, mean, stddev}) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("not finite: " + x);
            }
        }
        if (stddev < 0 || min > max) {
            throw new IllegalArgumentException("not an aggregate: min " + min + ", max " + max + ", stddev " + stddev);
        }
        n += count;
        this.min = Math.min(this.min, min);
        this.max = Math.max(this.max, max);
        for (long c = count; c != 0; c &= c - 1) {
            int j = Long.numberOfTrailingZeros(c);
            addTimes2j(mean, j, true);
            addTimes2j(stddev, j, false);
        }
    }

    /** Adds {@code x · 2^j} to S1 (when {@code toS1}) and {@code x² · 2^j} to S2. */
    private void addTimes2j(double x, int j, boolean toS1) {
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long m = bits & ((1L << 52) - 1);
        int q;
        if (biased == 0) {
            q = -1074;
        } else {
            m |= 1L << 52;
            q = biased - 1075;
        }
        if (m == 0) {
            return;
        }
        int shift = q + SCALE1;
        if (toS1) {
            add(s1, m, 0, shift + j, bits < 0);
        }
        add(s2, m * m, Math.multiplyHigh(m, m), 2 * shift + j, false);
    }

    /** Adds (or subtracts) the 128-bit unsigned {@code (hi, lo)} shifted left by {@code shift} bits. */
    private static void add(long[] acc, long lo, long hi, int shift, boolean subtract) {
        int idx = shift >>> 6;
        int r = shift & 63;
        long w0;
        long w1;
        long w2;
        if (r == 0) {
            w0 = lo;
            w1 = hi;
            w2 = 0;
        } else {
            w0 = lo << r;
            w1 = (hi << r) | (lo >>> (64 - r));
            w2 = hi >>> (64 - r);
        }
        long[] w = {w0, w1, w2};
        long carry = 0;
        int k = idx;
        for (int j = 0; j < 3; j++, k++) {
            long a = acc[k];
            long b = w[j];
            long s;
            long c;
            if (!subtract) {
                s = a + b;
                c = Long.compareUnsigned(s, a) < 0 ? 1 : 0;
                long t = s + carry;
                c += Long.compareUnsigned(t, s) < 0 ? 1 : 0;
                s = t;
            } else {
                s = a - b;
                c = Long.compareUnsigned(a, b) < 0 ? 1 : 0;
                long t = s - carry;
                c += Long.compareUnsigned(s, carry) < 0 ? 1 : 0;
                s = t;
            }
            acc[k] = s;
            carry = c;
        }
        while (carry != 0 && k < acc.length) {
            long a = acc[k];
            acc[k] = subtract ? a - 1 : a + 1;
            carry = subtract ? (a == 0 ? 1 : 0) : (a == -1L ? 1 : 0);
            k++;
        }
    }

    private static BigInteger value(long[] acc) {
        byte[] b = new byte[acc.length * 8];
        for (int i = 0; i < acc.length; i++) {
            long v = acc[acc.length - 1 - i];
            for (int j = 0; j < 8; j++) {
                b[i * 8 + j] = (byte) (v >>> (56 - 8 * j));
            }
        }
        return new BigInteger(b);
    }

    public long count() {
        return n;
    }

    public double min() {
        return n == 0 ? Double.NaN : min;
    }

    public double max() {
        return n == 0 ? Double.NaN : max;
    }

    /** The largest magnitude, {@code max(|min|, |max|)}; 0 when empty. */
    public double maxAbs() {
        return n == 0 ? 0 : Math.max(Math.abs(min), Math.abs(max));
    }

    /** The exact mean, rounded to a double; NaN when empty. */
    public double mean() {
        if (n == 0) {
            return Double.NaN;
        }
        return toDouble(value(s1), BigInteger.valueOf(n), -SCALE1);
    }

    /** The exact population standard deviation, rounded to a double; NaN when empty. */
    public double stddev() {
        if (n == 0) {
            return Double.NaN;
        }
        BigInteger count = BigInteger.valueOf(n);
        BigInteger a = value(s1);
        BigInteger d = count.multiply(value(s2)).subtract(a.multiply(a)); // n^2 var * 2^2148, >= 0
        if (d.signum() < 0) {
            throw new IllegalStateException("negative variance: the accumulator is broken");
        }
        if (d.signum() == 0) {
            return 0;
        }
        // sqrt(d) * 2^-1074 / n, with sqrt taken of d * 2^(2t) so that it keeps 80 + bits(n) bits
        int t = Math.max(0, (160 + 2 * count.bitLength() - d.bitLength() + 1) / 2 + 1);
        BigInteger root = d.shiftLeft(2 * t).sqrt();
        return toDouble(root, count, -SCALE2 / 2 - t);
    }

    /** {@code num / den * 2^exp}, rounded from an 80-bit quotient. */
    private static double toDouble(BigInteger num, BigInteger den, int exp) {
        if (num.signum() == 0) {
            return 0;
        }
        BigInteger a = num.abs();
        int shift = 80 - (a.bitLength() - den.bitLength());
        BigInteger q = shift >= 0 ? a.shiftLeft(shift).divide(den) : a.shiftRight(-shift).divide(den);
        double r = Math.scalb(q.doubleValue(), exp - shift);
        return num.signum() < 0 ? -r : r;
    }
}
