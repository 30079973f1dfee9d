package io.dendro.storage;

/**
 * Write-ahead log files {@code wal-NNNNNN.log}: a header, then records back to back.
 * <pre>
 * header (64 bytes): | magic u32 | format u32 | index u32 | reserved u32 | firstLsn u64 | crc32c u32 | pad |
 * record          : | crc32c u32 | length u32 | lsn u64 | payload [length] | zero padding to 8 |
 * </pre>
 * The header CRC covers bytes {@code [0, H_CRC)}; a record's CRC covers its length, LSN and
 * payload. LSNs are consecutive across files: a record whose LSN is not the previous one plus
 * one ends the log (it is a leftover from before a torn write).
 */
final class LogLayout {
    static final int MAGIC_VALUE = 0x4C41574C; // "LWAL"
    static final int H_MAGIC = 0;
    static final int H_FORMAT = H_MAGIC + Integer.BYTES;
    static final int H_INDEX = H_FORMAT + Integer.BYTES;
    static final int H_RESERVED = H_INDEX + Integer.BYTES;
    static final int H_FIRST_LSN = H_RESERVED + Integer.BYTES;
    static final int H_CRC = H_FIRST_LSN + Long.BYTES;
    static final int HEADER_SIZE = 64;

    static final int R_CRC = 0;
    static final int R_LENGTH = R_CRC + Integer.BYTES;
    static final int R_LSN = R_LENGTH + Integer.BYTES;
    static final int R_PAYLOAD = R_LSN + Long.BYTES;

    private LogLayout() {
    }

    static String fileName(int index) {
        return String.format("wal-%06d.log", index);
    }

    static long recordSize(int payloadLength) {
        return (R_PAYLOAD + (long) payloadLength + 7) & -8L;
    }
}
