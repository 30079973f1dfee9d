package io.dendro.storage;

/**
 * The on-disk format version of the whole database (storage framing, the write-ahead log and
 * the engine's node layouts together). It moves only with a documented migration
 * (docs/format/README.md lists the history); a database with another version is refused with
 * {@code UNSUPPORTED_FORMAT}.
 */
public final class FormatVersion {
    /**
     * Version 3: leaves are compressed (delta-of-delta timestamps; ALP, XOR or raw values per
     * leaf). Version 2 added the write-ahead log and stream records with the applied log
     * position and the retention policy; version 1 had raw leaves and no log. Neither left
     * development, so no migration exists: older databases are refused.
     */
    public static final int CURRENT = 3;

    private FormatVersion() {
    }
}
