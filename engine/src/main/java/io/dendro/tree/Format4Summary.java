package io.dendro.tree;

/**
 * The summary arithmetic of format 4, kept unchanged for format-4 internal nodes, which store
 * M2 (the sum of squared deviations from the mean) as a plain double: the verifier recomputes
 * their entries with it bit for bit, and {@link #stddev} turns their M2 into the standard
 * deviation that every reader sees ({@link InternalLayout#sigma}). New summaries are
 * {@link Summary}s; nothing writes this form any more.
 */
public final class Format4Summary {
    public long count;
    public double min;
    public double max;
    public double mean;
    public double m2;

    public Format4Summary() {
        clear();
    }

    /** The population standard deviation of a format-4 entry, as format 4 reported it. */
    public static double stddev(double m2, long count) {
        return Math.sqrt(Math.max(0, m2 / count));
    }

    public void clear() {
        count = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        mean = 0;
        m2 = 0;
    }

    /** Merges another summary given by its fields (Chan et al., format 4). */
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

    /** Sets this to the format-4 summary of {@code values[lo, hi)} (two passes: mean, then M2). */
    public void ofValues(double[] values, int lo, int hi) {
        clear();
        int n = hi - lo;
        if (n == 0) {
            return;
        }
        double mn = Double.POSITIVE_INFINITY;
        double mx = Double.NEGATIVE_INFINITY;
        double total = 0;
        for (int i = lo; i < hi; i++) {
            double x = values[i];
            mn = Math.min(mn, x);
            mx = Math.max(mx, x);
            total += x;
        }
        double mu = total / n;
        if (!Double.isFinite(mu)) {
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
}
