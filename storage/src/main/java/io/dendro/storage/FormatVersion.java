package io.dendro.storage;

/**
 * The on-disk format version of the whole database (storage framing and the engine's node
 * layouts together). It moves only with a documented migration; a database with a greater
 * version is refused with {@code UNSUPPORTED_FORMAT}.
 */
public final class FormatVersion {
    /** Version 1: raw leaves (times i64[], values f64[]), sparse internal nodes. */
    public static final int CURRENT = 1;

    private FormatVersion() {
    }
}
