package io.dendro.storage;

import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/** CRC32C helpers over memory segments and heap buffers (hardware-accelerated by the JDK). */
final class Checksums {
    private Checksums() {
    }

    /** CRC32C of {@code [offset, offset + length)} of {@code seg}. */
    static int crc(MemorySegment seg, long offset, long length) {
        CRC32C c = new CRC32C();
        update(c, seg, offset, length);
        return (int) c.getValue();
    }

    static void update(CRC32C c, MemorySegment seg, long offset, long length) {
        long pos = offset;
        long left = length;
        while (left > 0) { // ByteBuffer views are limited to 2 GiB
            int n = (int) Math.min(left, 1 << 30);
            c.update(seg.asSlice(pos, n).asByteBuffer());
            pos += n;
            left -= n;
        }
    }

    /** CRC32C of a record: its length field and payload, then its own address. */
    static int recordCrc(MemorySegment seg, long recordOffset, int payloadLength, long address) {
        CRC32C c = new CRC32C();
        update(c, seg, recordOffset + RecordLayout.LENGTH, Integer.BYTES + (long) payloadLength);
        for (int i = 0; i < Long.BYTES; i++) { // the address, little-endian, without a buffer per read
            c.update((int) (address >>> (8 * i)));
        }
        return (int) c.getValue();
    }
}
