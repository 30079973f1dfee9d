package io.dendro.inspect;

import io.dendro.VerifyReport.Kind;
import io.dendro.catalog.CatalogLayout;
import io.dendro.catalog.VersionIndex;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.RecordKind;
import java.lang.foreign.MemorySegment;

/**
 * Checks the shape of a stream's version index (docs/format/version-index.md) against its
 * version count {@code V}: the root at height {@code h(V)}, version nodes above version leaves,
 * every node and leaf holding exactly the entries its place implies (all but the last child of
 * each level full, {@code V} leaf entries in total), zero reserved bytes, no missing child.
 * The tree roots it leads to are checked by {@link StreamCheck} through
 * {@link VersionIndex#rootOf}.
 */
final class VersionIndexCheck {
    /** More versions than any stream can have made: {@code 64^8}, a version index of height 7. */
    static final long MAX_VERSIONS = 1L << 48;

    private final Store store;
    private final ProblemLog log;
    long bytes;

    VersionIndexCheck(Store store, ProblemLog log) {
        this.store = store;
        this.log = log;
    }

    /** Checks the index at {@code root} holding {@code versions} (1..{@link #MAX_VERSIONS}) entries. */
    void check(long root, long versions) {
        walk(root, VersionIndex.height(versions), 0, versions);
    }

    /** The subtree at {@code address}, on {@code level} (0: a leaf), holds versions {@code base + 1 ..}. */
    private void walk(long address, int level, long base, long versions) {
        MemorySegment p;
        try {
            p = store.read(address);
        } catch (RuntimeException e) {
            log.failed(e, address);
            return;
        }
        bytes += 8 + p.byteSize();
        byte want = level == 0 ? RecordKind.VERSION_LEAF : RecordKind.VERSION_NODE;
        int kind = CatalogLayout.kind(p);
        if (kind != want || p.byteSize() < CatalogLayout.versionHeaderSize()) {
            log.add(Kind.CORRUPTION, address, "expected a " + RecordKind.name(want) + " record at level " + level
                    + ", found a " + RecordKind.name((byte) kind) + " record of " + p.byteSize() + " bytes");
            return;
        }
        int count = CatalogLayout.versionCount(p);
        long size = level == 0 ? CatalogLayout.versionLeafSize(count) : CatalogLayout.versionNodeSize(count);
        if (count > CatalogLayout.VERSION_FANOUT || p.byteSize() != size) {
            log.add(Kind.CORRUPTION, address, "version index node with inconsistent count " + count);
            return;
        }
        if (!CatalogLayout.versionReservedZero(p)) {
            log.add(Kind.VERSION_INDEX, address, RecordKind.name(want) + " reserved bytes are not zero");
        }
        long span = 1L << (6 * level); // versions below one entry of this node
        long below = Math.min(span * CatalogLayout.VERSION_FANOUT, versions - base);
        long expected = (below + span - 1) / span;
        if (count != expected) {
            log.add(Kind.VERSION_INDEX, address, RecordKind.name(want) + " at level " + level + " holding versions "
                    + (base + 1) + ".. has " + count + " entries, expected " + expected);
        }
        if (level == 0) {
            return; // leaf entries (tree roots, commit times) are checked through rootOf
        }
        for (int j = 0; j < Math.min(count, expected); j++) {
            long child = CatalogLayout.versionChild(p, j);
            if (child == NodeAddress.NONE) {
                log.add(Kind.VERSION_INDEX, address, "version node entry " + j + " is none");
            } else {
                walk(child, level - 1, base + j * span, versions);
            }
        }
    }
}
