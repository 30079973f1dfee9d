package io.dendro.tree;

import io.dendro.storage.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * A numeric leaf (format 3: compressed columns). Points are sorted by time; points that share a
 * time keep their insertion order.
 * <pre>
 * | kind u8 = 2 | valueKind u8 | pointwidth u8 | reserved u8 | count u32 |
 * | start i64 |
 * | timesLength u32 | reserved u32 |
 * | times: TimestampCodec encoding [timesLength] | values: ValueCodecs encoding [rest of the payload] |
 * </pre>
 * The codecs (io.dendro.storage.codec, docs/design/codecs.md) carry their own counts, which must
 * equal {@code count}.
 */
public final class LeafLayout {
    public static final int KIND = 0;
    public static final int VALUE_KIND = KIND + 1;
    public static final int POINTWIDTH = VALUE_KIND + 1;
    public static final int RESERVED = POINTWIDTH + 1;
    public static final int COUNT = RESERVED + 1;
    public static final int START = COUNT + Integer.BYTES;
    public static final int TIMES_LENGTH = START + Long.BYTES;
    public static final int RESERVED2 = TIMES_LENGTH + Integer.BYTES;
    /** Where the encoded timestamps begin. */
    public static final int TIMES = RESERVED2 + Integer.BYTES;

    private LeafLayout() {
    }

    public static int timesLength(MemorySegment n) {
        return n.get(Bytes.I32, TIMES_LENGTH);
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
