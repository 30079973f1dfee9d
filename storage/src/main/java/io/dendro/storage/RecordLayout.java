package io.dendro.storage;

/**
 * The header in front of every node (record) in a segment file; the payload is opaque here.
 * <pre>
 * | crc32c u32 | length u32 | payload [length] | zero padding to a multiple of 8 |
 * </pre>
 * The CRC32C covers the length field and the payload, then the record's own 8-byte address
 * (little-endian), so that a node read from the wrong place fails its check too.
 */
final class RecordLayout {
    static final int CRC = 0;
    static final int LENGTH = CRC + Integer.BYTES;
    static final int PAYLOAD = LENGTH + Integer.BYTES;
    /** Records start on 8-byte boundaries so that payload longs are naturally aligned. */
    static final int ALIGN = 8;

    private RecordLayout() {
    }

    /** The bytes a record with this payload length occupies, padding included. */
    static long recordSize(long payloadLength) {
        return (PAYLOAD + payloadLength + ALIGN - 1) & -ALIGN;
    }
}
