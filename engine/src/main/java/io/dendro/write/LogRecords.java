package io.dendro.write;

import io.dendro.MergePolicy;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.tree.Batch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The engine's payloads in the write-ahead log. An insert is logged as the prepared batch
 * (sorted and reduced by its merge policy), so replay needs no policy decisions of its own.
 * <pre>
 * insert:          | kind u8 = 1 | policy u8 | reserved u16 | count u32 | uuid msb i64 | uuid lsb i64 |
 *                  | times i64 [count] | values f64 [count] |
 * insert, payloads:| kind u8 = 2 | (the same header and columns) |
 *                  | payload lengths i32 [count] (-1: the point has none) | the payloads' bytes, in point order |
 * </pre>
 * A batch without payloads is logged as kind 1, byte for byte as format 5 logged it.
 */
public final class LogRecords {
    public static final byte INSERT = 1;
    public static final byte INSERT_PAYLOADS = 2;
    /**
     * Several streams' inserts logged as one record, so that a crash keeps all or none (format 8):
     * {@code | 3 | 0 | 0 u16 | count u32 | (length u32, an insert record of kind 1 or 2) [count] |}.
     */
    public static final byte GROUP = 3;
    static final int GROUP_HEADER = 8;
    public static final int HEADER = 24;

    private LogRecords() {
    }

    /** One decoded insert record. */
    public record Insert(UUID stream, Batch batch) {
    }

    public static ByteBuffer insert(UUID stream, Batch b) {
        long payloadBytes = 0;
        if (b.payloads != null) {
            for (int i = 0; i < b.size; i++) {
                payloadBytes += Integer.BYTES + (b.payloads[i] == null ? 0 : b.payloads[i].length);
            }
        }
        long total = HEADER + b.size * 16L + payloadBytes;
        if (total > Integer.MAX_VALUE - 64) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "a batch of " + total
                    + " bytes is too large for one log record; insert it in smaller batches");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(b.payloads == null ? INSERT : INSERT_PAYLOADS).put((byte) b.policy.ordinal()).putShort((short) 0)
                .putInt(b.size);
        buf.putLong(stream.getMostSignificantBits()).putLong(stream.getLeastSignificantBits());
        buf.asLongBuffer().put(b.times, 0, b.size);
        buf.position(HEADER + b.size * 8);
        buf.asDoubleBuffer().put(b.values, 0, b.size);
        if (b.payloads != null) {
            buf.position(HEADER + b.size * 16);
            for (int i = 0; i < b.size; i++) {
                buf.putInt(b.payloads[i] == null ? -1 : b.payloads[i].length);
            }
            for (int i = 0; i < b.size; i++) {
                if (b.payloads[i] != null) {
                    buf.put(b.payloads[i]);
                }
            }
        }
        buf.position(0);
        return buf;
    }

    /** One log record holding {@code batches.get(i)} for stream {@code streams.get(i)}, each as {@link #insert} writes it. */
    public static ByteBuffer group(List<UUID> streams, List<Batch> batches) {
        List<ByteBuffer> parts = new ArrayList<>(streams.size());
        long total = GROUP_HEADER;
        for (int i = 0; i < streams.size(); i++) {
            ByteBuffer b = insert(streams.get(i), batches.get(i));
            parts.add(b);
            total += 4L + b.remaining();
        }
        if (total > Integer.MAX_VALUE - 64) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "an atomic insert of " + total
                    + " bytes is too large for one log record; insert it in smaller batches");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(GROUP).put((byte) 0).putShort((short) 0).putInt(parts.size());
        for (ByteBuffer part : parts) {
            buf.putInt(part.remaining());
            buf.put(part);
        }
        buf.position(0);
        return buf;
    }

    /** The inserts of a log record: one for kinds 1 and 2, each of the group for kind 3. */
    public static List<Insert> decodeAll(long lsn, ByteBuffer p) {
        p.order(ByteOrder.LITTLE_ENDIAN);
        if (p.remaining() < 1 || p.get(0) != GROUP) {
            return List.of(decode(lsn, p));
        }
        if (p.remaining() < GROUP_HEADER || p.get(1) != 0 || p.getShort(2) != 0) {
            throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " is a malformed group");
        }
        int count = p.getInt(4);
        if (count < 0) {
            throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " is a group of " + count);
        }
        List<Insert> out = new ArrayList<>();
        int at = GROUP_HEADER;
        for (int i = 0; i < count; i++) {
            if (at + 4 > p.limit()) {
                throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " ends inside its group");
            }
            int len = p.getInt(at);
            if (len < HEADER || (long) at + 4 + len > p.limit()) {
                throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " has a group member of "
                        + len + " bytes");
            }
            ByteBuffer member = p.slice(at + 4, len).order(ByteOrder.LITTLE_ENDIAN);
            if (member.get(0) == GROUP) {
                throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " nests a group");
            }
            out.add(decode(lsn, member));
            at += 4 + len;
        }
        if (at != p.limit()) {
            throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " has bytes after its group");
        }
        return out;
    }

    public static Insert decode(long lsn, ByteBuffer p) {
        p.order(ByteOrder.LITTLE_ENDIAN);
        if (p.remaining() < HEADER || p.get(0) != INSERT && p.get(0) != INSERT_PAYLOADS) {
            throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " is not an insert");
        }
        boolean withPayloads = p.get(0) == INSERT_PAYLOADS;
        int total = p.remaining(); // the record starts at index 0: every read below is absolute
        int policy = p.get(1);
        int n = p.getInt(4);
        long columns = HEADER + 16L * n + (withPayloads ? 4L * n : 0);
        if (policy < 0 || policy >= MergePolicy.values().length || n < 0
                || (withPayloads ? p.remaining() < columns : p.remaining() != columns)) {
            throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " is malformed");
        }
        UUID id = new UUID(p.getLong(8), p.getLong(16));
        long[] t = new long[n];
        double[] v = new double[n];
        p.position(HEADER);
        p.asLongBuffer().get(t);
        p.position(HEADER + n * 8);
        p.asDoubleBuffer().get(v);
        byte[][] payloads = withPayloads ? payloads(lsn, p, n, (int) columns, total) : null;
        return new Insert(id, Batch.prepared(t, v, payloads, MergePolicy.values()[policy]));
    }

    private static byte[][] payloads(long lsn, ByteBuffer p, int n, int columns, int total) {
        int lengthsAt = HEADER + n * 16;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int len = p.getInt(lengthsAt + 4 * i);
            if (len < -1) {
                throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + " has a payload length of " + len);
            }
            sum += Math.max(0, len);
        }
        if (sum != total - (long) columns) {
            throw new DendroException(ErrorCode.CORRUPTION, "log record " + lsn + "'s payloads take " + sum
                    + " bytes, the record holds " + (total - (long) columns));
        }
        byte[][] out = new byte[n][];
        int at = columns;
        for (int i = 0; i < n; i++) {
            int len = p.getInt(lengthsAt + 4 * i);
            if (len >= 0) {
                out[i] = new byte[len];
                p.get(at, out[i]);
                at += len;
            }
        }
        return out;
    }
}
