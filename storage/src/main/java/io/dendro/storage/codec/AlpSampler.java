package io.dendro.storage.codec;

/**
 * Chooses ALP's exponent and factor for one vector in two stages, after the paper's two-level
 * sampling (there: per row group, then per vector; here both within the vector, because each
 * call encodes one leaf and keeps no state between calls):
 * <ol>
 * <li>every pair {@code 0 <= f <= e <= 18} is tried on {@value #SAMPLE} sampled values (all
 *     of a shorter vector) and the {@value #KEEP} pairs with the fewest estimated bits are
 *     kept;</li>
 * <li>those are tried on {@value #SAMPLE2} sampled values (all of a shorter vector) and the
 *     one with the fewest estimated bits wins.</li>
 * </ol>
 * The estimate is {@code width(max - min)} bits per exact value and 74 bits per exception;
 * a trial stops as soon as it cannot beat the pairs already kept, which prunes most pairs after
 * a few values: too small an exponent fails on exceptions, too large a one on width.
 * The second stage exists because a small sample can be all exact with a pair that fails on
 * one value in eight of the vector (seen on the bitcoin prices of the ALP samples).
 *
 * <p>The sizes were chosen by counting: over the 31 ALP samples, 16 vectors of EKG and 16 of a
 * 4-decimal meter signal, (16 values, 128 values, keep 10) encodes to 18.86 bits per value
 * with 3.0 trial encodings per value in all (the final encoding included), against 18.89 and
 * 4.2 for the paper's sizes (32 values, then 256, keep 5). Keeping only 5 costs 0.26 bits:
 * the 4-decimal meter values are exact with few pairs ((14, 10) but not (4, 0)), and on 16
 * values many pairs tie with no exception.
 */
final class AlpSampler {
    static final int SAMPLE = 16;
    static final int SAMPLE2 = 128;
    static final int KEEP = 10;
    private static final int EXCEPTION_BITS = 64 + AlpCodec.POSITION_BITS;

    private AlpSampler() {
    }

    /** The best pair for {@code v[start, start + len)}, as {@code e << 8 | f}. */
    static int choose(double[] v, int start, int len) {
        long[] kept = new long[KEEP]; // cost << 16 | e << 8 | f, ascending
        int keptCount = 0;
        int m = Math.min(len, SAMPLE);
        for (int e = 0; e <= Pow10.MAX_EXPONENT; e++) {
            for (int f = 0; f <= e; f++) {
                long bound = keptCount < KEEP ? Long.MAX_VALUE : kept[KEEP - 1] >>> 16;
                long cost = cost(v, start, len, m, e, f, bound);
                if (cost < bound) {
                    keptCount = insert(kept, keptCount, cost << 16 | e << 8 | f);
                }
            }
        }
        if (keptCount == 1 || len <= SAMPLE) {
            return (int) (kept[0] & 0xFFFF);
        }
        int m2 = Math.min(len, SAMPLE2);
        long best = Long.MAX_VALUE;
        int choice = 0;
        for (int k = 0; k < keptCount; k++) {
            int e = (int) (kept[k] >>> 8 & 0xFF);
            int f = (int) (kept[k] & 0xFF);
            long cost = cost(v, start, len, m2, e, f, best);
            if (cost < best) {
                best = cost;
                choice = e << 8 | f;
            }
        }
        return choice;
    }

    /** Inserts into the ascending array, dropping the last when full; returns the new count. */
    private static int insert(long[] kept, int count, long entry) {
        int i = Math.min(count, KEEP - 1);
        while (i > 0 && kept[i - 1] > entry) {
            kept[i] = kept[i - 1];
            i--;
        }
        kept[i] = entry;
        return Math.min(count + 1, KEEP);
    }

    /**
     * The k-th sample position in {@code [0, len)}: the fractional parts of {@code k·φ}
     * (Fibonacci hashing), spread like an even spacing but never in step with a period of the
     * data. Evenly spaced samples are: every 64th value of a vector whose odd values are
     * halves all look like integers.
     */
    static int position(int k, int len) {
        return (int) (((k * 0x9E3779B97F4A7C15L) >>> 32) * len >>> 32);
    }

    /**
     * Estimated bits of {@code m} evenly spaced values with {@code (e, f)}, or
     * {@link Long#MAX_VALUE} once that is sure to reach {@code bound}.
     */
    private static long cost(double[] v, int start, int len, int m, int e, int f, long bound) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long exceptionBits = 0;
        for (int k = 0; k < m; k++) {
            long d = Alp.encode(v[start + (m == len ? k : position(k, len))], e, f);
            if (d == Alp.NOT_EXACT) {
                exceptionBits += EXCEPTION_BITS;
            } else {
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            long width = min > max ? 0 : Zigzag.width(max - min);
            if (exceptionBits + width * m >= bound) {
                return Long.MAX_VALUE;
            }
        }
        int width = min > max ? 0 : Zigzag.width(max - min);
        return (long) m * width + exceptionBits;
    }
}
