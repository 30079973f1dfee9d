package io.dendro.storage;

/**
 * The on-disk format version of the whole database (storage framing, the write-ahead log and
 * the engine's node layouts together). It moves only with a documented migration
 * (docs/format/README.md lists the history); a database with another version is refused with
 * {@code UNSUPPORTED_FORMAT}.
 */
public final class FormatVersion {
    /**
     * Version 4: internal nodes store their entries by column, addresses, versions and
     * cumulative counts frame-of-reference packed into whole bytes. Version 3: leaves are compressed (delta-of-delta timestamps; ALP, XOR or raw values per
     * leaf). Version 2 added the write-ahead log and stream records with the applied log
     * position and the retention policy; version 1 had raw leaves and no log. None left
     * development, so no migration exists: older databases are refused.
     */
    public static final int CURRENT = 4;

    private FormatVersion() {
    }
}
