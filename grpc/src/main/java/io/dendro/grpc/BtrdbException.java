package io.dendro.grpc;

/**
 * A request the face refuses before (or instead of) asking the engine: carries the BTrDB code
 * that goes back in the response's {@code Status}.
 */
final class BtrdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final BtrdbCode code;

    BtrdbException(BtrdbCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    BtrdbCode code() {
        return code;
    }
}
