package io.dendro.catalog;

import io.dendro.storage.Bytes;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.tree.Nodes;
import io.dendro.tree.RecordKind;
import java.lang.foreign.MemorySegment;
import java.util.UUID;

/**
 * A stream's current state in the registry; rewritten (copy-on-write) by every commit of the
 * stream. Properties live in their own record so that a commit does not copy them.
 * <pre>
 * | kind u8 = 20 | valueKind u8 | reserved u16 | reserved u32 |
 * | uuid msb i64 | uuid lsb i64 | properties i64 | latest version i64 | latest root i64 |
 * | version index root i64 | created ns i64 |
 * </pre>
 */
public record StreamRecord(UUID uuid, byte valueKind, long properties, long version, long root,
                           long versionIndex, long created) {
    static final int VALUE_KIND = 1;
    static final int MSB = 8;
    static final int LSB = MSB + 8;
    static final int PROPERTIES = LSB + 8;
    static final int VERSION = PROPERTIES + 8;
    static final int ROOT = VERSION + 8;
    static final int VERSION_INDEX = ROOT + 8;
    static final int CREATED = VERSION_INDEX + 8;
    static final int SIZE = CREATED + 8;

    public long write(NodeWriter w) {
        MemorySegment p = w.reserve(SIZE);
        p.fill((byte) 0);
        p.set(Bytes.U8, 0, RecordKind.STREAM);
        p.set(Bytes.U8, VALUE_KIND, valueKind);
        p.set(Bytes.I64, MSB, uuid.getMostSignificantBits());
        p.set(Bytes.I64, LSB, uuid.getLeastSignificantBits());
        p.set(Bytes.I64, PROPERTIES, properties);
        p.set(Bytes.I64, VERSION, version);
        p.set(Bytes.I64, ROOT, root);
        p.set(Bytes.I64, VERSION_INDEX, versionIndex);
        p.set(Bytes.I64, CREATED, created);
        return w.lastAddress();
    }

    public static StreamRecord read(Store store, long address) {
        MemorySegment p = Nodes.record(store, address, RecordKind.STREAM, SIZE);
        if (p.byteSize() != SIZE) {
            throw Nodes.corrupt(store, address, "stream record of " + p.byteSize() + " bytes");
        }
        return new StreamRecord(new UUID(p.get(Bytes.I64, MSB), p.get(Bytes.I64, LSB)), p.get(Bytes.U8, VALUE_KIND),
                p.get(Bytes.I64, PROPERTIES), p.get(Bytes.I64, VERSION), p.get(Bytes.I64, ROOT),
                p.get(Bytes.I64, VERSION_INDEX), p.get(Bytes.I64, CREATED));
    }

    public StreamRecord withProperties(long p) {
        return new StreamRecord(uuid, valueKind, p, version, root, versionIndex, created);
    }

    public StreamRecord withVersion(long v, long newRoot, long newIndex) {
        return new StreamRecord(uuid, valueKind, properties, v, newRoot, newIndex, created);
    }
}
