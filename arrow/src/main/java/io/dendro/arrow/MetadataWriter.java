package io.dendro.arrow;

import static io.dendro.arrow.MetadataLayout.*;

/**
 * Builds the FlatBuffer {@code Message} of a schema or a record batch (layout in
 * {@link MetadataLayout}), in a builder reused from message to message.
 *
 * <p>Every table that Arrow C++ (pyarrow) dereferences without a null check is always written,
 * even when empty: a field's type table and its children vector, the schema's fields, a batch's
 * nodes and buffers. Scalars are written even when equal to their defaults.
 */
final class MetadataWriter {
    private final FlatBufferBuilder fb = new FlatBufferBuilder();

    /** @return the builder holding the schema message */
    FlatBufferBuilder schema(ArrowSchema schema) {
        fb.reset();
        int root = fb.rootPlaceholder();
        int header = message(HEADER_SCHEMA, 0, root);
        fb.startTable(SCHEMA_SLOTS);
        fb.addShort(SCHEMA_ENDIANNESS, ENDIANNESS_LITTLE);
        fb.addReference(SCHEMA_FIELDS);
        fb.patch(header, fb.endTable());
        int fieldsReference = fb.fieldPosition(SCHEMA_FIELDS);
        int vector = fb.referenceVector(schema.size());
        fb.patch(fieldsReference, vector);
        for (int i = 0; i < schema.size(); i++) {
            fb.patch(vector + Integer.BYTES * (1 + i), field(schema.field(i)));
        }
        return fb;
    }

    /**
     * @param nodes   {@code length, null_count} per field
     * @param buffers {@code offset, length} per buffer
     * @return the builder holding the record batch message
     */
    FlatBufferBuilder recordBatch(int rows, long[] nodes, int nodeCount, long[] buffers, int bufferCount,
                                  long bodyLength) {
        fb.reset();
        int root = fb.rootPlaceholder();
        int header = message(HEADER_RECORD_BATCH, bodyLength, root);
        fb.startTable(BATCH_SLOTS);
        fb.addLong(BATCH_LENGTH, rows);
        fb.addReference(BATCH_NODES);
        fb.addReference(BATCH_BUFFERS);
        fb.patch(header, fb.endTable());
        int nodesReference = fb.fieldPosition(BATCH_NODES);
        int buffersReference = fb.fieldPosition(BATCH_BUFFERS);
        fb.patch(nodesReference, structs(nodes, nodeCount));
        fb.patch(buffersReference, structs(buffers, bufferCount));
        return fb;
    }

    /** Writes the Message table and points the root at it. @return where to patch the header */
    private int message(int headerType, long bodyLength, int root) {
        fb.startTable(MESSAGE_SLOTS);
        fb.addShort(MESSAGE_VERSION, VERSION_V5);
        fb.addByte(MESSAGE_HEADER_TYPE, headerType);
        fb.addReference(MESSAGE_HEADER);
        fb.addLong(MESSAGE_BODY_LENGTH, bodyLength);
        fb.patch(root, fb.endTable());
        return fb.fieldPosition(MESSAGE_HEADER);
    }

    private int structs(long[] pairs, int count) {
        int vector = fb.structVector(count);
        for (int i = 0; i < 2 * count; i++) {
            fb.putLong(pairs[i]);
        }
        return vector;
    }

    private int field(ArrowField field) {
        fb.startTable(FIELD_SLOTS);
        fb.addReference(FIELD_NAME);
        fb.addByte(FIELD_NULLABLE, field.nullable() ? 1 : 0);
        fb.addByte(FIELD_TYPE_TYPE, typeId(field.type()));
        fb.addReference(FIELD_TYPE);
        fb.addReference(FIELD_CHILDREN);
        int table = fb.endTable();
        int name = fb.fieldPosition(FIELD_NAME);
        int type = fb.fieldPosition(FIELD_TYPE);
        int children = fb.fieldPosition(FIELD_CHILDREN);
        fb.patch(name, fb.string(field.name()));
        fb.patch(type, type(field.type()));
        fb.patch(children, fb.referenceVector(0));
        return table;
    }

    private static int typeId(ArrowType type) {
        return switch (type) {
            case ArrowType.Timestamp _ -> TYPE_TIMESTAMP;
            case ArrowType.Int _ -> TYPE_INT;
            case ArrowType.FloatingPoint _ -> TYPE_FLOATING_POINT;
            case ArrowType.Utf8 _ -> TYPE_UTF8;
            case ArrowType.Bool _ -> TYPE_BOOL;
        };
    }

    private int type(ArrowType type) {
        switch (type) {
            case ArrowType.Timestamp(ArrowType.TimeUnit unit, String timezone) -> {
                fb.startTable(TIMESTAMP_SLOTS);
                fb.addShort(TIMESTAMP_UNIT, unit.ordinal());
                if (timezone != null) {
                    fb.addReference(TIMESTAMP_TIMEZONE);
                }
                int table = fb.endTable();
                if (timezone != null) {
                    int reference = fb.fieldPosition(TIMESTAMP_TIMEZONE);
                    fb.patch(reference, fb.string(timezone));
                }
                return table;
            }
            case ArrowType.Int(int bitWidth, boolean signed) -> {
                fb.startTable(INT_SLOTS);
                fb.addInt(INT_BIT_WIDTH, bitWidth);
                fb.addByte(INT_IS_SIGNED, signed ? 1 : 0);
                return fb.endTable();
            }
            case ArrowType.FloatingPoint(ArrowType.Precision precision) -> {
                fb.startTable(FLOATING_POINT_SLOTS);
                fb.addShort(FLOATING_POINT_PRECISION, precision.ordinal());
                return fb.endTable();
            }
            case ArrowType.Utf8 _, ArrowType.Bool _ -> {
                fb.startTable(0);
                return fb.endTable();
            }
        }
    }
}
