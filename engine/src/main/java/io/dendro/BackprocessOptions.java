package io.dendro;

import java.util.UUID;

/**
 * How a derived stream's history is computed (backprocessing, docs/design/derived-streams.md):
 * in chunks of about {@code chunkPoints} source points, each committed as a version of the
 * derived stream that records how far it got, so that an interrupted or crashed backprocess
 * resumes where it stopped ({@link Database#resumeBackprocessing}). {@code listener} hears of
 * each chunk committed.
 */
public record BackprocessOptions(long chunkPoints, Listener listener) {
    /** Hears of each chunk of backprocessing committed. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param stream the derived stream
         * @param until  it now holds its operator's output for times before this
         *               ({@link Time#MAX_TIME}: everything, the backprocessing is finished)
         * @param done   source points below {@code until} (of those it covers)
         * @param total  source points it covers in all
         */
        void chunk(UUID stream, long until, long done, long total);
    }

    public BackprocessOptions {
        if (chunkPoints < 1) {
            throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.INVALID_ARGUMENT,
                    "chunkPoints must be positive");
        }
        if (listener == null) {
            throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.INVALID_ARGUMENT,
                    "a listener is required (one that does nothing will do)");
        }
    }

    /** Chunks of a million source points, nobody listening. */
    public static BackprocessOptions defaults() {
        return new BackprocessOptions(1_000_000, (stream, until, done, total) -> { });
    }

    public BackprocessOptions chunkPoints(long n) {
        return new BackprocessOptions(n, listener);
    }

    public BackprocessOptions listener(Listener l) {
        return new BackprocessOptions(chunkPoints, l);
    }
}
