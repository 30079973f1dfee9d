package io.dendro.arrow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, the reader either reads them or throws {@link ArrowFormatException}:
 * never another exception, never an allocation beyond what the input permits, never a hang.
 * Each random case prints its seed ({@code -Ddendro.arrow.seed=...} repeats it).
 */
class HostileInputTest {
    private static final long SEED = Long.getLong("dendro.arrow.seed", System.nanoTime());
    /** Random inputs per test; a long run passes e.g. -Ddendro.arrow.rounds=2000000. */
    private static final int ROUNDS = Integer.getInteger("dendro.arrow.rounds", 20_000);

    @BeforeAll
    static void printSeed() {
        System.out.println("HostileInputTest seed " + SEED + " (-Ddendro.arrow.seed=" + SEED + " repeats it)");
    }

    /** Small streams of every type and shape: Dendro's, Arrow Java's (validity always written), pyarrow's. */
    static List<byte[]> samples() {
        Random random = new Random(42);
        ArrowSchema schema = ArrowSchema.of(
                new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
                new ArrowField("value", ArrowType.FLOAT64, true),
                new ArrowField("s", new ArrowType.Utf8(), true),
                new ArrowField("i", new ArrowType.Int(16, false), true),
                new ArrowField("b", new ArrowType.Bool(), true),
                new ArrowField("t", new ArrowType.Timestamp(ArrowType.TimeUnit.SECOND, null), true),
                new ArrowField("h", new ArrowType.FloatingPoint(ArrowType.Precision.HALF), true));
        List<Table.Batch> batches = new ArrayList<>();
        batches.add(RandomTables.batch(random, schema, 5));
        batches.add(RandomTables.batch(random, schema, 0));
        batches.add(RandomTables.batch(random, schema, 9));
        Table table = new Table(schema, batches);
        List<byte[]> samples = new ArrayList<>();
        // (the accessors that refuse a type are tested elsewhere: here each column is read its own way)
        samples.add(OurStreams.write(table, random));
        samples.add(ArrowJava.write(table, false));
        samples.add(ArrowJava.write(table, true));
        samples.add(ArrowStreamWriter.emptyStream(schema));
        samples.add(PyarrowGoldenTest.golden("template.arrows"));
        samples.add(PyarrowGoldenTest.golden("dictionary.arrows"));
        return samples;
    }

    @Test
    void shouldReadOrRefuseEveryPrefix() {
        for (byte[] sample : samples()) {
            for (int length = 0; length < sample.length; length++) {
                byte[] prefix = java.util.Arrays.copyOf(sample, length);
                readOrRefuse(prefix, "prefix of " + length + " bytes");
            }
        }
    }

    @Test
    void shouldReadOrRefuseEveryByteChanged() {
        Random random = new Random(SEED);
        int[] fixed = {0x00, 0xFF, 0x7F, 0x80, 0x01};
        int sampleIndex = 0;
        for (byte[] sample : samples()) {
            for (int at = 0; at < sample.length; at++) {
                for (int k = 0; k < fixed.length + 2; k++) {
                    byte[] bytes = sample.clone();
                    bytes[at] = (byte) (k < fixed.length ? fixed[k] : bytes[at] ^ (1 + random.nextInt(255)));
                    readOrRefuse(bytes, "seed " + SEED + ", sample " + sampleIndex + ", byte " + at + " set to "
                            + (bytes[at] & 0xFF));
                }
            }
            sampleIndex++;
        }
    }

    @Test
    void shouldReadOrRefuseRandomChangesOfSeveralBytes() {
        Random random = new Random(SEED + 1);
        List<byte[]> samples = samples();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] bytes = samples.get(random.nextInt(samples.size())).clone();
            int changes = 1 + random.nextInt(6);
            for (int c = 0; c < changes; c++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            readOrRefuse(bytes, "seed " + SEED + ", round " + round);
        }
    }

    @Test
    void shouldRefuseRandomGarbage() {
        Random random = new Random(SEED + 2);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.length >= 12 && random.nextBoolean()) {
                // a plausible prefix and root offset, so that the garbage reaches the FlatBuffer reader
                view.putInt(0, -1).putInt(4, (bytes.length - 8) & ~7).putInt(8, 4 * random.nextInt(8));
            }
            readOrRefuse(bytes, "seed " + SEED + ", round " + round);
        }
    }

    @Test
    void shouldRefuseHugeDeclaredLengthsWithoutAllocating() {
        long before = allocatedBytes();
        for (int length : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 7, 1 << 30, 0x10000000}) {
            byte[] bytes = new byte[20];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -1).putInt(4, length);
            assertThrows(ArrowFormatException.class, () -> ArrowStreamReader.of(bytes));
            assertThrows(ArrowFormatException.class,
                    () -> ArrowStreamReader.of(new ByteArrayInputStream(bytes), Long.MAX_VALUE));
            // legacy form: the length first
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, length);
            assertThrows(ArrowFormatException.class, () -> ArrowStreamReader.of(bytes));
            assertThrows(ArrowFormatException.class,
                    () -> ArrowStreamReader.of(new ByteArrayInputStream(bytes), Long.MAX_VALUE));
        }
        // a stream that trickles: the declared 1 GiB never arrives, and is never allocated at once
        byte[] bytes = new byte[100_000];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -1).putInt(4, 1 << 30);
        assertThrows(ArrowFormatException.class,
                () -> ArrowStreamReader.of(new ByteArrayInputStream(bytes), Long.MAX_VALUE));
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 4 << 20, "refusing 17 short inputs allocated " + allocated + " bytes");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    /** Reads everything the bytes hold, through a byte array and through a stream. */
    static void readOrRefuse(byte[] bytes, String what) {
        readOrRefuse(what, () -> ArrowStreamReader.of(bytes));
        readOrRefuse(what + " (stream)", () -> ArrowStreamReader.of(new ByteArrayInputStream(bytes), bytes.length));
    }

    private static void readOrRefuse(String what, java.util.function.Supplier<ArrowStreamReader> open) {
        try {
            ArrowStreamReader reader = open.get();
            ArrowSchema schema = reader.schema();
            while (reader.nextBatch()) {
                for (int c = 0; c < schema.size(); c++) {
                    int column = c;
                    switch (schema.field(c).type()) {
                        case ArrowType.Timestamp _ -> tryRead(() -> reader.longs(column));
                        case ArrowType.Int _ -> {
                            tryRead(() -> reader.longs(column));
                            tryRead(() -> reader.doubles(column));
                        }
                        case ArrowType.FloatingPoint _ -> tryRead(() -> reader.doubles(column));
                        case ArrowType.Utf8 _ -> tryRead(() -> reader.strings(column));
                        case ArrowType.Bool _ -> {
                            tryRead(() -> reader.booleans(column));
                            tryRead(() -> reader.longs(column));
                        }
                    }
                    int nulls = 0;
                    for (int row = 0; row < reader.rows(); row++) {
                        nulls += reader.isValid(c, row) ? 0 : 1;
                    }
                    if (nulls != reader.nullCount(c)) {
                        throw new AssertionError(what + ": " + nulls + " invalid rows but a null count of "
                                + reader.nullCount(c));
                    }
                }
            }
        } catch (ArrowFormatException expected) {
            if (expected.getMessage() == null || expected.getMessage().isEmpty()) {
                throw new AssertionError(what + ": no message", expected);
            }
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": " + e, e);
        }
    }

    private static void tryRead(Runnable read) {
        try {
            read.run();
        } catch (ArrowFormatException refused) {
            // a type that does not read that way, or a value out of range: fine
        }
    }
}
