package io.dendro.maintenance;

import io.dendro.CompactionReport;
import io.dendro.core.DatabaseCore;
import io.dendro.core.StreamHandle;
import io.dendro.catalog.Catalog;
import io.dendro.catalog.Properties;
import io.dendro.catalog.RegistryIndex;
import io.dendro.catalog.StreamRecord;
import io.dendro.catalog.VersionIndex;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.tree.TreeCopier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Online compaction: copies everything the retained versions of every stream reach into new
 * segments, then switches the database to the copy and retires the old segments.
 * <ol>
 * <li>End the current segment: every segment below the next one ("old") holds only records
 *     written before compaction began.</li>
 * <li>Copy, without stopping anyone: each stream's retained version trees (shared subtrees
 *     once, through an address map; format-4 and 5 internal nodes become format-6 nodes,
 *     {@link TreeCopier}), a version index built bottom-up (dropped versions keep
 *     their number but lose their tree), its properties and its record.</li>
 * <li>Stop writers (readers go on), copy what changed meanwhile (only nodes the map does not
 *     know yet), build a fresh registry and commit it with "first segment = the new one".
 *     Point every loaded stream at its copy.</li>
 * <li>Retire the old segments: they are unmapped and deleted once every reader that began
 *     before the switch is done.</li>
 * </ol>
 */
public final class Compactor {
    private final DatabaseCore db;
    private final Store store;
    private final ReentrantLock commitLock;
    private final NodeWriter out;
    /** Copies the trees, each node once, format-4 and 5 internal nodes as format 6. */
    private final TreeCopier trees;
    private long versionsKept;

    public Compactor(DatabaseCore db, Store store, ReentrantLock commitLock) {
        this.db = db;
        this.store = store;
        this.commitLock = commitLock;
        this.out = store.newWriter();
        this.trees = new TreeCopier(store, out);
    }

    /** One stream's copy: the old record's address, and the new record and its address. */
    /** A stream's copy; {@code keys}: its registry index keys, read from the committed original. */
    private record Copy(long oldAddress, StreamRecord record, long address, Properties properties, List<byte[]> keys) {
    }

    private long t0;
    private long before;
    private int first;
    private int streamCount;
    private final long[] pause = new long[1];

    /** Copies, then switches the database to the copy (steps 1 to 3). */
    public void copyAndSwitch() {
        t0 = System.nanoTime();
        before = store.usedBytes();
        first = store.startNewSegment();
        Map<UUID, Copy> copies = new HashMap<>();
        Catalog.Root root0 = Catalog.readRoot(store, store.root());
        Catalog.forEach(store, root0.trie(), addr -> {
            StreamRecord rec = StreamRecord.read(store, addr);
            copies.put(rec.uuid(), copy(addr, rec));
        });
        streamCount = db.buffers().exclusive(() -> {
            long p0 = System.nanoTime();
            commitLock.lock();
            try {
                Catalog.Root root = Catalog.readRoot(store, store.root());
                Map<UUID, Long> records = new HashMap<>();
                Map<UUID, Copy> now = new HashMap<>();
                Catalog.forEach(store, root.trie(), addr -> {
                    StreamRecord rec = StreamRecord.read(store, addr);
                    Copy c = copies.get(rec.uuid());
                    if (c == null || c.oldAddress() != addr) {
                        c = copy(addr, rec); // created or changed while we copied
                    }
                    now.put(rec.uuid(), c);
                    records.put(rec.uuid(), c.address());
                });
                for (Copy c : now.values()) {
                    versionsKept += Math.max(0, c.record().version() - c.record().firstRetained() + 1);
                }
                long trie = Catalog.build(out, records);
                // the registry index afresh (keys read while copying, from the committed originals)
                List<byte[]> keys = new ArrayList<>();
                for (Copy c : now.values()) {
                    keys.addAll(c.keys());
                }
                keys.sort(java.util.Arrays::compareUnsigned);
                long index = RegistryIndex.build(out, keys);
                long newRoot = Catalog.writeRoot(out, new Catalog.Root(records.size(), trie, root.lsn(), index));
                store.commit(out, newRoot, first);
                for (StreamHandle h : db.loadedHandles()) {
                    StreamHandle.Snapshot s = h.state;
                    Copy c = now.get(s.record().uuid());
                    if (c != null) { // rebuild overlays: their base moved
                        h.state = new StreamHandle.Snapshot(c.record(), c.address(), c.properties(),
                                s.pending().isEmpty() ? s.pending() : s.pending().nextEpoch());
                    }
                }
                pause[0] = System.nanoTime() - p0;
                return now.size();
            } finally {
                commitLock.unlock();
            }
        });
    }

    /** Step 4: retires the old segments; call without holding a lease. */
    public CompactionReport retire() {
        store.retireBelow(first);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new CompactionReport(streamCount, versionsKept, trees.nodes(), trees.converted(), trees.bytes(), before,
                store.usedBytes(), millis, pause[0] / 1_000_000);
    }

    /** Copies one stream: retained trees, version index, properties, record. */
    private Copy copy(long oldAddress, StreamRecord found) {
        StreamRecord rec = db.withRetention(found); // age limits count from now
        int versions = Math.toIntExact(rec.version());
        long[] roots = new long[versions];
        long[] times = new long[versions];
        for (long v = 1; v <= versions; v++) {
            times[(int) v - 1] = VersionIndex.commitTimeOf(store, rec.versionIndex(), versions, v);
            if (v >= rec.firstRetained()) {
                long r = v == versions ? rec.root() : VersionIndex.rootOf(store, rec.versionIndex(), versions, v);
                roots[(int) v - 1] = trees.copy(r);
            }
        }
        long index = VersionIndex.build(out, roots, times, versions);
        Properties props = Properties.read(store, rec.properties());
        long propsAddr = props.write(out);
        long derivation = NodeAddress.NONE;
        if (rec.isDerived()) { // the lineage chain, oldest first, linked again in the new segments
            java.util.List<io.dendro.catalog.Derivation> chain = io.dendro.catalog.Derivation.chain(store, rec.derivation());
            for (int i = chain.size() - 1; i >= 0; i--) {
                io.dendro.catalog.Derivation d = chain.get(i);
                derivation = d.next(d.version(), derivation, d.sources()).write(out);
            }
        }
        StreamRecord next = new StreamRecord(rec.uuid(), rec.valueKind(), propsAddr, rec.version(),
                versions == 0 ? NodeAddress.NONE : roots[versions - 1], index, rec.created(), rec.appliedLsn(),
                rec.retainVersions(), rec.retainNanos(), rec.firstRetained(), derivation);
        long addr = next.write(out);
        return new Copy(oldAddress, next, addr, props, RegistryIndex.keysOf(store, found));
    }
}
