package io.dendro.core;

import io.dendro.MergePolicy;
import io.dendro.catalog.Properties;
import io.dendro.catalog.StreamRecord;
import io.dendro.storage.RecordSource;
import io.dendro.tree.Batch;
import io.dendro.tree.Overlay;
import io.dendro.tree.Summary;
import io.dendro.tree.TreeWriter;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory side of one open stream: its writer lock (one writer per stream at a time),
 * the snapshot of its latest committed state and of its buffered (acknowledged, logged, not yet
 * committed) batches, replaced atomically so that readers never wait for writers, and the
 * overlay that shows the buffered batches to reads at the latest version.
 */
public final class StreamHandle {
    /**
     * Buffered batches, oldest first, with the LSN of each; {@code epoch} counts the commits of
     * buffers (and every other change of the root the buffer lies on).
     */
    public record Pending(Batch[] batches, long[] lsns, int points, long sinceNanos, long epoch) {
        public static Pending empty(long epoch) {
            return new Pending(new Batch[0], new long[0], 0, 0, epoch);
        }

        public boolean isEmpty() {
            return batches.length == 0;
        }

        public long firstLsn() {
            return isEmpty() ? 0 : lsns[0];
        }

        public long lastLsn() {
            return isEmpty() ? 0 : lsns[lsns.length - 1];
        }

        public Pending nextEpoch() {
            return new Pending(batches, lsns, points, sinceNanos, epoch + 1);
        }

        public Pending plus(Batch b, long lsn) {
            Batch[] bs = Arrays.copyOf(batches, batches.length + 1);
            bs[batches.length] = b;
            long[] ls = Arrays.copyOf(lsns, lsns.length + 1);
            ls[lsns.length] = lsn;
            return new Pending(bs, ls, points + b.size, isEmpty() ? System.nanoTime() : sinceNanos, epoch);
        }

        /**
         * The batches logged after {@code appliedLsn} (those a tree does not hold yet), in the
         * next epoch: the root they lie on changed.
         */
        public Pending after(long appliedLsn) {
            int k = 0;
            while (k < lsns.length && lsns[k] <= appliedLsn) {
                k++;
            }
            Batch[] bs = Arrays.copyOfRange(batches, k, batches.length);
            int n = 0;
            for (Batch b : bs) {
                n += b.size;
            }
            return new Pending(bs, Arrays.copyOfRange(lsns, k, lsns.length), n, sinceNanos, epoch + 1);
        }
    }

    /** A committed state plus the buffer on top of it. */
    public record Snapshot(StreamRecord record, long address, Properties properties, Pending pending) {
        public Snapshot withPending(Pending p) {
            return new Snapshot(record, address, properties, p);
        }

        /** The version a read at "latest" answers at: the next one while points are buffered. */
        public long latestVersion() {
            return record.version() + (pending.isEmpty() ? 0 : 1);
        }
    }

    /** What a read at the latest version walks: a root and where to read its nodes. */
    public record View(long root, RecordSource source) {
    }

    public final ReentrantLock writeLock = new ReentrantLock();
    /** Set when the stream was obliterated: writes fail with NO_SUCH_STREAM. */
    public volatile boolean gone;
    public volatile Snapshot state;

    private final Object overlayLock = new Object();
    private Overlay overlay;
    private long overlayEpoch = -1;
    private long overlayRoot;
    private int overlayApplied;

    public StreamHandle(Snapshot state) {
        this.state = state;
    }

    /**
     * The tree of snapshot {@code s} with its buffered batches applied, in memory. Built
     * lazily and extended batch by batch; a commit of the buffer starts a new overlay.
     */
    public View latest(RecordSource store, Snapshot s) {
        Pending p = s.pending();
        if (p.isEmpty()) {
            return new View(s.record().root(), store);
        }
        synchronized (overlayLock) {
            if (overlay == null || overlayEpoch != p.epoch() || overlayApplied > p.batches().length) {
                overlay = new Overlay(store);
                overlayEpoch = p.epoch();
                overlayRoot = s.record().root();
                overlayApplied = 0;
            }
            long version = s.record().version() + 1;
            Summary sum = new Summary();
            while (overlayApplied < p.batches().length) {
                Batch b = p.batches()[overlayApplied];
                overlayRoot = new TreeWriter(overlay, overlay, b.policy, version).insert(overlayRoot, b, sum);
                overlay.publish();
                overlayApplied++;
            }
            if (overlayApplied != p.batches().length) {
                throw new IllegalStateException("overlay ahead of its buffer");
            }
            return new View(overlayRoot, overlay);
        }
    }
}
