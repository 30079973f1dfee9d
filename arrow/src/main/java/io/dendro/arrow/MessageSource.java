package io.dendro.arrow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Splits an IPC stream into messages (framing in {@link IpcLayout}): first
 * {@link #nextMetadata()}, then {@link #body(long)} with the body length the metadata declares.
 * Every length is checked against what is left of the input before anything is allocated or
 * sliced, so a few hostile bytes cannot declare their way into a large allocation.
 */
abstract sealed class MessageSource {
    /** 1-based number of the current message, for error messages. */
    int message;
    private boolean ended;

    static MessageSource of(ByteBuffer input) {
        return new Buffered(input);
    }

    static MessageSource of(InputStream input, long maxBytes) {
        return new Streamed(input, maxBytes);
    }

    String where() {
        return "message " + message;
    }

    /**
     * @return the next message's metadata (its FlatBuffer with any padding), positions 0 to
     *         limit; null at the end-of-stream marker, or when the input ends between messages
     * @throws ArrowFormatException on a bad prefix, a length beyond the input, or input after
     *                              the end-of-stream marker (the buffered form only)
     */
    final ByteBuffer nextMetadata() {
        if (ended) {
            return null;
        }
        message++;
        if (atEnd()) {
            ended = true;
            return null;
        }
        int length = readInt("message prefix");
        if (length == IpcLayout.CONTINUATION) {
            length = readInt("metadata length");
        }
        if (length == 0) {
            ended = true;
            checkNothingAfterEnd();
            return null;
        }
        if (length < 0) {
            throw new ArrowFormatException(where() + ": metadata length " + length);
        }
        return read(length, "metadata").order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the {@code length} bytes of the current message's body */
    final ByteBuffer body(long length) {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new ArrowFormatException(where() + ": body length " + length);
        }
        return read((int) length, "body").order(ByteOrder.LITTLE_ENDIAN);
    }

    abstract boolean atEnd();

    abstract int readInt(String what);

    abstract ByteBuffer read(int length, String what);

    abstract void checkNothingAfterEnd();

    ArrowFormatException truncated(String what, long needed, long left) {
        return new ArrowFormatException(where() + ": " + what + " of " + needed + " bytes, but only " + left
                + " left in the input");
    }

    /** A whole stream in memory: messages are slices of it, nothing is copied. */
    private static final class Buffered extends MessageSource {
        private final ByteBuffer input;
        private int position;

        Buffered(ByteBuffer input) {
            this.input = input.slice().order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        boolean atEnd() {
            return position == input.limit();
        }

        @Override
        int readInt(String what) {
            if (input.limit() - position < Integer.BYTES) {
                throw truncated(what, Integer.BYTES, input.limit() - position);
            }
            position += Integer.BYTES;
            return input.getInt(position - Integer.BYTES);
        }

        @Override
        ByteBuffer read(int length, String what) {
            if (input.limit() - position < length) {
                throw truncated(what, length, input.limit() - position);
            }
            position += length;
            return input.slice(position - length, length);
        }

        @Override
        void checkNothingAfterEnd() {
            if (position != input.limit()) {
                throw new ArrowFormatException(where() + ": " + (input.limit() - position)
                        + " bytes after the end-of-stream marker");
            }
        }
    }

    /**
     * A stream read message by message, at most {@code maxBytes} in all. A message is read with
     * {@link InputStream#readNBytes(int)}, which allocates as the bytes arrive, so a declared
     * length larger than what the peer actually sends costs no more than what it sent. Nothing
     * is read past the end-of-stream marker.
     */
    private static final class Streamed extends MessageSource {
        private final InputStream input;
        private final long maxBytes;
        private long left;
        /** The first byte of the next message, read by {@link #atEnd()}; -1 if none. */
        private int pending = -1;

        Streamed(InputStream input, long maxBytes) {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes " + maxBytes);
            }
            this.input = input;
            this.maxBytes = maxBytes;
            this.left = maxBytes;
        }

        @Override
        boolean atEnd() {
            try {
                int b = input.read();
                if (b < 0) {
                    return true;
                }
                if (left == 0) {
                    throw new ArrowFormatException(where() + ": the input is longer than its limit of "
                            + maxBytes + " bytes");
                }
                left--;
                pending = b;
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        int readInt(String what) {
            int first = pending;
            pending = -1;
            byte[] rest = readFully(first >= 0 ? Integer.BYTES - 1 : Integer.BYTES, what);
            ByteBuffer b = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            if (first >= 0) {
                b.put((byte) first);
            }
            return b.put(rest).getInt(0);
        }

        @Override
        ByteBuffer read(int length, String what) {
            return ByteBuffer.wrap(readFully(length, what));
        }

        private byte[] readFully(int length, String what) {
            if (length > left) {
                throw new ArrowFormatException(where() + ": " + what + " of " + length
                        + " bytes goes past the input's limit of " + maxBytes + " bytes");
            }
            try {
                byte[] bytes = input.readNBytes(length);
                if (bytes.length < length) {
                    throw truncated(what, length, bytes.length);
                }
                left -= length;
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void checkNothingAfterEnd() {
            // the caller may have more to read from the stream: we stop at the marker
        }
    }
}
