package io.dendro.tree;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The payload of an aggregate point: a point that arrived pre-aggregated by its source and
 * stands for {@code count} samples. Its value is the samples' mean; the payload holds the rest.
 * <pre>
 * | tag u8 = 0xFF | count i64 | min f64 | max f64 | stddev f64 |   (33 bytes, little-endian)
 * </pre>
 * The tag tells it from a document payload (compact JSON, which as UTF-8 never holds the byte
 * 0xFF), so a leaf's payload column needs no per-point kind. {@code stddev} is the population
 * standard deviation of the samples.
 */
public final class AggregatePayload {
    public static final byte TAG = (byte) 0xFF;
    public static final int BYTES = 1 + 4 * Long.BYTES;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private AggregatePayload() {
    }

    public static byte[] encode(long count, double min, double max, double stddev) {
        byte[] b = new byte[BYTES];
        MemorySegment s = MemorySegment.ofArray(b);
        b[0] = TAG;
        s.set(I64, 1, count);
        s.set(F64, 9, min);
        s.set(F64, 17, max);
        s.set(F64, 25, stddev);
        return b;
    }

    /** Whether {@code p} is an aggregate's payload (null and documents are not). */
    public static boolean is(byte[] p) {
        return p != null && p.length == BYTES && p[0] == TAG;
    }

    public static long count(byte[] p) {
        return MemorySegment.ofArray(p).get(I64, 1);
    }

    public static double min(byte[] p) {
        return MemorySegment.ofArray(p).get(F64, 9);
    }

    public static double max(byte[] p) {
        return MemorySegment.ofArray(p).get(F64, 17);
    }

    public static double stddev(byte[] p) {
        return MemorySegment.ofArray(p).get(F64, 25);
    }
}
