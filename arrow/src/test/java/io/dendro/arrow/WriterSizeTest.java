package io.dendro.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** What the writer costs: bytes on the wire and bytes allocated. */
class WriterSizeTest {
    @Test
    void shouldWriteAMillionPointsInSixteenBytesEachPlusASmallHeader() {
        ArrowSchema schema = ArrowSchema.of(new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
                new ArrowField("value", ArrowType.FLOAT64, false));
        int rows = 1_000_000;
        long[] time = new long[rows];
        double[] value = new double[rows];
        for (int i = 0; i < rows; i++) {
            time[i] = i * 1_000_000L;
            value[i] = i;
        }
        byte[] ipc = ArrowStreamWriter.toBytes(schema, rows, ArrowColumn.longs(time), ArrowColumn.doubles(value));
        StreamBytes s = new StreamBytes(ipc);
        assertEquals(16L * rows, s.bodyLength(1), "no validity bitmap, no padding: 8 + 8 bytes a row");
        long overhead = ipc.length - 16L * rows;
        // schema message (232 bytes), record batch metadata (192), end marker (8); pyarrow's are 192, 192, 8
        assertTrue(overhead <= 432, "overhead " + overhead);
        assertEquals(ArrowStreamWriter.emptyStream(schema).length - 8, s.messageStart(1));
        System.out.println("1M (time, value) rows: " + ipc.length + " bytes, " + overhead + " beyond 16 a row");
    }

    @Test
    void shouldNotAllocatePerRowOrPerBatch() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int rows = 100_000;
        long[] time = new long[rows];
        double[] value = new double[rows];
        boolean[] valid = new boolean[rows];
        Arrays.fill(valid, true);
        valid[17] = false;
        ArrowSchema schema = ArrowSchema.of(
                new ArrowField("time", new ArrowType.Timestamp(ArrowType.TimeUnit.MICROSECOND, "UTC"), false),
                new ArrowField("value", ArrowType.FLOAT32, true));
        try (ArrowStreamWriter writer = new ArrowStreamWriter(OutputStream.nullOutputStream(), schema)) {
            writer.writeBatch(rows, ArrowColumn.longs(time), ArrowColumn.doubles(value, valid)); // grows the scratch
            long written = writer.bytesWritten();
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int batch = 0; batch < 20; batch++) {
                writer.writeBatch(rows, ArrowColumn.longs(time), ArrowColumn.doubles(value, valid));
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 64 * 1024, "20 batches of " + rows + " rows allocated " + allocated + " bytes");
            long perBatch = (writer.bytesWritten() - written) / 20;
            long body = rows * 8L + rows * 4L + IpcLayout.padded(rows / 8);
            assertTrue(perBatch > body && perBatch < body + 256, perBatch + " bytes a batch");
        }
    }
}
