package io.dendro.storage;

/**
 * The header at offset 0 of every segment file {@code seg-NNNNNN.dnd}.
 * <pre>
 * | magic u32 | format u32 | index u32 | reserved u32 | capacity u64 | crc32c u32 | pad to 64 |
 * </pre>
 * The CRC32C covers bytes {@code [0, CRC)}. Nodes start at {@link #SIZE}.
 */
final class SegmentHeaderLayout {
    static final int MAGIC_VALUE = 0x444E4453; // "SDND" little-endian: Dendro segment
    static final int MAGIC = 0;
    static final int FORMAT = MAGIC + Integer.BYTES;
    static final int INDEX = FORMAT + Integer.BYTES;
    static final int RESERVED = INDEX + Integer.BYTES;
    static final int CAPACITY = RESERVED + Integer.BYTES;
    static final int CRC = CAPACITY + Long.BYTES;
    /** Header size: rounded up to 64 bytes, a cache line. */
    static final int SIZE = 64;

    private SegmentHeaderLayout() {
    }
}
