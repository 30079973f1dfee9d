package io.dendro.inspect;

import io.dendro.VerifyReport;
import io.dendro.catalog.StreamRecord;
import io.dendro.storage.Lease;
import io.dendro.storage.Store;
import java.util.List;

/**
 * Checks a whole database, the way {@code fsck} checks a file system: the registry, every
 * stream record, version index and properties, and the tree of every retained version of every
 * stream, against the invariants listed under "Invariants a verifier checks" in each page of
 * docs/format/. Damage never makes it throw: every failed check becomes a
 * {@link VerifyReport.Problem} and the check goes on with the next record or subtree.
 *
 * <p>It reads the state of the last commit when it starts (concurrent commits are not seen) and
 * holds a lease on the store until it returns. Nodes shared between versions are checked once,
 * so the cost is proportional to the records in the database, not to versions times tree size.
 * What it does not check: points still buffered (logged in the write-ahead log but not yet
 * sealed into a version) and the log itself, records past the committed tail, padding bytes,
 * segment headers beyond what opening checks, and properties' key order and UTF-8 validity.
 */
public final class Verifier {
    private Verifier() {
    }

    /**
     * Verifies the database in {@code store}; see {@link io.dendro.Database#verify()}. {@code listener} (may be null) hears of
     * progress, in the calling thread.
     *
     * @throws io.dendro.error.DendroException CLOSED when the database is closed
     */
    public static VerifyReport verify(Store store, VerifyReport.Listener listener) {
        long t0 = System.nanoTime();
        try (Lease lease = store.acquire()) {
            store.forgetVerified(); // every record read below passes its checksum again
            ProblemLog log = new ProblemLog(store);
            RegistryCheck registry = new RegistryCheck(store, log);
            List<RegistryCheck.Entry> entries = registry.check(store.root());
            long total = totalVersions(store, entries);
            long[] done = {0};
            Runnable onVersion = listener == null ? () -> { } : () -> listener.progress(++done[0], total);
            TreeCheck trees = new TreeCheck(store, log);
            StreamCheck streams = new StreamCheck(store, log, trees, onVersion);
            for (RegistryCheck.Entry e : entries) {
                streams.check(e.uuid(), e.record(), registry.lsn);
            }
            long bytes = registry.bytes + streams.bytes + streams.indexBytes() + trees.bytes;
            return new VerifyReport(log.problems(), log.omitted(), entries.size(), streams.versions, trees.nodes,
                    trees.points, bytes, System.nanoTime() - t0);
        }
    }

    /** The versions the stream records announce (unreadable ones count 0; they are reported later). */
    private static long totalVersions(Store store, List<RegistryCheck.Entry> entries) {
        long total = 0;
        for (RegistryCheck.Entry e : entries) {
            try {
                total += Math.max(0, Math.min(StreamRecord.read(store, e.record()).version(),
                        VersionIndexCheck.MAX_VERSIONS));
            } catch (RuntimeException ignored) {
                // StreamCheck reports it
            }
        }
        return total;
    }
}
