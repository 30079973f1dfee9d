package io.dendro.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The writer's and the reader's conversions and refusals, value by value. */
class ConversionTest {
    private static ArrowSchema one(ArrowType type, boolean nullable) {
        return ArrowSchema.of(new ArrowField("x", type, nullable));
    }

    /** Writes one column, reads it back with Arrow Java: the stored values. */
    private static Object[] stored(ArrowType type, ArrowColumn column, int rows) {
        Table table = ArrowJava.read(ArrowStreamWriter.toBytes(one(type, true), rows, column));
        return table.batches().getFirst().columns().getFirst();
    }

    private static ArrowFormatException refused(ArrowType type, ArrowColumn column, int rows) {
        return assertThrows(ArrowFormatException.class,
                () -> ArrowStreamWriter.toBytes(one(type, false), rows, column));
    }

    private static Object[] longsTo(ArrowType type, long... values) {
        return stored(type, ArrowColumn.longs(values), values.length);
    }

    private static Object[] doublesTo(ArrowType type, double... values) {
        return stored(type, ArrowColumn.doubles(values), values.length);
    }

    @Test
    void shouldFloorNanosecondsToTheTimestampUnit() {
        long[] ns = {-1, -999, -1000, -1001, 1999, Long.MIN_VALUE};
        assertArrayEquals(new Object[] {-1L, -1L, -1L, -2L, 1L, Math.floorDiv(Long.MIN_VALUE, 1000L)},
                stored(new ArrowType.Timestamp(ArrowType.TimeUnit.MICROSECOND, null), ArrowColumn.longs(ns), 6));
    }

    @Test
    void shouldWriteLongsToIntegersThatHoldThem() {
        assertArrayEquals(new Object[] {-128L, 127L}, longsTo(new ArrowType.Int(8, true), -128, 127));
        assertArrayEquals(new Object[] {0L, 65535L}, longsTo(new ArrowType.Int(16, false), 0, 65535));
        assertArrayEquals(new Object[] {4294967295L}, longsTo(new ArrowType.Int(32, false), 4294967295L));
        assertArrayEquals(new Object[] {Long.MAX_VALUE}, longsTo(ArrowType.UINT64, Long.MAX_VALUE));
    }

    @Test
    void shouldRefuseLongsOutsideTheIntegerType() {
        ArrowFormatException e = refused(new ArrowType.Int(8, true), ArrowColumn.longs(new long[] {1, 128}), 2);
        assertTrue(e.getMessage().contains("field 'x'") && e.getMessage().contains("row 1")
                && e.getMessage().contains("128"), e.getMessage());
        refused(new ArrowType.Int(8, false), ArrowColumn.longs(new long[] {-1}), 1);
        refused(new ArrowType.Int(32, true), ArrowColumn.longs(new long[] {1L << 31}), 1);
        refused(ArrowType.UINT64, ArrowColumn.longs(new long[] {-1}), 1);
    }

    @Test
    void shouldWriteIntegralDoublesToIntegersAndRefuseTheRest() {
        assertArrayEquals(new Object[] {-2147483648L, 7L, 0L},
                stored(new ArrowType.Int(32, true), ArrowColumn.doubles(new double[] {-2147483648.0, 7.0, -0.0}), 3));
        // uint64 takes doubles up to 2^64: 2^64 - 2048 is the largest double below it
        assertArrayEquals(new Object[] {-2048L}, doublesTo(ArrowType.UINT64, 0x1p64 - 2048));
        assertArrayEquals(new Object[] {Long.MIN_VALUE}, doublesTo(ArrowType.INT64, -0x1p63));
        for (double bad : new double[] {1.5, Double.NaN, Double.POSITIVE_INFINITY, 0x1p31, -0x1p31 - 1}) {
            refused(new ArrowType.Int(32, true), ArrowColumn.doubles(new double[] {bad}), 1);
        }
        refused(ArrowType.INT64, ArrowColumn.doubles(new double[] {0x1p63}), 1);
        refused(ArrowType.UINT64, ArrowColumn.doubles(new double[] {0x1p64}), 1);
        refused(ArrowType.UINT64, ArrowColumn.doubles(new double[] {-1}), 1);
    }

    @Test
    void shouldRoundLongsAndDoublesToTheFloatingPointType() {
        long big = (1L << 53) + 1;
        assertArrayEquals(new Object[] {(double) big}, longsTo(ArrowType.FLOAT64, big));
        // a long rounds to float directly: through double, 2^24 + 1 + 2^-30-ish cases could round twice
        long twice = (1L << 54) + (1L << 30) + 1;
        assertArrayEquals(new Object[] {(double) (float) twice},
                stored(ArrowType.FLOAT32, ArrowColumn.longs(new long[] {twice}), 1));
        assertArrayEquals(new Object[] {(double) (float) 0.1, Double.POSITIVE_INFINITY},
                stored(ArrowType.FLOAT32, ArrowColumn.doubles(new double[] {0.1, 1e300}), 2));
        ArrowType half = new ArrowType.FloatingPoint(ArrowType.Precision.HALF);
        assertArrayEquals(new Object[] {1.0, 65504.0, Double.POSITIVE_INFINITY, 0.0999755859375},
                stored(half, ArrowColumn.doubles(new double[] {1.0, 65504, 65536, 0.1}), 4));
        assertArrayEquals(new Object[] {2048.0, 2048.0}, stored(half, ArrowColumn.longs(new long[] {2048, 2049}), 2));
    }

    @Test
    void shouldRefuseAColumnOfTheWrongKind() {
        ArrowFormatException e = refused(ArrowType.TIMESTAMP_NS_UTC, ArrowColumn.doubles(new double[] {1}), 1);
        assertEquals("field 'x' is Timestamp[unit=NANOSECOND, timezone=UTC]: a doubles column cannot be written to it",
                e.getMessage());
        refused(ArrowType.INT64, ArrowColumn.strings(new String[] {"1"}), 1);
        refused(ArrowType.FLOAT64, ArrowColumn.booleans(new boolean[] {true}), 1);
        refused(new ArrowType.Utf8(), ArrowColumn.longs(new long[] {1}), 1);
        refused(new ArrowType.Bool(), ArrowColumn.longs(new long[] {1}), 1);
    }

    @Test
    void shouldRefuseANullInANonNullableFieldAndLeaveTheStreamAsItWas() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(bytes, one(ArrowType.FLOAT64, false))) {
            long before = writer.bytesWritten();
            ArrowFormatException e = assertThrows(ArrowFormatException.class,
                    () -> writer.writeBatch(2, ArrowColumn.doubles(new double[] {1, 2}, new boolean[] {true, false})));
            assertEquals("field 'x' is not nullable, but row 1 is null", e.getMessage());
            assertThrows(ArrowFormatException.class,
                    () -> writer.writeBatch(1, ArrowColumn.strings(new String[] {"a"})));
            assertEquals(before, writer.bytesWritten());
            assertEquals(before, bytes.size());
            writer.writeBatch(2, ArrowColumn.doubles(new double[] {1, 2}));
        }
        Table table = ArrowJava.read(bytes.toByteArray());
        assertEquals(1, table.batches().size());
        assertArrayEquals(new Object[] {1.0, 2.0}, table.batches().getFirst().columns().getFirst());
    }

    @Test
    void shouldIgnoreValuesUnderNullsAndPastTheRows() {
        Object[] values = stored(new ArrowType.Int(8, true),
                ArrowColumn.longs(new long[] {1, 1000, 3, 1000}, new boolean[] {true, false, true, false, true}), 3);
        assertArrayEquals(new Object[] {1L, null, 3L}, values);
    }

    @Test
    void shouldEncodeStringsAsJavaDoes() {
        String[] strings = {"", "a", "é", "€", "😀", "\ud800x", "x\udc00", "\u0000", null};
        Object[] stored = stored(new ArrowType.Utf8(), ArrowColumn.strings(strings), strings.length);
        for (int i = 0; i < strings.length; i++) {
            Object expected = strings[i] == null ? null
                    : new String(strings[i].getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertEquals(expected, stored[i], "string " + i);
        }
    }

    @Test
    void shouldReadIntegersAsDoublesAndUint64AboveLongAsAnError() {
        Table table = new Table(ArrowSchema.of(new ArrowField("u", ArrowType.UINT64, false),
                new ArrowField("s", new ArrowType.Timestamp(ArrowType.TimeUnit.SECOND, null), false)),
                List.of(new Table.Batch(2, List.of(new Object[] {-1L, 5L},
                        new Object[] {1L, Long.MAX_VALUE / 1_000_000_000L + 1}))));
        ArrowStreamReader reader = ArrowStreamReader.of(ArrowJava.write(table, false));
        assertTrue(reader.nextBatch());
        assertArrayEquals(new double[] {0x1p64, 5.0}, reader.doubles(0));
        ArrowFormatException e = assertThrows(ArrowFormatException.class, () -> reader.longs(0));
        assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
        e = assertThrows(ArrowFormatException.class, () -> reader.longs(1));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(ArrowFormatException.class, () -> reader.doubles(1));
        assertThrows(ArrowFormatException.class, () -> reader.strings(0));
        assertThrows(ArrowFormatException.class, () -> reader.booleans(0));
        assertFalse(reader.nextBatch());
    }

    @Test
    void shouldReuseReturnedArraysBetweenBatchesOfTheSameSize() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(bytes, one(ArrowType.INT64, false))) {
            writer.writeBatch(2, ArrowColumn.longs(new long[] {1, 2}));
            writer.writeBatch(2, ArrowColumn.longs(new long[] {3, 4}));
            writer.writeBatch(1, ArrowColumn.longs(new long[] {5}));
        }
        ArrowStreamReader reader = ArrowStreamReader.of(bytes.toByteArray());
        reader.nextBatch();
        long[] first = reader.longs(0);
        assertArrayEquals(new long[] {1, 2}, first);
        reader.nextBatch();
        assertTrue(first == reader.longs(0));
        assertArrayEquals(new long[] {3, 4}, first);
        reader.nextBatch();
        assertArrayEquals(new long[] {5}, reader.longs(0));
    }

    @Test
    void shouldReadADirectBufferInPlaceWithoutMovingIt() {
        ArrowSchema schema = ArrowSchema.of(new ArrowField("s", new ArrowType.Utf8(), true));
        byte[] ipc = ArrowStreamWriter.toBytes(schema, 3, ArrowColumn.strings(new String[] {"é€", null, "x"}));
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(ipc.length + 10);
        direct.position(10);
        direct.put(ipc).position(10);
        ArrowStreamReader reader = ArrowStreamReader.of(direct);
        assertTrue(reader.nextBatch());
        assertArrayEquals(new String[] {"é€", null, "x"}, reader.strings(0));
        assertFalse(reader.nextBatch());
        assertEquals(10, direct.position());
        assertEquals(ipc.length + 10, direct.limit());
    }

    @Test
    void shouldTellMisuseApartFromBadData() {
        ArrowSchema schema = ArrowSchema.of(new ArrowField("a", ArrowType.INT64, false),
                new ArrowField("b", ArrowType.INT64, true));
        ArrowStreamWriter writer = new ArrowStreamWriter(new ByteArrayOutputStream(), schema);
        assertThrows(IllegalArgumentException.class, () -> writer.writeBatch(1, ArrowColumn.longs(new long[] {1})));
        assertThrows(IllegalArgumentException.class,
                () -> writer.writeBatch(2, ArrowColumn.longs(new long[] {1, 2}), ArrowColumn.longs(new long[] {1})));
        assertThrows(IllegalArgumentException.class, () -> writer.writeBatch(2, ArrowColumn.longs(new long[] {1, 2}),
                ArrowColumn.longs(new long[] {1, 2}, new boolean[] {true})));
        assertThrows(IllegalArgumentException.class,
                () -> writer.writeBatch(-1, ArrowColumn.longs(new long[0]), ArrowColumn.longs(new long[0])));
        writer.finish();
        writer.close();
        assertThrows(IllegalStateException.class,
                () -> writer.writeBatch(0, ArrowColumn.longs(new long[0]), ArrowColumn.longs(new long[0])));
        assertThrows(IllegalArgumentException.class, () -> new ArrowType.Int(12, true));
        assertThrows(IllegalArgumentException.class, () -> ArrowSchema.of());
    }

    @Test
    void shouldNotCloseTheOutputStream() {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (ArrowStreamWriter writer = new ArrowStreamWriter(out, one(ArrowType.INT64, false))) {
            writer.writeBatch(1, ArrowColumn.longs(new long[] {1}));
        }
        assertFalse(closed[0]);
        byte[] bytes = out.toByteArray();
        assertArrayEquals(new byte[] {-1, -1, -1, -1, 0, 0, 0, 0},
                java.util.Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length));
    }

    @Test
    void shouldDescribeSchemas() {
        ArrowSchema schema = ArrowSchema.of(new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
                new ArrowField("value", ArrowType.FLOAT64, true), new ArrowField("time", ArrowType.INT64, true));
        assertEquals(0, schema.indexOf("time"));
        assertEquals(1, schema.indexOf("value"));
        assertEquals(-1, schema.indexOf("nope"));
        assertEquals(3, schema.size());
        assertEquals(schema, ArrowSchema.of(schema.fields()));
        assertEquals(schema.hashCode(), ArrowSchema.of(schema.fields()).hashCode());
        assertEquals("ArrowSchema[time: Timestamp[unit=NANOSECOND, timezone=UTC] not null, "
                + "value: FloatingPoint[precision=DOUBLE], time: Int[bitWidth=64, signed=true]]", schema.toString());
        assertEquals(1_000_000_000L, ArrowType.TimeUnit.SECOND.nanosPerUnit());
        assertEquals(255, new ArrowType.Int(8, false).max());
        assertEquals(-128, new ArrowType.Int(8, true).min());
    }
}
