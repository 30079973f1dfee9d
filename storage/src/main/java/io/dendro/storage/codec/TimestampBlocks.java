package io.dendro.storage.codec;

import java.util.Arrays;

/** One block of {@link TimestampCodec}: choosing its mode and width, writing and reading it. */
final class TimestampBlocks {
    private static final int DOD = 0;
    private static final int DELTA = 1;
    private static final int POS = TimestampCodec.POSITION_BITS;

    private TimestampBlocks() {
    }

    /** The value of point {@code i} in {@code mode}, as an unsigned long. */
    private static long value(long[] t, int i, int mode) {
        long d = t[i] - t[i - 1];
        return mode == DELTA ? d : Zigzag.encode(d - (t[i - 1] - t[i - 2]));
    }

    private static long min(long[] t, int start, int len, int mode) {
        long m = -1L;
        for (int i = start; i < start + len; i++) {
            long v = value(t, i, mode);
            if (Long.compareUnsigned(v, m) < 0) {
                m = v;
            }
        }
        return m;
    }

    private static long choose(long[] t, int start, int len, int mode, long ref, int[] hist) {
        Arrays.fill(hist, 0);
        for (int i = start; i < start + len; i++) {
            hist[Zigzag.width(value(t, i, mode) - ref)]++;
        }
        return PatchedBlock.choose(hist, len, POS);
    }

    /** Writes the points {@code t[start, start + len)}; {@code t[start - 2]} must exist. */
    static void write(BitWriter out, long[] t, int start, int len, int[] hist) {
        long refDod = min(t, start, len, DOD);
        long refDelta = min(t, start, len, DELTA);
        long dod = choose(t, start, len, DOD, refDod, hist);
        long delta = choose(t, start, len, DELTA, refDelta, hist);
        long costDod = PatchedBlock.cost(dod) + Zigzag.width(refDod);
        long costDelta = PatchedBlock.cost(delta) + Zigzag.width(refDelta);
        int mode = costDelta < costDod ? DELTA : DOD;
        long ref = mode == DELTA ? refDelta : refDod;
        int w = PatchedBlock.width(mode == DELTA ? delta : dod);
        int rw = Zigzag.width(ref);
        out.write(mode, 1);
        out.write(w, PatchedBlock.WIDTH_BITS);
        out.write(rw, PatchedBlock.WIDTH_BITS);
        out.write(ref, rw);
        int ec = 0;
        int hw = 0;
        for (int i = start; i < start + len; i++) {
            int vw = Zigzag.width(value(t, i, mode) - ref);
            if (vw > w) {
                ec++;
                hw = Math.max(hw, vw - w);
            }
        }
        out.write(ec, 8);
        if (ec > 0) {
            out.write(hw, PatchedBlock.WIDTH_BITS);
        }
        for (int i = start; i < start + len; i++) {
            out.write(value(t, i, mode) - ref, w);
        }
        if (ec > 0) {
            for (int i = start; i < start + len; i++) {
                long u = value(t, i, mode) - ref;
                if (Zigzag.width(u) > w) {
                    out.write(i - start, POS);
                    out.write(u >>> w, hw);
                }
            }
        }
    }

    /**
     * Reads a block into {@code dst[start, start + len)} given the delta before it
     * ({@code dst[start - 1]} already decoded); returns the block's last delta.
     */
    static long read(BitReader in, long[] dst, int start, int len, long prevDelta) {
        int mode = (int) in.read(1);
        int w = in.readUpTo(PatchedBlock.WIDTH_BITS, 64, "bit width");
        int rw = in.readUpTo(PatchedBlock.WIDTH_BITS, 64, "reference width");
        long ref = in.read(rw);
        int ec = in.readUpTo(8, len, "exception count");
        int hw = 0;
        if (ec > 0) {
            hw = in.readUpTo(PatchedBlock.WIDTH_BITS, 64 - w, "exception width");
            if (hw == 0) {
                throw Corruption.of(TimestampCodec.NAME, "exceptions with zero width at bit " + in.position());
            }
        }
        for (int i = start; i < start + len; i++) {
            dst[i] = in.read(w);
        }
        if (ec > 0) {
            patch(in, dst, start, len, w, ec, hw);
        }
        long d = prevDelta;
        long time = dst[start - 1];
        for (int i = start; i < start + len; i++) {
            long v = ref + dst[i];
            d = mode == DELTA ? v : d + Zigzag.decode(v);
            time += d;
            dst[i] = time;
        }
        return d;
    }

    private static void patch(BitReader in, long[] dst, int start, int len, int w, int ec, int hw) {
        int prev = -1;
        for (int k = 0; k < ec; k++) {
            int p = (int) in.read(POS);
            if (p <= prev || p >= len) {
                throw Corruption.of(TimestampCodec.NAME, "exception position " + p + " after " + prev
                        + " in a block of " + len);
            }
            prev = p;
            dst[start + p] |= in.read(hw) << w;
        }
    }
}
