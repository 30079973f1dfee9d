package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;

/**
 * Values: XOR with an earlier value, in the manner of Chimp128 (Liakos, Papakonstantinopoulou,
 * Kotidis, VLDB 2022), the fallback for doubles that are not short decimals.
 *
 * <p>Each value is XORed with the previous one, or with one of the previous 128 whose low
 * {@value #HASH_BITS} bits are equal (found through a hash table), when that leaves more than
 * {@value #THRESHOLD} trailing zero bits. Layout (a {@link BitWriter} bit stream, then the
 * {@link Trailer}); {@code x = v[i] ^ v[j]} on the raw bits:
 * <pre>
 * n            varint
 * v[0]         64 bits                                 (n &gt;= 1)
 * then per value, a 2-bit flag:
 *   00  idx 7 bits                                     v[i] = v[i-1-idx]
 *   01  idx 7 bits, lead 3 bits, sig 6 bits, sig bits  x with v[i-1-idx] is the sig bits
 *                                                      shifted left by 64-lead-sig
 *   10  64-lead bits                                   x with v[i-1], lead as last time
 *   11  lead 3 bits, 64-lead bits                      x with v[i-1]
 * padding to a byte, CRC32C (4 bytes)
 * </pre>
 * {@code lead} codes 0..7 stand for 0, 8, 12, 16, 18, 20, 22, 24 leading zero bits (the
 * count rounded down to one of them). Flag 10 reuses the lead of the last 11 and is invalid
 * after a 00 or 01 or at the start. Any 64-bit pattern round-trips, NaN payloads included.
 */
public final class XorCodec {
    /** Previous values a value may refer to (7-bit index). */
    static final int WINDOW = 128;
    /** Low bits of a value that key the table of recent values: log2(WINDOW) + 7. */
    static final int HASH_BITS = 14;
    /** Trailing zeros above which the hashed reference is worth its index: 6 + log2(WINDOW). */
    static final int THRESHOLD = 13;
    static final String NAME = "XOR";
    private static final int[] LEAD_CODE_TO_BITS = {0, 8, 12, 16, 18, 20, 22, 24};
    private static final byte[] LEAD_ROUND = new byte[65];
    private static final byte[] LEAD_CODE = new byte[65];
    /** "No previous lead": flag 10 is invalid. */
    private static final int NO_LEAD = 65;

    static {
        for (int lz = 0; lz <= 64; lz++) {
            int code = 0;
            while (code + 1 < LEAD_CODE_TO_BITS.length && LEAD_CODE_TO_BITS[code + 1] <= lz) {
                code++;
            }
            LEAD_CODE[lz] = (byte) code;
            LEAD_ROUND[lz] = (byte) LEAD_CODE_TO_BITS[code];
        }
    }

    private XorCodec() {
    }

    /** Bytes that always suffice for {@code n} values (at most 69 bits per value). */
    public static int maxEncodedSize(int n) {
        return Math.toIntExact(16 + (n * 69L + 7) / 8 + Trailer.BYTES);
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
     * With {@code trial}, gives up and returns -1 as soon as the encoding would pass
     * {@code limit} (the facade's bound: the size to beat).
     */
    static int encode(double[] v, int from, int n, MemorySegment dst, long offset, long limit, boolean trial) {
        BitWriter out = new BitWriter(dst, offset, limit - Trailer.BYTES, trial);
        out.writeVarint(n);
        if (n >= 1) {
            int[] recent = Scratch.get().recent;
            int mask = (1 << HASH_BITS) - 1;
            long first = Double.doubleToRawLongBits(v[from]);
            out.write(first, 64);
            recent[(int) first & mask] = 0;
            int storedLead = NO_LEAD;
            for (int i = 1; i < n && !out.full(); i++) {
                long bits = Double.doubleToRawLongBits(v[from + i]);
                int key = (int) bits & mask;
                int c = recent[key];
                int back = 0; // i - 1 - the index of the reference
                long x = bits ^ Double.doubleToRawLongBits(v[from + i - 1]);
                if (x != 0 && c >= 0 && c < i - 1 && i - c <= WINDOW) {
                    long cx = bits ^ Double.doubleToRawLongBits(v[from + c]);
                    if (Long.numberOfTrailingZeros(cx) > THRESHOLD) {
                        back = i - 1 - c;
                        x = cx;
                    }
                }
                int trailing = Long.numberOfTrailingZeros(x);
                recent[key] = i;
                if (x == 0) {
                    out.write(back << 2, 9); // flag 00 in the low bits, then idx
                    storedLead = NO_LEAD;
                    continue;
                }
                int lz = Long.numberOfLeadingZeros(x);
                int lead = LEAD_ROUND[lz];
                if (trailing > THRESHOLD) {
                    int sig = 64 - lead - trailing;
                    out.write(1 | back << 2 | LEAD_CODE[lz] << 9 | sig << 12, 18);
                    out.write(x >>> trailing, sig);
                    storedLead = NO_LEAD;
                } else if (lead == storedLead) {
                    out.write(2, 2);
                    out.write(x, 64 - lead);
                } else {
                    storedLead = lead;
                    out.write(3 | LEAD_CODE[lz] << 2, 5);
                    out.write(x, 64 - lead);
                }
            }
        }
        int body = out.finish();
        return body < 0 ? -1 : Trailer.append(dst, offset, body, limit);
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
        if (n >= 1) {
            long prev = in.read(64);
            dst[dstOffset] = Double.longBitsToDouble(prev);
            int storedLead = NO_LEAD;
            for (int i = 1; i < n; i++) {
                long head = in.peek(18); // flag 2, idx 7, lead 3, sig 6: the longest header
                int flag = (int) head & 3;
                long bits;
                if (flag < 2) {
                    int back = (int) (head >>> 2) & 0x7F;
                    if (back >= i) {
                        throw Corruption.of(NAME, "value " + i + " refers " + (back + 1) + " values back");
                    }
                    long ref = Double.doubleToRawLongBits(dst[dstOffset + i - 1 - back]);
                    if (flag == 0) {
                        in.skip(9);
                        bits = ref;
                    } else {
                        int lead = LEAD_CODE_TO_BITS[(int) (head >>> 9) & 7];
                        int sig = (int) (head >>> 12) & 0x3F;
                        if (sig == 0 || lead + sig > 64) {
                            throw Corruption.of(NAME, "value " + i + " has " + sig + " significant bits after "
                                    + lead + " leading zeros");
                        }
                        in.skip(18);
                        bits = ref ^ in.read(sig) << (64 - lead - sig);
                    }
                    storedLead = NO_LEAD;
                } else {
                    if (flag == 3) {
                        storedLead = LEAD_CODE_TO_BITS[(int) (head >>> 2) & 7];
                        in.skip(5);
                    } else if (storedLead == NO_LEAD) {
                        throw Corruption.of(NAME, "value " + i + " reuses a leading-zero count that was never set");
                    } else {
                        in.skip(2);
                    }
                    bits = prev ^ in.read(64 - storedLead);
                }
                prev = bits;
                dst[dstOffset + i] = Double.longBitsToDouble(bits);
            }
        }
        in.expectEnd();
        return n;
    }
}
