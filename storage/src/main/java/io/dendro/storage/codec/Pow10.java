package io.dendro.storage.codec;

/**
 * Powers of ten for {@link AlpCodec}. Encoder and decoder must multiply by exactly these
 * doubles in exactly the same order, or a value that checked as exact would decode
 * differently. 10^0..10^18 are exact doubles; 10^-1..10^-18 are the nearest doubles (Java
 * parses decimal literals correctly rounded).
 */
final class Pow10 {
    /** The largest exponent: 10^18 is the largest power of ten below 2^63. */
    static final int MAX_EXPONENT = 18;

    static final double[] POS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    };
    static final double[] NEG = {
        1e-0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9,
        1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18,
    };

    private Pow10() {
    }
}
