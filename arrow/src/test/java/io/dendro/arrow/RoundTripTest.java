package io.dendro.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Objects;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dendro's writer against Apache Arrow Java's reader, and Arrow Java's writer against Dendro's
 * reader, over random tables of every supported type. Each case prints its seed on failure.
 */
class RoundTripTest {
    private static final long SEED = Long.getLong("dendro.arrow.seed", System.nanoTime());

    @Test
    void shouldBeReadByArrowJavaAsWrittenForEveryType() {
        for (ArrowType type : RandomTables.allTypes()) {
            for (boolean nullable : new boolean[] {false, true}) {
                ArrowSchema schema = ArrowSchema.of(new ArrowField("x", type, nullable),
                        new ArrowField("y", type, true));
                check(schema, SEED ^ type.hashCode() ^ (nullable ? 1 : 0), 4, 300);
            }
        }
    }

    @Test
    void shouldBeReadByArrowJavaAsWrittenForRandomSchemas() {
        Random random = new Random(SEED);
        for (int i = 0; i < 150; i++) {
            long seed = random.nextLong();
            check(RandomTables.schema(new Random(seed), 8), seed, 3, 70);
        }
    }

    @Test
    void shouldReadArrowJavaStreamsOfEveryType() {
        for (ArrowType type : RandomTables.allTypes()) {
            ArrowSchema schema = ArrowSchema.of(new ArrowField("x", type, false), new ArrowField("y", type, true));
            checkReverse(schema, SEED ^ type.hashCode(), false);
            checkReverse(schema, SEED ^ type.hashCode(), true);
        }
    }

    @Test
    void shouldReadArrowJavaStreamsOfRandomSchemas() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 150; i++) {
            long seed = random.nextLong();
            checkReverse(RandomTables.schema(new Random(seed), 8), seed, i % 5 == 0);
        }
    }

    @BeforeAll
    static void printSeed() {
        System.out.println("RoundTripTest seed " + SEED + " (-Ddendro.arrow.seed=" + SEED + " repeats it)");
    }

    @Test
    void shouldWriteBatchesOfNoRowArrowJavaReads() {
        List<ArrowField> fields = new java.util.ArrayList<>();
        for (ArrowType type : RandomTables.allTypes()) {
            fields.add(new ArrowField("f" + fields.size(), type, fields.size() % 2 == 0));
        }
        ArrowSchema schema = ArrowSchema.of(fields);
        Table.Batch empty = RandomTables.batch(new Random(SEED), schema, 0);
        Table table = new Table(schema, List.of(empty, empty, empty));
        byte[] ipc = OurStreams.write(table, new Random(SEED));
        assertEquals(table, ArrowJava.read(ipc));
        assertEquals(table, OurStreams.read(ipc));
        assertEquals(table, OurStreams.read(ArrowJava.write(table, false)));
    }

    @Test
    void shouldWriteAnEmptyStreamArrowJavaReads() {
        ArrowSchema schema = ArrowSchema.of(new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
                new ArrowField("value", ArrowType.FLOAT32, true));
        byte[] ipc = ArrowStreamWriter.emptyStream(schema);
        assertEquals(new Table(schema, List.of()), ArrowJava.read(ipc));
        assertEquals(new Table(schema, List.of()), OurStreams.read(ipc));
        assertEquals(new Table(schema, List.of()),
                OurStreams.read(ArrowJava.write(new Table(schema, List.of()), false)));
    }

    @Test
    void shouldRoundTripNegativeTimesWithFloorDivision() {
        ArrowSchema schema = ArrowSchema.of(
                new ArrowField("s", new ArrowType.Timestamp(ArrowType.TimeUnit.SECOND, null), false),
                new ArrowField("ms", new ArrowType.Timestamp(ArrowType.TimeUnit.MILLISECOND, "UTC"), false),
                new ArrowField("ns", ArrowType.TIMESTAMP_NS_UTC, false));
        long[] ns = {-1, -1_000_000_000L, -1_000_000_001L, -999_999_999L, 0, 1, Long.MIN_VALUE, Long.MAX_VALUE};
        byte[] ipc = ArrowStreamWriter.toBytes(schema, ns.length, ArrowColumn.longs(ns), ArrowColumn.longs(ns),
                ArrowColumn.longs(ns));
        Table table = ArrowJava.read(ipc);
        Object[] seconds = new Object[ns.length];
        Object[] millis = new Object[ns.length];
        Object[] nanos = new Object[ns.length];
        for (int i = 0; i < ns.length; i++) {
            seconds[i] = Math.floorDiv(ns[i], 1_000_000_000L);
            millis[i] = Math.floorDiv(ns[i], 1_000_000L);
            nanos[i] = ns[i];
        }
        assertEquals(new Table(schema, List.of(new Table.Batch(ns.length, List.of(seconds, millis, nanos)))), table);
        assertEquals(-1L, seconds[0]);
        assertEquals(-2L, seconds[2]);
    }

    @Test
    void shouldRoundTripAMillionRows() {
        int rows = 1_000_000;
        ArrowSchema schema = ArrowSchema.of(new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
                new ArrowField("value", ArrowType.FLOAT64, true));
        long[] time = new long[rows];
        double[] value = new double[rows];
        boolean[] valid = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            time[i] = 1_700_000_000_000_000_000L + 1000L * i - 500_000_000L;
            value[i] = Math.sin(i);
            valid[i] = i % 1000 != 7;
        }
        byte[] ipc = ArrowStreamWriter.toBytes(schema, rows, ArrowColumn.longs(time),
                ArrowColumn.doubles(value, valid));
        Table table = ArrowJava.read(ipc);
        assertEquals(1, table.batches().size());
        Table.Batch batch = table.batches().getFirst();
        assertEquals(rows, batch.rows());
        for (int i = 0; i < rows; i++) {
            if (time[i] != (Long) batch.columns().get(0)[i]) {
                throw new AssertionError("time of row " + i);
            }
            Object expected = valid[i] ? value[i] : null;
            if (!Objects.equals(expected, batch.columns().get(1)[i])) {
                throw new AssertionError("value of row " + i);
            }
        }
        ArrowStreamReader ours = ArrowStreamReader.of(ipc);
        ours.nextBatch();
        assertArrayEquals(time, ours.longs(0));
        assertEquals(rows / 1000, ours.nullCount(1));
    }

    /** Writes a random table with Dendro and reads it with Arrow Java and with Dendro. */
    private static void check(ArrowSchema schema, long seed, int batches, int maxRows) {
        Random random = new Random(seed);
        Table table = RandomTables.table(random, schema, batches, maxRows);
        try {
            byte[] ipc = OurStreams.write(table, random);
            assertEquals(table, ArrowJava.read(ipc), "Arrow Java reading Dendro's stream");
            assertEquals(table, OurStreams.read(ipc), "Dendro reading Dendro's stream");
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("seed " + seed + ", " + schema + ": " + e.getMessage(), e);
        }
    }

    /** Writes a random table with Arrow Java and reads it with Dendro. */
    private static void checkReverse(ArrowSchema schema, long seed, boolean legacy) {
        Random random = new Random(seed);
        Table table = RandomTables.table(random, schema, 3, 70);
        try {
            assertEquals(table, OurStreams.read(ArrowJava.write(table, legacy)), "Dendro reading Arrow Java's stream");
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("seed " + seed + ", legacy " + legacy + ", " + schema + ": " + e.getMessage(), e);
        }
    }
}
