package io.dendro.storage;

import java.lang.foreign.MemorySegment;

/**
 * Where new records are written: a {@link NodeWriter} (to the segment files) or an in-memory
 * sink. {@link #reserve} returns the payload to fill before the next call; {@link #lastAddress}
 * its address.
 */
public interface RecordSink {
    MemorySegment reserve(int payloadLength);

    long lastAddress();
}
