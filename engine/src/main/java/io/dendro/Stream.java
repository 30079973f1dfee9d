package io.dendro;

import io.dendro.core.DatabaseCore;
import io.dendro.core.StreamHandle;
import io.dendro.catalog.Properties;
import io.dendro.catalog.StreamRecord;
import io.dendro.catalog.VersionIndex;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Lease;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.RecordSource;
import io.dendro.storage.Store;
import io.dendro.tree.AlignedWindowsCursor;
import io.dendro.tree.Batch;
import io.dendro.tree.TreeChanges;
import io.dendro.tree.TreeQueries;
import io.dendro.tree.TreeWriter;
import io.dendro.tree.ValuesCursor;
import io.dendro.tree.WindowsCursor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One versioned time series. Obtained from {@link Database#create} or {@link Database#stream}.
 * Thread-safe: reads never block and are never blocked; writes to one stream are serialized,
 * writes to different streams run in parallel.
 *
 * <h2>Versions</h2>
 * Every committed change (a sealed buffer of inserts, a large insert, a delete) makes a new
 * version, one greater than the last; a new stream is at version 0. Inserted points are buffered
 * first (see {@link #insert(long[], double[], MergePolicy, Durability)}): reads at the latest
 * version see them and report the pending version, the latest sealed one plus one. In every
 * read, {@code version == 0} means the latest; a version greater than the latest sealed one, or
 * dropped by the retention policy, is a NO_SUCH_VERSION error; a negative one is
 * INVALID_ARGUMENT. A sealed version answers the same for as long as it is retained. Every result
 * reports the version it was answered at. See docs/design/durability.md.
 *
 * <h2>Ranges</h2>
 * Every range is half-open, {@code [start, end)}: start inclusive, end exclusive, with both ends
 * inside {@code [Time.MIN_TIME, Time.MAX_TIME]}. {@code start > end} is INVALID_TIME_RANGE;
 * {@code start == end} is an empty range.
 */
public final class Stream {
    private final DatabaseCore db;
    private final UUID uuid;
    /** The stream's handle; null until first used for a stream of {@link Database#createAll} (loaded then). */
    private volatile StreamHandle resolved;

    Stream(DatabaseCore db, UUID uuid, StreamHandle handle) {
        this.db = db;
        this.uuid = uuid;
        this.resolved = handle;
    }

    public UUID uuid() {
        return uuid;
    }

    /** The stream's registry entry as of now. */
    public StreamInfo info() {
        StreamHandle.Snapshot s = handle().state;
        Properties p = s.properties();
        return new StreamInfo(uuid, p.collection(), p.tags(), p.annotations(), p.propertyVersion(), s.record().version(),
                kind(), s.record().isDerived() ? lineage().op() : null);
    }

    /**
     * A derived stream's derivation as of its latest version: the operator, its arguments, its
     * sources with their names, and the version of each source that version reflects; null for a
     * stream of its own.
     */
    public Lineage lineage() {
        StreamRecord rec = handle().state.record();
        return rec.isDerived() ? lineage(io.dendro.catalog.Derivation.read(db.store(), rec.derivation())) : null;
    }

    private static Lineage lineage(io.dendro.catalog.Derivation d) {
        java.util.List<Lineage.Source> sources = new java.util.ArrayList<>();
        for (io.dendro.catalog.Derivation.Source s : d.sources()) {
            sources.add(new Lineage.Source(s.uuid(), s.name(), s.version()));
        }
        return new Lineage(d.version(), d.op(), Map.copyOf(d.args()), java.util.List.copyOf(sources), d.until());
    }

    /**
     * The lineage of every derived version still on record, newest first (one per version of the
     * derived stream); empty for a stream of its own.
     */
    public java.util.List<Lineage> lineages() {
        StreamRecord rec = handle().state.record();
        java.util.List<Lineage> out = new java.util.ArrayList<>();
        if (rec.isDerived()) {
            for (io.dendro.catalog.Derivation d : io.dendro.catalog.Derivation.chain(db.store(), rec.derivation())) {
                out.add(lineage(d));
            }
        }
        return out;
    }

    /**
     * The latest version of this derived stream that reflects sources at or below the given
     * versions (a source not named counts as any version); 0 when none does.
     */
    public long versionReflecting(Map<java.util.UUID, Long> sourceVersions) {
        for (Lineage l : lineages()) {
            boolean ok = true;
            for (Lineage.Source s : l.sources()) {
                Long max = sourceVersions.get(s.uuid());
                if (max != null && s.version() > max) {
                    ok = false;
                }
            }
            if (ok) {
                return l.version();
            }
        }
        return 0;
    }

    /** What the stream's values are: fixed at creation. */
    public StreamKind kind() {
        StreamKind k = StreamKind.of(handle().state.record().valueKind());
        if (k == null) {
            throw new DendroException(ErrorCode.CORRUPTION, "stream " + uuid + " has unknown value kind "
                    + handle().state.record().valueKind());
        }
        return k;
    }

    public String collection() {
        return handle().state.properties().collection();
    }

    public Map<String, String> tags() {
        return handle().state.properties().tags();
    }

    public Map<String, String> annotations() {
        return handle().state.properties().annotations();
    }

    /** The property version that {@link #updateAnnotations} compares against (0 at creation). */
    public long propertyVersion() {
        return handle().state.properties().propertyVersion();
    }

    /**
     * The latest sealed (committed, numbered) version: 0 before the first one. Buffered points
     * are not in it yet; see {@link #insert(long[], double[], MergePolicy, Durability)}.
     */
    public long version() {
        checkOpen();
        if (handle().gone) {
            throw new DendroException(ErrorCode.NO_SUCH_STREAM, "stream " + uuid + " was obliterated");
        }
        return handle().state.record().version();
    }

    /** Points acknowledged but not yet sealed into a version. */
    /**
     * The null value: a sample that was due and did not come (Datastream's {@code None}). Put it
     * in {@code values} to insert a null point; reads return it as stored ({@link #isNull}). It is
     * one NaN bit pattern ({@code 0x7ff8dead00000001}): every other NaN is refused by
     * {@link #insert}, so no other stored value can be mistaken for it. Null points are points
     * ({@code values}, {@code nearest}, {@link #count} and {@code changes} include them) and are
     * skipped by every statistic: the count of a window, a bucket or a summary is the count of
     * its non-null values, and a window of only null points has count 0 and NaN statistics.
     */
    public static final double NULL = Double.longBitsToDouble(io.dendro.tree.Summary.NULL_BITS);

    /** Whether {@code value} is {@link #NULL} (compares bits: {@code NULL != NULL}, as for any NaN). */
    public static boolean isNull(double value) {
        return io.dendro.tree.Summary.isNull(value);
    }

    public int bufferedPoints() {
        checkOpen();
        checkAlive();
        return handle().state.pending().points();
    }

    /** Inserts with {@link MergePolicy#NEVER} and the database's default durability. */
    public long insert(long[] times, double[] values) {
        return insert(times, values, MergePolicy.NEVER);
    }

    /** Inserts with the database's default {@link Durability}. */
    public long insert(long[] times, double[] values, MergePolicy policy) {
        return insert(times, values, policy, db.options().durability());
    }

    /**
     * Inserts a batch of points atomically. Points need not be sorted; duplicate timestamps
     * follow {@code policy}. The batch is written to the write-ahead log and added to the
     * stream's buffer; it is acknowledged (this returns) as {@code durability} asks.
     *
     * <p>Buffered points are visible at once to reads at the latest version (0). They become
     * part of the stream's next numbered version, which is committed ("sealed") when the buffer
     * holds {@code bufferPoints} points, when its oldest point is {@code bufferMaxAgeMillis}
     * old, before a delete, on {@link #flush()}, {@link Database#flush()} and on close. Numbered
     * versions never change; a version is readable by number once sealed.
     *
     * @return the version this batch belongs to: the latest sealed version plus one. A buffer
     *         holds fewer than {@code bufferPoints} points: when this batch would bring it to that
     *         many, the buffer is sealed first (and this batch starts the next buffer); a batch of
     *         at least {@code bufferPoints} points is committed at once as its own version. An
     *         empty batch logs nothing and returns the version a read at the latest would report.
     * @throws DendroException INVALID_ARGUMENT when the arrays differ in length;
     *                         INVALID_TIME_RANGE for a time outside {@code [MIN_TIME, MAX_TIME)};
     *                         INVALID_VALUE for NaN (other than {@link #NULL}) or an infinity
     *                         (the message names the point);
     *                         OUT_OF_SPACE or IO_ERROR when sealing the buffer, the log write or
     *                         the commit fails; NO_SUCH_STREAM after {@link #obliterate()};
     *                         CLOSED. Nothing is inserted when it throws, except after a failed
     *                         force of the log (SYNC or GROUP): the batch is then buffered and
     *                         may or may not survive an operating-system crash.
     */
    public long insert(long[] times, double[] values, MergePolicy policy, Durability durability) {
        return insert(times, values, null, policy, durability);
    }

    /**
     * Inserts numeric points some of which arrived pre-aggregated by their source: where
     * {@code aggregates[i]} is not null, point {@code i} is that aggregate (its value in
     * {@code values} is ignored) and stands for its {@code count} samples in every window, bucket
     * and summary, exactly as if they had been inserted (Chan's merge of count, mean and spread);
     * {@code values} and the cursors return it as one point whose value is its mean and whose
     * {@link PointCursor#aggregate()} is the aggregate. {@code aggregates} may be null (no
     * aggregate). Otherwise as {@link #insert(long[], double[], MergePolicy, Durability)};
     * {@link MergePolicy#EQUAL} compares aggregates field by field.
     *
     * @throws DendroException WRONG_TYPE on a nominal or graph stream; INVALID_ARGUMENT when
     *                         {@code aggregates} differs in length from {@code times}; as
     *                         {@link #insert(long[], double[], MergePolicy, Durability)}
     */
    public long insert(long[] times, double[] values, io.dendro.value.Aggregate[] aggregates, MergePolicy policy,
                       Durability durability) {
        Checked c = checkNumbers(times, values, aggregates);
        return insertChecked(times, c.values(), c.payloads(), policy, durability);
    }

    /** Points checked and encoded for a batch: values and payloads (null when none). */
    record Checked(double[] values, byte[][] payloads) {
    }

    /** The checks and encoding of {@link #insert(long[], double[], io.dendro.value.Aggregate[], MergePolicy, Durability)}. */
    Checked checkNumbers(long[] times, double[] values, io.dendro.value.Aggregate[] aggregates) {
        if (times == null || values == null || times.length != values.length) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "times and values must be arrays of equal length");
        }
        if (aggregates != null && aggregates.length != times.length) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "aggregates must be as long as times ("
                    + times.length + "), not " + aggregates.length);
        }
        StreamKind kind = kind();
        if (kind != StreamKind.NUMERIC) {
            throw new DendroException(ErrorCode.WRONG_TYPE, "stream " + uuid + " is " + kind.label()
                    + ": insert its values as JSON documents (insertDocuments), not numbers");
        }
        byte[][] payloads = null;
        double[] v = values;
        for (int i = 0; i < times.length; i++) {
            Time.checkPointTime(times[i], i);
            io.dendro.value.Aggregate a = aggregates == null ? null : aggregates[i];
            if (a != null) {
                if (payloads == null) {
                    payloads = new byte[times.length][];
                    v = values.clone();
                }
                payloads[i] = io.dendro.tree.AggregatePayload.encode(a.count(), a.min(), a.max(), a.stddev());
                v[i] = a.mean();
            } else if (!Double.isFinite(values[i]) && !isNull(values[i])) {
                throw new DendroException(ErrorCode.INVALID_VALUE, "point " + i + " at time " + times[i]
                        + " has value " + values[i] + "; values must be finite (or Stream.NULL)");
            }
        }
        return new Checked(v, payloads);
    }

    /**
     * Inserts points of a nominal or graph stream: {@code documents[i]} is point {@code i}'s value
     * as JSON text. A nominal value may be any JSON value (a string label most often; numbers,
     * objects, arrays and {@code null} too); it is stored in compact form (no whitespace, keys
     * in their order, numbers as written) and read back identical
     * ({@link PointCursor#document()}). A graph value must be a graph as
     * {@link io.dendro.value.GraphValue} checks it; its number of vertices is the point's
     * numeric value (so windows over a graph stream give the vertex statistics). The batch is
     * atomic: one bad document rejects it whole. {@link MergePolicy#EQUAL} compares documents by
     * their compact form.
     *
     * @throws DendroException WRONG_TYPE on a numeric stream, or for a graph value that is not a
     *                         JSON object; INVALID_VALUE for a document that is not JSON or
     *                         breaks a graph rule (the message names the point and the rule);
     *                         otherwise as {@link #insert(long[], double[], MergePolicy, Durability)}
     */
    public long insertDocuments(long[] times, String[] documents, MergePolicy policy, Durability durability) {
        Checked c = checkDocuments(times, documents);
        return insertChecked(times, c.values(), c.payloads(), policy, durability);
    }

    /** The checks and encoding of {@link #insertDocuments}. */
    Checked checkDocuments(long[] times, String[] documents) {
        if (times == null || documents == null || times.length != documents.length) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "times and documents must be arrays of equal length");
        }
        StreamKind kind = kind();
        if (kind == StreamKind.NUMERIC) {
            throw new DendroException(ErrorCode.WRONG_TYPE, "stream " + uuid + " is numeric: insert numbers,"
                    + " nulls or aggregates, not JSON documents");
        }
        double[] v = new double[times.length];
        byte[][] payloads = new byte[times.length][];
        for (int i = 0; i < times.length; i++) {
            Time.checkPointTime(times[i], i);
            if (documents[i] == null) {
                throw new DendroException(ErrorCode.INVALID_ARGUMENT, "point " + i + " has no document (the JSON"
                        + " value null is the text \"null\")");
            }
            try {
                if (kind == StreamKind.GRAPH) {
                    io.dendro.value.GraphValue g = io.dendro.value.GraphValue.of(documents[i]);
                    payloads[i] = io.dendro.tree.GraphPayload.encode(g.edges(), g.json());
                    v[i] = g.vertices();
                } else {
                    payloads[i] = io.dendro.value.Json.write(io.dendro.value.Json.parse(documents[i]))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
            } catch (DendroException e) {
                throw new DendroException(e.code(), "point " + i + " at time " + times[i] + ": " + e.getMessage());
            }
        }
        return new Checked(v, payloads);
    }

    /**
     * Numeric statistics (windows, aligned windows, downsampling) exist for numeric streams and,
     * as the statistics of the number of vertices, for graph streams; a nominal stream's values
     * are labels: {@link #downsampleDocuments} counts them.
     */
    private void checkNumericStatistics() {
        if (kind() == StreamKind.NOMINAL) {
            throw new DendroException(ErrorCode.WRONG_TYPE, "stream " + uuid + " is nominal: its labels have no"
                    + " numeric statistics (count them with downsampleDocuments: dendro downsample)");
        }
    }

    /**
     * Refuses a batch after which the points of one 4 ns span (the tree's smallest, where a leaf
     * cannot be split further) would carry more payload bytes than a leaf holds: such a batch
     * could never be committed. Only spans that receive at least 64 KiB in this batch are
     * checked against what the stream already holds there (one read each), so ordinary inserts
     * pay nothing.
     */
    private void checkDocumentRoom(Batch b) {
        int i = 0;
        while (i < b.size) {
            long span = b.times[i] & -(1L << io.dendro.tree.Geometry.MIN_PW);
            long bytes = 0;
            int j = i;
            for (; j < b.size && (b.times[j] & -(1L << io.dendro.tree.Geometry.MIN_PW)) == span; j++) {
                bytes += b.payloads[j] == null ? 1 : b.payloads[j].length + 5;
            }
            if (bytes >= 64 << 10) {
                try (PointCursor c = values(span, span + (1L << io.dendro.tree.Geometry.MIN_PW), 0)) {
                    while (c.next()) {
                        byte[] p = ((io.dendro.tree.ValuesCursor) c).payload();
                        bytes += p == null ? 1 : p.length + 5;
                    }
                }
                if (bytes > io.dendro.tree.DocumentColumn.MAX_RAW) {
                    throw new DendroException(ErrorCode.INVALID_ARGUMENT, "the points at time " + b.times[i]
                            + " would carry " + bytes + " bytes of documents, more than the "
                            + (io.dendro.tree.DocumentColumn.MAX_RAW >> 20) + " MiB a leaf holds within 4 ns");
                }
            }
            i = j;
        }
    }

    /** A derived stream's points are its operator's: refused to writers. */
    private void checkNotDerived(String what) {
        if (handle().state.record().isDerived()) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "stream " + uuid + " is derived (its points are"
                    + " computed from its sources): it cannot be " + what);
        }
    }

    /** Whether this stream is derived from others (docs/design/derived-streams.md). */
    public boolean isDerived() {
        return handle().state.record().isDerived();
    }

    /** A checked batch of this stream, prepared for the log (for {@link Database#insertAll}); null when empty. */
    io.dendro.tree.Batch prepare(long[] times, Checked c, MergePolicy policy) {
        checkNotDerived("inserted into");
        if (times.length == 0) {
            return null;
        }
        return io.dendro.tree.Batch.prepare(times, c.values(), c.payloads(), times.length, policy);
    }

    /**
     * The check a batch with documents must pass under the stream's write lock (null when it has
     * none): the documents within 4 ns, those buffered or committed there included, fit a leaf.
     */
    Runnable roomCheck(io.dendro.tree.Batch b) {
        return b.payloads == null ? null : () -> checkDocumentRoom(b);
    }

    /**
     * The stream's handle: the one the registry's cache holds, loaded at first use for a stream
     * that {@link Database#createAll} made (a bulk creation keeps no handle in memory).
     */
    io.dendro.core.StreamHandle handle() {
        StreamHandle h = resolved;
        if (h == null) {
            h = db.find(uuid);
            if (h == null) {
                throw new DendroException(ErrorCode.NO_SUCH_STREAM, "stream " + uuid + " was obliterated");
            }
            resolved = h;
        }
        return h;
    }

    private long insertChecked(long[] times, double[] values, byte[][] payloads, MergePolicy policy,
                               Durability durability) {
        checkNotDerived("inserted into");
        if (policy == null || durability == null) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "merge policy and durability must not be null");
        }
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            if (times.length == 0) {
                return handle().state.latestVersion();
            }
            Batch b = Batch.prepare(times, values, payloads, times.length, policy);
            // under the write lock: two inserts at one time must not both pass against the points before them
            return db.buffers().insert(handle(), b, durability, roomCheck(b));
        } finally {
            lease.close();
        }
    }

    /**
     * Commits this stream's buffered points as its next version (nothing when none are
     * buffered) and returns the latest sealed version.
     */
    public long flush() {
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            return db.buffers().flush(handle());
        } finally {
            lease.close();
        }
    }

    /**
     * Removes every point with {@code start <= t < end} and commits the result as a new version,
     * also when nothing was removed (the new version then equals the previous one in content).
     * Subtrees wholly inside the range are dropped without being read; summaries stay exact.
     *
     * @return the new version
     * @throws DendroException INVALID_TIME_RANGE for a range outside {@code [MIN_TIME, MAX_TIME]}
     *                         or with {@code start > end}
     */
    public long delete(long start, long end) {
        Time.checkRange(start, end);
        checkNotDerived("deleted from");
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            return db.buffers().withSealed(handle(), () -> {
                StreamHandle.Snapshot s = handle().state;
                StreamRecord rec = s.record();
                long version = rec.version() + 1;
                NodeWriter w = store.newWriter();
                long root = new TreeWriter(store, w, MergePolicy.NEVER, version).delete(rec.root(), start, end);
                long index = VersionIndex.append(store, w, rec.versionIndex(), rec.version(), root,
                        System.currentTimeMillis() * 1_000_000L);
                StreamRecord next = rec.withVersion(version, root, index, rec.appliedLsn());
                handle().state = db.commitStream(w, next, s.properties(), s.pending().nextEpoch());
                return version;
            });
        } finally {
            lease.close();
        }
    }

    /**
     * The time ranges in which the stream's points at {@code toVersion} differ from those at
     * {@code fromVersion}: sorted, non-overlapping, merged, with edges on multiples of
     * {@code 2^resolution} (clipped to {@code [MIN_TIME, MAX_TIME]}). Ranges cover whole
     * {@code 2^resolution} blocks, so they over-cover at coarse resolutions, but never
     * under-cover; where leaves were rewritten their points are compared, so a block whose
     * content ended up equal is not reported. The cost follows the changed part of the tree. Here,
     * unlike in reads, version 0 is the empty stream before the first version, so
     * {@code changes(0, v, r)} covers every point of version {@code v}.
     *
     * @return the ranges, reported at {@code toVersion}
     * @throws DendroException NO_SUCH_VERSION for a version after the latest; INVALID_ARGUMENT
     *                         when {@code fromVersion > toVersion} or a version is negative;
     *                         INVALID_POINTWIDTH when {@code resolution} is outside {@code 0..62}
     */
    public Versioned<java.util.List<TimeRange>> changes(long fromVersion, long toVersion, int resolution) {
        if (resolution < 0 || resolution > 62) {
            throw new DendroException(ErrorCode.INVALID_POINTWIDTH, "resolution " + resolution + " is outside 0..62");
        }
        if (fromVersion < 0 || toVersion < 0 || fromVersion > toVersion) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "versions " + fromVersion + " to " + toVersion
                    + " do not make a range (need 0 <= from <= to)");
        }
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            long from = rootAt(fromVersion);
            long to = rootAt(toVersion);
            return new Versioned<>(TreeChanges.between(store, from, to, resolution), toVersion);
        } finally {
            lease.close();
        }
    }

    /** The tree root of a numbered version, where version 0 is the empty initial stream. */
    private long rootAt(long version) {
        return version == 0 ? NodeAddress.NONE : resolve(version).root();
    }

    /**
     * Changes annotations by compare-and-set: succeeds only when the stream's property version
     * is still {@code expectedPropertyVersion}, then bumps it by one.
     *
     * @param set    annotations to add or overwrite
     * @param remove annotation keys to remove
     * @return the new property version
     * @throws DendroException STALE_PROPERTY_VERSION (nothing changed) when another update came
     *                         first; INVALID_ARGUMENT for an empty key or a null value
     */
    public long updateAnnotations(long expectedPropertyVersion, Map<String, String> set, Collection<String> remove) {
        for (Map.Entry<String, String> e : set.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new DendroException(ErrorCode.INVALID_ARGUMENT,
                        "annotation '" + e.getKey() + "' needs a non-empty key and a value");
            }
        }
        return updateProperties(expectedPropertyVersion, p -> {
            Map<String, String> a = new TreeMap<>(p.annotations());
            a.putAll(set);
            remove.forEach(a::remove);
            return new Properties(p.collection(), p.tags(), a, p.propertyVersion() + 1);
        });
    }

    /**
     * Changes the stream's collection and tags by compare-and-set, as {@link #updateAnnotations}
     * does for annotations (BTrDB's SetStreamTags): succeeds only when the property version is
     * still {@code expectedPropertyVersion}, then bumps it by one. Tags and annotations share the
     * property version.
     *
     * @param collection the new collection, or {@code null} to keep the current one
     * @param set        tags to add or overwrite
     * @param remove     tag keys to remove
     * @return the new property version
     * @throws DendroException STALE_PROPERTY_VERSION (nothing changed) when another update came
     *                         first; INVALID_ARGUMENT for an empty collection, an empty key or a
     *                         null value
     */
    public long updateTags(long expectedPropertyVersion, String collection, Map<String, String> set,
                           Collection<String> remove) {
        if (collection != null && collection.isEmpty()) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "collection must be a non-empty string");
        }
        for (Map.Entry<String, String> e : set.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new DendroException(ErrorCode.INVALID_ARGUMENT,
                        "tag '" + e.getKey() + "' needs a non-empty key and a value");
            }
        }
        return updateProperties(expectedPropertyVersion, p -> {
            Map<String, String> t = new TreeMap<>(p.tags());
            t.putAll(set);
            remove.forEach(t::remove);
            return new Properties(collection != null ? collection : p.collection(), t, p.annotations(),
                    p.propertyVersion() + 1);
        });
    }

    private long updateProperties(long expectedPropertyVersion,
                                  java.util.function.UnaryOperator<Properties> change) {
        Store store = db.store();
        try (Lease lease = store.acquire()) {
            return db.buffers().withWriter(handle(), () -> {
                StreamHandle.Snapshot s = handle().state;
                Properties p = s.properties();
                if (p.propertyVersion() != expectedPropertyVersion) {
                    throw new DendroException(ErrorCode.STALE_PROPERTY_VERSION, "stream " + uuid
                            + " has property version " + p.propertyVersion() + ", not " + expectedPropertyVersion);
                }
                Properties np = change.apply(p);
                NodeWriter w = store.newWriter();
                StreamRecord next = s.record().withProperties(np.write(w));
                handle().state = db.commitStream(w, next, np, s.pending());
                return np.propertyVersion();
            });
        }
    }

    /**
     * Sets the stream's retention policy: keep the last {@code keepVersions} versions (0: no
     * limit) and the versions committed within {@code keepFor} ({@code null} or zero: no
     * limit); the latest version is always kept. Versions dropped by the policy (now or as new
     * versions arrive) are a NO_SUCH_VERSION error to read; {@link Database#compact()} reclaims
     * the space only they used. Making a policy looser later does not bring dropped versions back.
     *
     * @return the first version now kept
     * @throws DendroException INVALID_ARGUMENT for a negative count or duration
     */
    public long setRetention(long keepVersions, java.time.Duration keepFor) {
        if (keepVersions < 0) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "keepVersions " + keepVersions + " is negative");
        }
        if (keepFor != null && keepFor.isNegative()) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "keepFor " + keepFor + " is negative");
        }
        long nanos = keepFor == null ? 0 : keepFor.toNanos();
        Store store = db.store();
        try (Lease lease = store.acquire()) {
            return db.buffers().withWriter(handle(), () -> {
                StreamHandle.Snapshot s = handle().state;
                StreamRecord rec = s.record();
                NodeWriter w = store.newWriter();
                StreamRecord next = rec.withRetention(keepVersions, nanos, rec.firstRetained());
                handle().state = db.commitStream(w, next, s.properties(), s.pending());
                return handle().state.record().firstRetained();
            });
        }
    }

    /** The first version still kept under the retention policy (1 when every version is kept). */
    public long firstRetainedVersion() {
        checkOpen();
        checkAlive();
        try (Lease lease = db.store().acquire()) {
            return db.firstRetained(handle().state.record());
        }
    }

    private void checkAlive() {
        if (handle().gone) {
            throw new DendroException(ErrorCode.NO_SUCH_STREAM, "stream " + uuid + " was obliterated");
        }
    }

    /**
     * Removes the stream and every version of it, buffered points included; its space becomes
     * reclaimable by {@link Database#compact()}. Afterwards every call on this stream (and
     * opening its UUID) is a NO_SUCH_STREAM error.
     *
     * @throws DendroException HAS_DEPENDENTS (nothing removed) when streams are derived from it,
     *                         naming them: obliterate them first, or use
     *                         {@link #obliterateWithDependents()}
     */
    public void obliterate() {
        Store store = db.store();
        try (Lease lease = store.acquire()) {
            db.obliterate(uuid, handle(), false);
        }
    }

    /**
     * The streams derived from this one, directly or through other derived streams (the ones
     * {@link #obliterateWithDependents()} would remove with it), nearest first; empty when none.
     */
    public List<UUID> derivedStreams() {
        checkAlive();
        Store store = db.store();
        try (Lease lease = store.acquire()) {
            return List.copyOf(db.dependentsClosure(uuid));
        }
    }

    /**
     * Removes the stream and every stream derived from it, directly or through other derived
     * streams (the whole dependent graph), in one commit: all of them or, on failure, none. A
     * derived stream with other sources too goes with it.
     *
     * @return the UUIDs removed, this stream's first
     */
    public List<UUID> obliterateWithDependents() {
        Store store = db.store();
        try (Lease lease = store.acquire()) {
            return db.obliterate(uuid, handle(), true);
        }
    }

    /** A resolved read: the version answered at, its tree root and where to read its nodes. */
    private record At(long version, long root, RecordSource source) {
    }

    private At resolve(long version) {
        if (version < 0) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "version " + version + " is negative");
        }
        Store store = db.store();
        StreamHandle.Snapshot s = handle().state;
        if (handle().gone) {
            throw new DendroException(ErrorCode.NO_SUCH_STREAM, "stream " + uuid + " was obliterated");
        }
        StreamRecord rec = s.record();
        long latest = rec.version();
        if (version == 0) {
            StreamHandle.View v = handle().latest(store, s);
            return new At(s.latestVersion(), v.root(), v.source());
        }
        if (version > latest) {
            throw new DendroException(ErrorCode.NO_SUCH_VERSION, "stream " + uuid + " has no version " + version
                    + " (latest is " + latest + (version == latest + 1 && !s.pending().isEmpty()
                    ? "; version " + version + " is still buffering: read at version 0 or flush first)" : ")"));
        }
        if (version < db.firstRetained(rec)) {
            throw new DendroException(ErrorCode.NO_SUCH_VERSION, "version " + version + " of stream " + uuid
                    + " was dropped by the retention policy (the oldest kept is " + rec.firstRetained() + ")");
        }
        if (version == latest) {
            return new At(latest, rec.root(), store);
        }
        return new At(version, VersionIndex.rootOf(store, rec.versionIndex(), latest, version), store);
    }

    /**
     * All points with {@code start <= t < end} in ascending time; points sharing a time come in
     * insertion order. Streams: memory does not grow with the range. Close the cursor.
     */
    public PointCursor values(long start, long end, long version) {
        Time.checkRange(start, end);
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            At at = resolve(version);
            return new ValuesCursor(at.source(), at.root(), start, end, at.version(), lease::close);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Statistics over windows of {@code 2^pointwidth} ns. {@code start} and {@code end} are
     * rounded down to multiples of the width (floor, also for negative times); windows with no
     * point are omitted. Costs the number of windows plus the tree height when the windows are
     * at least a leaf wide.
     *
     * @throws DendroException INVALID_POINTWIDTH outside {@code 0..62}; WRONG_TYPE on a nominal stream
     */
    public StatCursor alignedWindows(long start, long end, int pointwidth, long version) {
        Time.checkRange(start, end);
        checkNumericStatistics();
        if (pointwidth < 0 || pointwidth > 62) {
            throw new DendroException(ErrorCode.INVALID_POINTWIDTH, "pointwidth " + pointwidth + " is outside 0..62");
        }
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            At at = resolve(version);
            return new AlignedWindowsCursor(at.source(), at.root(), start, end, pointwidth, at.version(), lease::close);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Statistics over windows {@code [start + k*width, start + (k+1)*width)} up to
     * {@code end} rounded down to a whole number of windows. Every window is reported; an empty
     * one has count 0 and NaN statistics. {@code depth} trades exactness for speed: a block of
     * the tree no wider than {@code 2^depth} that straddles a window boundary may be counted
     * wholly in the window where it starts; totals over all windows stay exact. Depth 0 is exact.
     *
     * @throws DendroException WRONG_TYPE on a nominal stream; INVALID_WIDTH when {@code width < 1};
     *                         INVALID_ARGUMENT when depth
     *                         is outside {@code 0..62}
     */
    public StatCursor windows(long start, long end, long width, int depth, long version) {
        Time.checkRange(start, end);
        checkNumericStatistics();
        if (width < 1) {
            throw new DendroException(ErrorCode.INVALID_WIDTH, "width " + width + " is below 1");
        }
        if (depth < 0 || depth > 62) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "depth " + depth + " is outside 0..62");
        }
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            At at = resolve(version);
            return new WindowsCursor(at.source(), at.root(), start, end, width, depth, at.version(), lease::close);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Statistics per bucket (Datastream's downsampling): the points in {@code [start, end)}
     * grouped by the buckets of a {@link Granularity} in a time zone ({@link Granularity#buckets}),
     * answered from the tree's summaries: a subtree inside one bucket is taken whole, so the cost
     * is about the number of buckets times the tree height plus the leaves at bucket edges, not
     * the number of points. Each row is a whole bucket {@code [time(), end())}; the first and
     * last may be cut by the range (only points inside it count).
     *
     * <p>Empty buckets are omitted, or with {@code fill} reported with count 0 and NaN statistics.
     * {@code timeMean} asks for {@link BucketCursor#meanTime()}, the exact mean of the points'
     * times, taken from the sums of times that format-6 internal nodes keep per child, so at the
     * same cost; under internal nodes written before format 6 (no such sums) the walk descends to
     * the leaves, at a cost proportional to those points (docs/format/internal-node.md).
     * Aggregate points count as the samples they stand for; on a graph stream the statistics
     * are those of the number of vertices.
     *
     * @throws DendroException WRONG_TYPE on a nominal stream ({@link #downsampleDocuments} counts its labels)
     */
    public BucketCursor downsample(long start, long end, Buckets buckets, boolean fill, boolean timeMean,
                                   long version) {
        Time.checkRange(start, end);
        checkNumericStatistics();
        java.util.Objects.requireNonNull(buckets, "buckets");
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            At at = resolve(version);
            return new io.dendro.tree.BucketsCursor(at.source(), at.root(), start, end, buckets, fill, timeMean,
                    at.version(), lease::close);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Downsampling of a nominal or graph stream: per bucket, as {@link #downsample}, the count and
     * the first, last and mean times, and the kind's statistics ({@link DocumentBucketCursor}):
     * label frequencies, most and least frequent label (nominal); vertex and edge statistics
     * (graph). Exact at any version, and answered from summaries as {@link #downsample} is: a
     * child inside a bucket is taken whole with its label table (at most
     * {@link io.dendro.tree.LabelTable#MAX_LABELS} labels) or its edge statistics; a child whose
     * subtree holds more distinct labels than its table keeps is read from its points.
     *
     * @throws DendroException WRONG_TYPE on a numeric stream ({@link #downsample} answers it);
     *                         otherwise as {@link #downsample}
     */
    public DocumentBucketCursor downsampleDocuments(long start, long end, Buckets buckets, boolean fill,
                                                   boolean timeMean, long version) {
        Time.checkRange(start, end);
        java.util.Objects.requireNonNull(buckets, "buckets");
        StreamKind kind = kind();
        if (kind == StreamKind.NUMERIC) {
            throw new DendroException(ErrorCode.WRONG_TYPE, "stream " + uuid + " is numeric: it has no labels or"
                    + " graphs to downsample (downsample answers it)");
        }
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            At at = resolve(version);
            return new io.dendro.tree.BucketsCursor(at.source(), at.root(), start, end, buckets, fill, timeMean,
                    at.version(), lease::close, kind);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Forward ({@code backward == false}): the point with the smallest time {@code >= time}
     * (the first inserted among equal times). Backward: the point with the largest time
     * strictly before {@code time} (the last inserted among equal times). Empty when none.
     */
    public Versioned<Optional<RawPoint>> nearest(long time, long version, boolean backward) {
        Time.checkQueryTime(time);
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            At at = resolve(version);
            RawPoint p = backward ? TreeQueries.last(at.source(), at.root(), time)
                    : TreeQueries.first(at.source(), at.root(), time);
            return new Versioned<>(Optional.ofNullable(p), at.version());
        } finally {
            lease.close();
        }
    }

    /** {@code nearest(MIN_TIME, version, forward)}: the first point. */
    public Versioned<Optional<RawPoint>> earliest(long version) {
        return nearest(Time.MIN_TIME, version, false);
    }

    /** {@code nearest(MAX_TIME, version, backward)}: the last point. */
    public Versioned<Optional<RawPoint>> latest(long version) {
        return nearest(Time.MAX_TIME, version, true);
    }

    /** The exact number of points in {@code [start, end)}, from the summaries (cost: tree height). */
    public Versioned<Long> count(long start, long end, long version) {
        Time.checkRange(start, end);
        Store store = db.store();
        Lease lease = store.acquire();
        try {
            At at = resolve(version);
            return new Versioned<>(TreeQueries.count(at.source(), at.root(), start, end), at.version());
        } finally {
            lease.close();
        }
    }

    private void checkOpen() {
        if (db.isClosed()) {
            throw new DendroException(ErrorCode.CLOSED, "database " + db.directory() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "Stream[" + uuid + " " + collection() + "]";
    }

}
