package io.dendro.error;

/**
 * The one exception type of Dendro: every failure carries a stable {@link ErrorCode} and a
 * message that names the offending input. A call that throws it has changed nothing.
 */
public class DendroException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public DendroException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public DendroException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }

    /** A corruption error naming the file and byte offset where the check failed. */
    public static DendroException corruption(String file, long offset, String what) {
        return new DendroException(ErrorCode.CORRUPTION,
                "corruption in " + file + " at offset " + offset + ": " + what);
    }
}
