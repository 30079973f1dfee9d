package io.dendro.reader;

import io.dendro.core.DatabaseCore;
import io.dendro.core.StreamHandle;
import io.dendro.write.LogRecords;
import io.dendro.catalog.Catalog;
import io.dendro.catalog.Properties;
import io.dendro.catalog.StreamRecord;
import io.dendro.storage.Lease;
import io.dendro.storage.LogFollower;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The read path of a read-only {@link io.dendro.Database}: follows the writer's commits and its
 * write-ahead log without writing anything (docs/design/readers.md).
 *
 * <p>A refresh, under its lock held exclusively:
 * <ol>
 * <li>reads the log records written since the last refresh ({@link LogFollower});</li>
 * <li>then moves the store to the newest commit ({@link Store#refresh}), mapping new segments;</li>
 * <li>points every loaded stream at its record in that commit, keeping from its buffer only the
 *     batches logged after the record's applied LSN (the rest are in its tree now);</li>
 * <li>adds the records of step 1 to their streams' buffers, in LSN order, each unless the
 *     stream's tree holds it already;</li>
 * <li>hands the segments below the commit's first segment to the lease epochs (they are
 *     unmapped when the reads that may use them end).</li>
 * </ol>
 * Step 1 comes before step 2 because the writer deletes a log file only after the commit that
 * puts all its records in trees: a record this refresh could not read is then in the commit it
 * reads next. Each stream so shows one of the states the writer has published, a committed
 * version plus a prefix of its buffer. Loading a stream's handle takes the lock shared.
 */
public final class Refresher implements AutoCloseable {
    private final DatabaseCore db;
    private final Store store;
    private final LogFollower log;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private ScheduledExecutorService timer;

    private record Logged(long lsn, LogRecords.Insert insert) {
    }

    public Refresher(DatabaseCore db, Store store) {
        this.db = db;
        this.store = store;
        this.log = new LogFollower(store.options().io(), store.directory());
    }

    /** Reads the log as far as it goes and takes the newest commit; starts the timer if asked. */
    public void open(long periodMillis) {
        refresh();
        if (periodMillis > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dendro-refresh " + store.directory().getFileName());
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::refreshQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // reads go on at the last state; the next explicit refresh() meets the same failure
        }
    }

    /** See {@link io.dendro.Database#refresh()}. */
    public boolean refresh() {
        lock.writeLock().lock();
        try (Lease lease = store.acquire()) {
            List<Logged> fresh = new ArrayList<>();
            log.poll((lsn, payload) -> {
                for (LogRecords.Insert rec : LogRecords.decodeAll(lsn, payload)) { // a group: each of its streams
                    fresh.add(new Logged(lsn, rec));
                }
            });
            boolean moved = store.refresh();
            if (moved) {
                long trie = Catalog.readRoot(store, store.root()).trie();
                for (StreamHandle h : new ArrayList<>(db.loadedHandles())) {
                    repoint(h, trie);
                }
            }
            for (Logged l : fresh) {
                attach(l);
            }
            if (moved) {
                store.retireBelow(store.firstSegment());
            }
            return moved || !fresh.isEmpty();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Points a loaded stream at its record in the commit the store now shows. */
    private void repoint(StreamHandle h, long trie) {
        StreamHandle.Snapshot s = h.state;
        long addr = Catalog.lookup(store, trie, s.record().uuid());
        if (addr == s.address()) {
            return;
        }
        StreamRecord rec = addr == NodeAddress.NONE ? null : StreamRecord.read(store, addr);
        if (rec == null || rec.created() != s.record().created()) {
            // obliterated (and perhaps created again under the same UUID): as in the writer, the
            // old handle's reads fail with NO_SUCH_STREAM; a new stream gets a new handle
            h.gone = true;
            db.forget(s.record().uuid(), h);
            return;
        }
        Properties props = rec.properties() == s.record().properties() ? s.properties()
                : Properties.read(store, rec.properties());
        h.state = new StreamHandle.Snapshot(rec, addr, props, s.pending().after(rec.appliedLsn()));
    }

    /** Adds a log record to its stream's buffer unless the stream's tree holds it already. */
    private void attach(Logged l) {
        StreamHandle h = db.handle(l.insert().stream());
        if (h == null) {
            return; // no such stream (obliterated): the record is moot
        }
        StreamHandle.Snapshot s = h.state;
        if (l.lsn() <= s.record().appliedLsn() || l.lsn() <= s.pending().lastLsn()) {
            return;
        }
        h.state = s.withPending(s.pending().plus(l.insert().batch(), l.lsn()));
    }

    /** Runs {@code action} (loading a stream's handle) while no refresh is under way. */
    public <T> T shared(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lock.writeLock().lock();
        try {
            log.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
