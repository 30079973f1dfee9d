package io.dendro.write;

import io.dendro.DatabaseOptions;
import io.dendro.Durability;
import io.dendro.core.DatabaseCore;
import io.dendro.core.StreamHandle;
import io.dendro.catalog.Catalog;
import io.dendro.catalog.StreamRecord;
import io.dendro.catalog.VersionIndex;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.storage.WriteAheadLog;
import io.dendro.tree.Batch;
import io.dendro.tree.Summary;
import io.dendro.tree.TreeWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The write path for buffered inserts: the write-ahead log, the per-stream buffers, and the
 * commits that turn a buffer into a tree version ("sealing" it).
 *
 * <ul>
 * <li>An insert is logged, added to its stream's buffer, and acknowledged as its
 *     {@link Durability} asks. Its points belong to the stream's next version.</li>
 * <li>A buffer holds fewer than {@code bufferPoints} points: when a batch would bring it to that
 *     many or more, the buffer is sealed first; if that fails, the insert fails and nothing of it is logged. A batch of at least
 *     {@code bufferPoints} points is not logged at all: it is committed to the tree directly,
 *     as its own version (a bulk load writes its points once, not twice).</li>
 * <li>A buffer is sealed (committed to the tree as exactly one new version, in one commit)
 *     when it reaches {@code bufferPoints}, when its oldest point is older than
 *     {@code bufferMaxAgeMillis} (a background thread checks), before a delete, on flush and
 *     on close.</li>
 * <li>A sealed version records the log position it covers ({@code appliedLsn}); log files
 *     all of whose records are sealed are deleted. Opening replays the rest into buffers.</li>
 * </ul>
 */
public final class Buffers {
    /** Larger batches are committed directly: a log record stays well under 2 GiB (16 bytes a point). */
    public static final int MAX_LOGGED_POINTS = 1 << 24;

    private final DatabaseCore db;
    private final Store store;
    private final DatabaseOptions options;
    private WriteAheadLog log;
    /** Non-empty buffers by the LSN of their oldest record: the log must keep from the first. */
    /**
     * The streams with buffered points, by the LSN of their oldest buffered batch (and their UUID:
     * the streams of one atomic group share its LSN); the first entry bounds log truncation.
     */
    private final ConcurrentSkipListMap<Pin, StreamHandle> pendingByLsn = new ConcurrentSkipListMap<>();

    /** A stream's oldest buffered log record. */
    private record Pin(long lsn, long msb, long lsb) implements Comparable<Pin> {
        static Pin of(long lsn, StreamHandle h) {
            java.util.UUID u = h.state.record().uuid();
            return new Pin(lsn, u.getMostSignificantBits(), u.getLeastSignificantBits());
        }

        @Override
        public int compareTo(Pin o) {
            int c = Long.compare(lsn, o.lsn);
            if (c == 0) {
                c = Long.compare(msb, o.msb);
            }
            return c != 0 ? c : Long.compare(lsb, o.lsb);
        }
    }
    /**
     * Appending a record and registering it as pending happen under the read side; deciding
     * which log files to delete happens under the write side, so a record cannot be appended,
     * rotated past and deleted before its buffer says it is needed.
     */
    private final ReentrantReadWriteLock logLock = new ReentrantReadWriteLock();
    /** Writers hold it shared; close holds it exclusively, so it waits for writes in flight. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private final Object groupMonitor = new Object();
    /** Forces the log for GROUP durability; its own thread so that slow seals never delay it. */
    private ScheduledExecutorService forcer;
    /** Seals buffers that are too old. */
    private ScheduledExecutorService flusher;

    public Buffers(DatabaseCore db) {
        this.db = db;
        this.store = db.store();
        this.options = db.options();
    }

    /** Opens the log, replays what the trees do not hold yet, and starts the flusher. */
    public void open() {
        long floor = Catalog.readRoot(store, store.root()).lsn();
        log = WriteAheadLog.open(store.options().io(), store.directory(), store.options().fsync(),
                options.logFileBytes(), floor, (lsn, payload) -> {
                    for (LogRecords.Insert rec : LogRecords.decodeAll(lsn, payload)) {
                        replay(lsn, rec); // a group's inserts share its LSN: all of them or none
                    }
                });
        if (log.lastLsn() < floor) {
            // the log lost its tail while trees hold later records: commit what it replayed,
            // then number new records above everything the trees ever applied
            for (StreamHandle h : new ArrayList<>(pendingByLsn.values())) {
                seal(h);
            }
            log.restartAt(floor + 1);
        }
        // every open starts a new log file: drop the ones whose records are all in trees already
        // (or that hold none), or they would pile up and slow every later open
        truncateLog();
        forcer = daemon("dendro-log-forcer");
        flusher = daemon("dendro-sealer");
        forcer.scheduleAtFixedRate(this::groupForce, options.groupCommitMillis(), options.groupCommitMillis(),
                TimeUnit.MILLISECONDS);
        long agePeriod = Math.max(5, options.bufferMaxAgeMillis() / 4);
        flusher.scheduleAtFixedRate(this::sealOld, agePeriod, agePeriod, TimeUnit.MILLISECONDS);
    }

    private ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + " " + store.directory().getFileName());
            t.setDaemon(true);
            return t;
        });
    }

    private void replay(long lsn, LogRecords.Insert rec) {
        StreamHandle h;
        try {
            h = db.handle(rec.stream());
        } catch (DendroException e) {
            if (e.code() != ErrorCode.CORRUPTION) {
                throw e;
            }
            // the stream's record is damaged: open anyway (so verify can say where), keep the
            // stream's records in the log untouched, and let the stream itself report the damage
            logPinned = true;
            return;
        }
        if (h == null) {
            return; // the stream is gone (obliterated): its records are moot
        }
        StreamHandle.Snapshot s = h.state;
        if (lsn <= s.record().appliedLsn()) {
            return; // already in the tree
        }
        add(h, s, rec.batch(), lsn);
    }

    private void add(StreamHandle h, StreamHandle.Snapshot s, Batch b, long lsn) {
        if (s.pending().isEmpty()) {
            pendingByLsn.put(Pin.of(lsn, h), h);
        }
        h.state = s.withPending(s.pending().plus(b, lsn));
    }

    /**
     * Logs several streams' prepared batches as one log record and buffers each: after a crash
     * the log replays all of them or none (a record is whole or absent). Takes the streams'
     * write locks in UUID order; a buffer that the batch would fill is sealed first (before
     * anything of the group is written), and one it fills is sealed after. Returns each
     * stream's version for its batch, in the order given.
     *
     * @throws DendroException INVALID_ARGUMENT when a stream appears twice or the group is too
     *                         large for one log record; as {@link #insert}
     */
    public long[] insertAll(List<StreamHandle> hs, List<Batch> bs, Durability durability) {
        return insertAll(hs, bs, durability, null);
    }

    /** {@link #insertAll(List, List, Durability)}, running {@code checks} (each may be null) under the streams' locks first. */
    public long[] insertAll(List<StreamHandle> hs, List<Batch> bs, Durability durability, List<Runnable> checks) {
        List<StreamHandle> order = new ArrayList<>(hs);
        order.sort(java.util.Comparator.comparing(h -> h.state.record().uuid()));
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i) == order.get(i - 1)) {
                throw new DendroException(ErrorCode.INVALID_ARGUMENT, "stream " + order.get(i).state.record().uuid()
                        + " appears twice in one atomic insert");
            }
        }
        long lsn;
        long[] versions = new long[hs.size()];
        gate.readLock().lock();
        try {
            checkOpen();
            List<StreamHandle> held = new ArrayList<>();
            try {
                for (StreamHandle h : order) {
                    h.writeLock.lock();
                    held.add(h);
                    checkAlive(h);
                }
                for (int i = 0; checks != null && i < checks.size(); i++) {
                    if (checks.get(i) != null) {
                        checks.get(i).run();
                    }
                }
                for (int i = 0; i < hs.size(); i++) {
                    StreamHandle h = hs.get(i);
                    StreamHandle.Pending p = h.state.pending();
                    if (!p.isEmpty() && (long) p.points() + bs.get(i).size >= options.bufferPoints()) {
                        seal(h); // make room; a failure fails the group before anything of it is written
                    }
                }
                List<java.util.UUID> ids = new ArrayList<>();
                for (StreamHandle h : hs) {
                    ids.add(h.state.record().uuid());
                }
                logLock.readLock().lock();
                try {
                    lsn = log.append(LogRecords.group(ids, bs));
                    for (int i = 0; i < hs.size(); i++) {
                        StreamHandle h = hs.get(i);
                        StreamHandle.Snapshot s = h.state;
                        add(h, s, bs.get(i), lsn);
                        versions[i] = s.record().version() + 1;
                    }
                } finally {
                    logLock.readLock().unlock();
                }
                for (StreamHandle h : hs) {
                    if (h.state.pending().points() >= options.bufferPoints()) {
                        try {
                            seal(h); // full: its own version now (the group is logged, so this may fail alone)
                        } catch (RuntimeException e) {
                            // the buffer stays logged; the next insert, flush or close seals and reports
                        }
                    }
                }
            } finally {
                for (StreamHandle h : held) {
                    h.writeLock.unlock();
                }
            }
        } finally {
            gate.readLock().unlock();
        }
        awaitDurable(lsn, durability);
        return versions;
    }

    /** Logs and buffers a prepared batch (or commits a large one); returns its version. */
    public long insert(StreamHandle h, Batch b, Durability durability) {
        return insert(h, b, durability, null);
    }

    /**
     * {@link #insert(StreamHandle, Batch, Durability)}, running {@code check} first under the
     * stream's write lock (a check against the points already there that a concurrent insert
     * must not slip past).
     */
    public long insert(StreamHandle h, Batch b, Durability durability, Runnable check) {
        long lsn;
        long version;
        gate.readLock().lock();
        try {
            checkOpen();
            h.writeLock.lock();
            try {
                checkAlive(h);
                if (check != null) {
                    check.run();
                }
                StreamHandle.Snapshot s = h.state;
                if (!s.pending().isEmpty() && (long) s.pending().points() + b.size >= options.bufferPoints()) {
                    seal(h); // make room; a failure fails this insert before anything of it is written
                    s = h.state;
                }
                if (b.size >= Math.min(options.bufferPoints(), MAX_LOGGED_POINTS)) {
                    return commit(h, new Batch[] {b}, s.record().appliedLsn(), s.pending());
                }
                logLock.readLock().lock();
                try {
                    lsn = log.append(LogRecords.insert(s.record().uuid(), b));
                    add(h, s, b, lsn);
                } finally {
                    logLock.readLock().unlock();
                }
                version = s.record().version() + 1;
            } finally {
                h.writeLock.unlock();
            }
        } finally {
            gate.readLock().unlock();
        }
        awaitDurable(lsn, durability);
        return version;
    }

    private void awaitDurable(long lsn, Durability d) {
        if (lsn < 0) {
            return;
        }
        switch (d) {
            case SYNC -> log.force(lsn);
            case GROUP -> {
                synchronized (groupMonitor) {
                    for (int i = 0; log.forcedLsn() < lsn && i < 8 && !closed; i++) {
                        try {
                            groupMonitor.wait(options.groupCommitMillis() * 2);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                }
                log.force(lsn); // returns at once when the periodic force covered it
            }
            case NONE -> {
            }
        }
    }

    private void groupForce() {
        try {
            long last = log.lastLsn();
            if (last > log.forcedLsn()) {
                log.force(last);
            }
        } catch (RuntimeException e) {
            // waiters force themselves and see the error
        }
        synchronized (groupMonitor) {
            groupMonitor.notifyAll();
        }
    }

    private void sealOld() {
        long limit = System.nanoTime() - options.bufferMaxAgeMillis() * 1_000_000L;
        for (StreamHandle h : new ArrayList<>(pendingByLsn.values())) {
            StreamHandle.Pending p = h.state.pending();
            if (p.isEmpty() || p.sinceNanos() > limit || closed) {
                continue;
            }
            if (gate.readLock().tryLock()) {
                try {
                    if (!closed && h.writeLock.tryLock()) {
                        try {
                            seal(h);
                        } catch (RuntimeException e) {
                            // the buffer stays (and stays logged); the next insert or flush retries and reports
                        } finally {
                            h.writeLock.unlock();
                        }
                    }
                } finally {
                    gate.readLock().unlock();
                }
            }
        }
    }

    /**
     * Commits a stream's buffer as its next version; the caller holds the stream's write lock.
     * Consecutive batches of one merge policy are applied in one pass; between passes the
     * writer is flushed so the next pass can read what the previous one wrote.
     */
    public long seal(StreamHandle h) {
        StreamHandle.Snapshot s = h.state;
        StreamHandle.Pending p = s.pending();
        if (p.isEmpty()) {
            return s.record().version();
        }
        long version = commit(h, p.batches(), p.lastLsn(), StreamHandle.Pending.empty(p.epoch() + 1));
        pendingByLsn.remove(Pin.of(p.firstLsn(), h), h);
        truncateLog();
        return version;
    }

    /**
     * Commits batches as the stream's next version, recording that the log is applied up to
     * {@code appliedLsn}, and leaves {@code after} as the stream's buffer. Caller holds the
     * stream's write lock.
     */
    private long commit(StreamHandle h, Batch[] batches, long appliedLsn, StreamHandle.Pending after) {
        StreamHandle.Snapshot s = h.state;
        StreamRecord rec = s.record();
        long version = rec.version() + 1;
        NodeWriter w = store.newWriter();
        long root = rec.root();
        Summary sum = new Summary();
        List<Batch> group = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i <= batches.length; i++) {
            Batch b = i < batches.length ? batches[i] : null;
            if (!group.isEmpty() && (b == null || b.policy != group.get(0).policy)) {
                if (!first) {
                    w.flush();
                }
                Batch all = group.size() == 1 ? group.get(0) : Batch.concat(group);
                root = new TreeWriter(store, w, all.policy, version).insert(root, all, sum);
                first = false;
                group.clear();
            }
            if (b != null) {
                group.add(b);
            }
        }
        long index = VersionIndex.append(store, w, rec.versionIndex(), rec.version(), root,
                System.currentTimeMillis() * 1_000_000L);
        StreamRecord next = rec.withVersion(version, root, index, appliedLsn);
        // a buffer left in place (a direct commit) must not reuse an overlay built on the old root
        StreamHandle.Pending rest = after.isEmpty() ? after : after.nextEpoch();
        h.state = db.commitStream(w, next, s.properties(), rest);
        return version;
    }

    /** Deletes log files whose records are all in trees. */
    private void truncateLog() {
        if (logPinned) {
            return; // replay met a damaged stream: keep every log record for recovery by hand
        }
        logLock.writeLock().lock();
        try {
            var first = pendingByLsn.firstEntry();
            log.truncateBefore(first == null ? log.lastLsn() + 1 : first.getKey().lsn());
        } catch (DendroException e) {
            // the commit that called us succeeded; the files stay listed and the next truncation retries
        } finally {
            logLock.writeLock().unlock();
        }
    }

    /** Set when replay could not read a stream's record: the log is then never truncated. */
    private volatile boolean logPinned;

    /** Runs a commit that must not interleave with buffered points (delete, retention...). */
    public long withSealed(StreamHandle h, java.util.function.LongSupplier commit) {
        gate.readLock().lock();
        try {
            checkOpen();
            h.writeLock.lock();
            try {
                checkAlive(h);
                seal(h);
                return commit.getAsLong();
            } finally {
                h.writeLock.unlock();
            }
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Runs a commit of the stream's properties or policy: no sealing, but through the gate. */
    public long withWriter(StreamHandle h, java.util.function.LongSupplier commit) {
        gate.readLock().lock();
        try {
            checkOpen();
            h.writeLock.lock();
            try {
                checkAlive(h);
                return commit.getAsLong();
            } finally {
                h.writeLock.unlock();
            }
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Drops a stream's buffer for good (obliterate); caller holds the gate and the write lock. */
    public void discard(StreamHandle h) {
        StreamHandle.Pending p = h.state.pending();
        if (!p.isEmpty()) {
            pendingByLsn.remove(Pin.of(p.firstLsn(), h), h);
            h.state = h.state.withPending(StreamHandle.Pending.empty(p.epoch() + 1));
            truncateLog();
        }
    }

    /** Runs {@code action} while no compaction can switch (loading a stream's handle). */
    public <T> T shared(java.util.function.Supplier<T> action) {
        gate.readLock().lock();
        try {
            return action.get();
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Stops every writer (waits for those in flight) while {@code action} runs: compaction's switch. */
    public <T> T exclusive(java.util.function.Supplier<T> action) {
        gate.writeLock().lock();
        try {
            checkOpen();
            return action.get();
        } finally {
            gate.writeLock().unlock();
        }
    }

    private static void checkAlive(StreamHandle h) {
        if (h.gone) {
            throw new DendroException(ErrorCode.NO_SUCH_STREAM, "stream " + h.state.record().uuid() + " was obliterated");
        }
    }

    /** Seals one stream's buffer. */
    public long flush(StreamHandle h) {
        return withSealed(h, () -> h.state.record().version());
    }

    /** Seals every buffer and forces the log. */
    public void flushAll() {
        for (StreamHandle h : new ArrayList<>(pendingByLsn.values())) {
            flush(h);
        }
        log.force(log.lastLsn());
    }

    private void checkOpen() {
        if (closed) {
            throw new DendroException(ErrorCode.CLOSED, "database " + store.directory() + " is closed");
        }
        store.checkWritable(); // after a commit of unknown outcome nothing more may be logged or committed
    }

    /** The LSN of the last log record written. */
    public long lastLsn() {
        return log.lastLsn();
    }

    /** Bytes in the write-ahead log files. */
    public long logBytes() {
        return log.bytes();
    }

    /** Drops everything in memory as a crash would: nothing is sealed, the log just stops. */
    public void abandon() {
        flusher.shutdownNow();
        forcer.shutdownNow();
        gate.writeLock().lock();
        try {
            closed = true;
            log.close();
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** Stops the flusher, waits for writes in flight, seals every buffer, closes the log. */
    public void close() {
        if (log == null) {
            return;
        }
        flusher.shutdown();
        forcer.shutdown();
        gate.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException first = null;
            // after a commit of unknown outcome nothing more is committed: the buffers stay in the log
            for (StreamHandle h : !store.acceptsWrites() ? List.<StreamHandle>of()
                    : new ArrayList<>(pendingByLsn.values())) {
                h.writeLock.lock();
                try {
                    seal(h);
                } catch (RuntimeException e) {
                    first = first == null ? e : first; // stays in the log; replayed at the next open
                } finally {
                    h.writeLock.unlock();
                }
            }
            try {
                log.force(log.lastLsn());
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
            // every record in a tree: the log's files go (a file kept would hold only what the trees
            // have, up to logFileBytes); kept when a buffer could not be sealed, when replay met a
            // damaged stream, and while the meta slots still say an older format (the new file is
            // then what keeps an older binary out)
            if (first == null && pendingByLsn.isEmpty() && !logPinned && store.acceptsWrites()
                    && !store.holdsOlderFormat()) {
                try {
                    db.raiseLogFloor(log.lastLsn()); // the next open numbers records above every one written
                    log.closeAndDelete();
                } catch (RuntimeException e) {
                    first = e;
                    log.close();
                }
            } else {
                log.close();
            }
            synchronized (groupMonitor) {
                groupMonitor.notifyAll();
            }
            if (first != null) {
                throw first;
            }
        } finally {
            gate.writeLock().unlock();
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
                forcer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
