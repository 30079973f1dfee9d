package io.dendro.inspect;

import io.dendro.VerifyReport;
import io.dendro.VerifyReport.Kind;
import io.dendro.catalog.CatalogLayout;
import io.dendro.catalog.Properties;
import io.dendro.catalog.StreamRecord;
import io.dendro.catalog.VersionIndex;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.UUID;

/**
 * Checks one stream: its record (docs/format/stream-record.md), its properties, its version
 * index, and the tree of every retained version, oldest first, through
 * {@link VersionIndex#rootOf} and {@link TreeCheck}. The latest version's root must be the one
 * the stream record names.
 */
final class StreamCheck {
    private final Store store;
    private final ProblemLog log;
    private final TreeCheck trees;
    private final VersionIndexCheck index;
    private final Runnable versionDone;
    long bytes;
    long versions;

    /** {@code versionDone} runs after each version's tree is checked (progress). */
    StreamCheck(Store store, ProblemLog log, TreeCheck trees, Runnable versionDone) {
        this.store = store;
        this.log = log;
        this.trees = trees;
        this.index = new VersionIndexCheck(store, log);
        this.versionDone = versionDone;
    }

    /** Bytes of the version index records checked. */
    long indexBytes() {
        return index.bytes;
    }

    /** The oldest version whose tree is still kept: retention raises it above 1. */
    private static long oldestRetained(StreamRecord rec) {
        return Math.max(1, rec.firstRetained());
    }

    /**
     * Checks the stream {@code uuid} whose registry entry points at {@code address}; no tree may
     * hold a log record above {@code rootLsn}, the catalog root's LSN.
     */
    void check(UUID uuid, long address, long rootLsn) {
        log.context(uuid, VerifyReport.NO_VERSION);
        StreamRecord rec;
        MemorySegment p;
        try {
            p = store.read(address);
            rec = StreamRecord.read(store, address);
        } catch (RuntimeException e) {
            log.failed(e, address);
            return;
        }
        bytes += 8 + p.byteSize();
        if (!CatalogLayout.streamReservedZero(p)) {
            log.add(Kind.STREAM, address, "stream record reserved bytes are not zero");
        }
        if (!rec.uuid().equals(uuid)) {
            log.add(Kind.REGISTRY, address, "stream record holds uuid " + rec.uuid() + ", its catalog entry " + uuid);
        }
        if (io.dendro.StreamKind.of(rec.valueKind()) == null) {
            log.add(Kind.STREAM, address, "stream record has unknown value kind " + rec.valueKind());
        }
        properties(rec.properties(), address);
        if (rec.isDerived()) { // the lineage: one record per derived version, newest first, each a version below the last
            try {
                long expect = rec.version();
                long until = io.dendro.Time.MAX_TIME;
                for (io.dendro.catalog.Derivation d : io.dendro.catalog.Derivation.chain(store, rec.derivation())) {
                    if (expect == rec.version() && d.version() != expect) {
                        log.add(Kind.STREAM, address, "the latest derivation record is of version " + d.version()
                                + ", the stream is at version " + expect);
                        break;
                    }
                    if (d.until() > until) { // backprocessing only moves forward
                        log.add(Kind.STREAM, address, "derivation record of version " + d.version() + " computed until "
                                + d.until() + ", later than its next version (" + until + ")");
                        break;
                    }
                    until = d.until();
                    if (d.version() > expect || d.version() < 1) {
                        log.add(Kind.STREAM, address, "derivation record of version " + d.version() + " where "
                                + (expect == rec.version() ? "the stream is at version " : "a version below ") + expect
                                + " was expected");
                        break;
                    }
                    if (io.dendro.derive.Operators.names().stream().noneMatch(n -> n.equals(d.op()))) {
                        log.add(Kind.STREAM, address, "derivation with unknown operator " + d.op());
                        break;
                    }
                    expect = d.version() - 1;
                }
            } catch (RuntimeException e) {
                log.failed(e, rec.derivation());
            }
        }
        if (rec.appliedLsn() < 0 || rec.appliedLsn() > rootLsn) {
            log.add(Kind.STREAM, address, "stream record has applied LSN " + rec.appliedLsn()
                    + ", the catalog root " + rootLsn);
        }
        long v = rec.version();
        if (rec.firstRetained() < 1 || rec.firstRetained() > Math.max(1, v)) {
            log.add(Kind.STREAM, address, "stream record at version " + v + " says the oldest version kept is "
                    + rec.firstRetained());
        }
        if (v < 0 || v > VersionIndexCheck.MAX_VERSIONS) {
            log.add(Kind.STREAM, address, "stream record has version " + v);
        } else if (v == 0) {
            if (rec.root() != NodeAddress.NONE || rec.versionIndex() != NodeAddress.NONE) {
                log.add(Kind.STREAM, address, "stream at version 0 has root " + NodeAddress.toString(rec.root())
                        + " and version index " + NodeAddress.toString(rec.versionIndex()));
            }
        } else if (rec.versionIndex() == NodeAddress.NONE) {
            log.add(Kind.STREAM, address, "stream at version " + v + " has no version index");
            versions(rec, address, false);
        } else {
            index.check(rec.versionIndex(), v);
            versions(rec, address, true);
        }
        log.context(null, VerifyReport.NO_VERSION);
    }

    /** Checks the tree of every retained version; without an index, only the latest. */
    private void versions(StreamRecord rec, long address, boolean indexed) {
        long latest = rec.version();
        for (long v = indexed ? oldestRetained(rec) : latest; v <= latest; v++) {
            log.context(rec.uuid(), v);
            long root = rec.root();
            if (indexed) {
                try {
                    root = VersionIndex.rootOf(store, rec.versionIndex(), latest, v);
                    if (v == latest && root != rec.root()) {
                        log.add(Kind.STREAM, address, "stream record names root " + NodeAddress.toString(rec.root())
                                + ", the version index " + NodeAddress.toString(root) + " for version " + v);
                    }
                } catch (RuntimeException e) {
                    log.failed(e, NodeAddress.NONE);
                    if (v != latest) {
                        versions++;
                        versionDone.run();
                        continue;
                    }
                    root = rec.root(); // the index lost it; the record still names the latest root
                }
            }
            trees.version(v, root);
            versions++;
            versionDone.run();
        }
    }

    private void properties(long address, long streamRecord) {
        if (address == NodeAddress.NONE) {
            log.add(Kind.STREAM, streamRecord, "stream record has no properties");
            return;
        }
        Properties props;
        MemorySegment p;
        try {
            p = store.read(address);
            props = Properties.read(store, address);
        } catch (RuntimeException e) {
            log.failed(e, address);
            return;
        }
        bytes += 8 + p.byteSize();
        if (!CatalogLayout.propertiesReservedZero(p)) {
            log.add(Kind.STREAM, address, "properties reserved bytes are not zero");
        }
        if (props.propertyVersion() < 0) {
            log.add(Kind.STREAM, address, "property version " + props.propertyVersion());
        }
        if (props.collection().isEmpty()) {
            log.add(Kind.STREAM, address, "empty collection");
        }
        emptyKey(props.tags(), "tag", address);
        emptyKey(props.annotations(), "annotation", address);
    }

    private void emptyKey(Map<String, String> m, String what, long address) {
        if (m.containsKey("")) {
            log.add(Kind.STREAM, address, "empty " + what + " key");
        }
    }
}
