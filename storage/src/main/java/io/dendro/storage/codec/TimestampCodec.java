package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;

/**
 * Timestamps: delta-of-delta, bit-packed in blocks of 128 with patched exceptions.
 *
 * <p>Layout (a {@link BitWriter} bit stream, least significant bit first, then the
 * {@link Trailer}; {@code d[i] = t[i] - t[i-1]} and all arithmetic is modulo 2^64, so any
 * {@code long[]} round-trips, sorted or not):
 * <pre>
 * n            varint
 * t[0]         64 bits                       (n &gt;= 1)
 * d[1]         varint of zigzag(d[1])        (n &gt;= 2)
 * irregular    1 bit; 0: every d[i] equals d[1], nothing follows    (n &gt;= 3)
 * blocks of the points 2..n-1, 128 per block (the last may be shorter), each:
 *   mode       1 bit; 0: v[i] = zigzag(d[i] - d[i-1]), 1: v[i] = d[i]
 *   w          7 bits, 0..64: bits of each packed value
 *   rw         7 bits, 0..64, then ref in rw bits: v[i] = ref + u[i]
 *   ec         8 bits, 0..len: exceptions
 *   hw         7 bits, 1..64-w (only when ec &gt; 0)
 *   u[i] low   len x w bits
 *   exceptions ec x (position 7 bits, high hw bits): u[position] |= high &lt;&lt; w;
 *              positions strictly increasing, &lt; len
 * padding to a byte, CRC32C (4 bytes)
 * </pre>
 * Regular sampling costs nothing per point (19 bytes for a whole leaf at 120 Hz); jitter costs
 * the bits of its spread; a rare gap costs one or two exceptions, not a wider block. Each block
 * takes whichever mode is smaller: delta-of-delta wins when the period drifts, plain deltas
 * against the block's minimum win on jitter around a fixed period (half the spread).
 */
public final class TimestampCodec {
    /** Points per block; positions inside a block take 7 bits. */
    static final int BLOCK = 128;
    static final int POSITION_BITS = 7;
    static final String NAME = "timestamp";

    private TimestampCodec() {
    }

    /** Bytes that always suffice for {@code n} timestamps. */
    public static int maxEncodedSize(int n) {
        long blocks = (n + BLOCK - 1) / BLOCK;
        return Math.toIntExact(32 + blocks * (BLOCK * 8L + 16) + Trailer.BYTES);
    }

    /**
     * Encodes {@code times[from, from + n)} into {@code dst} at {@code offset}, using at most
     * {@code dst.byteSize() - offset} bytes; returns the encoding's length.
     *
     * @throws IllegalArgumentException if the destination is too small
     */
    public static int encode(long[] times, int from, int n, MemorySegment dst, long offset) {
        return encode(times, from, n, dst, offset, dst.byteSize());
    }

    static int encode(long[] t, int from, int n, MemorySegment dst, long offset, long limit) {
        BitWriter out = new BitWriter(dst, offset, limit);
        out.writeVarint(n);
        if (n >= 1) {
            out.write(t[from], 64);
        }
        if (n >= 2) {
            out.writeVarint(Zigzag.encode(t[from + 1] - t[from]));
        }
        if (n >= 3) {
            boolean regular = true;
            long d1 = t[from + 1] - t[from];
            for (int i = from + 2; i < from + n && regular; i++) {
                regular = t[i] - t[i - 1] == d1;
            }
            out.writeBit(!regular);
            if (!regular) {
                Scratch scratch = Scratch.get();
                for (int b = 2; b < n; b += BLOCK) {
                    TimestampBlocks.write(out, t, from + b, Math.min(BLOCK, n - b), scratch);
                }
            }
        }
        return Trailer.append(dst, offset, out.finish(), limit);
    }

    /**
     * The number of timestamps in the encoding at {@code [offset, offset + length)}, without
     * decoding them (the checksum is not verified).
     */
    public static int count(MemorySegment src, long offset, long length, int maxCount) {
        return new BitReader(src, offset, length, NAME).readCount(maxCount, "count");
    }

    /**
     * Decodes the encoding that occupies exactly {@code [offset, offset + length)} of
     * {@code src} into {@code dst[dstOffset..]}; returns the number of timestamps.
     *
     * @param maxCount the most timestamps the caller accepts; a larger count is corruption.
     *     Must not exceed {@code dst.length - dstOffset}.
     * @throws io.dendro.error.DendroException {@code CORRUPTION} for any malformed input
     */
    public static int decode(MemorySegment src, long offset, long length, long[] dst, int dstOffset,
                             int maxCount) {
        return decode(src, offset, length, dst, dstOffset, maxCount, true);
    }

    /**
     * Decodes like {@link #decode(MemorySegment, long, long, long[], int, int)}; with
     * {@code verify = false} the trailing CRC32C is not checked (every structural check still
     * is, so malformed input still fails cleanly). For callers that have already verified a
     * checksum covering these bytes, such as Dendro's record CRC32C.
     */
    public static int decode(MemorySegment src, long offset, long length, long[] dst, int dstOffset,
                             int maxCount, boolean verify) {
        return decode(src, offset, length, dst, dstOffset, maxCount, verify, false, 0);
    }

    /**
     * Decodes the timestamps only as far as needed to place {@code stopAt}: stops after the
     * block holding the first timestamp {@code >= stopAt} (or at the end); returns how many it
     * decoded, a prefix of the {@code n} the encoding holds. For callers that have verified a
     * checksum over these bytes (the trailing CRC32C and what follows the prefix are not
     * checked). Every timestamp below the returned count is the one {@link #decode} gives, and
     * whenever the count is short of {@code n}, the last of them is {@code >= stopAt}.
     */
    public static int decodePrefix(MemorySegment src, long offset, long length, long[] dst, int dstOffset,
                                   int maxCount, long stopAt) {
        return decode(src, offset, length, dst, dstOffset, maxCount, false, true, stopAt);
    }

    /**
     * How many of the encoded timestamps, which must be nondecreasing and exactly {@code count}
     * of them, are {@code < t}. A regular encoding (one period) is answered from its header,
     * decoding nothing; any other decodes the prefix that places {@code t} into
     * {@code dst[dstOffset..]} (as {@link #decodePrefix}) and searches it. Like
     * {@link #decodePrefix}, for callers that have verified a checksum over these bytes.
     *
     * @throws io.dendro.error.DendroException {@code CORRUPTION} when the encoding does not hold
     *     {@code count} timestamps (as far as it is read), or for malformed input
     */
    public static int countBelow(MemorySegment src, long offset, long length, long[] dst, int dstOffset,
                                 int count, long t) {
        int below = regularCountBelow(src, offset, length, count, t);
        return below >= 0 ? below : countBelowDecoding(src, offset, length, dst, dstOffset, count, t);
    }

    /**
     * {@link #countBelow} when the header alone tells (fewer than three timestamps, a regular
     * encoding, or a first timestamp {@code >= t}); -1 when only a decode can.
     */
    public static int regularCountBelow(MemorySegment src, long offset, long length, int count, long t) {
        long body = Codecs.body(src, offset, length, NAME, false);
        BitReader in = new BitReader(src, offset, body, NAME);
        int n = in.readCount(count, "count");
        if (n != count) {
            throw Corruption.of(NAME, "holds " + n + " timestamps, not the " + count + " expected");
        }
        if (n == 0) {
            return 0;
        }
        long t0 = in.read(64);
        if (n == 1 || t0 >= t) {
            return t0 < t ? 1 : 0;
        }
        long d1 = Zigzag.decode(in.readVarint());
        if (n == 2) {
            return t0 + d1 < t ? 2 : 1;
        }
        if (in.readBit() || d1 < 0) {
            return -1;
        }
        if (d1 == 0) { // t0 + i * d1, and t0 < t
            return n;
        }
        long below = Long.divideUnsigned(t - t0 - 1, d1) + 1; // t - t0 in (0, 2^64): unsigned
        return Long.compareUnsigned(below, n) >= 0 ? n : (int) below;
    }

    /** {@link #countBelow} of an irregular encoding: decodes the prefix that places {@code t}. */
    private static int countBelowDecoding(MemorySegment src, long offset, long length, long[] dst, int dstOffset,
                                          int n, long t) {
        Codecs.checkDestination(dst.length, dstOffset, n);
        int got = decodePrefix(src, offset, length, dst, dstOffset, n, t);
        if (got < n && (got == 0 || dst[dstOffset + got - 1] < t)) {
            throw Corruption.of(NAME, "a prefix of " + got + " of " + n + " timestamps stops before " + t);
        }
        int lo = dstOffset;
        int hi = dstOffset + got;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (dst[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - dstOffset;
    }

    /** Both decoders: the whole encoding, or ({@code prefix}) as far as {@code stopAt} needs. */
    private static int decode(MemorySegment src, long offset, long length, long[] dst, int dstOffset,
                              int maxCount, boolean verify, boolean prefix, long stopAt) {
        Codecs.checkDestination(dst.length, dstOffset, maxCount);
        long body = Codecs.body(src, offset, length, NAME, verify);
        BitReader in = new BitReader(src, offset, body, NAME);
        int n = in.readCount(maxCount, "count");
        if (n >= 1) {
            dst[dstOffset] = in.read(64);
        }
        if (n >= 2) {
            long d1 = Zigzag.decode(in.readVarint());
            dst[dstOffset + 1] = dst[dstOffset] + d1;
            if (n >= 3) {
                if (in.readBit()) {
                    long d = d1;
                    for (int b = 2; b < n; b += BLOCK) {
                        if (prefix && dst[dstOffset + b - 1] >= stopAt) {
                            return b;
                        }
                        d = TimestampBlocks.read(in, dst, dstOffset + b, Math.min(BLOCK, n - b), d);
                    }
                } else { // one period (a prefix: up to the first time >= stopAt)
                    int end = n;
                    if (prefix && d1 > 0) {
                        long past = stopAt - dst[dstOffset + 1]; // times lie within +-2^62: no overflow
                        end = past <= 0 ? 2 : (int) Math.min(n, (past + d1 - 1) / d1 + 2);
                    }
                    long t = dst[dstOffset + 1];
                    for (int i = dstOffset + 2; i < dstOffset + end; i++) {
                        t += d1;
                        dst[i] = t;
                    }
                    if (end < n) {
                        return end;
                    }
                }
            }
        }
        if (!prefix) {
            in.expectEnd();
        }
        return n;
    }
}
