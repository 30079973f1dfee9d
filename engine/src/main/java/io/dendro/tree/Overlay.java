package io.dendro.tree;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.RecordSink;
import io.dendro.storage.RecordSource;
import java.lang.foreign.MemorySegment;

/**
 * Tree nodes held in memory on top of the committed ones: the buffered (not yet committed)
 * points of a stream applied to its latest tree, so that reads at the latest version see them.
 * Its addresses live in segment {@link NodeAddress#MAX_SEGMENT}, which the store never
 * allocates; every other address is read from the base.
 *
 * <p>One thread (holding the stream's overlay lock) appends records; it then calls
 * {@link #publish()}, after which any thread may read every record appended so far. Records
 * are never changed once published, so readers need no lock.
 */
public final class Overlay implements RecordSource, RecordSink {
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final RecordSource base;
    private volatile MemorySegment[][] chunks = new MemorySegment[8][];
    private volatile int published;
    private int size;
    private long last = NodeAddress.NONE;

    public Overlay(RecordSource base) {
        this.base = base;
    }

    @Override
    public MemorySegment reserve(int payloadLength) {
        int index = size++;
        MemorySegment[][] c = chunks;
        int ci = index >>> CHUNK_BITS;
        if (ci >= c.length) {
            c = java.util.Arrays.copyOf(c, c.length * 2);
        }
        if (c[ci] == null) {
            c[ci] = new MemorySegment[CHUNK];
        }
        MemorySegment seg = MemorySegment.ofArray(new byte[payloadLength]);
        c[ci][index & (CHUNK - 1)] = seg;
        chunks = c;
        last = NodeAddress.of(NodeAddress.MAX_SEGMENT, 8L * (index + 1));
        return seg;
    }

    @Override
    public long lastAddress() {
        return last;
    }

    /** Makes every record appended so far readable by other threads. */
    public void publish() {
        published = size;
    }

    @Override
    public MemorySegment read(long address) {
        if (NodeAddress.segment(address) != NodeAddress.MAX_SEGMENT) {
            return base.read(address);
        }
        int index = (int) (NodeAddress.offset(address) / 8) - 1;
        if (index < 0 || index >= published) {
            throw new DendroException(ErrorCode.CORRUPTION, "overlay address " + NodeAddress.toString(address)
                    + " was never published");
        }
        return chunks[index >>> CHUNK_BITS][index & (CHUNK - 1)];
    }

    @Override
    public String fileOf(long address) {
        return NodeAddress.segment(address) == NodeAddress.MAX_SEGMENT ? "<memory overlay>" : base.fileOf(address);
    }
}
