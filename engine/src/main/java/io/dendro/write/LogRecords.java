package io.dendro.write;

import io.dendro.MergePolicy;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.tree.Batch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * The engine's payloads in the write-ahead log. An insert is logged as the prepared batch
 * (sorted and reduced by its merge policy), so replay needs no policy decisions of its own.
 * <pre>
 * insert: | kind u8 = 1 | policy u8 | reserved u16 | count u32 | uuid msb i64 | uuid lsb i64 |
 *         | times i64 [count] | values f64 [count] |
 * </pre>
 */
public final class LogRecords {
    public static final byte INSERT = 1;
    public static final int HEADER = 24;

    private LogRecords() {
    }

    /** One decoded insert record. */
    public record Insert(UUID stream, Batch batch) {
    }

    public static ByteBuffer insert(UUID stream, Batch b) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER + b.size * 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(INSERT).put((byte) b.policy.ordinal()).putShort((short) 0).putInt(b.size);
        buf.putLong(stream.getMostSignificantBits()).putLong(stream.getLeastSignificantBits());
        buf.asLongBuffer().put(b.times, 0, b.size);
        buf.position(HEADER + b.size * 8);
        buf.asDoubleBuffer().put(b.values, 0, b.size);
        buf.position(0);
        return buf;
    }

    public static Insert decode(long lsn, ByteBuffer p) {
        p.order(ByteOrder.LITTLE_ENDIAN);
        if (p.remaining() < HEADER || p.get(0) != INSERT) {
            throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " is not an insert");
        }
        int policy = p.get(1);
        int n = p.getInt(4);
        if (policy < 0 || policy >= MergePolicy.values().length || n < 0 || p.remaining() != HEADER + 16L * n) {
            throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " is malformed");
        }
        UUID id = new UUID(p.getLong(8), p.getLong(16));
        long[] t = new long[n];
        double[] v = new double[n];
        p.position(HEADER);
        p.asLongBuffer().get(t);
        p.position(HEADER + n * 8);
        p.asDoubleBuffer().get(v);
        return new Insert(id, Batch.prepared(t, v, MergePolicy.values()[policy]));
    }
}
