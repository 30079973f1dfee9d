package io.dendro.arrow;

import java.io.Serial;

/**
 * Bytes that are not an Arrow IPC stream this package reads, or data that cannot be written as
 * the schema asks: a value that does not fit its field's type, a null in a non-nullable field, a
 * column of the wrong kind for its field.
 *
 * <p>{@link ArrowStreamReader} throws nothing else for any input bytes: whatever the bytes, it
 * either reads them or throws this. The message names what was wrong and where (message number,
 * field name, row). Faces map it to "invalid argument": it is always the peer's data, never a
 * fault of the process.
 *
 * <p>Misuse of the API by the calling code (a column index out of range, a column array shorter
 * than the row count, writing after {@code finish()}) throws the usual
 * {@link IllegalArgumentException}, {@link IllegalStateException} or
 * {@link IndexOutOfBoundsException} instead.
 */
public final class ArrowFormatException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the field or the place in the stream */
    public ArrowFormatException(String message) {
        super(message);
    }
}
