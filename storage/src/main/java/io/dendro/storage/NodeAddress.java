package io.dendro.storage;

/**
 * The one owner of packed node addresses. An address is a {@code long}:
 * <pre>
 *  63            44 43                                         0
 * | segment (20 b) |              byte offset (44 b)             |
 * </pre>
 * 20 bits of segment index allow about a million segment files; 44 bits of offset allow a
 * segment of up to 16 TiB (segments are 1 GiB by default). Offsets are multiples of 8.
 * {@link #NONE} ({@code 0}) means "no node": offset 0 of every segment holds the segment
 * header, so no node ever lives there.
 */
public final class NodeAddress {
    /** The sentinel "no node". */
    public static final long NONE = 0L;
    static final int OFFSET_BITS = 44;
    static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    /** Largest segment index that fits in 20 bits. */
    public static final int MAX_SEGMENT = (1 << (64 - OFFSET_BITS)) - 1;

    private NodeAddress() {
    }

    /** Packs a segment index and a byte offset into an address. */
    public static long of(int segment, long offset) {
        if (segment < 0 || segment > MAX_SEGMENT) {
            throw new IllegalArgumentException("segment out of range: " + segment);
        }
        if (offset < 0 || offset > OFFSET_MASK) {
            throw new IllegalArgumentException("offset out of range: " + offset);
        }
        return ((long) segment << OFFSET_BITS) | offset;
    }

    /** The segment index of an address. */
    public static int segment(long address) {
        return (int) (address >>> OFFSET_BITS);
    }

    /** The byte offset inside its segment of an address. */
    public static long offset(long address) {
        return address & OFFSET_MASK;
    }

    /** A readable form, e.g. {@code 3:4096}. */
    public static String toString(long address) {
        return address == NONE ? "none" : segment(address) + ":" + offset(address);
    }
}
