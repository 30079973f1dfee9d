package io.dendro.storage.codec;

/** Zigzag mapping of signed to unsigned longs: 0, -1, 1, -2, ... become 0, 1, 2, 3, ... */
final class Zigzag {
    private Zigzag() {
    }

    static long encode(long x) {
        return (x << 1) ^ (x >> 63);
    }

    static long decode(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    /** Bits needed to hold {@code x} as an unsigned value (0 for 0, 64 for negative). */
    static int width(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }
}
