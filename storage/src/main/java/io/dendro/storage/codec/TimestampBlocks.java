package io.dendro.storage.codec;

import java.util.Arrays;

/** One block of {@link TimestampCodec}: choosing its mode and width, writing and reading it. */
final class TimestampBlocks {
    private static final int DOD = 0;
    private static final int DELTA = 1;
    private static final int POS = TimestampCodec.POSITION_BITS;

    private TimestampBlocks() {
    }

    private static long min(long[] v, int len) {
        long m = -1L;
        for (int i = 0; i < len; i++) {
            if (Long.compareUnsigned(v[i], m) < 0) {
                m = v[i];
            }
        }
        return m;
    }

    /** The patching choice for {@code v[0, len)} against {@code ref}; see {@link PatchedBlock#choose}. */
    private static long choose(long[] v, int len, long ref, int[] hist) {
        Arrays.fill(hist, 0);
        for (int i = 0; i < len; i++) {
            hist[Zigzag.width(v[i] - ref)]++;
        }
        return PatchedBlock.choose(hist, len, POS);
    }

    /**
     * Writes the points {@code t[start, start + len)}; {@code t[start - 2]} must exist.
     * {@code dod} and {@code delta} are scratch arrays of at least {@code len} values.
     */
    static void write(BitWriter out, long[] t, int start, int len, Scratch scratch) {
        long[] dod = scratch.dod;
        long[] delta = scratch.delta;
        long before = t[start - 1] - t[start - 2];
        for (int i = 0; i < len; i++) {
            long d = t[start + i] - t[start + i - 1];
            delta[i] = d;
            dod[i] = Zigzag.encode(d - before);
            before = d;
        }
        long refDod = min(dod, len);
        long refDelta = min(delta, len);
        long costDod = PatchedBlock.cost(choose(dod, len, refDod, scratch.histogram)) + Zigzag.width(refDod);
        long choice = choose(delta, len, refDelta, scratch.histogram); // the histogram is delta's
        long costDelta = PatchedBlock.cost(choice) + Zigzag.width(refDelta);
        int mode = DELTA;
        long[] v = delta;
        long ref = refDelta;
        if (costDod <= costDelta) {
            mode = DOD;
            v = dod;
            ref = refDod;
            choice = choose(dod, len, refDod, scratch.histogram);
        }
        int w = PatchedBlock.width(choice);
        int[] hist = scratch.histogram;
        int ec = 0;
        int hw = 0;
        for (int k = w + 1; k <= 64; k++) {
            if (hist[k] > 0) {
                ec += hist[k];
                hw = k - w;
            }
        }
        int rw = Zigzag.width(ref);
        out.write(mode, 1);
        out.write(w, PatchedBlock.WIDTH_BITS);
        out.write(rw, PatchedBlock.WIDTH_BITS);
        out.write(ref, rw);
        out.write(ec, 8);
        if (ec > 0) {
            out.write(hw, PatchedBlock.WIDTH_BITS);
        }
        for (int i = 0; i < len; i++) {
            out.write(v[i] - ref, w);
        }
        if (ec > 0) {
            for (int i = 0; i < len; i++) {
                long u = v[i] - ref;
                if (Zigzag.width(u) > w) {
                    out.write(i, POS);
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
        in.unpack(dst, start, len, w);
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
