package io.dendro.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitIOTest {
    @Test
    void shouldReadBackRandomFieldsOfEveryWidthAtAnyAlignment() {
        SplittableRandom r = new SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            int n = r.nextInt(1, 300);
            int[] widths = new int[n];
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                widths[i] = r.nextInt(65);
                values[i] = widths[i] == 0 ? 0 : r.nextLong() & (-1L >>> (64 - widths[i]));
            }
            long offset = r.nextInt(9);
            MemorySegment seg = MemorySegment.ofArray(new byte[(int) offset + 8 * n + 16]);
            BitWriter w = new BitWriter(seg, offset, seg.byteSize());
            for (int i = 0; i < n; i++) { // junk above the width is ignored
                w.write(values[i] | (widths[i] < 64 ? r.nextLong() << widths[i] : 0), widths[i]);
            }
            long bits = w.bitsWritten();
            int len = w.finish();
            assertEquals((bits + 7) / 8, len);
            BitReader in = new BitReader(seg, offset, len, "test");
            for (int i = 0; i < n; i++) {
                assertEquals(values[i], in.read(widths[i]), "field " + i + " of width " + widths[i]);
            }
            in.expectEnd();
        }
    }

    @Test
    void shouldUnpackLikeRepeatedReadsUpToTheLastByte() {
        SplittableRandom r = new SplittableRandom(7);
        for (int width = 0; width <= 64; width++) {
            for (int n : new int[] {1, 2, 7, 8, 9, 63, 128, 1000}) {
                long mask = width == 0 ? 0 : -1L >>> (64 - width);
                long[] values = r.longs(n).map(x -> x & mask).toArray();
                MemorySegment seg = MemorySegment.ofArray(new byte[8 * n + 16]);
                BitWriter w = new BitWriter(seg, 0, seg.byteSize());
                w.write(5, 3); // start unaligned
                for (long v : values) {
                    w.write(v, width);
                }
                int len = w.finish();
                BitReader in = new BitReader(seg, 0, len, "test");
                assertEquals(5, in.read(3));
                long[] out = new long[n + 2];
                in.unpack(out, 1, n, width);
                for (int i = 0; i < n; i++) {
                    assertEquals(values[i], out[i + 1], "width " + width + " n " + n + " value " + i);
                }
                in.expectEnd();
            }
        }
    }

    @Test
    void shouldRoundTripVarintsOfAnyValue() {
        long[] values = {0, 1, 127, 128, 16383, 16384, Integer.MAX_VALUE, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        MemorySegment seg = MemorySegment.ofArray(new byte[200]);
        BitWriter w = new BitWriter(seg, 0, 200);
        w.write(1, 1);
        for (long v : values) {
            w.writeVarint(v);
        }
        int len = w.finish();
        BitReader in = new BitReader(seg, 0, len, "test");
        assertEquals(1, in.read(1));
        for (long v : values) {
            assertEquals(v, in.readVarint());
        }
    }

    @Test
    void shouldReportReadsPastTheEndAsCorruption() {
        MemorySegment seg = MemorySegment.ofArray(new byte[64]);
        BitReader in = new BitReader(seg, 10, 3, "test");
        in.read(20);
        DendroException e = assertThrows(DendroException.class, () -> in.read(5));
        assertEquals(ErrorCode.CORRUPTION, e.code());
        BitReader in2 = new BitReader(seg, 10, 3, "test");
        assertThrows(DendroException.class, () -> in2.unpack(new long[10], 0, 10, 3));
        MemorySegment ff = MemorySegment.ofArray(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1});
        assertThrows(DendroException.class, () -> new BitReader(ff, 0, 12, "test").readVarint());
    }

    @Test
    void shouldRejectTrailingBytesAndNonZeroPadding() {
        MemorySegment seg = MemorySegment.ofArray(new byte[] {0x01, 0x00});
        BitReader a = new BitReader(seg, 0, 2, "test");
        a.read(1);
        assertThrows(DendroException.class, a::expectEnd);
        MemorySegment pad = MemorySegment.ofArray(new byte[] {(byte) 0x81});
        BitReader b = new BitReader(pad, 0, 1, "test");
        b.read(1);
        assertThrows(DendroException.class, b::expectEnd);
    }

    @Test
    void shouldThrowIllegalArgumentWhenTheWriterRunsOutOfRoomUnlessSoft() {
        MemorySegment seg = MemorySegment.ofArray(new byte[16]);
        BitWriter hard = new BitWriter(seg, 0, 12);
        hard.write(1, 64);
        assertThrows(IllegalArgumentException.class, () -> hard.write(1, 64));
        BitWriter soft = new BitWriter(seg, 0, 12, true);
        soft.write(1, 64);
        soft.write(1, 64);
        assertTrue(soft.full());
        assertEquals(-1, soft.finish());
    }
}
