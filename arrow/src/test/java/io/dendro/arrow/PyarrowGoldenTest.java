package io.dendro.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Streams written by pyarrow 25.0.1 as BTrDB clients write them ({@code resources/pyarrow/},
 * made by {@code make_golden.py} there): each value is a formula of its row, recomputed here.
 */
class PyarrowGoldenTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final int N = 1000;
    private static final int[] BATCHES = {300, 300, 300, 100};

    static byte[] golden(String name) {
        try (InputStream in = PyarrowGoldenTest.class.getResourceAsStream("/pyarrow/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long time(int i) {
        return T0 + i * 1_000_000_007L - 500 * 1_000_000_007L;
    }

    private static double value(int i) {
        return i * 0.25 - 100.0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"insert.arrows", "insert-legacy-v4.arrows", "insert-int64.arrows"})
    void shouldReadAnInsertAsPyarrowWritesIt(String name) {
        byte[] ipc = golden(name);
        for (ArrowStreamReader reader : List.of(ArrowStreamReader.of(ipc),
                ArrowStreamReader.of(new ByteArrayInputStream(ipc), ipc.length))) {
            ArrowSchema expected = ArrowSchema.of(
                    name.contains("int64") ? new ArrowField("time", ArrowType.INT64, true)
                            : new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
                    // pyarrow.table() without a schema makes nullable fields
                    new ArrowField("value", ArrowType.FLOAT64, name.contains("int64")));
            assertEquals(expected, reader.schema());
            int row = 0;
            for (int rows : BATCHES) {
                assertTrue(reader.nextBatch());
                assertEquals(rows, reader.rows());
                long[] time = reader.longs(0);
                double[] value = reader.doubles(1);
                for (int i = 0; i < rows; i++, row++) {
                    assertEquals(time(row), time[i], "time of row " + row);
                    assertEquals(value(row), value[i], "value of row " + row);
                }
                assertEquals(0, reader.nullCount(0));
                assertEquals(0, reader.nullCount(1));
            }
            assertFalse(reader.nextBatch());
            assertFalse(reader.nextBatch());
        }
    }

    @Test
    void shouldReadAnUncastInsertAsNanosecondsAndDoubles() {
        ArrowStreamReader reader = ArrowStreamReader.of(golden("insert-us-float32.arrows"));
        assertEquals(ArrowSchema.of(
                new ArrowField("time", new ArrowType.Timestamp(ArrowType.TimeUnit.MICROSECOND, null), true),
                new ArrowField("value", ArrowType.FLOAT32, true)), reader.schema());
        int row = 0;
        while (reader.nextBatch()) {
            for (int i = 0; i < reader.rows(); i++, row++) {
                assertEquals(Math.floorDiv(time(row), 1000L) * 1000L, reader.longs(0)[i]);
                assertEquals((float) value(row), reader.doubles(1)[i]);
            }
        }
        assertEquals(N, row);
    }

    @Test
    void shouldReadATemplate() {
        ArrowStreamReader reader = ArrowStreamReader.of(golden("template.arrows"));
        assertEquals(ArrowSchema.of(
                new ArrowField("time", new ArrowType.Timestamp(ArrowType.TimeUnit.MILLISECOND, "UTC"), false),
                new ArrowField("min", ArrowType.FLOAT32, true),
                new ArrowField("count", ArrowType.UINT64, true)), reader.schema());
        assertFalse(reader.nextBatch());
    }

    @Test
    void shouldReadEverySupportedTypeWithNulls() {
        ArrowStreamReader reader = ArrowStreamReader.of(golden("types.arrows"));
        ArrowSchema schema = reader.schema();
        assertEquals(17, schema.size());
        assertEquals(new ArrowType.FloatingPoint(ArrowType.Precision.HALF), schema.field(schema.indexOf("f16")).type());
        assertEquals(new ArrowType.Timestamp(ArrowType.TimeUnit.MILLISECOND, "America/New_York"),
                schema.field(schema.indexOf("ts_ms")).type());
        int row = 0;
        for (int rows : BATCHES) {
            assertTrue(reader.nextBatch());
            assertEquals(rows, reader.rows());
            for (int i = 0; i < rows; i++, row++) {
                boolean isNull = row % 7 == 3;
                long x = Math.floorMod(row * 37, 256) - 128;
                long t = time(row);
                checkLong(reader, "i8", i, isNull, x);
                checkLong(reader, "u8", i, false, x + 128);
                checkLong(reader, "i16", i, isNull, x * 200);
                checkLong(reader, "u16", i, false, (x + 128) * 250);
                checkLong(reader, "i32", i, isNull, x * 16_000_000);
                checkLong(reader, "u32", i, false, (x + 128) * 16_000_000);
                checkLong(reader, "i64", i, isNull, x * 70_000_000_000_000_000L);
                checkLong(reader, "u64", i, false, (x + 128) * 36_000_000_000_000_000L);
                checkDouble(reader, "f16", i, isNull, x / 4.0);
                checkDouble(reader, "f32", i, isNull, x / 8.0);
                checkDouble(reader, "f64", i, isNull, value(row));
                checkDouble(reader, "u64", i, false, (double) ((x + 128) * 36_000_000_000_000_000L));
                checkDouble(reader, "i8", i, isNull, x);
                checkLong(reader, "ts_s", i, isNull, Math.floorDiv(t, 1_000_000_000L) * 1_000_000_000L);
                checkLong(reader, "ts_ms", i, isNull, Math.floorDiv(t, 1_000_000L) * 1_000_000L);
                checkLong(reader, "ts_us", i, isNull, Math.floorDiv(t, 1_000L) * 1_000L);
                checkLong(reader, "ts_ns", i, isNull, -t);
                int s = schema.indexOf("s");
                assertEquals(isNull ? null : row % 5 != 0 ? "r" + row + "-é€😀" : "", reader.strings(s)[i]);
                int b = schema.indexOf("b");
                assertEquals(!isNull, reader.isValid(b, i));
                assertEquals(!isNull && row % 3 == 0, reader.booleans(b)[i]);
                assertEquals(isNull ? 0 : row % 3 == 0 ? 1 : 0, reader.longs(b)[i]);
            }
        }
        assertFalse(reader.nextBatch());
    }

    private static void checkLong(ArrowStreamReader reader, String name, int i, boolean isNull, long expected) {
        int c = reader.schema().indexOf(name);
        assertEquals(!isNull, reader.isValid(c, i), name);
        assertEquals(isNull ? 0 : expected, reader.longs(c)[i], name);
    }

    private static void checkDouble(ArrowStreamReader reader, String name, int i, boolean isNull, double expected) {
        int c = reader.schema().indexOf(name);
        assertEquals(!isNull, reader.isValid(c, i), name);
        assertEquals(isNull ? 0 : expected, reader.doubles(c)[i], name);
    }

    @ParameterizedTest
    @CsvSource({
        "compressed-lz4.arrows, compressed",
        "dictionary.arrows, dictionary-encoded",
        "list.arrows, type List",
        "large-string.arrows, type LargeUtf8",
        "date32.arrows, type Date"})
    void shouldRefuseWhatItDoesNotRead(String name, String message) {
        ArrowFormatException e = assertThrows(ArrowFormatException.class, () -> {
            ArrowStreamReader reader = ArrowStreamReader.of(golden(name));
            while (reader.nextBatch()) {
                assertNull(reader.schema(), "a batch was read");
            }
        });
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void shouldWriteTheSameInsertPyarrowWrites() {
        // same schema and values, written by Dendro: Arrow Java and Dendro read the same table from both
        ArrowSchema schema = ArrowSchema.of(new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
                new ArrowField("value", ArrowType.FLOAT64, false));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(bytes, schema)) {
            int row = 0;
            for (int rows : BATCHES) {
                long[] time = new long[rows];
                double[] value = new double[rows];
                for (int i = 0; i < rows; i++, row++) {
                    time[i] = time(row);
                    value[i] = value(row);
                }
                writer.writeBatch(rows, ArrowColumn.longs(time), ArrowColumn.doubles(value));
            }
        }
        byte[] ours = bytes.toByteArray();
        byte[] theirs = golden("insert.arrows");
        assertEquals(ArrowJava.read(theirs), ArrowJava.read(ours));
        assertEquals(OurStreams.read(theirs), OurStreams.read(ours));
    }
}
