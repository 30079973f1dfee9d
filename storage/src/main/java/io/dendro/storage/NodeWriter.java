package io.dendro.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Appends records for one transaction. Records whose addresses follow each other are
 * gathered in a private off-heap buffer and written with one positional write, so a bulk load
 * costs one system call per megabyte, not one per node.
 *
 * <p>Usage: {@code MemorySegment p = w.reserve(len)} returns the payload to fill, and
 * {@link #lastAddress()} its address. The payload must be filled before the next
 * {@code reserve} or {@link #flush}, which seal it (compute its checksum). A record is
 * readable through {@link Store#read} only after the writer is flushed (commit does that).
 */
public final class NodeWriter implements RecordSink {
    /**
     * A commit of a small change writes a few KiB; a bulk load grows the buffer to 1 MiB (or to
     * the size of the largest record, when one record is bigger).
     */
    private static final int INITIAL_BUFFER = 16 << 10;
    private static final int MAX_BUFFER = 1 << 20;

    private final Store store;
    private MemorySegment buf;
    private long base = NodeAddress.NONE; // address of buf[0]
    private long used;                    // bytes of buf in use
    private long openOffset = -1;         // offset in buf of the record not sealed yet
    private int openLength;
    private long openAddress = NodeAddress.NONE;
    private long written;

    NodeWriter(Store store) {
        this.store = store;
        this.buf = Arena.ofAuto().allocate(INITIAL_BUFFER, 8);
    }

    /** Reserves a record with a payload of {@code payloadLength} bytes; returns the payload to fill. */
    @Override
    public MemorySegment reserve(int payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative length");
        }
        seal();
        long size = RecordLayout.recordSize(payloadLength);
        long address = store.allocate(size);
        boolean contiguous = base != NodeAddress.NONE && address == base + used;
        if (contiguous && used + size > buf.byteSize() && buf.byteSize() < MAX_BUFFER) {
            grow(used + size);
        }
        if (!contiguous || used + size > buf.byteSize()) {
            flush();
            base = address;
            if (size > buf.byteSize()) {
                grow(size);
            }
        }
        long at = used;
        buf.set(Bytes.I32, at + RecordLayout.LENGTH, payloadLength);
        long padStart = at + RecordLayout.PAYLOAD + payloadLength;
        buf.asSlice(padStart, at + size - padStart).fill((byte) 0);
        used += size;
        openOffset = at;
        openLength = payloadLength;
        openAddress = address;
        written += size;
        return buf.asSlice(at + RecordLayout.PAYLOAD, payloadLength);
    }

    /** Replaces the buffer by one of at least {@code min} bytes, keeping what it holds. */
    private void grow(long min) {
        long cap = buf.byteSize();
        while (cap < min) {
            cap <<= 1;
        }
        MemorySegment bigger = Arena.ofAuto().allocate(cap, 8);
        MemorySegment.copy(buf, 0, bigger, 0, used);
        buf = bigger;
    }

    /** The address of the record returned by the last {@link #reserve}. */
    @Override
    public long lastAddress() {
        return openAddress;
    }

    /** Bytes reserved through this writer so far (records and padding). */
    public long bytesWritten() {
        return written;
    }

    private void seal() {
        if (openOffset >= 0) {
            buf.set(Bytes.I32, openOffset + RecordLayout.CRC,
                    Checksums.recordCrc(buf, openOffset, openLength, openAddress));
            openOffset = -1;
        }
    }

    /** Seals the open record and writes every buffered record to its segment file. */
    public void flush() {
        seal();
        if (base != NodeAddress.NONE && used > 0) {
            store.write(base, buf.asSlice(0, used).asByteBuffer());
        }
        base = NodeAddress.NONE;
        used = 0;
    }
}
