package io.dendro.storage;

/**
 * The on-disk format version of the whole database (storage framing, the write-ahead log and
 * the engine's node layouts together). It moves only with a documented migration
 * (docs/format/README.md lists the history); a database with another version is refused with
 * {@code UNSUPPORTED_FORMAT}.
 */
public final class FormatVersion {
    /**
     * Version 2: stream records carry the applied log position and the retention policy; the
     * write-ahead log exists. (Version 1, raw leaves and no log, never left development.)
     */
    public static final int CURRENT = 2;

    private FormatVersion() {
    }
}
