package io.dendro.catalog;

import io.dendro.storage.Store;

/**
 * Which versions a stream keeps. By default every version (as BTrDB does); a stream may keep
 * only its last {@code retainVersions} versions and/or the versions committed within the last
 * {@code retainNanos}. The latest version is always kept. A dropped version is an error to read;
 * compaction reclaims the space only it used.
 */
public final class Retention {
    private Retention() {
    }

    /** The first version {@code rec} keeps at {@code nowNanos} (never moves backwards). */
    public static long firstRetained(Store store, StreamRecord rec, long nowNanos) {
        long latest = rec.version();
        if (latest == 0) {
            return 1;
        }
        long first = Math.max(1, rec.firstRetained());
        if (rec.retainVersions() > 0) {
            first = Math.max(first, latest - rec.retainVersions() + 1);
        }
        if (rec.retainNanos() > 0 && first < latest) {
            long cutoff = nowNanos - rec.retainNanos();
            long lo = first;
            long hi = latest; // the latest is always kept
            while (lo < hi) { // the first version committed at or after the cutoff
                long mid = (lo + hi) >>> 1;
                if (VersionIndex.commitTimeOf(store, rec.versionIndex(), latest, mid) >= cutoff) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            first = lo;
        }
        return Math.min(first, latest);
    }
}
