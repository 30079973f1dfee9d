package io.dendro.arrow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.MetadataVersion;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Apache Arrow Java (arrow-vector) as the reference implementation: reads a stream into a
 * {@link Table} and writes a {@link Table} as a stream. Each call uses its own allocator and
 * closes it, which fails if Arrow Java leaked a buffer.
 */
final class ArrowJava {
    private ArrowJava() {
    }

    static Table read(byte[] ipc) {
        try (BufferAllocator allocator = new RootAllocator();
             org.apache.arrow.vector.ipc.ArrowStreamReader reader =
                     new org.apache.arrow.vector.ipc.ArrowStreamReader(new ByteArrayInputStream(ipc), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            ArrowSchema schema = fromArrowJava(root.getSchema());
            List<Table.Batch> batches = new ArrayList<>();
            while (reader.loadNextBatch()) {
                List<Object[]> columns = new ArrayList<>();
                for (int c = 0; c < schema.size(); c++) {
                    FieldVector vector = root.getVector(c);
                    Object[] values = new Object[root.getRowCount()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = vector.isNull(i) ? null : get(schema.field(c).type(), vector, i);
                    }
                    columns.add(values);
                }
                batches.add(new Table.Batch(root.getRowCount(), columns));
            }
            return new Table(schema, batches);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes with Arrow Java's stream writer; {@code legacy} drops the continuation marker, V4 metadata. */
    static byte[] write(Table table, boolean legacy) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IpcOption option = legacy ? new IpcOption(true, MetadataVersion.V4) : IpcOption.DEFAULT;
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(toArrowJava(table.schema()), allocator);
             org.apache.arrow.vector.ipc.ArrowStreamWriter writer = new org.apache.arrow.vector.ipc.ArrowStreamWriter(
                     root, null, Channels.newChannel(bytes), option)) {
            writer.start();
            for (Table.Batch batch : table.batches()) {
                for (int c = 0; c < table.schema().size(); c++) {
                    fill(table.schema().field(c).type(), root.getVector(c), batch.columns().get(c), batch.rows());
                }
                root.setRowCount(batch.rows());
                writer.writeBatch();
            }
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Schema toArrowJava(ArrowSchema schema) {
        List<Field> fields = new ArrayList<>();
        for (ArrowField field : schema.fields()) {
            fields.add(new Field(field.name(), new FieldType(field.nullable(), toArrowJava(field.type()), null), null));
        }
        return new Schema(fields);
    }

    static org.apache.arrow.vector.types.pojo.ArrowType toArrowJava(ArrowType type) {
        return switch (type) {
            case ArrowType.Timestamp t -> new org.apache.arrow.vector.types.pojo.ArrowType.Timestamp(
                    org.apache.arrow.vector.types.TimeUnit.valueOf(t.unit().name()), t.timezone());
            case ArrowType.Int t -> new org.apache.arrow.vector.types.pojo.ArrowType.Int(t.bitWidth(), t.signed());
            case ArrowType.FloatingPoint t -> new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
                    FloatingPointPrecision.valueOf(t.precision().name()));
            case ArrowType.Utf8 _ -> org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE;
            case ArrowType.Bool _ -> org.apache.arrow.vector.types.pojo.ArrowType.Bool.INSTANCE;
        };
    }

    static ArrowSchema fromArrowJava(Schema schema) {
        List<ArrowField> fields = new ArrayList<>();
        for (Field field : schema.getFields()) {
            ArrowType type = switch (field.getType()) {
                case org.apache.arrow.vector.types.pojo.ArrowType.Timestamp t -> new ArrowType.Timestamp(
                        ArrowType.TimeUnit.valueOf(t.getUnit().name()), t.getTimezone());
                case org.apache.arrow.vector.types.pojo.ArrowType.Int t ->
                        new ArrowType.Int(t.getBitWidth(), t.getIsSigned());
                case org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint t -> new ArrowType.FloatingPoint(
                        ArrowType.Precision.valueOf(t.getPrecision().name()));
                case org.apache.arrow.vector.types.pojo.ArrowType.Utf8 _ -> new ArrowType.Utf8();
                case org.apache.arrow.vector.types.pojo.ArrowType.Bool _ -> new ArrowType.Bool();
                default -> throw new AssertionError("unexpected type " + field.getType());
            };
            fields.add(new ArrowField(field.getName(), type, field.isNullable()));
        }
        return ArrowSchema.of(fields);
    }

    private static Object get(ArrowType type, FieldVector vector, int i) {
        ArrowBuf data = vector.getDataBuffer();
        return switch (type) {
            case ArrowType.Timestamp _ -> data.getLong(8L * i);
            case ArrowType.Int t -> switch (t.bitWidth()) {
                case 8 -> t.signed() ? (long) data.getByte(i) : (long) (data.getByte(i) & 0xFF);
                case 16 -> t.signed() ? (long) data.getShort(2L * i) : (long) (data.getShort(2L * i) & 0xFFFF);
                case 32 -> t.signed() ? (long) data.getInt(4L * i) : Integer.toUnsignedLong(data.getInt(4L * i));
                default -> data.getLong(8L * i);
            };
            case ArrowType.FloatingPoint t -> switch (t.precision()) {
                case HALF -> (double) Float.float16ToFloat(data.getShort(2L * i));
                case SINGLE -> (double) data.getFloat(4L * i);
                case DOUBLE -> data.getDouble(8L * i);
            };
            case ArrowType.Utf8 _ -> new String(((VarCharVector) vector).get(i), StandardCharsets.UTF_8);
            case ArrowType.Bool _ -> ((BitVector) vector).get(i) == 1;
        };
    }

    private static void fill(ArrowType type, FieldVector vector, Object[] values, int rows) {
        switch (vector) {
            case VarCharVector v -> {
                v.allocateNew();
                for (int i = 0; i < rows; i++) {
                    if (values[i] == null) {
                        v.setNull(i);
                    } else {
                        v.setSafe(i, ((String) values[i]).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            case BitVector v -> {
                v.allocateNew(rows);
                for (int i = 0; i < rows; i++) {
                    if (values[i] == null) {
                        v.setNull(i);
                    } else {
                        v.set(i, (Boolean) values[i] ? 1 : 0);
                    }
                }
            }
            case BaseFixedWidthVector v -> {
                v.allocateNew(rows);
                ArrowBuf data = v.getDataBuffer();
                for (int i = 0; i < rows; i++) {
                    BitVectorHelper.setValidityBit(v.getValidityBuffer(), i, values[i] == null ? 0 : 1);
                    if (values[i] != null) {
                        put(type, data, i, values[i]);
                    }
                }
            }
            default -> throw new AssertionError(vector.getClass());
        }
        vector.setValueCount(rows);
    }

    private static void put(ArrowType type, ArrowBuf data, int i, Object value) {
        switch (type) {
            case ArrowType.Timestamp _ -> data.setLong(8L * i, (Long) value);
            case ArrowType.Int t -> {
                long v = (Long) value;
                switch (t.bitWidth()) {
                    case 8 -> data.setByte(i, (byte) v);
                    case 16 -> data.setShort(2L * i, (short) v);
                    case 32 -> data.setInt(4L * i, (int) v);
                    default -> data.setLong(8L * i, v);
                }
            }
            case ArrowType.FloatingPoint t -> {
                double v = (Double) value;
                switch (t.precision()) {
                    case HALF -> data.setShort(2L * i, Float.floatToFloat16((float) v));
                    case SINGLE -> data.setFloat(4L * i, (float) v);
                    case DOUBLE -> data.setDouble(8L * i, v);
                }
            }
            default -> throw new AssertionError(type);
        }
    }
}
