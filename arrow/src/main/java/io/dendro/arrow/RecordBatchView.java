package io.dendro.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One record batch as it lies in its body: checked in full at construction (every buffer large
 * enough for the row count, every validity bitmap holding exactly the declared number of nulls,
 * every string offset in order and within its data), then decoded column by column on request,
 * with the conversions of {@link ArrowStreamReader}. Values are read with absolute gets from the
 * body, never copied but into the caller's arrays.
 */
final class RecordBatchView {
    private final ArrowSchema schema;
    private final ByteBuffer body;
    private final int rows;
    private final long[] nodes;
    private final long[] buffers;
    /** Index of each field's first buffer (its validity bitmap). */
    private final int[] firstBuffer;
    private final String where;
    private byte[] scratch;

    RecordBatchView(ArrowSchema schema, MetadataReader.BatchLayout layout, ByteBuffer body, String where) {
        this.schema = schema;
        this.body = body.order(ByteOrder.LITTLE_ENDIAN);
        this.rows = layout.rows();
        this.nodes = layout.nodes();
        this.buffers = layout.buffers();
        this.where = where;
        this.firstBuffer = new int[schema.size()];
        int b = 0;
        for (int c = 0; c < schema.size(); c++) {
            firstBuffer[c] = b;
            b += schema.field(c).type() instanceof ArrowType.Utf8 ? 3 : 2;
            check(c);
        }
    }

    int rows() {
        return rows;
    }

    int nullCount(int column) {
        return (int) nodes[2 * column + 1];
    }

    boolean isValid(int column, int row) {
        return nullCount(column) == 0 || bit(offset(firstBuffer[column]), row);
    }

    private void check(int c) {
        ArrowField field = schema.field(c);
        int validity = firstBuffer[c];
        int nulls = nullCount(c);
        if (nulls > 0) {
            need(c, validity, bitmapBytes(), "validity bitmap");
            long valid = countValid(offset(validity));
            if (valid != rows - nulls) {
                throw new ArrowFormatException(where + ": field '" + field.name() + "' declares " + nulls
                        + " nulls, but its validity bitmap has " + (rows - valid));
            }
        }
        int data = validity + 1;
        switch (field.type()) {
            case ArrowType.Timestamp _ -> need(c, data, (long) rows * Long.BYTES, "values");
            case ArrowType.Int type -> need(c, data, (long) rows * (type.bitWidth() / 8), "values");
            case ArrowType.FloatingPoint type -> need(c, data, (long) rows * type.precision().byteWidth(), "values");
            case ArrowType.Bool _ -> need(c, data, bitmapBytes(), "values");
            case ArrowType.Utf8 _ -> checkOffsets(c, data);
        }
    }

    private void checkOffsets(int c, int offsets) {
        if (rows == 0) {
            return; // Arrow allows an empty offsets buffer for an empty array
        }
        need(c, offsets, Integer.BYTES * (rows + 1L), "offsets");
        long dataLength = length(offsets + 1);
        int at = offset(offsets);
        int previous = body.getInt(at);
        if (previous < 0) {
            throw badOffsets(c, 0, previous);
        }
        for (int i = 1; i <= rows; i++) {
            int next = body.getInt(at + Integer.BYTES * i);
            if (next < previous || next > dataLength) {
                throw badOffsets(c, i, next);
            }
            previous = next;
        }
    }

    private ArrowFormatException badOffsets(int c, int i, int offset) {
        return new ArrowFormatException(where + ": field '" + schema.field(c).name() + "': string offset " + i
                + " is " + offset + ", out of order or beyond its " + length(firstBuffer[c] + 2) + " bytes of data");
    }

    private void need(int c, int buffer, long bytes, String what) {
        if (length(buffer) < bytes) {
            throw new ArrowFormatException(where + ": field '" + schema.field(c).name() + "': " + what + " of "
                    + length(buffer) + " bytes cannot hold " + rows + " rows");
        }
    }

    // ---- decoding -------------------------------------------------------------------------------

    void longs(int c, long[] out) {
        ArrowField field = schema.field(c);
        int at = offset(firstBuffer[c] + 1);
        boolean dense = nullCount(c) == 0;
        switch (field.type()) {
            case ArrowType.Timestamp(ArrowType.TimeUnit unit, String _) -> {
                long per = unit.nanosPerUnit();
                readLongs(c, at, out, dense);
                if (per != 1) {
                    long max = Long.MAX_VALUE / per;
                    long min = Long.MIN_VALUE / per;
                    for (int i = 0; i < rows; i++) {
                        if (out[i] > max || out[i] < min) {
                            throw new ArrowFormatException(where + ": field '" + field.name() + "' (" + field.type()
                                    + "): row " + i + " holds " + out[i] + " " + unit
                                    + "S, beyond the range of a long of nanoseconds");
                        }
                        out[i] *= per;
                    }
                }
            }
            case ArrowType.Int(int bitWidth, boolean signed) -> {
                if (bitWidth == 64) {
                    readLongs(c, at, out, dense);
                    if (!signed) {
                        for (int i = 0; i < rows; i++) {
                            if (out[i] < 0) {
                                throw new ArrowFormatException(where + ": field '" + field.name() + "' (uint64): row "
                                        + i + " holds " + Long.toUnsignedString(out[i])
                                        + ", beyond the range of a long");
                            }
                        }
                    }
                } else {
                    for (int i = 0; i < rows; i++) {
                        out[i] = dense || isValid(c, i) ? smallInteger(at, i, bitWidth, signed) : 0;
                    }
                }
            }
            case ArrowType.Bool _ -> {
                for (int i = 0; i < rows; i++) {
                    out[i] = (dense || isValid(c, i)) && bit(at, i) ? 1 : 0;
                }
            }
            case ArrowType.FloatingPoint _, ArrowType.Utf8 _ -> throw wrongKind(field, "longs");
        }
    }

    void doubles(int c, double[] out) {
        ArrowField field = schema.field(c);
        int at = offset(firstBuffer[c] + 1);
        boolean dense = nullCount(c) == 0;
        switch (field.type()) {
            case ArrowType.FloatingPoint(ArrowType.Precision precision) -> {
                if (precision == ArrowType.Precision.DOUBLE && dense) {
                    body.slice(at, rows * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
                            .get(out, 0, rows);
                    return;
                }
                for (int i = 0; i < rows; i++) {
                    out[i] = !dense && !isValid(c, i) ? 0 : switch (precision) {
                        case DOUBLE -> body.getDouble(at + Double.BYTES * i);
                        case SINGLE -> body.getFloat(at + Float.BYTES * i);
                        case HALF -> Float.float16ToFloat(body.getShort(at + Short.BYTES * i));
                    };
                }
            }
            case ArrowType.Int(int bitWidth, boolean signed) -> {
                for (int i = 0; i < rows; i++) {
                    if (!dense && !isValid(c, i)) {
                        out[i] = 0;
                    } else if (bitWidth == 64) {
                        long v = body.getLong(at + Long.BYTES * i);
                        out[i] = signed || v >= 0 ? (double) v : unsignedToDouble(v);
                    } else {
                        out[i] = smallInteger(at, i, bitWidth, signed);
                    }
                }
            }
            case ArrowType.Timestamp _, ArrowType.Bool _, ArrowType.Utf8 _ -> throw wrongKind(field, "doubles");
        }
    }

    void strings(int c, String[] out) {
        ArrowField field = schema.field(c);
        if (!(field.type() instanceof ArrowType.Utf8)) {
            throw wrongKind(field, "strings");
        }
        if (rows == 0) {
            return;
        }
        int offsets = offset(firstBuffer[c] + 1);
        int data = offset(firstBuffer[c] + 2);
        for (int i = 0; i < rows; i++) {
            if (!isValid(c, i)) {
                out[i] = null;
                continue;
            }
            int start = body.getInt(offsets + Integer.BYTES * i);
            int length = body.getInt(offsets + Integer.BYTES * (i + 1)) - start;
            out[i] = length == 0 ? "" : utf8(data + start, length);
        }
    }

    void booleans(int c, boolean[] out) {
        ArrowField field = schema.field(c);
        if (!(field.type() instanceof ArrowType.Bool)) {
            throw wrongKind(field, "booleans");
        }
        int at = offset(firstBuffer[c] + 1);
        for (int i = 0; i < rows; i++) {
            out[i] = isValid(c, i) && bit(at, i);
        }
    }

    private ArrowFormatException wrongKind(ArrowField field, String kind) {
        return new ArrowFormatException("field '" + field.name() + "' is " + field.type() + ", which cannot be read as "
                + kind);
    }

    /** Copies the 64-bit values of column {@code c}; 0 under nulls. */
    private void readLongs(int c, int at, long[] out, boolean dense) {
        body.slice(at, rows * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out, 0, rows);
        if (!dense) {
            for (int i = 0; i < rows; i++) {
                if (!isValid(c, i)) {
                    out[i] = 0;
                }
            }
        }
    }

    private long smallInteger(int at, int i, int bitWidth, boolean signed) {
        return switch (bitWidth) {
            case 8 -> signed ? body.get(at + i) : Byte.toUnsignedLong(body.get(at + i));
            case 16 -> signed ? body.getShort(at + 2 * i) : Short.toUnsignedLong(body.getShort(at + 2 * i));
            default -> signed ? body.getInt(at + 4 * i) : Integer.toUnsignedLong(body.getInt(at + 4 * i));
        };
    }

    /** The nearest double to an unsigned 64-bit value at or above 2^63 (halve, keeping the sticky bit). */
    private static double unsignedToDouble(long v) {
        return (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    private String utf8(int at, int length) {
        if (body.hasArray()) {
            return new String(body.array(), body.arrayOffset() + at, length, StandardCharsets.UTF_8);
        }
        if (scratch == null || scratch.length < length) {
            scratch = new byte[Math.max(length, 256)];
        }
        body.get(at, scratch, 0, length);
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    private long countValid(int at) {
        long count = 0;
        int full = rows >>> 3;
        int i = 0;
        for (; i + Long.BYTES <= full; i += Long.BYTES) {
            count += Long.bitCount(body.getLong(at + i));
        }
        for (; i < full; i++) {
            count += Integer.bitCount(body.get(at + i) & 0xFF);
        }
        int tail = rows & 7;
        if (tail != 0) {
            count += Integer.bitCount(body.get(at + full) & ((1 << tail) - 1));
        }
        return count;
    }

    private boolean bit(int at, int row) {
        return (body.get(at + (row >>> 3)) & (1 << (row & 7))) != 0;
    }

    private int bitmapBytes() {
        return (rows + 7) >>> 3;
    }

    private int offset(int buffer) {
        return (int) buffers[2 * buffer];
    }

    private long length(int buffer) {
        return buffers[2 * buffer + 1];
    }
}
