package io.dendro.inspect;

import io.dendro.VerifyReport;
import io.dendro.VerifyReport.Kind;
import io.dendro.catalog.Catalog;
import io.dendro.catalog.CatalogLayout;
import io.dendro.catalog.IndexKeys;
import io.dendro.catalog.RegistryIndex;
import io.dendro.catalog.StreamRecord;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.Nodes;
import io.dendro.tree.RecordKind;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks the stream registry (docs/format/catalog.md) and lists its entries: the catalog root,
 * then every trie node and bucket, each at the depth its path implies (depth byte, nodes only at
 * depths 0..9, buckets holding 1..16 entries except at depth 10), every entry placed where its
 * {@link Catalog#hash} leads, no UUID twice, and as many entries as the root's stream count.
 * The stream records themselves are checked by {@link StreamCheck}.
 */
final class RegistryCheck {
    /** One registry entry: a UUID and the address of its stream record. */
    record Entry(UUID uuid, long record) {
    }

    private final Store store;
    private final ProblemLog log;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<UUID> uuids = new HashSet<>();
    long bytes;
    /** The catalog root's LSN: the highest write-ahead log record any tree holds. */
    long lsn;

    RegistryCheck(Store store, ProblemLog log) {
        this.store = store;
        this.log = log;
    }

    /** Checks the registry under the catalog root at {@code root} and returns its entries. */
    List<Entry> check(long root) {
        log.context(null, VerifyReport.NO_VERSION);
        if (root == NodeAddress.NONE) {
            return entries; // a database where no stream was ever created
        }
        MemorySegment p;
        try {
            p = Nodes.record(store, root, RecordKind.CATALOG_ROOT, CatalogLayout.ROOT_SIZE_BEFORE_INDEX);
        } catch (RuntimeException e) {
            log.failed(e, root);
            return entries;
        }
        bytes += 8 + p.byteSize();
        if (p.byteSize() != CatalogLayout.ROOT_SIZE && p.byteSize() != CatalogLayout.ROOT_SIZE_BEFORE_INDEX) {
            log.add(Kind.REGISTRY, root, "catalog root of " + p.byteSize() + " bytes");
        }
        if (!CatalogLayout.rootReservedZero(p)) {
            log.add(Kind.REGISTRY, root, "catalog root reserved bytes are not zero");
        }
        Catalog.Root r = Catalog.readRoot(store, root);
        lsn = r.lsn();
        if (r.trie() != NodeAddress.NONE) {
            walk(r.trie(), 0, 0);
        }
        if (entries.size() != r.streams()) {
            log.add(Kind.REGISTRY, root, "catalog root counts " + r.streams() + " streams, the trie holds "
                    + entries.size());
        }
        if (r.indexed()) {
            index(root, r.index());
        }
        return entries;
    }

    /**
     * The registry index: its shape (kinds, sorted distinct keys, each node's first keys and key
     * counts those of its children, no node of one child) and its keys exactly those of the
     * streams in the trie (docs/format/registry-index.md).
     */
    private void index(long catalogRoot, long index) {
        List<byte[]> have = new ArrayList<>();
        if (index != NodeAddress.NONE && indexRecord(index, null, null, have) < 0) {
            return; // damaged: reported, and the keys cannot be compared
        }
        List<byte[]> want = new ArrayList<>();
        for (Entry e : entries) {
            try {
                want.addAll(RegistryIndex.keysOf(store, StreamRecord.read(store, e.record())));
            } catch (RuntimeException x) {
                return; // the stream check reports the record
            }
        }
        want.sort(Arrays::compareUnsigned);
        int i = 0;
        int j = 0;
        int reported = 0;
        while ((i < have.size() || j < want.size()) && reported < 10) {
            int c = i == have.size() ? 1 : j == want.size() ? -1 : Arrays.compareUnsigned(have.get(i), want.get(j));
            if (c == 0) {
                i++;
                j++;
            } else if (c < 0) {
                log.add(Kind.REGISTRY, catalogRoot, "the registry index holds a key of stream "
                        + IndexKeys.uuid(have.get(i++)) + " that its properties do not give");
                reported++;
            } else {
                log.add(Kind.REGISTRY, catalogRoot, "the registry index lacks a key of stream "
                        + IndexKeys.uuid(want.get(j++)));
                reported++;
            }
        }
    }

    /** Checks one index record and what lies below it; returns its key count, or -1 when damaged. */
    private long indexRecord(long address, byte[] first, byte[] next, List<byte[]> keys) {
        MemorySegment p;
        try {
            p = store.read(address);
        } catch (RuntimeException e) {
            log.failed(e, address);
            return -1;
        }
        bytes += 8 + p.byteSize();
        int kind = CatalogLayout.kind(p);
        try {
            if (kind == RecordKind.INDEX_LEAF) {
                byte[][] ks = CatalogLayout.indexLeafKeys(store, address, p);
                if (!CatalogLayout.indexReservedZero(p)) {
                    log.add(Kind.REGISTRY, address, "registry index leaf reserved bytes are not zero");
                }
                if (ks.length == 0) {
                    log.add(Kind.REGISTRY, address, "empty registry index leaf");
                    return -1;
                }
                for (int i = 0; i < ks.length; i++) {
                    byte[] prev = i > 0 ? ks[i - 1] : keys.isEmpty() ? null : keys.getLast();
                    if (prev != null && Arrays.compareUnsigned(prev, ks[i]) >= 0) {
                        log.add(Kind.REGISTRY, address, "registry index keys out of order at key " + i);
                        return -1;
                    }
                    if (ks[i].length < 1 + IndexKeys.SUFFIX) {
                        log.add(Kind.REGISTRY, address, "registry index key " + i + " of " + ks[i].length + " bytes");
                        return -1;
                    }
                    keys.add(ks[i]);
                }
                return checkBounds(address, ks[0], ks[ks.length - 1], first, next) ? ks.length : -1;
            }
            if (kind != RecordKind.INDEX_NODE) {
                log.add(Kind.CORRUPTION, address, "expected a registry index leaf or node, found a "
                        + RecordKind.name((byte) kind) + " record");
                return -1;
            }
            CatalogLayout.IndexChild[] cs = CatalogLayout.indexChildren(store, address, p);
            if (!CatalogLayout.indexReservedZero(p)) {
                log.add(Kind.REGISTRY, address, "registry index node reserved bytes are not zero");
            }
            if (cs.length < 2) {
                log.add(Kind.REGISTRY, address, "registry index node of " + cs.length + " children (at least 2)");
            }
            if (cs.length == 0 || (first != null && !Arrays.equals(first, cs[0].first()))) {
                log.add(Kind.REGISTRY, address, "registry index node's first key is not its parent's entry");
                return -1;
            }
            long total = 0;
            for (int i = 0; i < cs.length; i++) {
                byte[] nx = i + 1 < cs.length ? cs[i + 1].first() : next;
                long n = indexRecord(cs[i].address(), cs[i].first(), nx, keys);
                if (n < 0) {
                    return -1;
                }
                if (n != cs[i].keys()) {
                    log.add(Kind.REGISTRY, address, "registry index node says child " + i + " holds " + cs[i].keys()
                            + " keys, it holds " + n);
                }
                total += n;
            }
            return total;
        } catch (io.dendro.error.DendroException e) {
            log.failed(e, address);
            return -1;
        }
    }

    private boolean checkBounds(long address, byte[] lo, byte[] hi, byte[] first, byte[] next) {
        if (first != null && !Arrays.equals(first, lo)) {
            log.add(Kind.REGISTRY, address, "registry index leaf's first key is not its parent's entry");
            return false;
        }
        if (next != null && Arrays.compareUnsigned(hi, next) >= 0) {
            log.add(Kind.REGISTRY, address, "registry index leaf holds keys of its next sibling's range");
            return false;
        }
        return true;
    }

    /** Checks the trie record at {@code address}, reached through the chunks in {@code path}. */
    private void walk(long address, int depth, long path) {
        MemorySegment p;
        try {
            p = store.read(address);
        } catch (RuntimeException e) {
            log.failed(e, address);
            return;
        }
        bytes += 8 + p.byteSize();
        int kind = CatalogLayout.kind(p);
        if (kind == RecordKind.CATALOG_NODE && depth >= CatalogLayout.MAX_DEPTH) {
            log.add(Kind.REGISTRY, address, "catalog node at depth " + depth + ", where the hash is used up");
        } else if (kind == RecordKind.CATALOG_NODE) {
            node(address, p, depth, path);
        } else if (kind == RecordKind.CATALOG_BUCKET) {
            bucket(address, p, depth, path);
        } else {
            log.add(Kind.CORRUPTION, address, "expected a catalog node or bucket at depth " + depth + ", found a "
                    + RecordKind.name((byte) kind) + " record");
        }
    }

    private void node(long address, MemorySegment p, int depth, long path) {
        if (p.byteSize() < CatalogLayout.nodeHeaderSize()) {
            log.add(Kind.CORRUPTION, address, "catalog node too short");
            return;
        }
        int children = CatalogLayout.nodeChildren(p);
        long mask = CatalogLayout.nodeMask(p);
        if (children != Long.bitCount(mask) || p.byteSize() != CatalogLayout.nodeSize(children)) {
            log.add(Kind.CORRUPTION, address, "catalog node with inconsistent children " + children);
            return;
        }
        header(address, p, depth, "node");
        if (children == 0) {
            log.add(Kind.REGISTRY, address, "catalog node without children");
        }
        int j = 0;
        for (long m = mask; m != 0; m &= m - 1, j++) {
            int chunk = Long.numberOfTrailingZeros(m);
            long child = CatalogLayout.nodeChild(p, j);
            if (child == NodeAddress.NONE) {
                log.add(Kind.REGISTRY, address, "catalog node child " + chunk + " is none");
            } else {
                walk(child, depth + 1, path | ((long) chunk << (6 * depth)));
            }
        }
    }

    private void bucket(long address, MemorySegment p, int depth, long path) {
        if (p.byteSize() < CatalogLayout.bucketHeaderSize()) {
            log.add(Kind.CORRUPTION, address, "catalog bucket too short");
            return;
        }
        int count = CatalogLayout.bucketCount(p);
        if (count < 0 || p.byteSize() != CatalogLayout.bucketSize(count)) {
            log.add(Kind.CORRUPTION, address, "catalog bucket with inconsistent count " + count);
            return;
        }
        header(address, p, depth, "bucket");
        if (count == 0) {
            log.add(Kind.REGISTRY, address, "empty catalog bucket");
        }
        if (count > CatalogLayout.BUCKET_CAPACITY && depth < CatalogLayout.MAX_DEPTH) {
            log.add(Kind.REGISTRY, address, "catalog bucket at depth " + depth + " holds " + count
                    + " entries, more than " + CatalogLayout.BUCKET_CAPACITY);
        }
        long pathMask = (1L << (6 * depth)) - 1;
        for (int j = 0; j < count; j++) {
            UUID id = new UUID(CatalogLayout.bucketMsb(p, j), CatalogLayout.bucketLsb(p, j));
            long h = Catalog.hash(id);
            if ((h & pathMask) != path) {
                for (int d = 0; d < depth; d++) {
                    int want = CatalogLayout.chunk(path, d);
                    if (CatalogLayout.chunk(h, d) != want) {
                        log.add(Kind.REGISTRY, address, "stream " + id + " hashes to chunk " + CatalogLayout.chunk(h, d)
                                + " at depth " + d + " but lies under chunk " + want);
                        break;
                    }
                }
            }
            long record = CatalogLayout.bucketRecord(p, j);
            if (!uuids.add(id)) {
                log.add(Kind.REGISTRY, address, "stream " + id + " appears twice in the registry");
            } else if (record == NodeAddress.NONE) {
                log.add(Kind.REGISTRY, address, "stream " + id + " has no stream record");
            } else {
                entries.add(new Entry(id, record));
            }
        }
    }

    private void header(long address, MemorySegment p, int depth, String what) {
        if (CatalogLayout.depth(p) != depth) {
            log.add(Kind.REGISTRY, address, "catalog " + what + " at depth " + depth + " says depth "
                    + CatalogLayout.depth(p));
        }
        if (!CatalogLayout.trieReservedZero(p)) {
            log.add(Kind.REGISTRY, address, "catalog " + what + " reserved bytes are not zero");
        }
    }
}
