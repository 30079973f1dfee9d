package io.dendro.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Lays out the body of one record batch in a scratch buffer reused from batch to batch, and
 * converts each source column to its field's type on the way (rules on {@link ArrowStreamWriter}).
 * Every check is done while encoding into the scratch buffer, before anything reaches the output,
 * so a batch that fails leaves the stream as it was.
 *
 * <p>Buffers per field, each starting 8-aligned and zero padded: validity (0 bytes when the
 * column has no null), then the values (Utf8: offsets, then bytes).
 */
final class BatchEncoder {
    /** Largest body: a Java array's reach, less room for padding. */
    private static final long MAX_BODY = Integer.MAX_VALUE - 64;
    private static final double TWO_63 = 0x1p63;
    private static final double TWO_64 = 0x1p64;

    private final ArrowSchema schema;
    private byte[] body = new byte[1024];
    private ByteBuffer view = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    private int size;
    final long[] nodes;
    final long[] buffers;
    int bufferCount;

    BatchEncoder(ArrowSchema schema) {
        this.schema = schema;
        this.nodes = new long[2 * schema.size()];
        this.buffers = new long[2 * 3 * schema.size()];
    }

    byte[] body() {
        return body;
    }

    int bodyLength() {
        return size;
    }

    /** Encodes the batch; on return {@link #nodes}, {@link #buffers} and the body describe it. */
    void encode(int rows, ArrowColumn[] columns) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows " + rows);
        }
        if (columns.length != schema.size()) {
            throw new IllegalArgumentException(
                    columns.length + " columns for a schema of " + schema.size() + " fields");
        }
        long total = 0;
        for (int c = 0; c < columns.length; c++) {
            ArrowColumn column = columns[c];
            ArrowField field = schema.field(c);
            if (column == null || column.length() < rows || (column.valid != null && column.valid.length < rows)) {
                throw new IllegalArgumentException("column " + c + " (" + field.name() + ") has fewer than "
                        + rows + " rows: " + column);
            }
            checkKind(field, column);
            int nulls = nullCount(rows, column);
            if (nulls > 0 && !field.nullable()) {
                throw new ArrowFormatException("field '" + field.name() + "' is not nullable, but row "
                        + firstNull(column) + " is null");
            }
            nodes[2 * c] = rows;
            nodes[2 * c + 1] = nulls;
            total += IpcLayout.padded(nulls > 0 ? bitmapBytes(rows) : 0) + IpcLayout.padded(dataBytes(field, rows))
                    + (field.type() instanceof ArrowType.Utf8 ? IpcLayout.padded(utf8Bytes(rows, column)) : 0);
        }
        if (total > MAX_BODY) {
            throw new IllegalArgumentException("a batch of " + total + " bytes is too large for one body; split it");
        }
        ensure((int) total);
        size = 0;
        bufferCount = 0;
        for (int c = 0; c < columns.length; c++) {
            encodeColumn(schema.field(c), rows, columns[c], (int) nodes[2 * c + 1]);
        }
    }

    private void encodeColumn(ArrowField field, int rows, ArrowColumn column, int nulls) {
        int validity = startBuffer();
        if (nulls > 0) {
            Arrays.fill(body, validity, validity + bitmapBytes(rows), (byte) 0);
            for (int i = 0; i < rows; i++) {
                if (column.isValid(i)) {
                    body[validity + (i >>> 3)] |= (byte) (1 << (i & 7));
                }
            }
            endBuffer(validity, bitmapBytes(rows));
        } else {
            endBuffer(validity, 0);
        }
        int data = startBuffer();
        boolean dense = nulls == 0;
        switch (field.type()) {
            case ArrowType.Timestamp(ArrowType.TimeUnit unit, String _) -> timestamps(data, rows, column, unit, dense);
            case ArrowType.Int type -> integers(field, data, rows, column, type, dense);
            case ArrowType.FloatingPoint(ArrowType.Precision precision) ->
                    floats(data, rows, column, precision, dense);
            case ArrowType.Bool _ -> {
                Arrays.fill(body, data, data + bitmapBytes(rows), (byte) 0);
                for (int i = 0; i < rows; i++) {
                    if (column.booleans[i] && column.isValid(i)) {
                        body[data + (i >>> 3)] |= (byte) (1 << (i & 7));
                    }
                }
            }
            case ArrowType.Utf8 _ -> {
                endBuffer(data, Integer.BYTES * (rows + 1L));
                strings(data, startBuffer(), rows, column);
                return;
            }
        }
        endBuffer(data, dataBytes(field, rows));
    }

    private void timestamps(int at, int rows, ArrowColumn column, ArrowType.TimeUnit unit, boolean dense) {
        long[] v = column.longs;
        long per = unit.nanosPerUnit();
        if (dense && per == 1) {
            view.slice(at, rows * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(v, 0, rows);
            return;
        }
        for (int i = 0; i < rows; i++) {
            view.putLong(at + i * Long.BYTES, dense || column.isValid(i) ? Math.floorDiv(v[i], per) : 0);
        }
    }

    private void integers(ArrowField field, int at, int rows, ArrowColumn column, ArrowType.Int type, boolean dense) {
        int width = type.bitWidth() / 8;
        if (column.kind == ArrowColumn.Kind.LONGS) {
            long[] v = column.longs;
            if (dense && type.equals(ArrowType.INT64)) {
                view.slice(at, rows * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(v, 0, rows);
                return;
            }
            long min = type.min();
            long max = type.max();
            for (int i = 0; i < rows; i++) {
                long x = 0;
                if (dense || column.isValid(i)) {
                    x = v[i];
                    if (x < min || x > max) {
                        throw doesNotFit(field, i, Long.toString(x));
                    }
                }
                putInteger(at + i * width, width, x);
            }
        } else {
            double[] v = column.doubles;
            double min = type.min();
            double end = type.bitWidth() == 64 ? (type.signed() ? TWO_63 : TWO_64) : type.max() + 1.0;
            for (int i = 0; i < rows; i++) {
                long x = 0;
                if (dense || column.isValid(i)) {
                    double d = v[i];
                    if (!(d >= min && d < end) || d != Math.rint(d)) {
                        throw doesNotFit(field, i, Double.toString(d));
                    }
                    x = d < TWO_63 ? (long) d : (long) (d - TWO_63) ^ Long.MIN_VALUE;
                }
                putInteger(at + i * width, width, x);
            }
        }
    }

    private void floats(int at, int rows, ArrowColumn column, ArrowType.Precision precision, boolean dense) {
        if (column.kind == ArrowColumn.Kind.DOUBLES && dense && precision == ArrowType.Precision.DOUBLE) {
            view.slice(at, rows * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
                    .put(column.doubles, 0, rows);
            return;
        }
        boolean longs = column.kind == ArrowColumn.Kind.LONGS;
        for (int i = 0; i < rows; i++) {
            boolean valid = dense || column.isValid(i);
            switch (precision) {
                case DOUBLE -> view.putDouble(at + i * Double.BYTES,
                        !valid ? 0 : longs ? (double) column.longs[i] : column.doubles[i]);
                case SINGLE -> view.putFloat(at + i * Float.BYTES, single(column, i, valid, longs));
                // float32 has more than 2 * 11 + 2 significand bits: rounding through it is exact
                case HALF -> view.putShort(at + i * Short.BYTES, Float.floatToFloat16(single(column, i, valid, longs)));
            }
        }
    }

    /** A long rounds to float directly, not through double (which could round twice). */
    private static float single(ArrowColumn column, int i, boolean valid, boolean longs) {
        return !valid ? 0 : longs ? (float) column.longs[i] : (float) column.doubles[i];
    }

    private void strings(int offsets, int data, int rows, ArrowColumn column) {
        int at = data;
        view.putInt(offsets, 0);
        for (int i = 0; i < rows; i++) {
            if (column.isValid(i)) {
                at = Utf8Codec.encode(column.strings[i], body, at);
            }
            view.putInt(offsets + (i + 1) * Integer.BYTES, at - data);
        }
        endBuffer(data, at - data);
    }

    private void putInteger(int at, int width, long x) {
        switch (width) {
            case 8 -> view.putLong(at, x);
            case 4 -> view.putInt(at, (int) x);
            case 2 -> view.putShort(at, (short) x);
            default -> body[at] = (byte) x;
        }
    }

    private int startBuffer() {
        return size;
    }

    /** Records buffer {@code [start, start + length)} and pads the body to the next 8 bytes. */
    private void endBuffer(int start, long length) {
        buffers[2 * bufferCount] = start;
        buffers[2 * bufferCount + 1] = length;
        bufferCount++;
        int end = (int) (start + length);
        size = (int) IpcLayout.padded(end);
        Arrays.fill(body, end, size, (byte) 0);
    }

    private static void checkKind(ArrowField field, ArrowColumn column) {
        ArrowColumn.Kind kind = column.kind;
        boolean ok = switch (field.type()) {
            case ArrowType.Timestamp _ -> kind == ArrowColumn.Kind.LONGS;
            case ArrowType.Int _, ArrowType.FloatingPoint _ ->
                    kind == ArrowColumn.Kind.LONGS || kind == ArrowColumn.Kind.DOUBLES;
            case ArrowType.Utf8 _ -> kind == ArrowColumn.Kind.STRINGS;
            case ArrowType.Bool _ -> kind == ArrowColumn.Kind.BOOLEANS;
        };
        if (!ok) {
            throw new ArrowFormatException("field '" + field.name() + "' is " + field.type()
                    + ": a " + kind.label + " column cannot be written to it");
        }
    }

    private static ArrowFormatException doesNotFit(ArrowField field, int row, String value) {
        return new ArrowFormatException("field '" + field.name() + "' is " + field.type() + ": row " + row
                + " holds " + value + ", which it cannot represent exactly");
    }

    private static int nullCount(int rows, ArrowColumn column) {
        if (column.valid == null && column.kind != ArrowColumn.Kind.STRINGS) {
            return 0;
        }
        int nulls = 0;
        for (int i = 0; i < rows; i++) {
            if (!column.isValid(i)) {
                nulls++;
            }
        }
        return nulls;
    }

    private static int firstNull(ArrowColumn column) {
        int i = 0;
        while (column.isValid(i)) {
            i++;
        }
        return i;
    }

    private static long utf8Bytes(int rows, ArrowColumn column) {
        long total = 0;
        for (int i = 0; i < rows; i++) {
            if (column.isValid(i)) {
                total += Utf8Codec.length(column.strings[i]);
            }
        }
        return total;
    }

    static int bitmapBytes(int rows) {
        return (rows + 7) >>> 3;
    }

    /** Bytes of the values buffer (offsets for Utf8). */
    private static long dataBytes(ArrowField field, int rows) {
        return switch (field.type()) {
            case ArrowType.Timestamp _ -> (long) rows * Long.BYTES;
            case ArrowType.Int type -> (long) rows * (type.bitWidth() / 8);
            case ArrowType.FloatingPoint type -> (long) rows * type.precision().byteWidth();
            case ArrowType.Utf8 _ -> Integer.BYTES * (rows + 1L);
            case ArrowType.Bool _ -> bitmapBytes(rows);
        };
    }

    private void ensure(int capacity) {
        if (capacity > body.length) {
            body = new byte[(int) Math.min(MAX_BODY, Math.max(capacity, 2L * body.length))];
            view = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
