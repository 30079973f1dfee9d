package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The values of a leaf, encoded with whichever of {@link AlpCodec}, {@link AlpDeltaCodec},
 * {@link XorCodec} and {@link RawCodec} is smallest for them:
 * <pre>
 * tag          1 byte: {@link ValueCodec#tag()}
 * encoding     that codec's encoding (ending in its own CRC32C)
 * </pre>
 * The choice is made by encoding with ALP and keeping the smallest (ties: ALP, then ALP delta,
 * then XOR, then raw; raw's size is known without encoding). ALP's pass also plans ALP delta's
 * fields for the same integers, which gives its exact size: it is encoded only when strictly
 * smaller than ALP. XOR is skipped when the best so far is already at or below XOR's floor of
 * 9 bits per value (a repeat costs 9 bits in Chimp128), and otherwise gives up as soon as it has
 * written as many bytes as the best so far, so decimal leaves pay for only part of an XOR
 * encoding.
 */
public final class ValueCodecs {
    private ValueCodecs() {
    }

    /** Bytes that always suffice for {@link #encodeBest} of {@code n} values. */
    public static int maxEncodedSize(int n) {
        return 1 + RawCodec.encodedSize(n);
    }

    /**
     * Encodes {@code values[from, from + n)} with the smallest codec into {@code dst} at
     * {@code offset}; returns the encoding's length, tag included.
     *
     * @throws IllegalArgumentException if the destination is too small
     */
    public static int encodeBest(double[] values, int from, int n, MemorySegment dst, long offset) {
        int raw = RawCodec.encodedSize(n);
        Scratch scratch = Scratch.get();
        MemorySegment trial = scratch.trial((long) AlpCodec.maxEncodedSize(n) + AlpDeltaCodec.maxEncodedSize(n)
                + XorCodec.maxEncodedSize(n));
        int alp = AlpCodec.encode(values, from, n, trial, 0, trial.byteSize(), true);
        ValueCodec best = ValueCodec.ALP;
        long bestAt = 0;
        int bestSize = alp;
        long next = alp;
        long planned = RawCodec.varintBytes(n) + (scratch.deltaBits + 7) / 8 + Trailer.BYTES;
        if (planned < bestSize) {
            int delta = AlpDeltaCodec.encodePlanned(values, from, n, trial, next, trial.byteSize());
            best = ValueCodec.ALP_DELTA;
            bestAt = next;
            bestSize = delta;
            next += delta;
        }
        if (bestSize > xorFloor(n)) { // XOR gives up as soon as it cannot be smaller than the best so far
            int xor = XorCodec.encode(values, from, n, trial, next, Math.min(next + bestSize - 1, trial.byteSize()), true);
            if (xor >= 0 && xor < bestSize) {
                best = ValueCodec.XOR;
                bestAt = next;
                bestSize = xor;
            }
        }
        if (raw < bestSize) {
            return encode(ValueCodec.RAW, values, from, n, dst, offset);
        }
        if (offset + 1 + bestSize > dst.byteSize()) {
            throw new IllegalArgumentException("destination too small: " + (dst.byteSize() - offset)
                    + " bytes for " + (1 + bestSize));
        }
        dst.set(ValueLayout.JAVA_BYTE, offset, (byte) best.tag());
        MemorySegment.copy(trial, bestAt, dst, offset + 1, bestSize);
        return 1 + bestSize;
    }

    /** The fewest bytes an XOR encoding of {@code n} values can take. */
    static long xorFloor(int n) {
        return n == 0 ? 0 : RawCodec.varintBytes(n) + 8 + (9L * (n - 1)) / 8 + Trailer.BYTES;
    }

    /** Encodes with the given codec, tag byte first; returns the length, tag included. */
    public static int encode(ValueCodec codec, double[] values, int from, int n, MemorySegment dst, long offset) {
        if (offset + 1 > dst.byteSize()) {
            throw new IllegalArgumentException("destination too small");
        }
        dst.set(ValueLayout.JAVA_BYTE, offset, (byte) codec.tag());
        return 1 + switch (codec) {
            case ALP -> AlpCodec.encode(values, from, n, dst, offset + 1);
            case XOR -> XorCodec.encode(values, from, n, dst, offset + 1);
            case RAW -> RawCodec.encode(values, from, n, dst, offset + 1);
            case ALP_DELTA -> AlpDeltaCodec.encode(values, from, n, dst, offset + 1);
        };
    }

    /** The codec of the encoding at {@code [offset, offset + length)}. */
    public static ValueCodec codec(MemorySegment src, long offset, long length) {
        Codecs.body(src, offset, length, "value", false);
        int tag = src.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
        ValueCodec c = ValueCodec.ofTag(tag);
        if (c == null) {
            throw Corruption.of("value", "unknown codec tag " + tag);
        }
        return c;
    }

    /** The number of values in the encoding, without decoding them (no checksum check). */
    public static int count(MemorySegment src, long offset, long length, int maxCount) {
        codec(src, offset, length);
        return new BitReader(src, offset + 1, length - 1, "value").readCount(maxCount, "count");
    }

    /**
     * Decodes an encoding of {@link #encodeBest} or {@link #encode} that occupies exactly
     * {@code [offset, offset + length)} of {@code src} into {@code dst[dstOffset..]}; returns
     * the number of values.
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
        ValueCodec c = codec(src, offset, length);
        return switch (c) {
            case ALP -> AlpCodec.decode(src, offset + 1, length - 1, dst, dstOffset, maxCount, verify);
            case XOR -> XorCodec.decode(src, offset + 1, length - 1, dst, dstOffset, maxCount, verify);
            case RAW -> RawCodec.decode(src, offset + 1, length - 1, dst, dstOffset, maxCount, verify);
            case ALP_DELTA -> AlpDeltaCodec.decode(src, offset + 1, length - 1, dst, dstOffset, maxCount, verify);
        };
    }
}
