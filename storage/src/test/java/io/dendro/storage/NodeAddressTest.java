package io.dendro.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeAddressTest {
    @Test
    void shouldRoundTripSegmentAndOffset() {
        long[] offsets = {64, 4096, (1L << 31) + 8, (1L << 32) + 64, NodeAddress.OFFSET_MASK - 7};
        int[] segments = {0, 1, 77, NodeAddress.MAX_SEGMENT};
        for (int s : segments) {
            for (long o : offsets) {
                long a = NodeAddress.of(s, o);
                assertEquals(s, NodeAddress.segment(a));
                assertEquals(o, NodeAddress.offset(a));
            }
        }
    }

    @Test
    void shouldReserveZeroAsNone() {
        assertEquals(NodeAddress.NONE, NodeAddress.of(0, 0));
        assertEquals("none", NodeAddress.toString(NodeAddress.NONE));
        assertEquals("3:4096", NodeAddress.toString(NodeAddress.of(3, 4096)));
    }

    @Test
    void shouldRejectOutOfRangeParts() {
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.of(-1, 64));
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.of(NodeAddress.MAX_SEGMENT + 1, 64));
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.of(0, NodeAddress.OFFSET_MASK + 1));
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.of(0, -8));
    }

    @Test
    void shouldDeriveLayoutOffsetsFromEachOther() {
        assertEquals(8, RecordLayout.PAYLOAD);
        assertEquals(16, RecordLayout.recordSize(1));
        assertEquals(16, RecordLayout.recordSize(8));
        assertEquals(24, RecordLayout.recordSize(9));
        assertEquals(24, SegmentHeaderLayout.CRC);
        assertEquals(44, MetaLayout.S_SIZE);
        assertEquals(4096, MetaLayout.slotOffset(0));
        assertEquals(8192, MetaLayout.slotOffset(1));
        assertEquals(4096, MetaLayout.slotOffset(2));
    }
}
