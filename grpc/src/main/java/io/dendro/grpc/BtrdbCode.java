package io.dendro.grpc;

import io.dendro.error.ErrorCode;

/**
 * BTrDB's status codes (the numbers the Python client maps to its exceptions, in
 * {@code btrdb/exceptions.py}) and how each Dendro {@link ErrorCode} maps onto them. The table is
 * in docs/design/btrdb-protocol.md; {@code BtrdbCodeTest} checks every error code is mapped.
 */
public enum BtrdbCode {
    OK(0),
    NO_SUCH_POINT(401),
    CONTEXT_ERROR(402),
    INSERT_FAILURE(403),
    NO_SUCH_STREAM(404),
    WRONG_ENDPOINT(405),
    INVALID_COLLECTION(407),
    INVALID_TAG_KEY(408),
    INVALID_TAG_VALUE(409),
    INVALID_TIME_RANGE(413),
    INSERT_TOO_BIG(414),
    INVALID_POINTWIDTH(415),
    STREAM_EXISTS(417),
    AMBIGUOUS_STREAM(418),
    WRONG_ARGS(421),
    ANNOTATION_VERSION_MISMATCH(423),
    BAD_VALUE(425),
    RESOURCE_DEPLETED(426),
    INVALID_VERSIONS(427),
    STORAGE_ERROR(432),
    JOURNAL_ERROR(434),
    INVALID_PARAMETER(438),
    BAD_SQL_VALUE(441),
    VERSION_NOT_AVAILABLE(450),
    LOCK_FAILED(453),
    INVARIANT_FAILURE(500),
    NOT_IMPLEMENTED(501);

    private final int code;

    BtrdbCode(int code) {
        this.code = code;
    }

    /** The number on the wire ({@code Status.code}). */
    public int code() {
        return code;
    }

    /** The BTrDB code a Dendro error is reported with. */
    public static BtrdbCode of(ErrorCode e) {
        return switch (e) {
            case NO_SUCH_STREAM -> NO_SUCH_STREAM;
            case NO_SUCH_VERSION -> VERSION_NOT_AVAILABLE;
            case STREAM_EXISTS -> STREAM_EXISTS;
            case INVALID_TIME_RANGE -> INVALID_TIME_RANGE;
            case INVALID_POINTWIDTH -> INVALID_POINTWIDTH;
            case INVALID_WIDTH, INVALID_ARGUMENT, HAS_DEPENDENTS -> WRONG_ARGS;
            case INVALID_VALUE, WRONG_TYPE -> BAD_VALUE;
            case DATABASE_LOCKED -> LOCK_FAILED;
            case CORRUPTION, NOT_A_DATABASE, UNSUPPORTED_FORMAT -> INVARIANT_FAILURE;
            case OUT_OF_SPACE -> RESOURCE_DEPLETED;
            case CLOSED -> CONTEXT_ERROR;
            case IO_ERROR -> STORAGE_ERROR;
            case STALE_PROPERTY_VERSION -> ANNOTATION_VERSION_MISMATCH;
            case READ_ONLY -> INSERT_FAILURE;
            case COMMIT_OUTCOME_UNKNOWN -> JOURNAL_ERROR;
        };
    }
}
