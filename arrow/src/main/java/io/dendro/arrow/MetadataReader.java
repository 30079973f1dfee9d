package io.dendro.arrow;

import static io.dendro.arrow.MetadataLayout.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a FlatBuffer {@code Message} (layout in {@link MetadataLayout}) into a schema or the
 * layout of a record batch, refusing everything this package does not read.
 */
final class MetadataReader {
    /** A decoded Message: its header's kind and table, and the length of the body that follows. */
    record Header(int type, int table, long bodyLength, FlatBufferReader fb) {
    }

    /**
     * A record batch's layout: {@code rows}, then per field its node (length, null count) and per
     * buffer its (offset, length) within the body, all checked to lie within the body.
     */
    record BatchLayout(int rows, long[] nodes, long[] buffers) {
    }

    private MetadataReader() {
    }

    static Header message(ByteBuffer metadata, String where) {
        FlatBufferReader fb = new FlatBufferReader(metadata, where);
        int message = fb.root();
        short version = fb.getShort(message, MESSAGE_VERSION, (short) 0);
        if (version != VERSION_V4 && version != VERSION_V5) {
            throw new ArrowFormatException(where + ": metadata version V" + (version + 1)
                    + " is not supported (V4 and V5 are)");
        }
        int type = fb.getByte(message, MESSAGE_HEADER_TYPE, 0);
        int header = fb.tableAt(message, MESSAGE_HEADER);
        long bodyLength = fb.getLong(message, MESSAGE_BODY_LENGTH, 0);
        switch (type) {
            case HEADER_SCHEMA, HEADER_RECORD_BATCH -> {
                if (header < 0) {
                    throw fb.error("the message has no header table");
                }
            }
            case HEADER_DICTIONARY_BATCH -> throw new ArrowFormatException(where
                    + ": dictionary batches are not supported (no dictionary-encoded fields)");
            default -> throw new ArrowFormatException(where + ": message type " + type
                    + " is not supported (only a schema, then record batches)");
        }
        if (bodyLength < 0) {
            throw fb.error("body length " + bodyLength);
        }
        return new Header(type, header, bodyLength, fb);
    }

    static ArrowSchema schema(Header header) {
        FlatBufferReader fb = header.fb();
        int schema = header.table();
        if (fb.getShort(schema, SCHEMA_ENDIANNESS, ENDIANNESS_LITTLE) != ENDIANNESS_LITTLE) {
            throw fb.error("big-endian data is not supported");
        }
        int vector = fb.vectorAt(schema, SCHEMA_FIELDS, Integer.BYTES);
        int count = vector < 0 ? 0 : fb.vectorLength(vector);
        if (count == 0 || count > ArrowSchema.MAX_FIELDS) {
            throw new ArrowFormatException("the schema has " + count + " fields; 1 to "
                    + ArrowSchema.MAX_FIELDS + " are supported");
        }
        List<ArrowField> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(field(fb, fb.tableIn(vector, i), i));
        }
        return ArrowSchema.of(fields);
    }

    private static ArrowField field(FlatBufferReader fb, int field, int index) {
        String name = fb.string(field, FIELD_NAME);
        if (name == null) {
            name = "";
        }
        String which = "field " + index + " '" + name + "'";
        boolean nullable = fb.getBool(field, FIELD_NULLABLE);
        if (fb.field(field, FIELD_DICTIONARY, Integer.BYTES) >= 0) {
            throw new ArrowFormatException(which + " is dictionary-encoded, which is not supported");
        }
        int typeType = fb.getByte(field, FIELD_TYPE_TYPE, 0);
        int typeTable = fb.tableAt(field, FIELD_TYPE);
        if (typeTable < 0) {
            throw fb.error(which + " has no type");
        }
        ArrowType type = type(fb, typeType, typeTable, which);
        int children = fb.vectorAt(field, FIELD_CHILDREN, Integer.BYTES);
        if (children >= 0 && fb.vectorLength(children) > 0) {
            throw new ArrowFormatException(which + " has child fields, which " + type + " cannot have");
        }
        return new ArrowField(name, type, nullable);
    }

    private static ArrowType type(FlatBufferReader fb, int typeType, int table, String which) {
        switch (typeType) {
            case TYPE_INT -> {
                int bitWidth = fb.getInt(table, INT_BIT_WIDTH, 0);
                if (bitWidth != 8 && bitWidth != 16 && bitWidth != 32 && bitWidth != 64) {
                    throw new ArrowFormatException(which + " is an Int of " + bitWidth + " bits");
                }
                return new ArrowType.Int(bitWidth, fb.getBool(table, INT_IS_SIGNED));
            }
            case TYPE_FLOATING_POINT -> {
                return new ArrowType.FloatingPoint(
                        enumValue(ArrowType.Precision.values(), fb.getShort(table, FLOATING_POINT_PRECISION,
                                (short) 0), which, "precision"));
            }
            case TYPE_TIMESTAMP -> {
                ArrowType.TimeUnit unit = enumValue(ArrowType.TimeUnit.values(),
                        fb.getShort(table, TIMESTAMP_UNIT, (short) 0), which, "time unit");
                return new ArrowType.Timestamp(unit, fb.string(table, TIMESTAMP_TIMEZONE));
            }
            case TYPE_UTF8 -> {
                return new ArrowType.Utf8();
            }
            case TYPE_BOOL -> {
                return new ArrowType.Bool();
            }
            default -> throw new ArrowFormatException(which + " has type " + typeName(typeType)
                    + ", which is not supported (Timestamp, Int, FloatingPoint, Utf8 and Bool are)");
        }
    }

    private static <E> E enumValue(E[] values, short value, String which, String what) {
        if (value < 0 || value >= values.length) {
            throw new ArrowFormatException(which + " has " + what + " " + value);
        }
        return values[value];
    }

    static BatchLayout batch(Header header, ArrowSchema schema, String where) {
        FlatBufferReader fb = header.fb();
        int batch = header.table();
        long rows = fb.getLong(batch, BATCH_LENGTH, 0);
        if (rows < 0 || rows > Integer.MAX_VALUE) {
            throw new ArrowFormatException(where + ": a record batch of " + rows + " rows");
        }
        if (fb.field(batch, BATCH_COMPRESSION, Integer.BYTES) >= 0) {
            throw new ArrowFormatException(where + ": compressed record batches are not supported");
        }
        int variadic = fb.vectorAt(batch, BATCH_VARIADIC_COUNTS, Long.BYTES);
        if (variadic >= 0 && fb.vectorLength(variadic) > 0) {
            throw fb.error("variadic buffer counts, but the schema has no view type");
        }
        long[] nodes = structs(fb, batch, BATCH_NODES, schema.size(), "field nodes");
        int bufferCount = 0;
        for (ArrowField field : schema.fields()) {
            bufferCount += field.type() instanceof ArrowType.Utf8 ? 3 : 2;
        }
        long[] buffers = structs(fb, batch, BATCH_BUFFERS, bufferCount, "buffers");
        for (int i = 0; i < schema.size(); i++) {
            long length = nodes[2 * i];
            long nulls = nodes[2 * i + 1];
            if (length != rows || nulls < 0 || nulls > length) {
                throw new ArrowFormatException(where + ": field '" + schema.field(i).name() + "' has " + length
                        + " rows and " + nulls + " nulls in a batch of " + rows + " rows");
            }
        }
        long bodyLength = header.bodyLength();
        for (int b = 0; b < bufferCount; b++) {
            long offset = buffers[2 * b];
            long length = buffers[2 * b + 1];
            if (offset < 0 || length < 0 || offset > bodyLength || length > bodyLength - offset) {
                throw new ArrowFormatException(where + ": buffer " + b + " at " + offset + " of " + length
                        + " bytes lies outside the body of " + bodyLength + " bytes");
            }
        }
        return new BatchLayout((int) rows, nodes, buffers);
    }

    private static long[] structs(FlatBufferReader fb, int table, int slot, int expected, String what) {
        int vector = fb.vectorAt(table, slot, STRUCT_SIZE);
        int count = vector < 0 ? 0 : fb.vectorLength(vector);
        if (count != expected) {
            throw fb.error(count + " " + what + " where the schema needs " + expected);
        }
        long[] pairs = new long[2 * count];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = fb.getLongAt(vector + Integer.BYTES + Long.BYTES * i);
        }
        return pairs;
    }
}
