package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Reads the bit fields a {@link BitWriter} wrote, from the bytes {@code [offset, offset +
 * length)} of a segment and never outside them. Every read is bounds-checked: asking for a
 * bit past the end throws a {@code CORRUPTION} {@link io.dendro.error.DendroException} naming
 * the codec, so a decoder never sees an {@link IndexOutOfBoundsException}.
 *
 * <p>The fast path loads one unaligned little-endian word (plus one byte when the field
 * straddles it); only the last 8 bytes of the range take the byte-by-byte path.
 */
public final class BitReader {
    private final MemorySegment seg;
    private final long base;
    private final long end;
    private final long endBit;
    private final String codec;
    private long bit;

    /**
     * A reader of {@code [offset, offset + length)} of {@code seg}; {@code codec} names the
     * encoding in corruption messages. The range must lie inside the segment (a caller error
     * otherwise, {@link IllegalArgumentException}).
     */
    public BitReader(MemorySegment seg, long offset, long length, String codec) {
        if (offset < 0 || length < 0 || offset > seg.byteSize() - length) {
            throw new IllegalArgumentException("bad range [" + offset + ", +" + length + ") of a "
                    + seg.byteSize() + "-byte segment");
        }
        this.seg = seg;
        this.base = offset;
        this.end = offset + length;
        this.endBit = length * 8;
        this.codec = codec;
    }

    /** The next {@code bits} bits, {@code 0 <= bits <= 64}, as an unsigned value. */
    public long read(int bits) {
        if (bits == 0) {
            return 0;
        }
        long b = bit;
        if (b + bits > endBit) {
            throw pastEnd(1, bits);
        }
        bit = b + bits;
        long at = base + (b >>> 3);
        int sh = (int) (b & 7);
        long v;
        if (at + 8 <= end) {
            v = seg.get(BitWriter.I64, at) >>> sh;
            if (sh + bits > 64) {
                v |= (seg.get(ValueLayout.JAVA_BYTE, at + 8) & 0xFFL) << (64 - sh);
            }
        } else {
            v = 0;
            int got = 0;
            for (long p = at; p < end && got - sh < bits; p++, got += 8) {
                v |= (seg.get(ValueLayout.JAVA_BYTE, p) & 0xFFL) << got;
            }
            v >>>= sh;
        }
        return v & (-1L >>> (64 - bits));
    }

    /**
     * Reads {@code count} fields of {@code bits} bits each into {@code dst[offset..]}, as
     * unsigned values; the same as {@code count} calls of {@link #read} but checked once and,
     * away from the last 9 bytes, one unaligned load per field.
     */
    public void unpack(long[] dst, int offset, int count, int bits) {
        if (bits == 0) {
            Arrays.fill(dst, offset, offset + count, 0L);
            return;
        }
        long b = bit;
        long total = (long) count * bits;
        if (b + total > endBit) {
            throw pastEnd(count, bits);
        }
        // fields whose 9-byte window lies inside the range take the fast loop
        long slack = (end - base - 9) * 8 + 7 - b; // the last start bit of such a field, from b
        int fast = slack < 0 ? 0 : (int) Math.min(count, slack / bits + 1);
        long mask = -1L >>> (64 - bits);
        int i = offset;
        if (bits <= 56) {
            for (; i < offset + fast; i++, b += bits) {
                dst[i] = seg.get(BitWriter.I64, base + (b >>> 3)) >>> (b & 7) & mask;
            }
        } else {
            for (; i < offset + fast; i++, b += bits) {
                long at = base + (b >>> 3);
                int sh = (int) (b & 7);
                long v = seg.get(BitWriter.I64, at) >>> sh;
                if (sh + bits > 64) {
                    v |= (seg.get(ValueLayout.JAVA_BYTE, at + 8) & 0xFFL) << (64 - sh);
                }
                dst[i] = v & mask;
            }
        }
        bit = b;
        for (; i < offset + count; i++) {
            dst[i] = read(bits);
        }
    }

    private RuntimeException pastEnd(int count, int bits) {
        return Corruption.of(codec, count + " field(s) of " + bits + " bits at bit " + bit + " run past the end ("
                + endBit + " bits)");
    }

    /**
     * The next {@code bits} bits ({@code <= 56}) without consuming them; bits past the end
     * read as zeros (a following {@link #skip} or {@link #read} checks the bounds).
     */
    public long peek(int bits) {
        long b = bit;
        long at = base + (b >>> 3);
        long v;
        if (at + 8 <= end) {
            v = seg.get(BitWriter.I64, at) >>> (b & 7);
        } else {
            v = 0;
            for (long p = at, got = 0; p < end; p++, got += 8) {
                v |= (seg.get(ValueLayout.JAVA_BYTE, p) & 0xFFL) << got;
            }
            v >>>= b & 7;
        }
        return v & (-1L >>> (64 - bits));
    }

    /** Consumes {@code bits} bits. */
    public void skip(int bits) {
        if (bit + bits > endBit) {
            throw pastEnd(1, bits);
        }
        bit += bits;
    }

    /** One bit. */
    public boolean readBit() {
        return read(1) != 0;
    }

    /** A bit field that must not exceed {@code max}; {@code what} names it in the error. */
    public int readUpTo(int bits, int max, String what) {
        long v = read(bits);
        if (v > max) {
            throw Corruption.of(codec, what + " " + v + " exceeds " + max + " at bit " + (bit - bits));
        }
        return (int) v;
    }

    /** An unsigned LEB128 varint as {@link BitWriter#writeVarint} wrote it (at most 10 groups). */
    public long readVarint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            long g = read(8);
            if (shift == 63 && g > 1) {
                throw Corruption.of(codec, "varint longer than 64 bits at bit " + (bit - 8));
            }
            v |= (g & 0x7F) << shift;
            if ((g & 0x80) == 0) {
                return v;
            }
        }
        throw Corruption.of(codec, "varint longer than 10 bytes at bit " + (bit - 8));
    }

    /** A count written as a varint, which must lie in {@code [0, max]}. */
    public int readCount(int max, String what) {
        long v = readVarint();
        if (v < 0 || v > max) {
            throw Corruption.of(codec, what + " " + Long.toUnsignedString(v) + " exceeds the maximum " + max);
        }
        return (int) v;
    }

    /** Bits consumed so far. */
    public long position() {
        return bit;
    }

    /** Bits left before the end of the range. */
    public long remaining() {
        return endBit - bit;
    }

    /**
     * Checks that only zero padding (fewer than 8 bits) remains, so that a decoder consumed
     * exactly the bytes it was given.
     */
    public void expectEnd() {
        long left = endBit - bit;
        if (left >= 8) {
            throw Corruption.of(codec, (left / 8) + " trailing bytes after the last field");
        }
        if (left > 0 && read((int) left) != 0) {
            throw Corruption.of(codec, "non-zero padding bits");
        }
    }

    /** The codec name, for decoders' own error messages. */
    public String codec() {
        return codec;
    }
}
