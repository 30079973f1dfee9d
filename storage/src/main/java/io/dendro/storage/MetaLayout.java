package io.dendro.storage;

/**
 * The meta file {@code dendro.db}: a file header and two meta slots, LMDB style.
 * <pre>
 * offset 0     file header : | magic u32 | format u32 | segmentCapacity u64 | crc32c u32 |
 * offset 4096  slot 0      : | magic u32 | format u32 | generation u64 | tail u64 | root u64 |
 *                             | first segment u64 | crc32c u32 |
 * offset 8192  slot 1      : same as slot 0
 * </pre>
 * Generation {@code g} is written to slot {@code g & 1}; each CRC32C covers the bytes before it
 * in its own header or slot. Each part sits on its own 4 KiB page so that writing one slot can
 * never tear the other or the file header.
 */
final class MetaLayout {
    static final String FILE_NAME = "dendro.db";
    static final int PAGE = 4096;

    static final int HEADER_MAGIC_VALUE = 0x4F52444E; // "NDRO"
    static final int H_MAGIC = 0;
    static final int H_FORMAT = H_MAGIC + Integer.BYTES;
    static final int H_SEGMENT_CAPACITY = H_FORMAT + Integer.BYTES;
    static final int H_CRC = H_SEGMENT_CAPACITY + Long.BYTES;
    static final int H_SIZE = H_CRC + Integer.BYTES;

    static final int SLOT_MAGIC_VALUE = 0x4154454D; // "META"
    static final int S_MAGIC = 0;
    static final int S_FORMAT = S_MAGIC + Integer.BYTES;
    static final int S_GENERATION = S_FORMAT + Integer.BYTES;
    static final int S_TAIL = S_GENERATION + Long.BYTES;
    static final int S_ROOT = S_TAIL + Long.BYTES;
    static final int S_FIRST_SEGMENT = S_ROOT + Long.BYTES;
    static final int S_CRC = S_FIRST_SEGMENT + Long.BYTES;
    static final int S_SIZE = S_CRC + Integer.BYTES;

    static final long FILE_SIZE = 3L * PAGE;

    private MetaLayout() {
    }

    /** File offset of the slot that generation {@code g} is written to. */
    static long slotOffset(long generation) {
        return PAGE * (1 + (generation & 1));
    }
}
