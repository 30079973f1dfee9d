package io.dendro.tree;

import io.dendro.storage.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * An internal tree node (payload of a storage record). Only present children are stored;
 * {@code mask} bit {@code i} says child {@code i} exists, and its entry is number
 * {@code bitCount(mask & ((1 << i) - 1))}.
 * <pre>
 * | kind u8 = 1 | valueKind u8 | pointwidth u8 | reserved u8 | children u32 |
 * | start i64 | mask u64 |
 * | entry 0 | entry 1 | ...                       (children entries)
 * entry: | address i64 | version i64 | summary (ValueKind.summaryBytes) |
 * </pre>
 * {@code version} is the stream version in which that child last changed; the summary covers
 * every point below the child.
 */
public final class InternalLayout {
    public static final int KIND = 0;
    public static final int VALUE_KIND = KIND + 1;
    public static final int POINTWIDTH = VALUE_KIND + 1;
    public static final int RESERVED = POINTWIDTH + 1;
    public static final int CHILDREN = RESERVED + 1;
    public static final int START = CHILDREN + Integer.BYTES;
    public static final int MASK = START + Long.BYTES;
    public static final int ENTRIES = MASK + Long.BYTES;

    public static final int E_ADDRESS = 0;
    public static final int E_VERSION = E_ADDRESS + Long.BYTES;
    public static final int E_SUMMARY = E_VERSION + Long.BYTES;

    private InternalLayout() {
    }

    public static int entrySize(ValueKind kind) {
        return E_SUMMARY + kind.summaryBytes();
    }

    public static int size(ValueKind kind, int children) {
        return ENTRIES + children * entrySize(kind);
    }

    public static int pointwidth(MemorySegment n) {
        return n.get(Bytes.U8, POINTWIDTH) & 0xFF;
    }

    public static long start(MemorySegment n) {
        return n.get(Bytes.I64, START);
    }

    public static long mask(MemorySegment n) {
        return n.get(Bytes.I64, MASK);
    }

    public static int children(MemorySegment n) {
        return n.get(Bytes.I32, CHILDREN);
    }

    /** Byte offset of entry number {@code e} (numbering present children only). */
    public static long entry(int e) {
        return ENTRIES + (long) e * (E_SUMMARY + Summary.BYTES);
    }

    /** Entry number of child slot {@code i}, or -1 when that child is absent. */
    public static int entryOf(long mask, int i) {
        if ((mask & (1L << i)) == 0) {
            return -1;
        }
        return Long.bitCount(mask & ((1L << i) - 1));
    }

    public static long address(MemorySegment n, int e) {
        return n.get(Bytes.I64, entry(e) + E_ADDRESS);
    }

    public static long version(MemorySegment n, int e) {
        return n.get(Bytes.I64, entry(e) + E_VERSION);
    }

    public static long count(MemorySegment n, int e) {
        return n.get(Bytes.I64, entry(e) + E_SUMMARY + Summary.COUNT);
    }

    public static long summaryOffset(int e) {
        return entry(e) + E_SUMMARY;
    }
}
