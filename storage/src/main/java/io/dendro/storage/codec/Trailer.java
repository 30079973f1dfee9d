package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The 4-byte trailer every encoding ends with: the CRC32C of all the encoding's bytes before
 * it, little-endian.
 *
 * <p>Why a checksum inside a pure codec: bit-packed data has no redundancy, so a flipped bit in
 * a packed field decodes to a different but well-formed value. The structural checks of each
 * decoder catch what they can; the checksum makes "the exact original or a {@code CORRUPTION}
 * error" hold for every input. It costs 32 bits per encoding (0.03 bits per value in a full
 * 1,024-point leaf) and runs at memory speed (the JDK's CRC32C is an intrinsic).
 *
 * <p>Segments must be native, mapped or backed by a {@code byte[]} (the JDK computes CRC32C
 * over {@link java.nio.ByteBuffer} views).
 */
final class Trailer {
    static final int BYTES = Integer.BYTES;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Trailer() {
    }

    static int crc(MemorySegment seg, long offset, long length) {
        CRC32C c = new CRC32C();
        c.update(seg.asSlice(offset, length).asByteBuffer());
        return (int) c.getValue();
    }

    /** Appends the checksum of {@code [offset, offset + bodyLength)}; returns the total length. */
    static int append(MemorySegment seg, long offset, int bodyLength, long limit) {
        if (offset + bodyLength + BYTES > limit) {
            throw new IllegalArgumentException("destination too small for the checksum");
        }
        seg.set(I32, offset + bodyLength, crc(seg, offset, bodyLength));
        return bodyLength + BYTES;
    }

    /**
     * Checks the trailer of the encoding {@code [offset, offset + length)} and returns the
     * length of its body.
     */
    static long verify(MemorySegment seg, long offset, long length, String codec) {
        if (length < BYTES) {
            throw Corruption.of(codec, "only " + length + " bytes, shorter than the checksum");
        }
        long body = length - BYTES;
        int stored = seg.get(I32, offset + body);
        int actual = crc(seg, offset, body);
        if (stored != actual) {
            throw Corruption.of(codec, "checksum mismatch: stored " + Integer.toHexString(stored)
                    + ", computed " + Integer.toHexString(actual) + " over " + body + " bytes");
        }
        return body;
    }
}
