package io.dendro.core;

import io.dendro.catalog.Catalog;
import io.dendro.catalog.IndexKeys;
import io.dendro.catalog.RegistryIndex;
import io.dendro.catalog.Properties;
import io.dendro.catalog.StreamRecord;
import io.dendro.catalog.VersionIndex;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Lease;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.storage.StoreOptions;
import io.dendro.CompactionReport;
import io.dendro.DatabaseInfo;
import io.dendro.DatabaseOptions;
import io.dendro.StreamInfo;
import io.dendro.StreamQuery;
import io.dendro.Time;
import io.dendro.maintenance.Compactor;
import io.dendro.reader.Refresher;
import io.dendro.tree.TreeQueries;
import io.dendro.write.Buffers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The internals of one open database, behind the public {@link io.dendro.Database}: the store,
 * the options, the loaded stream handles, the commit lock, and the write path ({@link Buffers})
 * or, for a read-only open, the follower of the writer ({@link Refresher}). Every commit of a
 * stream record goes through {@link #commitStream}. Not part of the API.
 */
public final class DatabaseCore implements AutoCloseable {
    private final Store store;
    private final DatabaseOptions options;
    private final ReentrantLock commitLock = new ReentrantLock();
    private final ConcurrentHashMap<UUID, StreamHandle> handles = new ConcurrentHashMap<>();
    private final Buffers buffers;       // null when read-only
    private final Refresher refresher;   // null when writable

    private DatabaseCore(Store store, DatabaseOptions options) {
        this.store = store;
        this.options = options;
        this.buffers = store.isReadOnly() ? null : new Buffers(this);
        this.refresher = store.isReadOnly() ? new Refresher(this, store) : null;
    }

    /**
     * Opens the database in {@code dir}: for writing, or read-only when
     * {@link DatabaseOptions#readOnly()} is set.
     *
     * @throws DendroException DATABASE_LOCKED (another process writes it, named in the message;
     *                         read-only opens never get it), NOT_A_DATABASE, UNSUPPORTED_FORMAT
     *                         (written by a newer Dendro), CORRUPTION, IO_ERROR
     */
    public static DatabaseCore open(Path dir, DatabaseOptions options, StoreOptions storeOptions) {
        Store store = options.readOnly() ? Store.openReadOnly(dir, storeOptions) : Store.open(dir, storeOptions);
        DatabaseCore db = new DatabaseCore(store, options);
        try {
            if (db.buffers != null) {
                db.buffers.open();
            } else {
                db.refresher.open(options.refreshMillis());
            }
        } catch (RuntimeException e) {
            if (db.refresher != null) {
                db.refresher.close();
            }
            store.close();
            throw e;
        }
        return db;
    }

    /**
     * Raises the catalog root's log floor to {@code lsn} (a commit of the root alone, when it is
     * lower): before the log's files are deleted at a clean close, so that the next open numbers
     * log records above every record this one wrote, those of obliterated streams included.
     */
    public void raiseLogFloor(long lsn) {
        Lease lease = store.acquire();
        commitLock.lock();
        try {
            Catalog.Root root = Catalog.readRoot(store, store.root());
            if (root.lsn() >= lsn) {
                return;
            }
            NodeWriter w = store.newWriter();
            long index = RegistryIndex.apply(store, w, root, new RegistryIndex.Changes());
            store.commit(w, Catalog.writeRoot(w, new Catalog.Root(root.streams(), root.trie(), lsn, index)));
        } finally {
            commitLock.unlock();
            lease.close();
        }
    }

    /** Whether this database was opened read-only. */
    public boolean isReadOnly() {
        return store.isReadOnly();
    }

    /** See {@link io.dendro.Database#refresh()}. */
    public boolean refresh() {
        if (refresher == null) {
            return false;
        }
        return refresher.refresh();
    }

    public DatabaseOptions options() {
        return options;
    }

    /** The write path; READ_ONLY when this database was opened read-only. */
    public Buffers buffers() {
        if (buffers == null) {
            store.checkWritable(); // READ_ONLY: a read-only store
        }
        return buffers;
    }

    /** Drops a handle whose stream left the registry (read-only refresh). */
    public void forget(UUID uuid, StreamHandle h) {
        handles.remove(uuid, h);
    }

    /** The stream handle of {@code uuid}, loaded from the registry; null when none. */
    public StreamHandle handle(UUID uuid) {
        return handles.computeIfAbsent(uuid, this::load);
    }

    /**
     * Commits every stream's buffered points as new versions and forces the log. Durable and
     * visible at numbered versions when it returns.
     */
    public void flush() {
        Buffers b = buffers();
        Lease lease = store.acquire();
        try {
            b.flushAll();
        } finally {
            lease.close();
        }
    }

    /** The database directory. */
    public Path directory() {
        return store.directory();
    }

    public Store store() {
        return store;
    }

    /**
     * Creates a stream. The collection and tags can change later through
     * {@link Stream#updateTags}, annotations through {@link Stream#updateAnnotations}. The new stream has version 0 (no data).
     *
     * @throws DendroException STREAM_EXISTS when the UUID is taken; INVALID_ARGUMENT for an
     *                         empty collection or an empty tag or annotation key
     */
    public StreamHandle create(UUID uuid, String collection, Map<String, String> tags, Map<String, String> annotations,
                               io.dendro.StreamKind kind) {
        return createAll(List.of(new io.dendro.StreamSpec(uuid, collection, tags, annotations, kind))).get(0);
    }

    /**
     * Creates streams in one commit: all of them or, when any is refused, none.
     *
     * @throws DendroException STREAM_EXISTS when a UUID is taken (or given twice); INVALID_ARGUMENT
     *                         for a spec that {@link #create} would refuse
     */
    public List<StreamHandle> createAll(List<io.dendro.StreamSpec> specs) {
        return createAll(specs, true);
    }

    /**
     * {@link #createAll(List)}; without {@code load}, no handle is made or kept in memory (the
     * streams' handles load at first use, as for any stream of the registry): what a bulk
     * creation of many streams needs, and it returns null.
     */
    public List<StreamHandle> createAll(List<io.dendro.StreamSpec> specs, boolean load) {
        for (io.dendro.StreamSpec spec : specs) {
            check(spec);
        }
        buffers();
        Lease lease = store.acquire();
        try {
            commitLock.lock();
            try {
                return createLocked(specs, load);
            } finally {
                commitLock.unlock();
            }
        } finally {
            lease.close();
        }
    }

    /**
     * The one stream that matches {@code query}, or a new one made from {@code spec} when none
     * does (Datastream's {@code ensure_stream}); the look-up and the creation are one step, so
     * two callers ensuring the same stream get the same one.
     *
     * @throws DendroException INVALID_ARGUMENT when several streams match, or as {@link #createAll}
     */
    public StreamHandle ensure(io.dendro.StreamQuery query, io.dendro.StreamSpec spec) {
        check(spec);
        buffers();
        Lease lease = store.acquire();
        try {
            while (true) {
                UUID existing;
                commitLock.lock();
                try {
                    List<StreamInfo> found = streams(query);
                    if (found.size() > 1) {
                        throw new DendroException(ErrorCode.INVALID_ARGUMENT, found.size() + " streams match " + query
                                + ": ensure needs a query that names one stream");
                    }
                    if (found.isEmpty()) {
                        return createLocked(List.of(spec), true).get(0);
                    }
                    existing = found.get(0).uuid();
                } finally {
                    commitLock.unlock();
                }
                StreamHandle h = find(existing); // outside the commit lock: loading takes the compaction gate
                if (h != null) {
                    return h;
                } // obliterated meanwhile: look again
            }
        } finally {
            lease.close();
        }
    }

    private static void check(io.dendro.StreamSpec spec) {
        if (spec == null || spec.kind() == null) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "kind must not be null");
        }
        if (spec.uuid() == null) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "uuid must not be null");
        }
        if (spec.collection() == null || spec.collection().isEmpty()) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "collection must be a non-empty string");
        }
        checkMap("tag", spec.tags());
        checkMap("annotation", spec.annotations());
    }

    /** Creates the streams in one commit; the caller holds the commit lock. */
    private List<StreamHandle> createLocked(List<io.dendro.StreamSpec> specs, boolean load) {
        Catalog.Root root = Catalog.readRoot(store, store.root());
        java.util.Set<UUID> seen = new java.util.HashSet<>();
        for (io.dendro.StreamSpec spec : specs) {
            if (!seen.add(spec.uuid())) { // UUIDs already in the registry: found by putAll below
                throw new DendroException(ErrorCode.STREAM_EXISTS, "stream " + spec.uuid() + " already exists");
            }
        }
        NodeWriter w = store.newWriter();
        long trie = root.trie();
        long now = System.currentTimeMillis() * 1_000_000L;
        long lsn = buffers.lastLsn();
        List<StreamHandle> made = new ArrayList<>(load ? specs.size() : 0);
        int n = 0;
        UUID[] ids = new UUID[specs.size()];
        long[] addrs = new long[specs.size()];
        RegistryIndex.Changes keys = new RegistryIndex.Changes();
        for (io.dendro.StreamSpec spec : specs) {
            Properties props = new Properties(spec.collection(), spec.tags(), spec.annotations(), 0);
            keys.addAll(IndexKeys.of(spec.uuid(), now, props));
            long propsAddr = props.write(w);
            // log records of an obliterated stream with this UUID are older: replay skips them
            StreamRecord rec = StreamRecord.created(spec.uuid(), spec.kind().id(), propsAddr, now, lsn);
            long recAddr = rec.write(w);
            ids[n] = spec.uuid();
            addrs[n++] = recAddr;
            if (load) {
                made.add(new StreamHandle(new StreamHandle.Snapshot(rec, recAddr, props, StreamHandle.Pending.empty(0))));
            }
        }
        trie = Catalog.putAll(store, w, trie, ids, addrs, true); // each touched node copied once; STREAM_EXISTS
        long index = RegistryIndex.apply(store, w, root, keys);
        // the log floor covers the new records' applied LSN (as in commitStreamRecord)
        store.commit(w, Catalog.writeRoot(w, new Catalog.Root(root.streams() + specs.size(), trie,
                Math.max(root.lsn(), lsn), index)));
        if (!load) {
            return null;
        }
        List<StreamHandle> out = new ArrayList<>(made.size());
        for (int i = 0; i < made.size(); i++) {
            // a find() between the commit and here may have loaded the same state already
            StreamHandle existing = handles.putIfAbsent(specs.get(i).uuid(), made.get(i));
            out.add(existing != null ? existing : made.get(i));
        }
        return out;
    }

    private static void checkMap(String what, Map<String, String> m) {
        if (m == null) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, what + "s must not be null (use Map.of())");
        }
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new DendroException(ErrorCode.INVALID_ARGUMENT,
                        what + " '" + e.getKey() + "' needs a non-empty key and a value");
            }
        }
    }

    /** The handle of an existing stream (loaded from the registry if needed), or null when none. */
    public StreamHandle find(UUID uuid) {
        Lease lease = store.acquire();
        try {
            StreamHandle h = handles.get(uuid);
            if (h == null) { // loading races with compaction's switch (or a refresh): load through its gate
                h = buffers != null ? buffers.shared(() -> handles.computeIfAbsent(uuid, this::load))
                        : refresher.shared(() -> handles.computeIfAbsent(uuid, this::load));
            }
            return h;
        } finally {
            lease.close();
        }
    }

    private StreamHandle load(UUID uuid) {
        Catalog.Root root = Catalog.readRoot(store, store.root());
        long addr = Catalog.lookup(store, root.trie(), uuid);
        if (addr == NodeAddress.NONE) {
            return null;
        }
        StreamRecord rec = StreamRecord.read(store, addr);
        return new StreamHandle(new StreamHandle.Snapshot(rec, addr, Properties.read(store, rec.properties()),
                StreamHandle.Pending.empty(0)));
    }

    /**
     * The streams that match {@code query}; see {@link #streams(StreamQuery, java.util.function.Consumer)}.
     */
    public List<StreamInfo> streams(StreamQuery query) {
        List<StreamInfo> out = new ArrayList<>();
        streams(query, out::add);
        return out;
    }

    /**
     * Hands each stream that matches {@code query} to {@code sink}, one at a time, from one
     * committed state of the registry. With the registry index (docs/design/metadata-queries.md)
     * only the streams of the query's most selective indexed condition are read: those in the
     * collection, with the tag or annotation, or (for a lookup) with the key; a query without
     * any such condition, or a database whose index is not built yet, walks every stream.
     * Matches come in index order (by that condition's value, then creation) or, when walking,
     * in no particular order.
     */
    public void streams(StreamQuery query, java.util.function.Consumer<? super StreamInfo> sink) {
        Lease lease = store.acquire();
        try {
            Catalog.Root root = Catalog.readRoot(store, store.root());
            List<IndexKeys.Range> ranges = root.indexed() ? plan(root, query) : null;
            if (ranges == null) {
                Catalog.forEach(store, root.trie(), addr -> match(StreamRecord.read(store, addr), query, sink));
                return;
            }
            java.util.Set<UUID> seen = ranges.size() > 1 ? new java.util.HashSet<>() : null;
            for (IndexKeys.Range r : ranges) {
                RegistryIndex.scan(store, root.index(), r.lo(), r.hi(), k -> {
                    UUID id = IndexKeys.uuid(k);
                    if (seen == null || seen.add(id)) {
                        long addr = Catalog.lookup(store, root.trie(), id);
                        if (addr == NodeAddress.NONE) {
                            throw new DendroException(ErrorCode.CORRUPTION, "the registry index names stream " + id
                                    + ", which the registry does not hold");
                        }
                        match(StreamRecord.read(store, addr), query, sink);
                    }
                    return true;
                });
            }
        } finally {
            lease.close();
        }
    }

    private void match(StreamRecord rec, StreamQuery query, java.util.function.Consumer<? super StreamInfo> sink) {
        Properties p = Properties.read(store, rec.properties());
        if (query.matches(p.collection(), p.tags(), p.annotations())) {
            sink.accept(new StreamInfo(rec.uuid(), p.collection(), p.tags(), p.annotations(),
                    p.propertyVersion(), rec.version(), io.dendro.StreamKind.of(rec.valueKind()),
                    rec.isDerived() ? io.dendro.catalog.Derivation.read(store, rec.derivation()).op() : null));
        }
    }

    /**
     * The index ranges that hold every match of {@code query}: those of its condition with the
     * fewest keys (counted from the index nodes' key counts, two paths a range), or null when no
     * condition narrows it (the query matches streams that no key names).
     */
    private List<IndexKeys.Range> plan(Catalog.Root root, StreamQuery query) {
        List<List<IndexKeys.Range>> options = new ArrayList<>();
        if (query.collection() != null) {
            options.add(List.of(query.isCollectionPrefix() ? IndexKeys.collectionPrefix(query.collection())
                    : IndexKeys.collection(query.collection())));
        }
        query.tags().forEach((k, v) -> options.add(List.of(IndexKeys.tag(k, v))));
        query.annotations().forEach((k, v) -> options.add(List.of(IndexKeys.annotation(k, v))));
        for (io.dendro.value.Lookup l : query.lookups()) {
            if (!l.matchesMissingKey()) { // tags and annotations share one key space in lookups
                options.add(List.of(IndexKeys.tag(l.key(), null), IndexKeys.annotation(l.key(), null)));
            }
        }
        List<IndexKeys.Range> best = null;
        long fewest = Long.MAX_VALUE;
        for (List<IndexKeys.Range> o : options) {
            long n = 0;
            for (IndexKeys.Range r : o) {
                n += RegistryIndex.count(store, root.index(), r.lo(), r.hi());
            }
            if (n < fewest) {
                fewest = n;
                best = o;
            }
        }
        return best;
    }

    /** Totals: streams, points at each stream's latest version, versions, bytes on disk. */
    public DatabaseInfo info() {
        Lease lease = store.acquire();
        try {
            long[] t = new long[3];
            Catalog.Root root = Catalog.readRoot(store, store.root());
            Catalog.forEach(store, root.trie(), addr -> {
                StreamRecord rec = StreamRecord.read(store, addr);
                t[0]++;
                t[1] += TreeQueries.count(store, rec.root(), Time.MIN_TIME, Time.MAX_TIME);
                t[2] += rec.version();
            });
            return new DatabaseInfo(t[0], t[1], t[2], store.usedBytes());
        } finally {
            lease.close();
        }
    }

    /**
     * Publishes a new stream record: writes it and the catalog path above it, and commits.
     * Called with the stream's writer lock held; returns the record's address.
     */
    public StreamHandle.Snapshot commitStream(NodeWriter w, StreamRecord rec, io.dendro.catalog.Properties props,
                                       StreamHandle.Pending pending) {
        StreamRecord kept = withRetention(rec);
        StreamHandle h = handles.get(rec.uuid());
        StreamRecord old = h == null ? null : h.state.record();
        RegistryIndex.Changes keys = new RegistryIndex.Changes();
        if (old != null && old.properties() != kept.properties()) { // new tags or annotations
            keys.replace(IndexKeys.of(old.uuid(), old.created(), h.state.properties()),
                    IndexKeys.of(kept.uuid(), kept.created(), props));
        }
        if (old == null || old.version() == kept.version() || derivations().dependentsOf(rec.uuid()).isEmpty()) {
            long addr = commitStreamRecord(w, kept, keys);
            return new StreamHandle.Snapshot(kept, addr, props, pending);
        }
        // a new version of a stream others derive from: their new versions go into the same commit
        List<StreamHandle> locked = new ArrayList<>();
        try {
            List<Derivations.Update> updates = derivations().update(w, old, kept, locked);
            List<StreamRecord> recs = new ArrayList<>();
            recs.add(kept);
            for (Derivations.Update u : updates) {
                recs.add(withRetention(u.record()));
            }
            long[] addrs = commitStreamRecords(w, recs, keys);
            for (int i = 0; i < updates.size(); i++) {
                StreamHandle d = updates.get(i).handle();
                StreamHandle.Snapshot ds = d.state;
                d.state = new StreamHandle.Snapshot(recs.get(i + 1), addrs[i + 1], ds.properties(),
                        ds.pending().nextEpoch());
            }
            return new StreamHandle.Snapshot(kept, addrs[0], props, pending);
        } finally {
            for (StreamHandle l : locked) {
                l.writeLock.unlock();
            }
        }
    }

    /**
     * Commits several stream records in one commit (a source's and its derived streams'), with
     * {@code keys} applied to the registry index; returns their addresses.
     */
    long[] commitStreamRecords(NodeWriter w, List<StreamRecord> recs, RegistryIndex.Changes keys) {
        commitLock.lock();
        try {
            long[] addrs = new long[recs.size()];
            UUID[] ids = new UUID[recs.size()];
            long lsn = 0;
            for (int i = 0; i < recs.size(); i++) {
                addrs[i] = recs.get(i).write(w);
                ids[i] = recs.get(i).uuid();
                lsn = Math.max(lsn, recs.get(i).appliedLsn());
            }
            Catalog.Root root = Catalog.readRoot(store, store.root());
            long trie = Catalog.putAll(store, w, root.trie(), ids, addrs);
            long index = RegistryIndex.apply(store, w, root, keys);
            store.commit(w, Catalog.writeRoot(w, new Catalog.Root(root.streams(), trie, Math.max(root.lsn(), lsn),
                    index)));
            return addrs;
        } finally {
            commitLock.unlock();
        }
    }

    private Derivations derivations;

    /** Which streams derive from which, and their recomputation. */
    synchronized Derivations derivations() {
        if (derivations == null) {
            derivations = new Derivations(this);
        }
        return derivations;
    }

    /**
     * Creates a derived stream: its kind is the operator's, its points the operator applied to
     * the sources (over their history when {@code backprocess}, else from the sources' current
     * end on), as its version 1 in the same commit as its creation.
     *
     * @throws DendroException NO_SUCH_STREAM for a missing source; INVALID_ARGUMENT or WRONG_TYPE
     *                         from the operator's checks; as {@link #createAll}
     */
    public StreamHandle derive(UUID uuid, String collection, Map<String, String> tags, Map<String, String> annotations,
                               String opName, List<UUID> sources, List<String> names, Map<String, String> args,
                               boolean backprocess, io.dendro.BackprocessOptions chunks) {
        io.dendro.derive.Operator op = io.dendro.derive.Operators.byName(opName);
        if (sources.isEmpty()) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "a derived stream needs at least one source");
        }
        List<io.dendro.StreamKind> kinds = new ArrayList<>();
        List<StreamHandle> hs = new ArrayList<>();
        for (UUID s : sources) {
            StreamHandle h = find(s);
            if (h == null) {
                throw new DendroException(ErrorCode.NO_SUCH_STREAM, "no source stream " + s);
            }
            hs.add(h);
            kinds.add(io.dendro.StreamKind.of(h.state.record().valueKind()));
        }
        io.dendro.StreamKind kind = op.check(kinds, names, args);
        io.dendro.StreamSpec spec = new io.dendro.StreamSpec(uuid, collection, tags, annotations, kind);
        check(spec);
        if (sources.size() > 0xFFFF || args.size() > 0xFFFF) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "a derived stream takes at most 65,535 sources"
                    + " and arguments");
        }
        List<String> texts = new ArrayList<>(args.keySet());
        texts.addAll(args.values());
        names.forEach(n -> texts.add(n == null ? "" : n));
        for (String text : texts) {
            if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 0xFFFF) {
                throw new DendroException(ErrorCode.INVALID_ARGUMENT, "a source name or argument of more than"
                        + " 65,535 bytes");
            }
        }
        buffers();
        // the sources' write locks: none of them commits while the derived stream is computed and
        // registered, so no source version can fall between its backprocessing and its first update
        // (tried in UUID order and given back when one is busy: a commit holds its source's lock and
        // then takes its derived streams' locks, which may include one of these)
        List<StreamHandle> held = lockAll(hs);
        Lease lease = store.acquire();
        StreamHandle made;
        io.dendro.catalog.Derivation created;
        try {
            commitLock.lock();
            try {
                Catalog.Root root = Catalog.readRoot(store, store.root());
                if (Catalog.lookup(store, root.trie(), uuid) != NodeAddress.NONE) {
                    throw new DendroException(ErrorCode.STREAM_EXISTS, "stream " + uuid + " already exists");
                }
                long since = Time.MIN_TIME;
                List<io.dendro.catalog.Derivation.Source> lineage = new ArrayList<>();
                for (int i = 0; i < sources.size(); i++) {
                    StreamRecord sr = hs.get(i).state.record();
                    lineage.add(new io.dendro.catalog.Derivation.Source(sources.get(i),
                            names.get(i) == null ? "" : names.get(i), sr.version()));
                    if (!backprocess) {
                        io.dendro.RawPoint last = io.dendro.tree.TreeQueries.last(store, sr.root(), Time.MAX_TIME);
                        if (last != null) {
                            since = Math.max(since, last.time() + 1);
                        }
                    }
                }
                io.dendro.catalog.Derivation def = new io.dendro.catalog.Derivation(1, NodeAddress.NONE, since,
                        Time.MAX_TIME, opName, new java.util.LinkedHashMap<>(args), lineage);
                // the first chunk of the history now, the rest after the creation is committed
                def = def.until(backprocess ? derivations().chunkEnd(def, since, chunks.chunkPoints()) : Time.MAX_TIME);
                NodeWriter w = store.newWriter();
                long treeRoot = derivations().compute(w, def, NodeAddress.NONE, 1, since, def.until());
                long defAddr = def.write(w);
                Properties props = new Properties(collection, tags, annotations, 0);
                long propsAddr = props.write(w);
                long now = System.currentTimeMillis() * 1_000_000L;
                long index = VersionIndex.append(store, w, NodeAddress.NONE, 0, treeRoot, now);
                StreamRecord rec = StreamRecord.created(uuid, kind.id(), propsAddr, now, buffers.lastLsn())
                        .withVersion(1, treeRoot, index, buffers.lastLsn()).withDerivation(defAddr);
                long recAddr = rec.write(w);
                long trie = Catalog.put(store, w, root.trie(), uuid, recAddr);
                long keys = RegistryIndex.apply(store, w, root,
                        new RegistryIndex.Changes().addAll(IndexKeys.of(uuid, now, props, sources)));
                store.commit(w, Catalog.writeRoot(w, new Catalog.Root(root.streams() + 1, trie,
                        Math.max(root.lsn(), rec.appliedLsn()), keys)));
                StreamHandle h = new StreamHandle(new StreamHandle.Snapshot(rec, recAddr, props,
                        StreamHandle.Pending.empty(0)));
                StreamHandle existing = handles.putIfAbsent(uuid, h);
                derivations().added(uuid, sources);
                made = existing != null ? existing : h;
                created = def;
            } finally {
                commitLock.unlock();
            }
        } finally {
            lease.close();
            for (StreamHandle l : held) {
                l.writeLock.unlock();
            }
        }
        report(chunks, uuid, created); // outside the locks: a slow listener holds up no writer
        backprocess(uuid, chunks);
        return made;
    }

    private void report(io.dendro.BackprocessOptions chunks, UUID uuid, io.dendro.catalog.Derivation def) {
        long since = Math.max(def.since(), Time.MIN_TIME);
        long done;
        long total;
        Lease lease = store.acquire();
        try {
            done = derivations().sourcePoints(def, since, def.until());
            total = derivations().sourcePoints(def, since, Time.MAX_TIME);
        } finally {
            lease.close();
        }
        chunks.listener().chunk(uuid, def.until(), done, total);
    }

    /**
     * Goes on with a derived stream's backprocessing, one chunk (one commit, one version) at a
     * time, until its history is computed or the thread is interrupted (then it stops after the
     * chunk in progress, the interrupt flag set again); returns whether it is complete. Each
     * chunk holds the sources' write locks (a source's commit waits for one chunk at most) and
     * the derived stream's, in the order a source's commit takes them.
     *
     * @throws DendroException NO_SUCH_STREAM when the stream or a source is gone
     */
    public boolean backprocess(UUID uuid, io.dendro.BackprocessOptions chunks) {
        buffers();
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            StreamHandle h = find(uuid);
            if (h == null) {
                throw new DendroException(ErrorCode.NO_SUCH_STREAM, "no stream " + uuid);
            }
            if (!h.state.record().isDerived()) {
                return true;
            }
            io.dendro.catalog.Derivation seen;
            Lease lease = store.acquire();
            try {
                seen = io.dendro.catalog.Derivation.read(store, h.state.record().derivation());
            } finally {
                lease.close();
            }
            if (seen.complete()) {
                return true;
            }
            List<StreamHandle> hs = new ArrayList<>();
            for (io.dendro.catalog.Derivation.Source s : seen.sources()) {
                StreamHandle sh = find(s.uuid());
                if (sh == null) {
                    throw new DendroException(ErrorCode.NO_SUCH_STREAM, "source " + s.uuid() + " of " + uuid + " is gone");
                }
                hs.add(sh);
            }
            // the stream's lock with its sources', all tried with back-off: a commit upstream may
            // hold it while it waits for one of the sources (a chain of derived streams)
            hs.add(h);
            List<StreamHandle> held = lockAll(hs);
            io.dendro.catalog.Derivation[] done = new io.dendro.catalog.Derivation[1];
            try {
                buffers.withWriter(h, () -> {
                    done[0] = chunk(h, chunks);
                    return 0;
                });
            } finally {
                for (StreamHandle l : held) {
                    l.writeLock.unlock();
                }
            }
            if (done[0] != null) {
                report(chunks, uuid, done[0]); // outside the locks
            }
        }
    }

    /**
     * One chunk of backprocessing; the caller holds the sources' and the stream's write locks.
     * Returns the derivation committed, or null when the history was complete already.
     */
    private io.dendro.catalog.Derivation chunk(StreamHandle h, io.dendro.BackprocessOptions chunks) {
        Lease lease = store.acquire();
        try {
            StreamHandle.Snapshot s = h.state;
            StreamRecord rec = s.record();
            io.dendro.catalog.Derivation def = io.dendro.catalog.Derivation.read(store, rec.derivation());
            if (def.complete()) {
                return null;
            }
            long from = def.until();
            long to = derivations().chunkEnd(def, from, chunks.chunkPoints());
            NodeWriter w = store.newWriter();
            long version = rec.version() + 1;
            long root = derivations().compute(w, def, rec.root(), version, from, to);
            List<io.dendro.catalog.Derivation.Source> lineage = new ArrayList<>();
            for (io.dendro.catalog.Derivation.Source src : def.sources()) {
                StreamHandle sh = find(src.uuid());
                lineage.add(new io.dendro.catalog.Derivation.Source(src.uuid(), src.name(),
                        sh == null ? 0 : sh.state.record().version()));
            }
            io.dendro.catalog.Derivation next = def.next(version, rec.derivation(), lineage).until(to);
            long defAddr = next.write(w);
            long index = VersionIndex.append(store, w, rec.versionIndex(), rec.version(), root,
                    System.currentTimeMillis() * 1_000_000L);
            StreamRecord nrec = rec.withVersion(version, root, index, rec.appliedLsn()).withDerivation(defAddr);
            h.state = commitStream(w, nrec, s.properties(), s.pending()); // streams derived from it follow
            return next;
        } finally {
            lease.close();
        }
    }

    /**
     * Goes on with the backprocessing of every derived stream whose history is not computed yet
     * (after an interrupt or a crash); returns how many were finished.
     */
    public int resumeBackprocessing(io.dendro.BackprocessOptions chunks) {
        List<UUID> unfinished = new ArrayList<>();
        streams(StreamQuery.all(), i -> {
            if (i.derivedBy() != null) {
                unfinished.add(i.uuid());
            }
        });
        int done = 0;
        for (UUID u : unfinished) {
            StreamHandle h = find(u);
            if (h == null) {
                continue;
            }
            boolean complete;
            Lease lease = store.acquire();
            try {
                complete = io.dendro.catalog.Derivation.read(store, h.state.record().derivation()).complete();
            } finally {
                lease.close();
            }
            if (!complete) {
                if (!backprocess(u, chunks)) {
                    return done;
                }
                done++;
            }
        }
        return done;
    }

    /** Takes the write locks of {@code hs} (each once), in UUID order, backing off while one is busy. */
    private static List<StreamHandle> lockAll(List<StreamHandle> hs) {
        List<StreamHandle> order = new ArrayList<>(new java.util.LinkedHashSet<>(hs));
        order.sort(java.util.Comparator.comparing(h -> h.state.record().uuid()));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            List<StreamHandle> held = new ArrayList<>();
            boolean all = true;
            for (StreamHandle h : order) {
                boolean got;
                try {
                    got = h.writeLock.tryLock(20, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    got = false;
                }
                if (!got) {
                    all = false;
                    break;
                }
                held.add(h);
            }
            if (all) {
                return held;
            }
            for (StreamHandle h : held) {
                h.writeLock.unlock();
            }
            if (Thread.currentThread().isInterrupted() || System.nanoTime() > deadline) {
                throw new DendroException(ErrorCode.INVALID_ARGUMENT, "the sources stayed busy: try again");
            }
            Thread.onSpinWait();
        }
    }


    /**
     * The first version a stream keeps now: age limits move on with the clock even while the
     * stream is idle, so reads and compaction ask this rather than the stored value.
     */
    public long firstRetained(StreamRecord rec) {
        return rec.retainNanos() == 0 ? rec.firstRetained()
                : io.dendro.catalog.Retention.firstRetained(store, rec, System.currentTimeMillis() * 1_000_000L);
    }

    /** Applies the stream's retention policy to a record about to be committed. */
    public StreamRecord withRetention(StreamRecord rec) {
        long first = io.dendro.catalog.Retention.firstRetained(store, rec, System.currentTimeMillis() * 1_000_000L);
        return first == rec.firstRetained() ? rec
                : rec.withRetention(rec.retainVersions(), rec.retainNanos(), first);
    }

    /** Commits a stream record as it is, with {@code keys} applied to the registry index; see {@link #commitStream}. */
    private long commitStreamRecord(NodeWriter w, StreamRecord rec, RegistryIndex.Changes keys) {
        commitLock.lock();
        try {
            long recAddr = rec.write(w);
            Catalog.Root root = Catalog.readRoot(store, store.root());
            long trie = Catalog.put(store, w, root.trie(), rec.uuid(), recAddr);
            long index = RegistryIndex.apply(store, w, root, keys);
            store.commit(w, Catalog.writeRoot(w, new Catalog.Root(root.streams(), trie,
                    Math.max(root.lsn(), rec.appliedLsn()), index)));
            return recAddr;
        } finally {
            commitLock.unlock();
        }
    }

    public boolean isClosed() {
        return store.isClosed();
    }

    /**
     * For tests: closes the files as a process crash would, without committing buffers (what
     * was logged comes back at the next open).
     */
    public void crashForTesting() {
        if (buffers != null) {
            buffers.abandon();
        } else {
            refresher.close();
        }
        store.close();
        handles.clear();
    }

    /**
     * Removes a stream and, with {@code cascade}, every stream derived from it (directly or
     * through others) from the registry, in one commit; returns the UUIDs removed, {@code uuid}
     * first. See {@link io.dendro.Stream#obliterate()}.
     *
     * @throws DendroException HAS_DEPENDENTS without {@code cascade} when streams derive from it
     */
    public List<UUID> obliterate(UUID uuid, StreamHandle h, boolean cascade) {
        List<UUID> removed = new ArrayList<>();
        buffers().withWriter(h, () -> {
            // the dependent graph, its write locks taken after the source's (as a commit takes
            // them); looked at again once held, in case a stream was derived from it meanwhile
            List<StreamHandle> graph;
            while (true) {
                List<UUID> deps = dependentsClosure(uuid);
                if (!deps.isEmpty() && !cascade) {
                    throw new DendroException(ErrorCode.HAS_DEPENDENTS, "stream " + uuid + " has streams derived from it: "
                            + derivations().dependentsOf(uuid) + "; obliterate them first, or all of them with it"
                            + " (cascade)");
                }
                List<StreamHandle> hs = new ArrayList<>();
                for (UUID d : deps) {
                    StreamHandle dh = find(d);
                    if (dh != null) {
                        hs.add(dh);
                    }
                }
                List<StreamHandle> held = hs.isEmpty() ? List.of() : lockAll(hs);
                if (dependentsClosure(uuid).equals(deps)) {
                    graph = held;
                    break;
                }
                held.forEach(l -> l.writeLock.unlock());
            }
            try {
                List<StreamHandle> all = new ArrayList<>();
                all.add(h);
                all.addAll(graph);
                commitLock.lock();
                try {
                    Catalog.Root root = Catalog.readRoot(store, store.root());
                    NodeWriter w = store.newWriter();
                    long trie = root.trie();
                    RegistryIndex.Changes keys = new RegistryIndex.Changes();
                    for (int i = 0; i < all.size(); i++) {
                        if (i > 0) {
                            w.flush(); // the next removal reads the trie path the last one wrote
                        }
                        StreamRecord rec = all.get(i).state.record();
                        trie = Catalog.remove(store, w, trie, rec.uuid());
                        keys.removeAll(RegistryIndex.keysOf(store, rec));
                    }
                    long index = RegistryIndex.apply(store, w, root, keys);
                    store.commit(w, Catalog.writeRoot(w, new Catalog.Root(root.streams() - all.size(), trie, root.lsn(),
                            index)));
                    for (StreamHandle x : all) {
                        UUID id = x.state.record().uuid();
                        x.gone = true;
                        handles.remove(id, x);
                        derivations().removed(id);
                        removed.add(id);
                    }
                } finally {
                    commitLock.unlock();
                }
                for (StreamHandle x : all) {
                    buffers.discard(x); // only once the removal is committed: a failed obliterate keeps the buffer
                }
            } finally {
                graph.forEach(l -> l.writeLock.unlock());
            }
            return 0;
        });
        return removed;
    }

    /** Every stream derived from {@code uuid}, directly or through others, nearest first. */
    public List<UUID> dependentsClosure(UUID uuid) {
        java.util.LinkedHashSet<UUID> seen = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<UUID> todo = new java.util.ArrayDeque<>(derivations().dependentsOf(uuid));
        while (!todo.isEmpty()) {
            UUID d = todo.poll();
            if (!d.equals(uuid) && seen.add(d)) {
                todo.addAll(derivations().dependentsOf(d));
            }
        }
        return new ArrayList<>(seen);
    }

    /**
     * Reclaims space: copies what every stream's retained versions still use into fresh segment
     * files and deletes the old ones (each once no reader that started before the switch still
     * uses it). Readers and writers keep working; writers pause only for the final switch.
     *
     * @return what was copied and freed
     */
    public CompactionReport compact() {
        buffers();
        compactLock.lock(); // one compaction at a time: each ends the segments the previous began
        try {
            Compactor c = new Compactor(this, store, commitLock);
            try (Lease lease = store.acquire()) {
                c.copyAndSwitch();
            }
            return c.retire(); // after our own lease: otherwise it would hold the old segments
        } finally {
            compactLock.unlock();
        }
    }

    private final ReentrantLock compactLock = new ReentrantLock();

    /** Every stream handle loaded so far (for the buffer manager). */
    public java.util.Collection<StreamHandle> loadedHandles() {
        return handles.values();
    }

    /**
     * Closes the database: commits every buffer (a buffer that cannot be committed stays in the
     * write-ahead log and comes back at the next open), closes the log, then the files. Open
     * cursors keep the files mapped until they are closed; then the mappings, file descriptors
     * and the directory lock are released. Idempotent.
     */
    @Override
    public void close() {
        if (store.isClosed()) {
            return;
        }
        try {
            if (buffers != null) {
                buffers.close();
            } else {
                refresher.close();
            }
        } finally {
            store.close();
            handles.clear();
        }
    }
}
