package io.dendro.tree;

import java.lang.foreign.MemorySegment;

/**
 * A numeric summary: count, min, max, mean and the spread of the values around the mean, right
 * over the whole double range (docs/design/statistics.md, ADR 0016).
 *
 * <p>The spread is kept as M2, the sum of squared deviations from the mean, because Chan et
 * al.'s pairwise merge and Welford's update are cheapest and stable in that form. M2 is
 * quadratic: for values near {@code ±1.8e308} (or below {@code 1e-154}) it overflows (or
 * underflows) although the standard deviation is an ordinary double. So M2 carries its own
 * power-of-two scale: {@code M2 = m2 · 4^shift}. In the normal case {@code shift == 0} and
 * {@code m2} lies in {@code [2^-910, 2^970)}; the arithmetic is then exactly that of a plain
 * double M2 (no scaling, no extra rounding). Only when a merge meets a difference of means or
 * a spread outside {@code [2^-450, 2^450]}, or an already scaled summary, does it take the
 * scaled path: it brings each term to a common power of four, sums terms that cannot overflow,
 * takes the difference of two means through halves when it overflows, and moves the mean by a
 * convex combination that cannot overflow. {@code m2} then lies in {@code [1, 4)}.
 *
 * <p>Outside this class a summary's spread is its population standard deviation
 * {@link #sigma()} (linear in the values, so it overflows only when the answer does): that is
 * what format-5 internal nodes store ({@link InternalLayout}) and what
 * {@link #merge(long, double, double, double, double)} takes. Merging another {@code Summary}
 * ({@link #merge(Summary)}) keeps M2 and its scale as they are.
 *
 * <p>Min and max use {@code Math.min}/{@code Math.max} everywhere, so {@code -0.0} orders before
 * {@code 0.0} whether a window is built from points or from summaries. Every path is
 * deterministic: the same inputs in the same order give the same bits (the verifier relies on
 * it). No method allocates.
 */
public final class Summary {
    /** Bytes of one entry's summary in an internal node: count and four doubles (by column). */
    public static final int BYTES = Long.BYTES + 4 * Double.BYTES;

    /** Below this a difference of means or a spread takes the scaled path (its square would lose digits). */
    private static final double FAST_MIN = 0x1p-450;
    /** Above this a difference of means or a spread takes the scaled path (its square times a count could overflow). */
    private static final double FAST_MAX = 0x1p450;
    /** An unscaled {@code m2} lies in {@code [M2_MIN, M2_MAX)}; otherwise it is rescaled. */
    private static final int M2_MIN_EXPONENT = -910;
    private static final int M2_MAX_EXPONENT = 970;
    private static final double M2_MAX = 0x1p970;

    /**
     * The documented error bound of the mean and the standard deviation of any window
     * (docs/design/statistics.md): both lie within {@code k · 2^-53 · max(maxAbs, 2^-1022)} of
     * the exact values, with {@code k = 120 · leafPoints + 10,000 · levels + 100}, where
     * {@code maxAbs} is the largest magnitude among the window's points, {@code leafPoints}
     * the number of points in the largest leaf of the tree (at most {@link Geometry#LEAF_CAPACITY}
     * except at the lowest level) and {@code levels} the number of internal levels (at most 10).
     */
    public static double errorBound(double maxAbs, long leafPoints, int levels) {
        double k = 120.0 * leafPoints + 10_000.0 * levels + 100;
        return k * 0x1p-53 * Math.max(maxAbs, Double.MIN_NORMAL);
    }

    /** Values counted: the points that are not null ({@link #nulls} counts those). */
    public long count;
    /** Points whose value is null ({@code Stream.NULL}): kept, and skipped by every statistic. */
    public long nulls;
    /**
     * Samples beyond the points: an aggregate point standing for {@code c} samples adds
     * {@code c} to {@link #count} and {@code c - 1} here, so the summary covers
     * {@code count + nulls - extra} points.
     */
    public long extra;
    /** Room to read a node entry's label table into. */
    private LabelTable scratchLabels;
    /** Nominal streams: the label frequencies ({@link LabelTable}); empty for other kinds. */
    public final LabelTable labels = new LabelTable();
    /** Graph streams: the fewest and most edges of a graph, and their sum; {@link #graphs} graphs. */
    public long edgesMin;
    public long edgesMax;
    public long edgesSum;
    /** The number of graph points summarised (0 for other kinds). */
    public long graphs;
    public double min;
    public double max;
    public double mean;
    /** The sum of squared deviations from the mean is {@code m2 · 4^shift}. */
    private double m2;
    private int shift;

    public Summary() {
        clear();
    }

    public void clear() {
        count = 0;
        nulls = 0;
        extra = 0;
        labels.clear();
        graphs = 0;
        edgesMin = Long.MAX_VALUE;
        edgesMax = Long.MIN_VALUE;
        edgesSum = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        mean = 0;
        m2 = 0;
        shift = 0;
    }

    /** The bits of the null value ({@code Stream.NULL}): a NaN no finite input can produce. */
    public static final long NULL_BITS = 0x7ff8_dead_0000_0001L;

    /** Whether {@code x} is the null value (any other NaN is not, and is never stored). */
    public static boolean isNull(double x) {
        return Double.doubleToRawLongBits(x) == NULL_BITS;
    }

    /** Adds one value (Welford's update); a null value is counted in {@link #nulls} only. */
    public void add(double x) {
        if (x != x) { // NaN: the only one stored is the null value
            nulls++;
            return;
        }
        if (count == 0) {
            count = 1;
            min = x;
            max = x;
            mean = x;
            m2 = 0;
            shift = 0;
            return;
        }
        double d = x - mean;
        double ad = Math.abs(d);
        if (shift == 0 && ad <= FAST_MAX && (ad >= FAST_MIN || ad == 0)) {
            count++;
            min = Math.min(min, x); // Math.min orders -0.0 before 0.0, like ofValues
            max = Math.max(max, x);
            mean += d / count;
            m2 += d * (x - mean);
            if (m2 >= M2_MAX) {
                rescale();
            }
            return;
        }
        mergeScaled(1, x, x, x, 0, 0, d);
    }

    /**
     * Merges another summary given by its fields, its spread as the population standard
     * deviation {@code sigma} (as a format-5 internal node stores it). {@code sigma} may be
     * {@code +Infinity} (a format-4 entry whose M2 overflowed): the merged spread is then
     * infinite too.
     */
    public void merge(long n, double mn, double mx, double mu, double sigma) {
        if (n == 0) {
            return;
        }
        if (sigma <= FAST_MAX && (sigma >= FAST_MIN || sigma == 0)) {
            mergeM2(n, mn, mx, mu, sigma * sigma * n, 0); // in [2^-900, 2^963]: an unscaled m2
        } else if (sigma == Double.POSITIVE_INFINITY) {
            mergeM2(n, mn, mx, mu, Double.POSITIVE_INFINITY, 0);
        } else {
            int e = exponent(sigma);
            double s = Math.scalb(sigma, -e); // [1, 2)
            mergeM2(n, mn, mx, mu, s * s * n, e);
        }
    }

    /** Merges another summary (its M2 and scale as they are). */
    public void merge(Summary o) {
        nulls += o.nulls;
        extra += o.extra;
        mergeKind(o);
        mergeM2(o.count, o.min, o.max, o.mean, o.m2, o.shift);
    }

    /**
     * Merges in the summary of entry {@code e} of internal node {@code n} (of any format): its
     * count column counts every point, its null column the null ones (0 before format 6), and the
     * statistics are those of the others.
     */
    public void merge(MemorySegment n, int e) {
        long nl = InternalLayout.nulls(n, e);
        long x = InternalLayout.extra(n, e);
        nulls += nl;
        extra += x;
        int kind = InternalLayout.valueKind(n);
        if (kind == 2) { // nominal: the entry's label table
            if (scratchLabels == null) {
                scratchLabels = new LabelTable();
            }
            InternalLayout.labels(n, e, scratchLabels);
            labels.merge(scratchLabels);
        } else if (kind == 3) { // graph: every point is a graph
            addGraph(InternalLayout.count(n, e), InternalLayout.edgesMin(n, e), InternalLayout.edgesMax(n, e),
                    InternalLayout.edgesSum(n, e));
        }
        merge(InternalLayout.count(n, e) - nl + x, InternalLayout.min(n, e), InternalLayout.max(n, e),
                InternalLayout.mean(n, e), InternalLayout.sigma(n, e));
    }

    /** Chan et al.'s pairwise merge with B = {@code (n, mn, mx, mu, M2 = m2b · 4^sb)}. */
    private void mergeM2(long n, double mn, double mx, double mu, double m2b, int sb) {
        if (n == 0) {
            return;
        }
        if (count == 0) {
            count = n;
            min = mn;
            max = mx;
            mean = mu;
            m2 = m2b;
            shift = sb;
            return;
        }
        double d = mu - mean;
        double ad = Math.abs(d);
        if ((shift | sb) == 0 && ad <= FAST_MAX && (ad >= FAST_MIN || ad == 0)) {
            long total = count + n;
            double frac = (double) n / total;
            mean += d * frac;
            m2 += m2b + d * d * count * frac; // each term below 2^970: no overflow
            count = total;
            min = Math.min(min, mn);
            max = Math.max(max, mx);
            if (m2 >= M2_MAX) {
                rescale();
            }
            return;
        }
        mergeScaled(n, mn, mx, mu, m2b, sb, d);
    }

    /**
     * The merge when a term needs scaling: {@code M2 = M2a + M2b + d² · na · nb / n}, each term
     * written as {@code t · 4^e} with {@code t} in {@code [1, 4)}, summed at the greatest
     * {@code e} (smaller terms lose only what lies below {@code 2^-1074} of the largest).
     */
    private void mergeScaled(long n, double mn, double mx, double mu, double m2b, int sb, double d) {
        long total = count + n;
        double frac = (double) n / total;
        boolean halves = Double.isInfinite(d); // the means have opposite signs and huge magnitudes
        double td = 0;
        int ed = 0;
        if (d != 0) {
            double ad = halves ? Math.abs(0.5 * mu - 0.5 * mean) : Math.abs(d);
            int k = exponent(ad);
            double a = Math.scalb(ad, -k); // [1, 2)
            td = a * a * (count * frac);   // d² · na · nb / n = a² · 4^k · (na · nb / n)
            ed = halves ? k + 1 : k;
        }
        if (m2 == Double.POSITIVE_INFINITY || m2b == Double.POSITIVE_INFINITY) {
            m2 = Double.POSITIVE_INFINITY;
            shift = 0;
        } else {
            int top = Integer.MIN_VALUE;
            top = Math.max(top, quarterExponent(m2, shift));
            top = Math.max(top, quarterExponent(m2b, sb));
            top = Math.max(top, quarterExponent(td, ed));
            if (top == Integer.MIN_VALUE) {
                m2 = 0;
                shift = 0;
            } else {
                m2 = Math.scalb(m2, 2 * (shift - top)) + Math.scalb(m2b, 2 * (sb - top)) + Math.scalb(td, 2 * (ed - top));
                shift = top;
                rescale();
            }
        }
        double next;
        if (halves) {
            next = mean * ((double) count / total) + mu * frac; // opposite signs: no overflow
        } else {
            next = mean + d * frac; // between the two means but for rounding
            double lo = Math.min(mean, mu);
            double hi = Math.max(mean, mu);
            next = next < lo ? lo : next > hi ? hi : next;
        }
        mean = next;
        count = total;
        min = Math.min(min, mn);
        max = Math.max(max, mx);
    }

    /** For {@code t · 4^e} (t >= 0): the {@code f} with the value in {@code [4^f, 4^(f+1))}; MIN_VALUE for 0. */
    private static int quarterExponent(double t, int e) {
        return t == 0 ? Integer.MIN_VALUE : e + Math.floorDiv(exponent(t), 2);
    }

    /** Brings {@code (m2, shift)} to the canonical form: unscaled when it fits, else {@code m2} in {@code [1, 4)}. */
    private void rescale() {
        if (m2 == 0 || m2 == Double.POSITIVE_INFINITY) {
            shift = 0;
            return;
        }
        int e = exponent(m2);
        long total = 2L * shift + e; // M2 lies in [2^total, 2^(total+1))
        if (total >= M2_MIN_EXPONENT && total < M2_MAX_EXPONENT) {
            m2 = Math.scalb(m2, 2 * shift);
            shift = 0;
        } else {
            int h = Math.floorDiv(e, 2);
            m2 = Math.scalb(m2, -2 * h);
            shift += h;
        }
    }

    /** The binary exponent of a positive finite {@code x}: {@code x} lies in {@code [2^e, 2^(e+1))}, subnormals too. */
    private static int exponent(double x) {
        int e = Math.getExponent(x);
        return e >= Double.MIN_EXPONENT ? e : Math.getExponent(x * 0x1p54) - 54;
    }

    /**
     * Sets this to the summary of {@code values[lo, hi)} in two passes: the mean (a plain sum;
     * a scaled sum when that overflows), then M2 from it (scaled when the deviations are huge
     * or tiny).
     */
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
        if (total != total) { // a null among them (the only NaN stored): the statistics of the others
            ofValuesWithNulls(values, lo, hi);
            return;
        }
        double mu = total / n;
        if (!Double.isFinite(mu)) { // the sum overflowed: sum values scaled below MAX / n
            int k = 33 - Integer.numberOfLeadingZeros(n); // 2^k > 2n
            double down = Math.scalb(1.0, -k);
            double scaled = 0;
            for (int i = lo; i < hi; i++) {
                scaled += values[i] * down;
            }
            mu = Math.scalb(scaled / n, k);
        }
        mu = mu < mn ? mn : mu > mx ? mx : mu; // rounding never takes the mean outside the values
        double r = Math.max(mx - mu, mu - mn); // the largest deviation
        double sq = 0;
        int sh = 0;
        if (r <= FAST_MAX && (r >= FAST_MIN || r == 0)) {
            for (int i = lo; i < hi; i++) {
                double d = values[i] - mu;
                sq += d * d;
            }
        } else {
            boolean halves = !(r < Double.POSITIVE_INFINITY);
            if (halves) {
                r = Math.max(0.5 * mx - 0.5 * mu, 0.5 * mu - 0.5 * mn);
            }
            int k = exponent(r);
            for (int i = lo; i < hi; i++) {
                double d = halves ? 0.5 * values[i] - 0.5 * mu : values[i] - mu;
                double s = Math.scalb(d, -k);
                sq += s * s;
            }
            sh = halves ? k + 1 : k;
        }
        count = n;
        min = mn;
        max = mx;
        mean = mu;
        m2 = sq;
        shift = sh;
        rescale();
    }

    /** The number of points summarised: values, nulls and aggregate points (each one point). */
    public long points() {
        return count + nulls - extra;
    }

    /**
     * Adds one point with its payload: an aggregate ({@link AggregatePayload}) merges as the
     * samples it stands for; any other point (no payload, or a document) adds its value.
     */
    public void addPoint(double x, byte[] payload) {
        if (AggregatePayload.is(payload)) {
            long c = AggregatePayload.count(payload);
            merge(c, AggregatePayload.min(payload), AggregatePayload.max(payload), x, AggregatePayload.stddev(payload));
            extra += c - 1;
            return;
        }
        add(x);
        if (payload != null) {
            addDocument(payload);
        }
    }

    /** A label's or a graph's part of the summary (its value is added apart). */
    private void addDocument(byte[] payload) {
        if (GraphPayload.is(payload)) {
            addGraph(1, GraphPayload.edges(payload), GraphPayload.edges(payload), GraphPayload.edges(payload));
        } else {
            labels.add(payload, 1);
        }
    }

    /** Merges {@code n} graphs whose edges have this min, max and sum. */
    public void addGraph(long n, long emin, long emax, long esum) {
        if (n == 0) {
            return;
        }
        graphs += n;
        edgesMin = Math.min(edgesMin, emin);
        edgesMax = Math.max(edgesMax, emax);
        edgesSum += esum;
    }

    private void mergeKind(Summary o) {
        if (!o.labels.isEmpty()) {
            labels.merge(o.labels);
        }
        addGraph(o.graphs, o.edgesMin, o.edgesMax, o.edgesSum);
    }

    /**
     * Sets this to the summary of points {@code [lo, hi)} with their payloads ({@code payloads}
     * null: none, {@link #ofValues}): the points that are not aggregates summarised by
     * {@link #ofValues}, then the aggregates merged in point order. Deterministic, so that the
     * verifier recomputes a leaf's summary bit for bit.
     */
    public void ofPoints(double[] values, byte[][] payloads, int lo, int hi) {
        if (payloads == null) {
            ofValues(values, lo, hi);
            return;
        }
        int aggregates = 0;
        for (int i = lo; i < hi; i++) {
            if (AggregatePayload.is(payloads[i])) {
                aggregates++;
            }
        }
        if (aggregates == 0) {
            ofValues(values, lo, hi);
            for (int i = lo; i < hi; i++) {
                if (payloads[i] != null) {
                    addDocument(payloads[i]);
                }
            }
            return;
        }
        double[] rest = new double[hi - lo - aggregates];
        int k = 0;
        for (int i = lo; i < hi; i++) {
            if (!AggregatePayload.is(payloads[i])) {
                rest[k++] = values[i];
            }
        }
        ofValues(rest, 0, k);
        for (int i = lo; i < hi; i++) {
            byte[] p = payloads[i];
            if (AggregatePayload.is(p)) {
                long c = AggregatePayload.count(p);
                merge(c, AggregatePayload.min(p), AggregatePayload.max(p), values[i], AggregatePayload.stddev(p));
                extra += c - 1;
            }
        }
    }

    /** {@link #ofValues} where some values are null: the others copied aside, then summarised. */
    private void ofValuesWithNulls(double[] values, int lo, int hi) {
        double[] rest = new double[hi - lo];
        int k = 0;
        for (int i = lo; i < hi; i++) {
            if (values[i] == values[i]) {
                rest[k++] = values[i];
            }
        }
        ofValues(rest, 0, k);
        nulls = (hi - lo) - k;
    }

    public void copyFrom(Summary o) {
        count = o.count;
        nulls = o.nulls;
        extra = o.extra;
        labels.copyFrom(o.labels);
        graphs = o.graphs;
        edgesMin = o.edgesMin;
        edgesMax = o.edgesMax;
        edgesSum = o.edgesSum;
        min = o.min;
        max = o.max;
        mean = o.mean;
        m2 = o.m2;
        shift = o.shift;
    }

    /**
     * The population standard deviation, {@code sqrt(M2 / count)}; 0 when empty. What a
     * format-5 internal node stores for a child. Finite whenever the values are (at most
     * {@code Double.MAX_VALUE}).
     */
    public double sigma() {
        if (count == 0 || m2 == 0) {
            return 0;
        }
        double s = Math.sqrt(m2 / count);
        if (shift != 0) {
            s = Math.min(Double.MAX_VALUE, Math.scalb(s, shift)); // rounding must not make it infinite
        }
        return s;
    }

    /**
     * M2, the sum of squared deviations from the mean, as a double: {@code +Infinity} when it
     * exceeds the double range (values beyond about {@code 1e154}); 0 when empty.
     */
    public double m2() {
        return shift == 0 ? m2 : Math.scalb(m2, 2 * shift);
    }

    /** Population standard deviation; NaN when empty. */
    public double stddev() {
        return count == 0 ? Double.NaN : sigma();
    }

    /**
     * The min, max and mean a format-6 internal node stores for a child with this summary: the
     * statistics of its values, or 0 when it has none (only null points), never read then.
     */
    public double storedMin() {
        return count == 0 ? 0 : min;
    }

    /** See {@link #storedMin()}. */
    public double storedMax() {
        return count == 0 ? 0 : max;
    }

    /** See {@link #storedMin()}. */
    public double storedMean() {
        return count == 0 ? 0 : mean;
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
