package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Appends bit fields to a {@link MemorySegment}, least significant bit first: the first field
 * written occupies the low bits of the first byte. Bits are gathered in a 64-bit accumulator
 * and stored as whole little-endian words; {@link #finish()} stores the last partial word,
 * padded with zero bits to a byte boundary.
 *
 * <p>Writing past {@code limit} throws {@link IllegalArgumentException} (the caller sized the
 * destination too small; see each codec's {@code maxEncodedSize}). A writer is a short-lived
 * cursor: one per encode call, never shared.
 */
public final class BitWriter {
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment seg;
    private final long start;
    private final long limit;
    private final boolean soft;
    private boolean full;
    private long pos;     // where the next word goes, buffered words included
    private long acc;
    private int fill;
    /** Whole words not stored yet: stored {@value #WORDS} at a time, one bounds check each time. */
    private final long[] words = new long[WORDS];
    private int buffered;
    private static final int WORDS = 32;

    /** A writer of the bytes {@code [offset, limit)} of {@code seg}. */
    public BitWriter(MemorySegment seg, long offset, long limit) {
        this(seg, offset, limit, false);
    }

    /**
     * A writer that, when {@code soft}, does not throw on reaching {@code limit} but stops
     * storing and reports {@link #full()}: a trial encoding that gives up once it is larger
     * than what it competes with.
     */
    public BitWriter(MemorySegment seg, long offset, long limit, boolean soft) {
        if (offset < 0 || limit < offset || limit > seg.byteSize()) {
            throw new IllegalArgumentException("bad range [" + offset + ", " + limit + ") of a "
                    + seg.byteSize() + "-byte segment");
        }
        this.seg = seg;
        this.start = offset;
        this.limit = limit;
        this.pos = offset;
        this.soft = soft;
    }

    /** True once a soft writer ran out of room; what it wrote is then incomplete. */
    public boolean full() {
        return full;
    }

    /** The low {@code bits} bits of {@code value}, {@code 0 <= bits <= 64}; higher bits are ignored. */
    public void write(long value, int bits) {
        if (bits == 0) {
            return;
        }
        long v = value & (-1L >>> (64 - bits));
        acc |= v << fill;
        int total = fill + bits;
        if (total >= 64) {
            storeWord(acc);
            acc = fill == 0 ? 0 : v >>> (64 - fill);
            fill = total - 64;
        } else {
            fill = total;
        }
    }

    /** One bit: 1 when {@code b}. */
    public void writeBit(boolean b) {
        write(b ? 1 : 0, 1);
    }

    /**
     * An unsigned LEB128 varint in 8-bit groups (7 value bits, then a continuation bit): 1 to
     * 10 groups for a 64-bit value.
     */
    public void writeVarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            write((v & 0x7F) | 0x80, 8);
            v >>>= 7;
        }
        write(v, 8);
    }

    /** Bits written so far, padding excluded. */
    public long bitsWritten() {
        return (pos - start) * 8 + fill;
    }

    /**
     * Stores the pending bits, zero-padded to a byte boundary, and returns the number of bytes
     * written since the offset given at construction (-1 when a soft writer is full). The
     * writer must not be used afterwards.
     */
    public int finish() {
        int bytes = (fill + 7) >>> 3;
        if (full || pos + bytes > limit) {
            if (soft) {
                full = true;
                return -1;
            }
            throw tooSmall();
        }
        flushWords();
        long a = acc;
        for (int i = 0; i < bytes; i++) {
            seg.set(ValueLayout.JAVA_BYTE, pos + i, (byte) a);
            a >>>= 8;
        }
        pos += bytes;
        acc = 0;
        fill = 0;
        return Math.toIntExact(pos - start);
    }

    private void storeWord(long word) {
        if (pos + 8 > limit) {
            if (soft) {
                full = true;
                return;
            }
            throw tooSmall();
        }
        words[buffered++] = word;
        pos += 8;
        if (buffered == WORDS) {
            flushWords();
        }
    }

    private void flushWords() {
        if (buffered > 0) {
            MemorySegment.copy(words, 0, seg, I64, pos - 8L * buffered, buffered);
            buffered = 0;
        }
    }

    private IllegalArgumentException tooSmall() {
        return new IllegalArgumentException("destination too small: " + (limit - start)
                + " bytes from offset " + start);
    }
}
