package io.dendro.core;

import io.dendro.MergePolicy;
import io.dendro.RawPoint;
import io.dendro.Stream;
import io.dendro.Time;
import io.dendro.TimeRange;
import io.dendro.catalog.Catalog;
import io.dendro.catalog.Derivation;
import io.dendro.catalog.StreamRecord;
import io.dendro.catalog.VersionIndex;
import io.dendro.derive.Operator;
import io.dendro.derive.Operators;
import io.dendro.derive.SourcePoints;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.tree.Batch;
import io.dendro.tree.Summary;
import io.dendro.tree.TreeChanges;
import io.dendro.tree.TreeQueries;
import io.dendro.tree.TreeWriter;
import io.dendro.tree.ValuesCursor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps derived streams exactly right (docs/design/derived-streams.md): when a stream's new
 * version is about to be committed, every stream derived from it (directly or through others) is
 * recomputed over the ranges that changed, widened by what its operator needs, and its new
 * version goes into the same commit. Also knows which streams derive from which (built from the
 * registry on first use, kept up to date by creation and obliteration).
 */
final class Derivations {
    private final DatabaseCore db;
    private final Store store;
    /** Source -> the streams derived from it; null until first needed. */
    private Map<UUID, List<UUID>> dependents;

    Derivations(DatabaseCore db) {
        this.db = db;
        this.store = db.store();
    }

    /** A derived stream's new state, to commit with its cause. */
    record Update(StreamHandle handle, StreamRecord record) {
    }

    synchronized List<UUID> dependentsOf(UUID source) {
        return List.copyOf(map().getOrDefault(source, List.of()));
    }

    /**
     * Notes a new derived stream, once per source (idempotent: the map may have been loaded
     * from a registry that already holds it, and a stream may name a source twice).
     */
    synchronized void added(UUID derived, List<UUID> sources) {
        for (UUID s : sources) {
            List<UUID> l = map().computeIfAbsent(s, k -> new ArrayList<>());
            if (!l.contains(derived)) {
                l.add(derived);
            }
        }
    }

    synchronized void removed(UUID stream) {
        Map<UUID, List<UUID>> m = map();
        m.remove(stream);
        for (List<UUID> l : m.values()) {
            l.remove(stream);
        }
    }

    private Map<UUID, List<UUID>> map() {
        if (dependents == null) {
            Map<UUID, List<UUID>> m = new HashMap<>();
            Catalog.Root root = Catalog.readRoot(store, store.root());
            if (root.indexed()) { // the registry index names every derived stream's sources
                io.dendro.catalog.IndexKeys.Range r = io.dendro.catalog.IndexKeys.derived();
                io.dendro.catalog.RegistryIndex.scan(store, root.index(), r.lo(), r.hi(), k -> {
                    m.computeIfAbsent(io.dendro.catalog.IndexKeys.source(k), x -> new ArrayList<>())
                            .add(io.dendro.catalog.IndexKeys.uuid(k));
                    return true;
                });
                dependents = m;
                return m;
            }
            Catalog.forEach(store, root.trie(), addr -> {
                StreamRecord rec = StreamRecord.read(store, addr);
                if (rec.isDerived()) {
                    for (Derivation.Source s : Derivation.read(store, rec.derivation()).sources()) {
                        List<UUID> l = m.computeIfAbsent(s.uuid(), k -> new ArrayList<>());
                        if (!l.contains(rec.uuid())) {
                            l.add(rec.uuid());
                        }
                    }
                }
            });
            dependents = m;
        }
        return dependents;
    }

    /**
     * The new states of the streams derived (transitively) from {@code source}, whose record
     * goes from {@code old} to {@code next} in the commit being prepared in {@code w}; their
     * handles' write locks are taken (in UUID order, so that concurrent commits cannot deadlock)
     * and added to {@code locked}, for the caller to release after the commit.
     */
    List<Update> update(NodeWriter w, StreamRecord old, StreamRecord next, List<StreamHandle> locked) {
        UUID source = old.uuid();
        if (map().isEmpty() || dependentsOf(source).isEmpty()) {
            return List.of();
        }
        // every stream derived from source, directly or not, in an order where sources come first
        List<UUID> order = topological(source);
        List<UUID> byId = new ArrayList<>(order);
        byId.sort(Comparator.naturalOrder());
        Map<UUID, StreamHandle> handles = new HashMap<>();
        for (UUID d : byId) {
            StreamHandle h = db.find(d);
            if (h == null) {
                continue; // obliterated meanwhile
            }
            h.writeLock.lock();
            locked.add(h);
            handles.put(d, h);
        }
        Map<UUID, long[]> changed = new HashMap<>(); // stream -> {old root, new root}
        Map<UUID, Long> versions = new HashMap<>();
        changed.put(source, new long[] {old.root(), next.root()});
        versions.put(source, next.version());
        List<Update> out = new ArrayList<>();
        w.flush(); // the source's new nodes are read below
        for (UUID d : order) {
            StreamHandle h = handles.get(d);
            if (h == null || h.gone) {
                continue;
            }
            StreamRecord rec = h.state.record();
            Derivation def = Derivation.read(store, rec.derivation());
            if (def.sources().stream().noneMatch(s -> changed.containsKey(s.uuid()))) {
                continue;
            }
            long version = rec.version() + 1;
            long root = recompute(w, def, rec.root(), version, changed);
            List<Derivation.Source> lineage = new ArrayList<>();
            for (Derivation.Source s : def.sources()) {
                Long v = versions.get(s.uuid());
                lineage.add(new Derivation.Source(s.uuid(), s.name(), v != null ? v : currentVersion(s.uuid())));
            }
            long defAddr = def.next(version, rec.derivation(), lineage).write(w);
            long index = VersionIndex.append(store, w, rec.versionIndex(), rec.version(), root,
                    System.currentTimeMillis() * 1_000_000L);
            StreamRecord nrec = rec.withVersion(version, root, index, rec.appliedLsn()).withDerivation(defAddr);
            changed.put(d, new long[] {rec.root(), root});
            versions.put(d, version);
            out.add(new Update(h, nrec));
            w.flush();
        }
        return out;
    }

    private long currentVersion(UUID id) {
        StreamHandle h = db.find(id);
        return h == null ? 0 : h.state.record().version();
    }

    private long currentRoot(UUID id, Map<UUID, long[]> changed) {
        long[] c = changed.get(id);
        if (c != null) {
            return c[1];
        }
        StreamHandle h = db.find(id);
        if (h == null) {
            throw new DendroException(ErrorCode.NO_SUCH_STREAM, "source " + id + " of a derived stream is gone");
        }
        return h.state.record().root();
    }

    /** Every stream derived from {@code source}, sources before the streams derived from them. */
    private List<UUID> topological(UUID source) {
        List<UUID> post = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {source, dependentsOf(source), 0});
        seen.add(source);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            @SuppressWarnings("unchecked")
            List<UUID> deps = (List<UUID>) top[1];
            int i = (Integer) top[2];
            if (i < deps.size()) {
                top[2] = i + 1;
                UUID d = deps.get(i);
                if (seen.add(d)) {
                    stack.push(new Object[] {d, dependentsOf(d), 0});
                }
            } else {
                stack.pop();
                post.add((UUID) top[0]);
            }
        }
        java.util.Collections.reverse(post);
        post.remove(source);
        return post;
    }

    /**
     * The derived tree after recomputing the ranges where its changed sources differ, widened as
     * the operator needs (docs/design/derived-streams.md).
     */
    private long recompute(NodeWriter w, Derivation def, long root, long version, Map<UUID, long[]> changed) {
        Operator op = Operators.byName(def.op());
        List<long[]> ranges = new ArrayList<>();
        for (Derivation.Source s : def.sources()) {
            long[] c = changed.get(s.uuid());
            if (c != null) {
                for (TimeRange r : TreeChanges.between(store, c[0], c[1], 0)) {
                    ranges.add(new long[] {r.start(), r.end()});
                }
            }
        }
        return apply(w, op, def, root, version, widen(op, def, ranges, changed), changed);
    }

    /**
     * The derived tree {@code root} with the operator's output over {@code [from, to)} computed
     * from the sources' committed states (a chunk of backprocessing; the caller holds the
     * sources' write locks).
     */
    long compute(NodeWriter w, Derivation def, long root, long version, long from, long to) {
        Operator op = Operators.byName(def.op());
        from = Math.max(from, def.since());
        if (from >= to) {
            return root;
        }
        return apply(w, op, def, root, version, List.of(new long[] {from, to}), Map.of());
    }

    /** Source points in {@code [from, to)}, summed over the derivation's sources. */
    long sourcePoints(Derivation def, long from, long to) {
        long n = 0;
        for (Derivation.Source s : def.sources()) {
            long root = currentRoot(s.uuid(), Map.of());
            n += root == NodeAddress.NONE || from >= to ? 0 : TreeQueries.count(store, root, from, to);
        }
        return n;
    }

    /**
     * Where the chunk of backprocessing that starts at {@code from} ends: at the first source
     * point after the first {@code budget} points since {@code from}, moved to a boundary
     * of the operator's buckets ({@link Operator#alignStart}) so that a bucket is never split;
     * {@code MAX_TIME} when fewer points remain.
     */
    long chunkEnd(Derivation def, long from, long budget) {
        if (sourcePoints(def, from, Time.MAX_TIME) <= budget) {
            return Time.MAX_TIME;
        }
        long lo = from + 1;
        long hi = Time.MAX_TIME;
        while (lo < hi) { // the smallest t with at least budget points in [from, t)
            long mid = lo + ((hi - lo) >>> 1);
            if (sourcePoints(def, from, mid) >= budget) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long next = Time.MAX_TIME; // end where the next source point is, rather than just after the last one taken
        for (Derivation.Source s : def.sources()) {
            long root = currentRoot(s.uuid(), Map.of());
            RawPoint p = root == NodeAddress.NONE ? null : TreeQueries.first(store, root, lo);
            if (p != null) {
                next = Math.min(next, p.time());
            }
        }
        Operator op = Operators.byName(def.op());
        long end = op.alignStart(def.args(), next);
        if (end <= from) {
            end = op.alignEnd(def.args(), next);
        }
        return end <= from ? Time.MAX_TIME : end;
    }

    private List<long[]> widen(Operator op, Derivation def, List<long[]> ranges, Map<UUID, long[]> changed) {
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            long from = op.alignStart(def.args(), r[0]);
            long e = r[1];
            for (Derivation.Source s : def.sources()) {
                long root = currentRoot(s.uuid(), changed);
                long t = r[1];
                for (int k = 0; k < op.pointsAfter(def.args()); k++) {
                    RawPoint p = TreeQueries.first(store, root, t);
                    while (p != null && op.countsNonNullPoints() && Stream.isNull(p.value())) {
                        p = p.time() + 1 < Time.MAX_TIME ? TreeQueries.first(store, root, p.time() + 1) : null;
                    }
                    if (p == null) {
                        break;
                    }
                    t = p.time() + 1;
                    e = Math.max(e, t);
                }
            }
            long to = Math.min(Time.MAX_TIME, op.alignEnd(def.args(), Math.min(e, Time.MAX_TIME)));
            to = Math.min(to, def.until()); // while backprocessing: later chunks compute the rest
            from = Math.max(from, def.since());
            if (from < to) {
                out.add(new long[] {from, to});
            }
        }
        out.sort(Comparator.comparingLong(a -> a[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : out) {
            if (!merged.isEmpty() && r[0] <= merged.get(merged.size() - 1)[1]) {
                long[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    /** Replaces the derived points in each range by the operator's output there. */
    private long apply(NodeWriter w, Operator op, Derivation def, long root, long version, List<long[]> ranges,
                       Map<UUID, long[]> changed) {
        for (long[] r : ranges) {
            List<SourcePoints> slices = new ArrayList<>();
            for (Derivation.Source s : def.sources()) {
                slices.add(slice(currentRoot(s.uuid(), changed), op, def.args(), r[0], r[1]));
            }
            SourcePoints result = new SourcePoints();
            op.compute(slices, def.args(), r[0], r[1], result);
            if (root != NodeAddress.NONE) {
                root = new TreeWriter(store, w, MergePolicy.NEVER, version).delete(root, r[0], r[1]);
                w.flush();
            }
            if (result.size() > 0) {
                String[] labels = result.labels();
                byte[][] payloads = null;
                if (labels != null) {
                    payloads = new byte[labels.length][];
                    for (int i = 0; i < labels.length; i++) {
                        payloads[i] = labels[i] == null ? null : labels[i].getBytes(StandardCharsets.UTF_8);
                    }
                }
                long[] t = result.times();
                Batch b = Batch.prepare(t, result.values(), payloads, t.length, MergePolicy.NEVER);
                root = new TreeWriter(store, w, MergePolicy.NEVER, version).insert(root, b, new Summary());
                w.flush();
            }
        }
        return root;
    }

    /**
     * A source's points in {@code [from, to)} with the context the operator promises to need
     * before {@code from}: walking back time by time, every point at each time (points that share
     * a time are taken together, in their order), until enough points (or non-null points) are
     * in; more context than needed does not change an operator's output.
     */
    private SourcePoints slice(long root, Operator op, Map<String, String> args, long from, long to) {
        SourcePoints sp = new SourcePoints();
        List<List<RawPoint>> groups = new ArrayList<>(); // newest time first
        long t = from;
        int need = op.pointsBefore(args);
        while (need > 0 && t > Time.MIN_TIME && root != NodeAddress.NONE) {
            RawPoint p = TreeQueries.last(store, root, t);
            if (p == null) {
                break;
            }
            List<RawPoint> at = new ArrayList<>();
            try (ValuesCursor c = new ValuesCursor(store, root, p.time(), p.time() + 1, 0, () -> { })) {
                while (c.next()) {
                    at.add(new RawPoint(c.time(), c.value(), null, c.document()));
                }
            }
            groups.add(at);
            for (int i = at.size() - 1; i >= 0 && need > 0; i--) {
                if (!op.countsNonNullPoints() || !Stream.isNull(at.get(i).value())) {
                    need--;
                }
            }
            t = p.time();
        }
        for (int g = groups.size() - 1; g >= 0; g--) {
            for (RawPoint p : groups.get(g)) {
                sp.add(p.time(), p.value(), p.document());
            }
        }
        if (root != NodeAddress.NONE && from < to) {
            try (ValuesCursor c = new ValuesCursor(store, root, from, to, 0, () -> { })) {
                while (c.next()) {
                    sp.add(c.time(), c.value(), c.document());
                }
            }
        }
        return sp;
    }
}
