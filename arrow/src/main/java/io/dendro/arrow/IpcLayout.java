package io.dendro.arrow;

/**
 * The framing of Arrow's IPC streaming format (Columnar.html, "Encapsulated message format"),
 * all integers little-endian:
 * <pre>
 * stream  : schema message, (record batch message)*, end of stream
 * message : | 0xFFFFFFFF u32 | metadata length s32 | FlatBuffer Message, zero padded | body |
 *             the prefix and the padded metadata together are a multiple of 8 bytes;
 *             the body is Message.bodyLength bytes, each of its buffers 8-aligned
 * end     : | 0xFFFFFFFF u32 | 0 s32 |
 * legacy  : before Arrow 0.15 a message started with the length directly (no continuation)
 *           and the stream ended with a single 0 s32; the reader accepts both forms
 * </pre>
 */
final class IpcLayout {
    static final int CONTINUATION = 0xFFFFFFFF;
    static final int PREFIX_SIZE = 2 * Integer.BYTES;
    /**
     * Alignment of the metadata end and of every body buffer. The format recommends 64 and
     * requires 8; we write 8: it keeps small batches small (a 1-row batch of 2 columns pads 16 bytes, not 128).
     */
    static final int ALIGNMENT = 8;

    private IpcLayout() {
    }

    static long padded(long length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
