package io.dendro.arrow;

import static io.dendro.arrow.MetadataLayout.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** Each refusal of the reader, from one thing broken in an otherwise valid stream. */
class MalformedStreamTest {
    private static final ArrowSchema SCHEMA = ArrowSchema.of(
            new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
            new ArrowField("value", ArrowType.FLOAT64, true),
            new ArrowField("name", new ArrowType.Utf8(), true));

    /** Schema, one batch of 3 rows with a null value and a null name, end of stream. */
    private static StreamBytes stream() {
        return new StreamBytes(ArrowStreamWriter.toBytes(SCHEMA, 3,
                ArrowColumn.longs(new long[] {-5, 10, 20}),
                ArrowColumn.doubles(new double[] {1.5, 0, 2.5}, new boolean[] {true, false, true}),
                ArrowColumn.strings(new String[] {"a", null, "ccc"})));
    }

    private static void refused(byte[] bytes, String message) {
        for (boolean stream : new boolean[] {false, true}) {
            ArrowFormatException e = assertThrows(ArrowFormatException.class, () -> {
                ArrowStreamReader reader = stream ? ArrowStreamReader.of(new ByteArrayInputStream(bytes), bytes.length)
                        : ArrowStreamReader.of(bytes);
                while (reader.nextBatch()) {
                    reader.longs(0);
                    reader.doubles(1);
                    reader.strings(2);
                }
            });
            assertTrue(e.getMessage().contains(message), "'" + e.getMessage() + "' does not say '" + message + "'");
        }
    }

    private static byte[] patched(Consumer<StreamBytes> patch) {
        StreamBytes s = stream();
        patch.accept(s);
        return s.bytes;
    }

    @Test
    void shouldReadTheUnbrokenStream() {
        ArrowStreamReader reader = ArrowStreamReader.of(stream().bytes);
        assertEquals(SCHEMA, reader.schema());
        assertTrue(reader.nextBatch());
        assertArrayEquals(new long[] {-5, 10, 20}, reader.longs(0));
        assertArrayEquals(new double[] {1.5, 0, 2.5}, reader.doubles(1));
        assertArrayEquals(new String[] {"a", null, "ccc"}, reader.strings(2));
        assertEquals(1, reader.nullCount(1));
        assertFalse(reader.isValid(1, 1));
        assertFalse(reader.nextBatch());
    }

    @Test
    void shouldRefuseBigEndianData() {
        refused(patched(s -> s.putShort(s.field(0, s.header(0), SCHEMA_ENDIANNESS, 2), 1)), "big-endian");
    }

    @Test
    void shouldRefuseMetadataVersionsBeforeV4() {
        refused(patched(s -> s.putShort(s.field(0, s.metadata(0).root(), MESSAGE_VERSION, 2), 2)), "version V3");
    }

    @Test
    void shouldRefuseDictionaryBatchesAndOtherMessages() {
        refused(patched(s -> s.putByte(s.field(1, s.metadata(1).root(), MESSAGE_HEADER_TYPE, 1), 2)),
                "dictionary batches are not supported");
        refused(patched(s -> s.putByte(s.field(1, s.metadata(1).root(), MESSAGE_HEADER_TYPE, 1), 4)),
                "message type 4 is not supported");
    }

    @Test
    void shouldRefuseARecordBatchBeforeTheSchema() {
        StreamBytes s = stream();
        refused(s.range(s.messageStart(1), s.bytes.length), "a record batch before the schema");
    }

    @Test
    void shouldRefuseASecondSchema() {
        StreamBytes s = stream();
        byte[] schema = s.range(0, s.messageStart(1));
        refused(StreamBytes.concat(schema, schema, s.range(s.messageStart(1), s.bytes.length)), "a second schema");
    }

    @Test
    void shouldRefuseBytesAfterTheEndOfStreamInAnArray() {
        byte[] bytes = stream().bytes;
        ArrowFormatException e = assertThrows(ArrowFormatException.class, () -> {
            ArrowStreamReader reader = ArrowStreamReader.of(StreamBytes.concat(bytes, bytes));
            while (reader.nextBatch()) {
                assertEquals(3, reader.rows());
            }
        });
        assertTrue(e.getMessage().contains("after the end-of-stream marker"), e.getMessage());
        assertThrows(ArrowFormatException.class, () -> {
            ArrowStreamReader reader = ArrowStreamReader.of(StreamBytes.concat(bytes, new byte[8]));
            while (reader.nextBatch()) {
                assertEquals(3, reader.rows());
            }
        });
    }

    @Test
    void shouldStopAtTheEndOfStreamInAnInputStream() {
        byte[] bytes = stream().bytes;
        ByteArrayInputStream in = new ByteArrayInputStream(StreamBytes.concat(bytes, bytes));
        ArrowStreamReader reader = ArrowStreamReader.of(in, Long.MAX_VALUE);
        assertTrue(reader.nextBatch());
        assertFalse(reader.nextBatch());
        assertEquals(bytes.length, in.available(), "read past the end-of-stream marker");
        // the second stream is still there for another reader
        ArrowStreamReader second = ArrowStreamReader.of(in, bytes.length);
        assertTrue(second.nextBatch());
        assertArrayEquals(new String[] {"a", null, "ccc"}, second.strings(2));
        assertFalse(second.nextBatch());
    }

    @Test
    void shouldRefuseAnInputStreamLongerThanItsLimit() {
        byte[] bytes = stream().bytes;
        refusedStream(bytes, bytes.length - 1, "limit");
        byte[] withoutEnd = Arrays.copyOf(bytes, bytes.length - 8);
        refusedStream(StreamBytes.concat(withoutEnd, new byte[] {1}), withoutEnd.length, "longer than its limit");
        // exactly at the limit is fine, with or without the end marker
        for (byte[] whole : List.of(bytes, withoutEnd)) {
            ArrowStreamReader reader = ArrowStreamReader.of(new ByteArrayInputStream(whole), whole.length);
            assertTrue(reader.nextBatch());
            assertFalse(reader.nextBatch());
        }
    }

    private static void refusedStream(byte[] bytes, long limit, String message) {
        ArrowFormatException e = assertThrows(ArrowFormatException.class, () -> {
            ArrowStreamReader reader = ArrowStreamReader.of(new ByteArrayInputStream(bytes), limit);
            while (reader.nextBatch()) {
                assertEquals(3, reader.rows());
            }
        });
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void shouldRefuseASchemaOfNoField() {
        refused(patched(s -> {
            int fields = s.metadata(0).vectorAt(s.header(0), SCHEMA_FIELDS, Integer.BYTES);
            s.putInt(s.metadataStart(0) + fields, 0);
        }), "0 fields");
    }

    @Test
    void shouldRefuseASchemaOfMoreThan1024Fields() {
        ArrowStreamReader.of(StreamBytes.frame(boolSchema(1024, ""), new byte[0]));
        refused(StreamBytes.frame(boolSchema(1025, ""), new byte[0]), "1025 fields");
    }

    @Test
    void shouldRefuseNamesThatAddUpToMoreThanTheMetadata() {
        // 1024 fields sharing one 60 KB name: legal FlatBuffers, 60 MB of names
        String name = "n".repeat(60_000);
        ArrowStreamReader reader = ArrowStreamReader.of(StreamBytes.frame(boolSchema(1, name), new byte[0]));
        assertEquals(name, reader.schema().field(0).name());
        refused(StreamBytes.frame(boolSchema(1024, name), new byte[0]), "strings add up");
    }

    /** A schema message of {@code count} Bool fields that all point to one Field table. */
    private static FlatBufferBuilder boolSchema(int count, String name) {
        FlatBufferBuilder fb = new FlatBufferBuilder();
        int root = fb.rootPlaceholder();
        int header = message(fb, root, HEADER_SCHEMA);
        fb.startTable(SCHEMA_SLOTS);
        fb.addReference(SCHEMA_FIELDS);
        fb.patch(header, fb.endTable());
        int fieldsReference = fb.fieldPosition(SCHEMA_FIELDS);
        int vector = fb.referenceVector(count);
        fb.patch(fieldsReference, vector);
        fb.startTable(FIELD_SLOTS);
        fb.addReference(FIELD_NAME);
        fb.addByte(FIELD_TYPE_TYPE, TYPE_BOOL);
        fb.addReference(FIELD_TYPE);
        int field = fb.endTable();
        int nameReference = fb.fieldPosition(FIELD_NAME);
        int typeReference = fb.fieldPosition(FIELD_TYPE);
        fb.startTable(0);
        fb.patch(typeReference, fb.endTable());
        fb.patch(nameReference, fb.string(name));
        for (int i = 0; i < count; i++) {
            fb.patch(vector + Integer.BYTES * (1 + i), field);
        }
        return fb;
    }

    private static int message(FlatBufferBuilder fb, int root, int headerType) {
        fb.startTable(MESSAGE_SLOTS);
        fb.addShort(MESSAGE_VERSION, VERSION_V5);
        fb.addByte(MESSAGE_HEADER_TYPE, headerType);
        fb.addReference(MESSAGE_HEADER);
        fb.patch(root, fb.endTable());
        return fb.fieldPosition(MESSAGE_HEADER);
    }

    @Test
    void shouldRefuseCompressedBodies() {
        FlatBufferBuilder fb = new FlatBufferBuilder();
        int root = fb.rootPlaceholder();
        int header = message(fb, root, HEADER_RECORD_BATCH);
        fb.startTable(BATCH_COMPRESSION + 1);
        fb.addLong(BATCH_LENGTH, 0);
        fb.addReference(BATCH_NODES);
        fb.addReference(BATCH_BUFFERS);
        fb.addReference(BATCH_COMPRESSION);
        fb.patch(header, fb.endTable());
        int nodes = fb.fieldPosition(BATCH_NODES);
        int buffers = fb.fieldPosition(BATCH_BUFFERS);
        int compression = fb.fieldPosition(BATCH_COMPRESSION);
        fb.patch(nodes, fb.structVector(1));
        fb.putLong(0);
        fb.putLong(0);
        fb.patch(buffers, fb.structVector(2));
        for (int i = 0; i < 4; i++) {
            fb.putLong(0);
        }
        fb.startTable(0);
        fb.patch(compression, fb.endTable());
        byte[] schema = StreamBytes.frame(boolSchema(1, "b"), new byte[0]);
        refused(StreamBytes.concat(schema, StreamBytes.frame(fb, new byte[0])), "compressed");
    }

    @Test
    void shouldRefuseRowCountsThatDifferFromTheNodes() {
        refused(patched(s -> s.putLong(s.field(1, s.header(1), BATCH_LENGTH, 8), 4)), "has 3 rows");
        refused(patched(s -> s.putLong(s.field(1, s.header(1), BATCH_LENGTH, 8), -1)), "-1 rows");
        refused(patched(s -> s.putLong(s.field(1, s.header(1), BATCH_LENGTH, 8), 1L << 40)), "rows");
    }

    @Test
    void shouldRefuseRowCountsThatDoNotFitTheBuffers() {
        refused(patched(s -> {
            s.putLong(s.field(1, s.header(1), BATCH_LENGTH, 8), 1_000_000);
            for (int node = 0; node < 3; node++) {
                s.putLong(s.struct(1, s.header(1), BATCH_NODES, node), 1_000_000);
            }
        }), "cannot hold 1000000 rows");
    }

    @Test
    void shouldRefuseNullCountsBeyondTheRowsOrDifferentFromTheBitmap() {
        refused(patched(s -> s.putLong(s.struct(1, s.header(1), BATCH_NODES, 1) + 8, 4)), "4 nulls");
        refused(patched(s -> s.putLong(s.struct(1, s.header(1), BATCH_NODES, 1) + 8, 2)),
                "declares 2 nulls, but its validity bitmap has 1");
        refused(patched(s -> s.putLong(s.struct(1, s.header(1), BATCH_NODES, 1) + 8, -1)), "-1 nulls");
    }

    @Test
    void shouldRefuseBuffersOutsideTheBody() {
        refused(patched(s -> s.putLong(s.struct(1, s.header(1), BATCH_BUFFERS, 1), s.bodyLength(1))),
                "outside the body");
        refused(patched(s -> s.putLong(s.struct(1, s.header(1), BATCH_BUFFERS, 1) + 8, Long.MAX_VALUE)),
                "outside the body");
        refused(patched(s -> s.putLong(s.struct(1, s.header(1), BATCH_BUFFERS, 1), -8)), "outside the body");
    }

    @Test
    void shouldRefuseABodyBeyondTheInput() {
        refused(patched(s -> s.putLong(s.field(1, s.metadata(1).root(), MESSAGE_BODY_LENGTH, 8), 1L << 20)),
                "body of 1048576 bytes");
        refused(patched(s -> s.putLong(s.field(1, s.metadata(1).root(), MESSAGE_BODY_LENGTH, 8), Long.MAX_VALUE)),
                "body length");
    }

    @Test
    void shouldRefuseStringOffsetsOutOfOrderOrBeyondTheirData() {
        // buffers: time 0-1, value 2-3, name 4 (validity), 5 (offsets: 0, 1, 1, 4), 6 (data)
        for (int value : new int[] {-1, 5, 100}) {
            int offsetIndex = value < 0 ? 0 : 3;
            refused(patched(s -> {
                int offsets = (int) ByteBuffer.wrap(s.bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getLong(s.struct(1, s.header(1), BATCH_BUFFERS, 5));
                s.putInt(s.bodyStart(1) + offsets + 4 * offsetIndex, value);
            }), "string offset " + offsetIndex);
        }
    }

    @Test
    void shouldRefuseAMetadataLengthBelowZero() {
        refused(patched(s -> s.putInt(s.messageStart(1) + 4, -8)), "metadata length -8");
    }

    @Test
    void shouldAcceptAStreamWithoutItsEndMarker() {
        byte[] bytes = stream().bytes;
        ArrowStreamReader reader = ArrowStreamReader.of(Arrays.copyOf(bytes, bytes.length - 8));
        assertTrue(reader.nextBatch());
        assertFalse(reader.nextBatch());
    }

    @Test
    void shouldAcceptTheLegacyEndMarker() {
        byte[] bytes = stream().bytes;
        byte[] legacy = Arrays.copyOf(bytes, bytes.length - 4);
        ByteBuffer.wrap(legacy).putInt(legacy.length - 4, 0);
        ArrowStreamReader reader = ArrowStreamReader.of(legacy);
        assertTrue(reader.nextBatch());
        assertFalse(reader.nextBatch());
    }

    @Test
    void shouldRefuseAnInputWithoutSchema() {
        refused(new byte[0], "no schema");
        refused(new byte[] {-1, -1, -1, -1, 0, 0, 0, 0}, "no schema");
    }

    @Test
    void shouldStayBrokenAfterARefusal() {
        byte[] bytes = patched(s -> s.putLong(s.field(1, s.header(1), BATCH_LENGTH, 8), 4));
        ArrowStreamReader reader = ArrowStreamReader.of(bytes);
        ArrowFormatException first = assertThrows(ArrowFormatException.class, reader::nextBatch);
        assertSame(first, assertThrows(ArrowFormatException.class, reader::nextBatch));
        assertThrows(IllegalStateException.class, reader::rows);
    }

    @Test
    void shouldTellMisuseApartFromBadData() {
        ArrowStreamReader reader = ArrowStreamReader.of(stream().bytes);
        assertThrows(IllegalStateException.class, reader::rows);
        assertThrows(IllegalStateException.class, () -> reader.longs(0));
        assertTrue(reader.nextBatch());
        assertThrows(IndexOutOfBoundsException.class, () -> reader.longs(3));
        assertThrows(IndexOutOfBoundsException.class, () -> reader.isValid(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> reader.nullCount(-1));
        assertFalse(reader.nextBatch());
        assertThrows(IllegalStateException.class, () -> reader.doubles(1));
    }
}
