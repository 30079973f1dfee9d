package io.dendro.storage.codec;

/**
 * Chooses the packing of one block of unsigned values in the patched frame-of-reference style
 * (PFOR, Zukowski et al. 2006): every value keeps its low {@code width} bits in the packed
 * array; the few whose remainder does not fit are exceptions whose position and high bits are
 * stored after it, so that one large value (a gap in a time series) does not widen the whole
 * block.
 *
 * <p>{@link #choose} finds the width that minimises the block's bits from a histogram of the
 * values' widths: for width {@code w}, cost = {@code len·w} plus, when any value is wider,
 * {@code 7 + exceptions·(positionBits + maxWidth - w)}.
 */
final class PatchedBlock {
    /** Bits of the width fields (0..64). */
    static final int WIDTH_BITS = 7;

    private PatchedBlock() {
    }

    /**
     * The best width for {@code len} values whose width histogram is {@code hist[0..64]};
     * returns {@code cost << 8 | width}.
     */
    static long choose(int[] hist, int len, int positionBits) {
        int maxW = 64;
        while (maxW > 0 && hist[maxW] == 0) {
            maxW--;
        }
        long best = (long) len * maxW;
        int bestW = maxW;
        int wider = 0;
        for (int w = maxW - 1; w >= 0; w--) {
            wider += hist[w + 1];
            long cost = (long) len * w + WIDTH_BITS + (long) wider * (positionBits + maxW - w);
            if (cost < best) {
                best = cost;
                bestW = w;
            }
        }
        return best << 8 | bestW;
    }

    static int width(long choice) {
        return (int) (choice & 0xFF);
    }

    static long cost(long choice) {
        return choice >>> 8;
    }
}
