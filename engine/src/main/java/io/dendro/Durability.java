package io.dendro;

/**
 * When an acknowledged insert is safe. Every insert is written to the write-ahead log before
 * {@code insert} returns; the modes differ in when the log is forced to the storage device.
 * A process crash (kill -9) loses nothing that was acknowledged in any mode: the log's writes
 * are in the operating system's page cache. What each mode guarantees across an operating
 * system crash or power loss:
 * <ul>
 * <li>{@link #SYNC}: the log is forced before {@code insert} returns; concurrent inserters
 *     share one force (group commit). Every acknowledged point survives.</li>
 * <li>{@link #GROUP}: {@code insert} returns after the next periodic force, which runs every
 *     {@code groupCommitMillis} (a few ms) and covers every inserter waiting for it: fewer
 *     forces than SYNC under concurrency, a little more latency. Every acknowledged point
 *     survives.</li>
 * <li>{@link #NONE}: {@code insert} returns once the log write is in the page cache; the log is
 *     forced only when a buffer is committed to the tree, on flush and on close. Points
 *     acknowledged since the last force may be lost in an operating-system crash.</li>
 * </ul>
 */
public enum Durability {
    SYNC, GROUP, NONE;

    /** Parses {@code sync|group|none}, case-insensitively. */
    public static Durability parse(String s) {
        for (Durability d : values()) {
            if (d.name().equalsIgnoreCase(s)) {
                return d;
            }
        }
        throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.INVALID_ARGUMENT,
                "unknown durability '" + s + "' (expected sync, group or none)");
    }
}
