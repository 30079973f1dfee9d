package io.dendro.storage.codec;

/**
 * Chooses ALP's exponent and factor for one vector by trying every pair {@code 0 <= f <= e <=
 * 18} on an evenly spaced sample of at most {@link #SAMPLE} values and keeping the pair with
 * the fewest estimated bits: {@code sample · width(max - min) + exceptions · (64 + 10)}.
 * Ties keep the pair found first (larger exponents first, then larger factors), which favours
 * the narrower integers of a large factor (ALP's observation that {@code 10^f} strips the
 * trailing zeros of integers that look like 1200.0).
 *
 * <p>The paper samples twice (per row group, then per vector among the best five pairs);
 * Dendro encodes one leaf per call with no state between calls, so it samples each vector
 * once. {@link #SAMPLE} = 32 is the paper's per-vector sample size.
 */
final class AlpSampler {
    static final int SAMPLE = 32;
    private static final int EXCEPTION_BITS = 64 + AlpCodec.POSITION_BITS;

    private AlpSampler() {
    }

    /** The best pair for {@code v[start, start + len)}, as {@code e << 8 | f}. */
    static int choose(double[] v, int start, int len) {
        int m = Math.min(len, SAMPLE);
        long bestCost = Long.MAX_VALUE;
        int best = 0;
        for (int e = Pow10.MAX_EXPONENT; e >= 0; e--) {
            for (int f = e; f >= 0; f--) {
                long cost = cost(v, start, len, m, e, f, bestCost);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = e << 8 | f;
                }
            }
        }
        return best;
    }

    /** Estimated bits of the sample with {@code (e, f)}; stops early once above {@code bound}. */
    private static long cost(double[] v, int start, int len, int m, int e, int f, long bound) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long exceptionBits = 0;
        for (int k = 0; k < m; k++) {
            long d = Alp.encode(v[start + (int) ((long) k * len / m)], e, f);
            if (d == Alp.NOT_EXACT) {
                exceptionBits += EXCEPTION_BITS;
                if (exceptionBits >= bound) {
                    return Long.MAX_VALUE;
                }
            } else {
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
        }
        int width = min > max ? 0 : Zigzag.width(max - min);
        return (long) m * width + exceptionBits;
    }
}
