package io.dendro.tree;

import io.dendro.storage.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * A leaf (format 3: compressed columns; format 7: an optional column of point payloads).
 * Points are sorted by time; points that share a time keep their insertion order.
 * <pre>
 * | kind u8 = 2 | valueKind u8 | pointwidth u8 | flags u8 | count u32 |
 * | start i64 |
 * | timesLength u32 | valuesLength u32 |
 * | times: TimestampCodec encoding [timesLength] | values: ValueCodecs encoding [valuesLength] |
 * | payloads: DocumentColumn [rest of the payload] (only when flags &amp; PAYLOADS) |
 * </pre>
 * The codecs (io.dendro.storage.codec, docs/design/codecs.md) carry their own counts, which must
 * equal {@code count}. Until format 6 byte 3 and bytes 20..23 were reserved and zero: a leaf
 * without {@link #PAYLOADS} keeps its values up to the payload's end and its {@code valuesLength}
 * is 0, so every older leaf reads as a format-7 leaf without payloads. With {@link #PAYLOADS},
 * the column holds one entry per point, empty for a point without a payload
 * (docs/format/leaf.md).
 */
public final class LeafLayout {
    public static final int KIND = 0;
    public static final int VALUE_KIND = KIND + 1;
    public static final int POINTWIDTH = VALUE_KIND + 1;
    /** Format 7: flag bits ({@link #PAYLOADS}); reserved and zero before. */
    public static final int FLAGS = POINTWIDTH + 1;
    public static final int COUNT = FLAGS + 1;
    public static final int START = COUNT + Integer.BYTES;
    public static final int TIMES_LENGTH = START + Long.BYTES;
    /** Format 7: bytes of the value encoding when {@link #PAYLOADS} is set, else 0 (reserved and zero before). */
    public static final int VALUES_LENGTH = TIMES_LENGTH + Integer.BYTES;
    /** Where the encoded timestamps begin. */
    public static final int TIMES = VALUES_LENGTH + Integer.BYTES;
    /** Flag bit: a column of point payloads follows the values. */
    public static final int PAYLOADS = 1;
    /** The flag bits a reader knows; a leaf with any other bit set is refused. */
    public static final int KNOWN_FLAGS = PAYLOADS;

    private LeafLayout() {
    }

    public static int timesLength(MemorySegment n) {
        return n.get(Bytes.I32, TIMES_LENGTH);
    }

    public static int flags(MemorySegment n) {
        return n.get(Bytes.U8, FLAGS) & 0xFF;
    }

    public static boolean hasPayloads(MemorySegment n) {
        return (flags(n) & PAYLOADS) != 0;
    }

    /** Bytes of the value encoding: {@code valuesLength} with payloads, else the rest of the payload. */
    public static long valuesLength(MemorySegment n) {
        return hasPayloads(n) ? Integer.toUnsignedLong(n.get(Bytes.I32, VALUES_LENGTH))
                : n.byteSize() - TIMES - timesLength(n);
    }

    /** Where the payload column starts (only meaningful with {@link #PAYLOADS}). */
    public static long payloadsAt(MemorySegment n) {
        return TIMES + (long) timesLength(n) + valuesLength(n);
    }

    public static int count(MemorySegment n) {
        return n.get(Bytes.I32, COUNT);
    }

    public static int pointwidth(MemorySegment n) {
        return n.get(Bytes.U8, POINTWIDTH) & 0xFF;
    }

    public static long start(MemorySegment n) {
        return n.get(Bytes.I64, START);
    }
}
