package io.dendro.tree;

import io.dendro.storage.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * A numeric summary: count, min, max, mean and M2 (the sum of squared deviations from the
 * mean). Merging uses Chan et al.'s pairwise update, which is exact for count, min and max and
 * numerically stable for mean and M2: no plain sum of squares, so the population standard
 * deviation {@code sqrt(M2 / count)} of any union never cancels digits.
 *
 * <p>On disk (inside an internal node entry):
 * <pre>| count i64 | min f64 | max f64 | mean f64 | m2 f64 |</pre>
 */
public final class Summary {
    public static final int COUNT = 0;
    public static final int MIN = COUNT + Long.BYTES;
    public static final int MAX = MIN + Double.BYTES;
    public static final int MEAN = MAX + Double.BYTES;
    public static final int M2 = MEAN + Double.BYTES;
    public static final int BYTES = M2 + Double.BYTES;

    public long count;
    public double min;
    public double max;
    public double mean;
    public double m2;

    public Summary() {
        clear();
    }

    public void clear() {
        count = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        mean = 0;
        m2 = 0;
    }

    /** Adds one value (Welford's update). */
    public void add(double x) {
        count++;
        min = Math.min(min, x); // Math.min orders -0.0 before 0.0, like ofValues
        max = Math.max(max, x);
        double d = x - mean;
        mean += d / count;
        m2 += d * (x - mean);
    }

    /** Merges another summary given by its fields. */
    public void merge(long n, double mn, double mx, double mu, double sq) {
        if (n == 0) {
            return;
        }
        if (count == 0) {
            count = n;
            min = mn;
            max = mx;
            mean = mu;
            m2 = sq;
            return;
        }
        long total = count + n;
        double d = mu - mean;
        double frac = (double) n / total;
        mean += d * frac;
        m2 += sq + d * d * count * frac;
        count = total;
        min = Math.min(min, mn);
        max = Math.max(max, mx);
    }

    /** Merges in the summary of entry {@code e} of internal node {@code n}. */
    public void merge(MemorySegment n, int e) {
        merge(InternalLayout.count(n, e), InternalLayout.min(n, e), InternalLayout.max(n, e),
                InternalLayout.mean(n, e), InternalLayout.m2(n, e));
    }

    /** Sets this to the exact summary of {@code values[lo, hi)} (two passes: mean, then M2). */
    public void ofValues(double[] values, int lo, int hi) {
        clear();
        int n = hi - lo;
        if (n == 0) {
            return;
        }
        double mn = Double.POSITIVE_INFINITY;
        double mx = Double.NEGATIVE_INFINITY;
        double total = 0;
        for (int i = lo; i < hi; i++) { // no division in the loop: the JIT can keep it tight
            double x = values[i];
            mn = Math.min(mn, x);
            mx = Math.max(mx, x);
            total += x;
        }
        double mu = total / n;
        if (!Double.isFinite(mu)) { // the running sum overflowed: an incremental mean cannot
            mu = 0;
            for (int i = lo; i < hi; i++) {
                mu += (values[i] - mu) / (i - lo + 1);
            }
        }
        double sq = 0;
        for (int i = lo; i < hi; i++) {
            double d = values[i] - mu;
            sq += d * d;
        }
        count = n;
        min = mn;
        max = mx;
        mean = mu;
        m2 = sq;
    }

    public void write(MemorySegment seg, long off) {
        seg.set(Bytes.I64, off + COUNT, count);
        seg.set(Bytes.F64, off + MIN, min);
        seg.set(Bytes.F64, off + MAX, max);
        seg.set(Bytes.F64, off + MEAN, mean);
        seg.set(Bytes.F64, off + M2, m2);
    }

    public void copyFrom(Summary o) {
        count = o.count;
        min = o.min;
        max = o.max;
        mean = o.mean;
        m2 = o.m2;
    }

    /** Population standard deviation; NaN when empty. */
    public double stddev() {
        return count == 0 ? Double.NaN : Math.sqrt(Math.max(0, m2 / count));
    }

    public double minOrNaN() {
        return count == 0 ? Double.NaN : min;
    }

    public double maxOrNaN() {
        return count == 0 ? Double.NaN : max;
    }

    public double meanOrNaN() {
        return count == 0 ? Double.NaN : mean;
    }
}
