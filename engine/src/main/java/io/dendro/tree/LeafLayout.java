package io.dendro.tree;

import io.dendro.storage.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * A numeric leaf (format 1: raw columns). Points are sorted by time; points that share a time
 * keep their insertion order.
 * <pre>
 * | kind u8 = 2 | valueKind u8 | pointwidth u8 | reserved u8 | count u32 |
 * | start i64 |
 * | times i64 [count] | values f64 [count] |
 * </pre>
 */
public final class LeafLayout {
    public static final int KIND = 0;
    public static final int VALUE_KIND = KIND + 1;
    public static final int POINTWIDTH = VALUE_KIND + 1;
    public static final int RESERVED = POINTWIDTH + 1;
    public static final int COUNT = RESERVED + 1;
    public static final int START = COUNT + Integer.BYTES;
    public static final int TIMES = START + Long.BYTES;

    private LeafLayout() {
    }

    public static int size(int count) {
        return TIMES + count * (Long.BYTES + Double.BYTES);
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
