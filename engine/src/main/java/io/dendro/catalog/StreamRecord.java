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
 * | version index root i64 | created ns i64 | applied LSN i64 |
 * | retain versions i64 | retain nanos i64 | first retained version i64 |
 * | derivation i64 |                                                      (format 7; absent before: 96 bytes)
 * </pre>
 * {@code derivation}: for a derived stream, the address of its latest {@link Derivation} record
 * (the operator, its sources and the source versions the latest version reflects, linked to the
 * records of its earlier versions); {@code NodeAddress.NONE} for any other stream. A record of
 * 96 bytes (formats 2 to 6, and format-7 records of streams created before derived streams)
 * reads as one without a derivation.
 * {@code appliedLsn}: the write-ahead log's records of this stream up to this LSN are in the
 * tree (replay skips them). Retention: keep the last {@code retainVersions} versions (0: all)
 * and/or the versions committed in the last {@code retainNanos} ns (0: forever); versions
 * below {@code firstRetained} may have been reclaimed.
 */
public record StreamRecord(UUID uuid, byte valueKind, long properties, long version, long root,
                           long versionIndex, long created, long appliedLsn, long retainVersions,
                           long retainNanos, long firstRetained, long derivation) {
    static final int VALUE_KIND = 1;
    static final int MSB = 8;
    static final int LSB = MSB + 8;
    static final int PROPERTIES = LSB + 8;
    static final int VERSION = PROPERTIES + 8;
    static final int ROOT = VERSION + 8;
    static final int VERSION_INDEX = ROOT + 8;
    static final int CREATED = VERSION_INDEX + 8;
    static final int APPLIED_LSN = CREATED + 8;
    static final int RETAIN_VERSIONS = APPLIED_LSN + 8;
    static final int RETAIN_NANOS = RETAIN_VERSIONS + 8;
    static final int FIRST_RETAINED = RETAIN_NANOS + 8;
    /** The record's size before format 7's derivation field (still read). */
    static final int SIZE_BEFORE_DERIVATION = FIRST_RETAINED + 8;
    static final int DERIVATION = FIRST_RETAINED + 8;
    static final int SIZE = DERIVATION + 8;

    /** A record without a derivation (every stream but a derived one). */
    public StreamRecord(UUID uuid, byte valueKind, long properties, long version, long root, long versionIndex,
                        long created, long appliedLsn, long retainVersions, long retainNanos, long firstRetained) {
        this(uuid, valueKind, properties, version, root, versionIndex, created, appliedLsn, retainVersions,
                retainNanos, firstRetained, io.dendro.storage.NodeAddress.NONE);
    }

    /** A new, empty stream. */
    public static StreamRecord created(UUID uuid, byte valueKind, long properties, long createdNanos, long logLsn) {
        return new StreamRecord(uuid, valueKind, properties, 0, io.dendro.storage.NodeAddress.NONE,
                io.dendro.storage.NodeAddress.NONE, createdNanos, logLsn, 0, 0, 1);
    }

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
        p.set(Bytes.I64, APPLIED_LSN, appliedLsn);
        p.set(Bytes.I64, RETAIN_VERSIONS, retainVersions);
        p.set(Bytes.I64, RETAIN_NANOS, retainNanos);
        p.set(Bytes.I64, FIRST_RETAINED, firstRetained);
        p.set(Bytes.I64, DERIVATION, derivation);
        return w.lastAddress();
    }

    public static StreamRecord read(Store store, long address) {
        MemorySegment p = Nodes.record(store, address, RecordKind.STREAM, SIZE_BEFORE_DERIVATION);
        if (p.byteSize() != SIZE && p.byteSize() != SIZE_BEFORE_DERIVATION) {
            throw Nodes.corrupt(store, address, "stream record of " + p.byteSize() + " bytes");
        }
        long derivation = p.byteSize() == SIZE ? p.get(Bytes.I64, DERIVATION) : io.dendro.storage.NodeAddress.NONE;
        return new StreamRecord(new UUID(p.get(Bytes.I64, MSB), p.get(Bytes.I64, LSB)), p.get(Bytes.U8, VALUE_KIND),
                p.get(Bytes.I64, PROPERTIES), p.get(Bytes.I64, VERSION), p.get(Bytes.I64, ROOT),
                p.get(Bytes.I64, VERSION_INDEX), p.get(Bytes.I64, CREATED), p.get(Bytes.I64, APPLIED_LSN),
                p.get(Bytes.I64, RETAIN_VERSIONS), p.get(Bytes.I64, RETAIN_NANOS), p.get(Bytes.I64, FIRST_RETAINED),
                derivation);
    }

    public StreamRecord withProperties(long p) {
        return new StreamRecord(uuid, valueKind, p, version, root, versionIndex, created, appliedLsn,
                retainVersions, retainNanos, firstRetained, derivation);
    }

    public StreamRecord withVersion(long v, long newRoot, long newIndex, long newAppliedLsn) {
        return new StreamRecord(uuid, valueKind, properties, v, newRoot, newIndex, created, newAppliedLsn,
                retainVersions, retainNanos, firstRetained, derivation);
    }

    public StreamRecord withRetention(long versions, long nanos, long first) {
        return new StreamRecord(uuid, valueKind, properties, version, root, versionIndex, created, appliedLsn,
                versions, nanos, first, derivation);
    }

    public StreamRecord withDerivation(long d) {
        return new StreamRecord(uuid, valueKind, properties, version, root, versionIndex, created, appliedLsn,
                retainVersions, retainNanos, firstRetained, d);
    }

    /** Whether this is a derived stream. */
    public boolean isDerived() {
        return derivation != io.dendro.storage.NodeAddress.NONE;
    }
}
