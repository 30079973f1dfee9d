package io.dendro.storage.codec;

/**
 * The arithmetic of ALP (Afroozeh, Kuffo, Boncz, SIGMOD 2024): a double {@code v} is encoded
 * with exponent {@code e} and factor {@code f} as the integer
 * {@code d = rint(v · 10^e · 10^-f)} and decoded as {@code d · 10^f · 10^-e}; it is exact
 * when the decoded double has the same bits as {@code v}. {@code -0.0}, NaN, infinities,
 * subnormals and values with more significant decimals than {@code e - f} are not exact and
 * become exceptions.
 */
final class Alp {
    /**
     * Encoded integers stay within ±2^62, so that the difference of any two fits in a signed
     * long and a bit width is at most 63.
     */
    static final double LIMIT = 0x1p62;
    /** Returned by {@link #encode} when {@code v} is not exact with {@code (e, f)}. */
    static final long NOT_EXACT = Long.MIN_VALUE;

    private Alp() {
    }

    /** {@code d} for {@code v}, or {@link #NOT_EXACT}. */
    static long encode(double v, int e, int f) {
        double scaled = v * Pow10.POS[e] * Pow10.NEG[f];
        if (!(Math.abs(scaled) <= LIMIT)) {
            return NOT_EXACT;
        }
        long d = (long) Math.rint(scaled);
        return Double.doubleToRawLongBits(decode(d, e, f)) == Double.doubleToRawLongBits(v) ? d : NOT_EXACT;
    }

    static double decode(long d, int e, int f) {
        return (double) d * Pow10.POS[f] * Pow10.NEG[e];
    }
}
