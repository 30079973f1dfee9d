package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;

/**
 * Values stored as they are, the bound the best-of choice never exceeds.
 * <pre>
 * n            varint
 * v[i]         n x 64 raw bits (little-endian doubles, byte-aligned after the varint)
 * CRC32C (4 bytes)
 * </pre>
 */
public final class RawCodec {
    static final String NAME = "raw";

    private RawCodec() {
    }

    /** The exact size of {@code n} values. */
    public static int encodedSize(int n) {
        return Math.toIntExact(varintBytes(n) + 8L * n + Trailer.BYTES);
    }

    static int varintBytes(long v) {
        return Math.max(1, (Zigzag.width(v) + 6) / 7);
    }

    /** Encodes {@code values[from, from + n)}; returns the encoding's length. */
    public static int encode(double[] values, int from, int n, MemorySegment dst, long offset) {
        return encode(values, from, n, dst, offset, dst.byteSize());
    }

    static int encode(double[] v, int from, int n, MemorySegment dst, long offset, long limit) {
        BitWriter out = new BitWriter(dst, offset, limit);
        out.writeVarint(n);
        for (int i = from; i < from + n; i++) {
            out.write(Double.doubleToRawLongBits(v[i]), 64);
        }
        return Trailer.append(dst, offset, out.finish(), limit);
    }

    /** Decodes like {@link AlpCodec#decode}. */
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
        if (in.remaining() != 64L * n) {
            throw Corruption.of(NAME, n + " values in " + in.remaining() / 8 + " bytes");
        }
        for (int i = dstOffset; i < dstOffset + n; i++) {
            dst[i] = Double.longBitsToDouble(in.read(64));
        }
        in.expectEnd();
        return n;
    }
}
