package io.dendro.error;

/**
 * Stable error codes shared by every interface (Java API, CLI exit messages, later HTTP and
 * gRPC). The numeric {@link #code()} never changes once published; new codes are appended.
 */
public enum ErrorCode {
    /** The stream's UUID is not in the registry. */
    NO_SUCH_STREAM(1),
    /** The version is greater than the stream's latest version (or was dropped by retention). */
    NO_SUCH_VERSION(2),
    /** A stream with this UUID already exists. */
    STREAM_EXISTS(3),
    /** A time outside {@code [MIN_TIME, MAX_TIME)} or a range with {@code start > end}. */
    INVALID_TIME_RANGE(4),
    /** A pointwidth outside {@code 0..62}. */
    INVALID_POINTWIDTH(5),
    /** A window width below 1. */
    INVALID_WIDTH(6),
    /** NaN or an infinite value. */
    INVALID_VALUE(7),
    /** Any other argument that breaks the contract (depth, malformed CSV line, bad tag, ...). */
    INVALID_ARGUMENT(8),
    /** Another process (or another open handle in this process) holds the database directory. */
    DATABASE_LOCKED(9),
    /** A checksum or structural check failed; the message names the file and offset. */
    CORRUPTION(10),
    /** The file system ran out of space; nothing was committed. */
    OUT_OF_SPACE(11),
    /** The database (or cursor) was closed. */
    CLOSED(12),
    /** The directory exists but does not hold a Dendro database. */
    NOT_A_DATABASE(13),
    /** The database was written by a newer, unknown format version. */
    UNSUPPORTED_FORMAT(14),
    /** An I/O error from the operating system other than running out of space. */
    IO_ERROR(15),
    /** A compare-and-set on a stream's property version named a stale version. */
    STALE_PROPERTY_VERSION(16),
    /**
     * The database does not accept writes: it was opened read-only, or an earlier commit's
     * outcome is unknown ({@link #COMMIT_OUTCOME_UNKNOWN}) and it must be reopened first.
     */
    READ_ONLY(17),
    /**
     * A commit's meta slot was written but could not be forced to the device: the change may
     * or may not survive a crash (FoundationDB's {@code commit_unknown_result}). The database
     * then refuses every further write until it is reopened; reads go on.
     */
    COMMIT_OUTCOME_UNKNOWN(18),
    /**
     * A value or a request of the wrong type for the stream's value kind: a graph value that is
     * not a JSON object, a label downsampler asked of a numeric stream (Datastream's TypeError).
     */
    WRONG_TYPE(19),
    /**
     * The stream has streams derived from it: obliterating it alone would leave them without a
     * source (obliterate them first, or the whole dependent graph at once).
     */
    HAS_DEPENDENTS(20);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The stable numeric code. */
    public int code() {
        return code;
    }
}
