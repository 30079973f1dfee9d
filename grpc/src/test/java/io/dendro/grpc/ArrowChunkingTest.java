package io.dendro.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dendro.arrow.ArrowField;
import io.dendro.arrow.ArrowSchema;
import io.dendro.arrow.ArrowType;
import org.junit.jupiter.api.Test;

/** How many rows an Arrow response message holds: bounded by bytes as well as by chunkPoints. */
class ArrowChunkingTest {
    @Test
    void rowBytesAddTheColumnsWidths() {
        assertEquals(16, ArrowRpcs.rowBytes(ArrowSchema.of(
                new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
                new ArrowField("value", ArrowType.FLOAT64, false))));
        assertEquals(12, ArrowRpcs.rowBytes(ArrowSchema.of(
                new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
                new ArrowField("value", ArrowType.FLOAT32, false))));
        // time, min, mean, max, count, stddev
        assertEquals(48, ArrowRpcs.rowBytes(ArrowRpcs.WINDOWS));
    }

    @Test
    void rowsPerMessageAreTheSmallerOfBothLimits() {
        GrpcServerOptions d = GrpcServerOptions.defaults();
        assertEquals(128 << 10, d.arrowChunkBytes());
        assertEquals(8_192, d.arrowRows(16));            // raw values: 128 KiB / 16 bytes
        assertEquals(2_730, d.arrowRows(48));            // windows
        assertEquals(1_000, GrpcServerOptions.defaults().chunkPoints(1_000).arrowRows(16));
        assertEquals(1, GrpcServerOptions.defaults().arrowChunkBytes(10).arrowRows(16));
        assertEquals(50_000, GrpcServerOptions.defaults().arrowChunkBytes(1 << 30).arrowRows(16));
        assertThrows(IllegalArgumentException.class, () -> GrpcServerOptions.defaults().arrowChunkBytes(0));
    }
}
