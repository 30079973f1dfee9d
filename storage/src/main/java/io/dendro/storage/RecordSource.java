package io.dendro.storage;

import java.lang.foreign.MemorySegment;

/**
 * Where records are read from: the {@link Store} (checksummed, memory-mapped) or a layer over
 * it, such as the engine's in-memory overlay of not-yet-committed nodes.
 */
public interface RecordSource {
    /** The verified payload of the record at {@code address}. */
    MemorySegment read(long address);

    /** The file holding an address, for corruption errors. */
    String fileOf(long address);
}
