package io.dendro.storage;

/**
 * The on-disk format version of the whole database (storage framing, the write-ahead log and
 * the engine's node layouts together). It moves only with a documented migration
 * (docs/format/README.md lists the history); a database of a version outside
 * {@code OLDEST_READABLE .. CURRENT} is refused with {@code UNSUPPORTED_FORMAT}.
 */
public final class FormatVersion {
    /**
     * Version 9: a leaf's values may be encoded with ALP delta (value codec tag 4: ALP's decimal
     * integers as differences over their gcd); nothing else changes, and every format-8 leaf
     * reads unchanged. A format-8 binary must not read a format-9 database: it would report
     * a tag-4 leaf as corruption.
     * Version 8: the catalog root grows from 32 to 40 bytes, its new field the root of the
     * registry index (record kinds 13 and 14: the streams by collection, tag, annotation and
     * source). A format-7 root reads as one without an index; a writer that opens such a
     * database builds the index in a commit of its own. A format-7 binary must not write a
     * format-8 database: it would leave the index behind its commits.
     * Version 7: a leaf may carry a column of point payloads after its values (its byte 3 says
     * so; documents of label and graph streams, aggregates of pre-aggregated points), internal
     * nodes a column of extra samples (aggregate points stand for several samples; the width
     * byte 45 was reserved and zero), and a stream record's value kind byte may name the nominal
     * and graph kinds. Every format-6 leaf and node reads unchanged as a format-7 one.
     * Version 6: internal nodes carry, per child, the number of null points and the exact sum of
     * the child's point times (measured from the child's start), for an exact mean timestamp
     * read from summaries; such nodes say so in their byte 3. Version 5: the fourth summary column of internal nodes holds the population standard
     * deviation instead of M2 (which overflows for values near the double range); such nodes
     * say so in their byte 3. Version 4: internal nodes store their entries by column,
     * addresses, versions and cumulative counts frame-of-reference packed into whole bytes.
     * Version 3: leaves are compressed (delta-of-delta timestamps; ALP, XOR or raw values per
     * leaf). Version 2 added the write-ahead log and stream records with the applied log
     * position and the retention policy; version 1 had raw leaves and no log.
     */
    public static final int CURRENT = 9;

    /**
     * The oldest version this code opens. Format-4 to 8 databases are read in place (format-4
     * internal nodes keep M2, converted when read; neither has time sums, so a mean timestamp
     * under format-4 and 5 nodes reads leaves); format-4 to 7 ones move to the current format
     * when a writer opens them, with the commit that builds the registry index, format-8 ones
     * with their first commit; nothing else is rewritten (docs/format/README.md). Versions 1 to 3 never left development and
     * are refused.
     */
    public static final int OLDEST_READABLE = 4;

    private FormatVersion() {
    }
}
