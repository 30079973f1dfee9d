package io.dendro;

import io.dendro.core.DatabaseCore;
import io.dendro.core.StreamHandle;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.inspect.Dumper;
import io.dendro.inspect.Verifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.UUID;

/**
 * An embedded Dendro database: a directory of memory-mapped files holding any number of
 * versioned time series (streams). Thread-safe.
 *
 * <h2>One writer, any number of readers</h2>
 * One process (and one {@code Database} object in it) may open a directory for writing
 * ({@link #open}); any number of {@code Database} objects, in any number of processes, may
 * open it read-only beside it ({@link #openReadOnly}, or {@link DatabaseOptions#readOnly}).
 * A read-only database writes nothing at all, so it also works on a read-only file system and
 * on a full disk. It shows the newest commit plus the inserts acknowledged in the write-ahead
 * log (replayed in memory only) as of its open or its last {@link #refresh()}, and refreshes
 * itself every {@link DatabaseOptions#refreshMillis()} milliseconds. Readers never block the
 * writer and are never blocked by it; docs/design/readers.md has the protocol.
 *
 * <pre>{@code
 * try (Database db = Database.open(Path.of("data"))) {
 *     Stream s = db.create(UUID.randomUUID(), "sensors/pmu1", Map.of("name", "voltage", "unit", "V"), Map.of());
 *     long v = s.insert(times, values, MergePolicy.NEVER);
 *     try (StatCursor c = s.alignedWindows(start, end, 30, 0)) { while (c.next()) { ... } }
 * }
 * }</pre>
 *
 * <p>Every failure is a {@link DendroException} with a stable {@link ErrorCode}; a call that
 * fails changes nothing.
 */
public final class Database implements AutoCloseable {
    /** Dump depth meaning "every level" ({@link #dumpTree}, {@link #dumpRegistry}). */
    public static final int DUMP_ALL = Integer.MAX_VALUE;

    private final DatabaseCore core;

    private Database(DatabaseCore core) {
        this.core = core;
    }

    /** Opens (creating if needed) the database in {@code dir} with default options. */
    public static Database open(Path dir) {
        return open(dir, DatabaseOptions.defaults());
    }

    /**
     * Opens the database in {@code dir} read-only, with default options (see
     * {@link DatabaseOptions#readOnly}): never creates it, writes nothing, and works beside a
     * writer in another process, on a read-only file system and on a full disk.
     *
     * @throws DendroException NOT_A_DATABASE, UNSUPPORTED_FORMAT, CORRUPTION, IO_ERROR
     */
    public static Database openReadOnly(Path dir) {
        return open(dir, DatabaseOptions.defaults().readOnly(true));
    }

    /**
     * Opens the database in {@code dir}: for writing, or read-only when
     * {@link DatabaseOptions#readOnly()} is set.
     *
     * @throws DendroException DATABASE_LOCKED (another process writes it, named in the message;
     *                         read-only opens never get it), NOT_A_DATABASE, UNSUPPORTED_FORMAT
     *                         (written by a newer Dendro), CORRUPTION, IO_ERROR, READ_ONLY (a
     *                         writable open on a read-only file system)
     */
    public static Database open(Path dir, DatabaseOptions options) {
        return new Database(DatabaseCore.open(dir, options, options.storeOptions()));
    }

    /** The internals, for tests in this package. */
    DatabaseCore core() {
        return core;
    }

    /** Whether this database was opened read-only. */
    public boolean isReadOnly() {
        return core.isReadOnly();
    }

    /**
     * Read-only databases: moves to the newest state the writer has published (its newest
     * commit and the inserts it has logged since), without reopening. Costs an open of
     * {@code dendro.db} by name with reads of its header and two 44-byte slots, a directory
     * listing and a read of the log written since the last refresh; when there is
     * a new commit, also a registry lookup per stream opened so far and the mapping of any new
     * segment file. Streams obtained before keep working and show the new state; cursors
     * opened before keep the state they began with. A writable database is always current:
     * this returns false at once.
     *
     * @return whether anything changed
     * @throws DendroException CORRUPTION, IO_ERROR, CLOSED
     */
    public boolean refresh() {
        return core.refresh();
    }

    /**
     * Commits every stream's buffered points as new versions and forces the log. Durable and
     * visible at numbered versions when it returns.
     *
     * @throws DendroException READ_ONLY, OUT_OF_SPACE, IO_ERROR, CLOSED
     */
    public void flush() {
        core.flush();
    }

    /** The database directory. */
    public Path directory() {
        return core.store().directory();
    }

    /**
     * Creates a stream. The collection and tags can change later through
     * {@link Stream#updateTags}, annotations through {@link Stream#updateAnnotations}. The new stream has version 0 (no data).
     *
     * @throws DendroException STREAM_EXISTS when the UUID is taken; INVALID_ARGUMENT for an
     *                         empty collection or an empty tag or annotation key; READ_ONLY
     */
    public Stream create(UUID uuid, String collection, Map<String, String> tags, Map<String, String> annotations) {
        return create(uuid, collection, tags, annotations, StreamKind.NUMERIC);
    }

    /**
     * Creates a stream whose values are of {@code kind} (fixed for the stream's life): numeric
     * ({@link #create(UUID, String, Map, Map)}), nominal (labels: any JSON value) or graph.
     *
     * @throws DendroException as {@link #create(UUID, String, Map, Map)}; INVALID_ARGUMENT for a
     *                         null kind
     */
    public Stream create(UUID uuid, String collection, Map<String, String> tags, Map<String, String> annotations,
                         StreamKind kind) {
        StreamHandle h = core.create(uuid, collection, tags, annotations, kind);
        return new Stream(core, uuid, h);
    }

    /**
     * Creates many streams in one commit (all of them, or none when one is refused): much
     * cheaper than a commit per stream when a feed registers thousands. Nothing of them is kept
     * in memory: each returned stream loads its state from the registry at its first use, as a
     * stream opened by {@link #stream(UUID)} does.
     *
     * @throws DendroException STREAM_EXISTS when a UUID is taken or given twice; INVALID_ARGUMENT
     *                         as {@link #create(UUID, String, Map, Map, StreamKind)}; READ_ONLY
     */
    public List<Stream> createAll(List<StreamSpec> specs) {
        List<Stream> out = new java.util.ArrayList<>(specs.size());
        List<StreamSpec> copy = List.copyOf(specs);
        core.createAll(copy, false); // no handle kept in memory: each loads at its first use
        for (StreamSpec s : copy) {
            out.add(new Stream(core, s.uuid(), null));
        }
        return out;
    }

    /**
     * Datastream's {@code ensure_stream}: the one stream that matches {@code query}, or a new one
     * made from {@code spec} when none does. Finding and creating are one step, so two callers
     * ensuring the same stream get the same one.
     *
     * @throws DendroException INVALID_ARGUMENT when several streams match; otherwise as
     *                         {@link #createAll}
     */
    public Stream ensure(StreamQuery query, StreamSpec spec) {
        StreamHandle h = core.ensure(query, spec);
        return new Stream(core, h.state.record().uuid(), h);
    }

    /**
     * Creates a derived stream (docs/design/derived-streams.md): its points are operator
     * {@code op} ({@code sum}, {@code derivative}, {@code counter_reset},
     * {@code counter_derivative}) applied to the {@code sources} (each with its name in
     * {@code names}, null when unnamed) with {@code args}. Computed over the sources' history when
     * {@code backprocess} (Datastream's {@code derive_backprocess}), else from the sources' current
     * ends on; kept exactly right from then on: every new version of a source commits a new
     * version of the derived stream with it, recomputed where the source changed. Inserting into
     * or deleting from it is refused; a source cannot be obliterated while it has derived streams.
     * The history is computed in chunks of a million source points
     * ({@link #derive(UUID, String, Map, Map, String, List, List, Map, boolean, BackprocessOptions)}).
     *
     * @throws DendroException NO_SUCH_STREAM for a missing source; INVALID_ARGUMENT for an
     *                         unknown operator or wrong sources or arguments; WRONG_TYPE for a
     *                         source of the wrong kind; STREAM_EXISTS when the UUID is taken
     */
    public Stream derive(UUID uuid, String collection, Map<String, String> tags, Map<String, String> annotations,
                         String op, List<UUID> sources, List<String> names, Map<String, String> args,
                         boolean backprocess) {
        return derive(uuid, collection, tags, annotations, op, sources, names, args, backprocess,
                BackprocessOptions.defaults());
    }

    /**
     * {@link #derive(UUID, String, Map, Map, String, List, List, Map, boolean)} with the history
     * computed in chunks of {@code chunks.chunkPoints()} source points: the creation commits the
     * first chunk as version 1, then each chunk is a commit and a version of its own, recording
     * how far it got ({@link Lineage#until()}), and {@code chunks.listener()} hears of it. A
     * version whose history is not complete holds exactly the operator's output for the times
     * before its {@code until}. Sources stay writable between chunks (their commits wait for one
     * chunk at most), and their changes reach the part already computed. Interrupting the thread
     * stops after the chunk in progress and returns (the stream's latest lineage then says it is
     * incomplete); so does a crash, less the chunk in progress: {@link #resumeBackprocessing}
     * goes on from there.
     */
    public Stream derive(UUID uuid, String collection, Map<String, String> tags, Map<String, String> annotations,
                         String op, List<UUID> sources, List<String> names, Map<String, String> args,
                         boolean backprocess, BackprocessOptions chunks) {
        if (names.size() != sources.size()) {
            throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.INVALID_ARGUMENT,
                    "names must be as many as sources (null for an unnamed one)");
        }
        StreamHandle h = core.derive(uuid, collection, tags, annotations, op, List.copyOf(sources),
                java.util.Collections.unmodifiableList(new java.util.ArrayList<>(names)), Map.copyOf(args), backprocess,
                chunks);
        return new Stream(core, uuid, h);
    }

    /**
     * Inserts points into several streams atomically: each stream's points are checked as
     * {@link Stream#insert} or {@link Stream#insertDocuments} checks them (by the stream's kind),
     * and nothing is written unless every one passes; then all of them are written to the
     * write-ahead log as one record and buffered, so that after a crash the log replays all of
     * them or none. Each stream's points join its next version, as a single stream's insert does;
     * a buffer the batch would fill is sealed first (then this batch starts the next one), and a
     * buffer it fills is sealed at once. Acknowledged as {@code durability} asks. A stream may
     * appear once; an insert with no points is skipped.
     *
     * @return each insert's version (as {@link Stream#insert} returns it), in the order given
     * @throws DendroException NO_SUCH_STREAM for a missing stream; INVALID_ARGUMENT for a stream
     *                         given twice, a derived stream, or arrays of different lengths;
     *                         WRONG_TYPE for numbers to a nominal or graph stream or documents to
     *                         a numeric one; INVALID_VALUE, INVALID_TIME_RANGE for a bad point;
     *                         each message names the insert ({@code insert 3, stream U: ...}).
     *                         Nothing is written when it throws (except as for a single insert
     *                         after a failed force of the log)
     */
    public long[] insertAll(List<StreamInsert> inserts, MergePolicy policy, Durability durability) {
        if (inserts == null || policy == null || durability == null) {
            throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.INVALID_ARGUMENT,
                    "inserts, merge policy and durability must not be null");
        }
        java.util.List<io.dendro.core.StreamHandle> handles = new java.util.ArrayList<>();
        java.util.List<io.dendro.tree.Batch> batches = new java.util.ArrayList<>();
        java.util.List<Runnable> checks = new java.util.ArrayList<>();
        java.util.List<Integer> at = new java.util.ArrayList<>();
        long[] versions = new long[inserts.size()];
        io.dendro.storage.Lease lease = core.store().acquire();
        try {
            java.util.Set<UUID> seen = new java.util.HashSet<>();
            for (int i = 0; i < inserts.size(); i++) {
                StreamInsert in = inserts.get(i);
                try {
                    if (in == null || in.stream() == null || in.times() == null) {
                        throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.INVALID_ARGUMENT,
                                "a stream and its times are required");
                    }
                    if (!seen.add(in.stream())) {
                        throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.INVALID_ARGUMENT,
                                "the stream appears twice (give its points in one insert)");
                    }
                    Stream s = stream(in.stream());
                    Stream.Checked c = in.documents() != null ? s.checkDocuments(in.times(), in.documents())
                            : s.checkNumbers(in.times(), in.values(), in.aggregates());
                    io.dendro.tree.Batch b = s.prepare(in.times(), c, policy);
                    if (b == null) {
                        versions[i] = s.version() + (s.bufferedPoints() > 0 ? 1 : 0);
                        continue;
                    }
                    handles.add(s.handle());
                    batches.add(b);
                    int index = i;
                    Runnable room = s.roomCheck(b);
                    checks.add(room == null ? null : () -> {
                        try {
                            room.run();
                        } catch (io.dendro.error.DendroException e) {
                            throw new io.dendro.error.DendroException(e.code(), "insert " + index + ", stream "
                                    + in.stream() + ": " + e.getMessage());
                        }
                    });
                    at.add(i);
                } catch (io.dendro.error.DendroException e) {
                    throw new io.dendro.error.DendroException(e.code(), "insert " + i
                            + (in == null || in.stream() == null ? "" : ", stream " + in.stream()) + ": " + e.getMessage());
                }
            }
            if (!handles.isEmpty()) {
                long[] vs = core.buffers().insertAll(handles, batches, durability, checks);
                for (int k = 0; k < vs.length; k++) {
                    versions[at.get(k)] = vs[k];
                }
            }
            return versions;
        } finally {
            lease.close();
        }
    }

    /**
     * Goes on with the backprocessing of every derived stream whose history is not complete
     * (after an interrupted {@link #derive} or a crash), chunk by chunk, until all are complete or
     * the thread is interrupted; returns how many it completed.
     */
    public int resumeBackprocessing(BackprocessOptions chunks) {
        return core.resumeBackprocessing(chunks);
    }

    /**
     * Opens an existing stream.
     *
     * @throws DendroException NO_SUCH_STREAM when no stream has this UUID
     */
    public Stream stream(UUID uuid) {
        return find(uuid).orElseThrow(
                () -> new DendroException(ErrorCode.NO_SUCH_STREAM, "no stream with uuid " + uuid));
    }

    /** Opens an existing stream, or returns empty when no stream has this UUID. */
    public Optional<Stream> find(UUID uuid) {
        StreamHandle h = core.find(uuid);
        return h == null ? Optional.empty() : Optional.of(new Stream(core, uuid, h));
    }

    /**
     * The streams that match {@code query}, as a list; {@link #streams(StreamQuery, Consumer)}
     * hands them over one at a time instead.
     */
    public List<StreamInfo> streams(StreamQuery query) {
        return core.streams(query);
    }

    /**
     * Hands each stream that matches {@code query} to {@code sink}, one at a time, from one
     * committed state of the registry, without building a list. The registry index
     * (docs/design/metadata-queries.md) narrows the search to the streams of the query's most
     * selective condition (the collection or collection prefix, a tag, an annotation, or the key
     * a {@link StreamQuery#where} lookup looks at): among a million streams a query that matches
     * a few answers in well under a millisecond. A query with no such condition (an empty one,
     * or only {@code nin} and {@code exists=false} lookups) reads every stream. Matches come in
     * the order of that condition's values, then of creation; walking, in no particular order.
     * The sink runs on the caller's thread and must not write to this database.
     */
    public void streams(StreamQuery query, java.util.function.Consumer<? super StreamInfo> sink) {
        core.streams(query, sink);
    }

    /** Totals: streams, points at each stream's latest version, versions, bytes on disk. */
    public DatabaseInfo info() {
        return core.info();
    }

    public boolean isClosed() {
        return core.isClosed();
    }

    /**
     * For tests: closes the files as a process crash would, without committing buffers (what
     * was logged comes back at the next open).
     */
    void crashForTesting() {
        core.crashForTesting();
    }

    /**
     * Reclaims space: copies what every stream's retained versions still use into fresh segment
     * files and deletes the old ones (each once no reader that started before the switch still
     * uses it). Readers and writers keep working; writers pause only for the final switch.
     *
     * @return what was copied and freed
     * @throws DendroException READ_ONLY, OUT_OF_SPACE, IO_ERROR, CLOSED
     */
    public CompactionReport compact() {
        return core.compact();
    }

    /**
     * Closes the database: commits every buffer (a buffer that cannot be committed stays in the
     * write-ahead log and comes back at the next open), closes the log, then the files. Open
     * cursors keep the files mapped until they are closed; then the mappings, file descriptors
     * and the directory lock are released. Idempotent. A read-only database stops refreshing
     * and closes its files.
     */
    @Override
    public void close() {
        core.close();
    }

    /**
     * Checks the whole database: every record's checksum and structure, the registry, and the
     * tree of every retained version of every stream, each shared node once. Damage does not
     * make it throw: it is reported as problems, located by file and offset and by stream,
     * version and node. Reads the last commit (points still buffered are not part of it);
     * writers may go on meanwhile.
     *
     * @throws DendroException CLOSED when the database is closed
     */
    public VerifyReport verify() {
        return verify(null);
    }

    /**
     * Checks the whole database like {@link #verify()}; {@code listener} (may be null) hears of
     * progress in the calling thread, after each stream version checked.
     */
    public VerifyReport verify(VerifyReport.Listener listener) {
        return Verifier.verify(core.store(), listener);
    }

    /**
     * Prints the tree of one version of a stream (0: the latest sealed version): each node
     * with its address, span, children or points and summaries, {@code depth} levels deep
     * ({@link #DUMP_ALL} for every level). For inspection and bug reports; the format is for
     * people, not for parsing.
     *
     * @throws DendroException NO_SUCH_STREAM, NO_SUCH_VERSION, INVALID_ARGUMENT, CORRUPTION, CLOSED
     */
    public void dumpTree(UUID uuid, long version, int depth, PrintWriter out) {
        Dumper.tree(core.store(), uuid, version, depth, out);
    }

    /** Prints the stream registry, {@code depth} levels of it; see {@link #dumpTree}. */
    public void dumpRegistry(int depth, PrintWriter out) {
        Dumper.registry(core.store(), depth, out);
    }

    /**
     * Decodes the one record at {@code address}: {@code segment:offset} (as {@code dump} and
     * error messages print addresses) or the raw 64-bit address in decimal.
     *
     * @throws DendroException INVALID_ARGUMENT for a malformed address, CORRUPTION, CLOSED
     */
    public void dumpNode(String address, PrintWriter out) {
        Dumper.node(core.store(), Dumper.parseAddress(address), out);
    }

    @Override
    public String toString() {
        return "Database[" + directory() + (isReadOnly() ? ", read-only" : "") + "]";
    }
}
