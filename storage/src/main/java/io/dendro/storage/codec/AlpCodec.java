package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;

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
 *   ec         11 bits, 0..len: exceptions
 *   d[i]       len x w bits of d[i] - ref; an exception's slot holds 0 (so that it does not
 *              widen w) and the decoder overwrites it
 *   exceptions ec x (position 10 bits, value 64 raw bits); positions strictly increasing, &lt; len
 * padding to a byte, CRC32C (4 bytes)
 * </pre>
 * Value {@code i} decodes to {@code (double) (ref + d[i]) · 10^f · 10^-e}, or to its exception.
 * Every double round-trips bit for bit: what is not exact ({@code -0.0}, subnormals, NaN,
 * infinities, too many decimals) is an exception kept raw, at 74 bits each.
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
        return Math.toIntExact(8 + vectors * 16 + n * 18L + Trailer.BYTES);
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
        BitWriter out = new BitWriter(dst, offset, limit);
        out.writeVarint(n);
        long[] d = Scratch.get().ints;
        for (int s = 0; s < n; s += VECTOR) {
            writeVector(out, v, from + s, Math.min(VECTOR, n - s), d);
        }
        return Trailer.append(dst, offset, out.finish(), limit);
    }

    private static void writeVector(BitWriter out, double[] v, int start, int len, long[] d) {
        int ef = AlpSampler.choose(v, start, len);
        int e = ef >>> 8;
        int f = ef & 0xFF;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int ec = 0;
        for (int i = 0; i < len; i++) {
            long x = Alp.encode(v[start + i], e, f);
            d[i] = x;
            if (x == Alp.NOT_EXACT) {
                ec++;
            } else {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        if (min > max) {
            min = 0;
            max = 0;
        }
        int w = Zigzag.width(max - min);
        out.write(e, EXPONENT_BITS);
        out.write(f, EXPONENT_BITS);
        out.write(w, PatchedBlock.WIDTH_BITS);
        out.writeVarint(Zigzag.encode(min));
        out.write(ec, COUNT_BITS);
        for (int i = 0; i < len; i++) {
            long x = d[i];
            out.write(x == Alp.NOT_EXACT ? 0 : x - min, w);
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

    static int decode(MemorySegment src, long offset, long length, double[] dst, int dstOffset,
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
        int ec = in.readUpTo(COUNT_BITS, len, "exception count");
        double fe = Pow10.POS[f];
        double ie = Pow10.NEG[e];
        for (int i = start; i < start + len; i++) {
            dst[i] = (double) (ref + in.read(w)) * fe * ie;
        }
        int prev = -1;
        for (int k = 0; k < ec; k++) {
            int p = (int) in.read(POSITION_BITS);
            if (p <= prev || p >= len) {
                throw Corruption.of(NAME, "exception position " + p + " after " + prev + " in a vector of " + len);
            }
            prev = p;
            dst[start + p] = Double.longBitsToDouble(in.read(64));
        }
    }
}
