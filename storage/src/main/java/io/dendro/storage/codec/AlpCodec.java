package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Values: ALP, decimals scaled to integers and bit-packed (see {@link Alp} for the arithmetic,
 * {@link AlpSampler} for the choice of exponent and factor).
 *
 * <p>Layout (a {@link BitWriter} bit stream, then the {@link Trailer}):
 * <pre>
 * n            varint
 * vectors of 1024 values (the last may be shorter, len values), each:
 *   e          5 bits, 0..18
 *   f          5 bits, 0..e
 *   w          7 bits, 0..64
 *   ref        varint of zigzag(min d)
 *   pc         11 bits, 0..len: patches
 *   hw         7 bits, 1..64-w (only when pc &gt; 0)
 *   ec         11 bits, 0..len: exceptions
 *   u[i]       len x w bits, the low bits of d[i] - ref; an exception's slot holds 0 (so that
 *              it does not widen w) and the decoder overwrites it
 *   patches    pc x (position 10 bits, high hw bits): u[position] |= high &lt;&lt; w
 *   exceptions ec x (position 10 bits, value 64 raw bits)
 *   (positions strictly increasing and &lt; len within patches and within exceptions)
 * padding to a byte, CRC32C (4 bytes)
 * </pre>
 * Value {@code i} decodes to {@code (double) (ref + d[i]) · 10^f · 10^-e}, or to its exception.
 * Every double round-trips bit for bit: what is not exact ({@code -0.0}, subnormals, NaN,
 * infinities, too many decimals) is an exception kept raw, at 74 bits each. Patches are
 * {@link PatchedBlock}'s: a few integers far from the rest (a spike among zeros) keep their
 * high bits apart instead of widening every value.
 */
public final class AlpCodec {
    /** Values per vector: the leaf capacity, and ALP's vector size. */
    static final int VECTOR = 1024;
    static final int POSITION_BITS = 10;
    private static final int EXPONENT_BITS = 5;
    private static final int COUNT_BITS = 11;
    static final String NAME = "ALP";

    private AlpCodec() {
    }

    /** Bytes that always suffice for {@code n} values. */
    public static int maxEncodedSize(int n) {
        long vectors = (n + VECTOR - 1) / VECTOR;
        return Math.toIntExact(8 + vectors * 24 + n * 18L + Trailer.BYTES);
    }

    /**
     * Encodes {@code values[from, from + n)} into {@code dst} at {@code offset}; returns the
     * encoding's length.
     *
     * @throws IllegalArgumentException if the destination is too small
     */
    public static int encode(double[] values, int from, int n, MemorySegment dst, long offset) {
        return encode(values, from, n, dst, offset, dst.byteSize());
    }

    static int encode(double[] v, int from, int n, MemorySegment dst, long offset, long limit) {
        return encode(v, from, n, dst, offset, limit, false);
    }

    /**
     * Encodes; with {@code planDelta} also leaves in {@link Scratch} each vector's exponent and
     * factor, integers, and {@link AlpDeltaCodec#plan} (its differences and fields), and the bits
     * {@link AlpDeltaCodec} would take for them (exact but for the count and the trailer), which
     * {@link ValueCodecs#encodeBest} compares before writing them with
     * {@link AlpDeltaCodec#encodePlanned}. The bytes written are the same either way.
     */
    static int encode(double[] v, int from, int n, MemorySegment dst, long offset, long limit, boolean planDelta) {
        BitWriter out = new BitWriter(dst, offset, limit);
        out.writeVarint(n);
        Scratch scratch = Scratch.get();
        if (planDelta) {
            scratch.planRoom(n, (n + VECTOR - 1) / VECTOR);
            scratch.deltaBits = 0;
        }
        for (int s = 0, k = 0; s < n; s += VECTOR, k++) {
            writeVector(out, v, from + s, Math.min(VECTOR, n - s), scratch, planDelta ? k : -1, s);
        }
        return Trailer.append(dst, offset, out.finish(), limit);
    }

    private static void writeVector(BitWriter out, double[] v, int start, int len, Scratch scratch, int vector,
                                    int at) {
        long[] d = scratch.ints;
        int[] hist = scratch.histogram;
        int ef = AlpSampler.choose(v, start, len);
        int e = ef >>> 8;
        int f = ef & 0xFF;
        long min = Long.MAX_VALUE;
        int ec = 0;
        for (int i = 0; i < len; i++) {
            long x = Alp.encode(v[start + i], e, f);
            d[i] = x;
            if (x == Alp.NOT_EXACT) {
                ec++;
            } else {
                min = Math.min(min, x);
            }
        }
        if (ec == len) {
            min = 0;
        }
        if (vector >= 0) { // ALP delta's plan of the same integers, kept for encodePlanned
            scratch.choices[vector] = ef;
            AlpDeltaCodec.Plan plan = scratch.plans[vector];
            AlpDeltaCodec.plan(d, len, scratch.planDeltas, at, hist, plan);
            System.arraycopy(d, 0, scratch.planInts, at, len);
            scratch.deltaBits += 2 * EXPONENT_BITS + plan.bits;
        }
        Arrays.fill(hist, 0);
        for (int i = 0; i < len; i++) {
            hist[Zigzag.width(packed(d[i], min))]++;
        }
        int w = PatchedBlock.width(PatchedBlock.choose(hist, len, POSITION_BITS));
        int pc = 0;
        int hw = 0;
        for (int i = w + 1; i <= 64; i++) {
            if (hist[i] > 0) {
                pc += hist[i];
                hw = i - w;
            }
        }
        out.write(e, EXPONENT_BITS);
        out.write(f, EXPONENT_BITS);
        out.write(w, PatchedBlock.WIDTH_BITS);
        out.writeVarint(Zigzag.encode(min));
        out.write(pc, COUNT_BITS);
        if (pc > 0) {
            out.write(hw, PatchedBlock.WIDTH_BITS);
        }
        out.write(ec, COUNT_BITS);
        for (int i = 0; i < len; i++) {
            out.write(packed(d[i], min), w);
        }
        if (pc > 0) {
            for (int i = 0; i < len; i++) {
                long u = packed(d[i], min);
                if (Zigzag.width(u) > w) {
                    out.write(i, POSITION_BITS);
                    out.write(u >>> w, hw);
                }
            }
        }
        if (ec > 0) {
            for (int i = 0; i < len; i++) {
                if (d[i] == Alp.NOT_EXACT) {
                    out.write(i, POSITION_BITS);
                    out.write(Double.doubleToRawLongBits(v[start + i]), 64);
                }
            }
        }
    }

    /** What the slot of {@code d} packs: its distance from the minimum, 0 for an exception. */
    private static long packed(long d, long min) {
        return d == Alp.NOT_EXACT ? 0 : d - min;
    }

    /** The number of values in the encoding, without decoding them (no checksum check). */
    public static int count(MemorySegment src, long offset, long length, int maxCount) {
        return new BitReader(src, offset, length, NAME).readCount(maxCount, "count");
    }

    /**
     * Decodes the encoding that occupies exactly {@code [offset, offset + length)} of
     * {@code src} into {@code dst[dstOffset..]}; returns the number of values.
     *
     * @param maxCount the most values the caller accepts (a larger count is corruption); at
     *     most {@code dst.length - dstOffset}
     * @throws io.dendro.error.DendroException {@code CORRUPTION} for any malformed input
     */
    public static int decode(MemorySegment src, long offset, long length, double[] dst, int dstOffset,
                             int maxCount) {
        return decode(src, offset, length, dst, dstOffset, maxCount, true);
    }

    /**
     * Decodes like {@link #decode(MemorySegment, long, long, double[], int, int)}; with
     * {@code verify = false} the trailing CRC32C is not checked (every structural check still
     * is, so malformed input still fails cleanly). For callers that have already verified a
     * checksum covering these bytes, such as Dendro's record CRC32C.
     */
    public static int decode(MemorySegment src, long offset, long length, double[] dst, int dstOffset,
                             int maxCount, boolean verify) {
        Codecs.checkDestination(dst.length, dstOffset, maxCount);
        long body = Codecs.body(src, offset, length, NAME, verify);
        BitReader in = new BitReader(src, offset, body, NAME);
        int n = in.readCount(maxCount, "count");
        for (int s = 0; s < n; s += VECTOR) {
            readVector(in, dst, dstOffset + s, Math.min(VECTOR, n - s));
        }
        in.expectEnd();
        return n;
    }

    private static void readVector(BitReader in, double[] dst, int start, int len) {
        int e = in.readUpTo(EXPONENT_BITS, Pow10.MAX_EXPONENT, "exponent");
        int f = in.readUpTo(EXPONENT_BITS, e, "factor");
        int w = in.readUpTo(PatchedBlock.WIDTH_BITS, 64, "bit width");
        long ref = Zigzag.decode(in.readVarint());
        int pc = in.readUpTo(COUNT_BITS, len, "patch count");
        int hw = 0;
        if (pc > 0) {
            hw = in.readUpTo(PatchedBlock.WIDTH_BITS, 64 - w, "patch width");
            if (hw == 0) {
                throw Corruption.of(NAME, "patches of zero width at bit " + in.position());
            }
        }
        int ec = in.readUpTo(COUNT_BITS, len, "exception count");
        long[] u = Scratch.get().ints;
        in.unpack(u, 0, len, w);
        int prev = -1;
        for (int k = 0; k < pc; k++) {
            int p = position(in, prev, len, "patch");
            prev = p;
            u[p] |= in.read(hw) << w;
        }
        double fe = Pow10.POS[f];
        double ie = Pow10.NEG[e];
        for (int i = 0; i < len; i++) {
            dst[start + i] = (double) (ref + u[i]) * fe * ie;
        }
        prev = -1;
        for (int k = 0; k < ec; k++) {
            int p = position(in, prev, len, "exception");
            prev = p;
            dst[start + p] = Double.longBitsToDouble(in.read(64));
        }
    }

    private static int position(BitReader in, int prev, int len, String what) {
        int p = (int) in.read(POSITION_BITS);
        if (p <= prev || p >= len) {
            throw Corruption.of(NAME, what + " position " + p + " after " + prev + " in a vector of " + len);
        }
        return p;
    }
}
