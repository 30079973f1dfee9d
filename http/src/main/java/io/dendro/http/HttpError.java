package io.dendro.http;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;

/**
 * A request that cannot be answered as asked: the status and the JSON body
 * {@code {"error": MESSAGE, "parameter": NAME}} ({@code parameter} only when one parameter is
 * to blame). Thrown by handlers before the answer starts; {@link Dispatcher} writes it.
 */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String parameter;
    /** The Dendro error code this came from, or null (reported as {@code "code"}). */
    private final String code;

    HttpError(int status, String message, String parameter) {
        this(status, message, parameter, null);
    }

    private HttpError(int status, String message, String parameter, String code) {
        super(message, null, false, false);
        this.status = status;
        this.parameter = parameter;
        this.code = code;
    }

    static HttpError badRequest(String parameter, String message) {
        return new HttpError(400, message, parameter);
    }

    static HttpError notFound(String message) {
        return new HttpError(404, message, null);
    }

    int status() {
        return status;
    }

    String parameter() {
        return parameter;
    }

    String code() {
        return code;
    }

    /**
     * The status for an engine error: the caller's mistakes are 4xx (400 for a bad argument or
     * value, 404 for an unknown stream or version, 409 for a taken UUID or a stream others derive
     * from, 412 for a stale property
     * version), the server's state is 503 (closed, locked) or 507 (disk full), and only damage or
     * an I/O failure is 500.
     */
    static HttpError of(DendroException e, String parameter) {
        return of(e.code(), e.getMessage(), parameter);
    }

    /** As {@link #of(DendroException, String)}, for a refusal the face makes by the engine's rule. */
    static HttpError of(ErrorCode c, String message, String parameter) {
        int status = switch (c) {
            case NO_SUCH_STREAM -> 404;
            case NO_SUCH_VERSION -> 404;
            case STREAM_EXISTS, HAS_DEPENDENTS -> 409;
            case INVALID_TIME_RANGE, INVALID_POINTWIDTH, INVALID_WIDTH, INVALID_VALUE, INVALID_ARGUMENT,
                 WRONG_TYPE -> 400;
            case STALE_PROPERTY_VERSION -> 412;
            case READ_ONLY -> 403;
            case DATABASE_LOCKED, CLOSED -> 503;
            case OUT_OF_SPACE -> 507;
            case CORRUPTION, NOT_A_DATABASE, UNSUPPORTED_FORMAT, IO_ERROR, COMMIT_OUTCOME_UNKNOWN -> 500;
        };
        return new HttpError(status, message, c == ErrorCode.NO_SUCH_VERSION && parameter == null
                ? "version" : parameter, c.name());
    }
}
