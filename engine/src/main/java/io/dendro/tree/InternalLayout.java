package io.dendro.tree;

import io.dendro.storage.Bytes;
import io.dendro.storage.RecordSink;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.LongUnaryOperator;

/**
 * An internal tree node (payload of a storage record), formats 4 and 5: only present children
 * are stored ({@code mask} bit {@code i} says child {@code i} exists, and its entry is number
 * {@code bitCount(mask & ((1 << i) - 1))}), and the entries are stored by column, the integer
 * columns frame-of-reference packed into whole bytes:
 * <pre>
 * | kind u8 = 1 | valueKind u8 | pointwidth u8 | spread u8 | children u32 |
 * | start i64 | mask u64 | addressBase u64 | versionBase i64 |
 * | addressWidth u8 | versionWidth u8 | countWidth u8 | reserved 5 bytes |          (48 bytes)
 * | address - addressBase, addressWidth bytes each | version - versionBase, versionWidth bytes each |
 * | cumulative count, countWidth bytes each | zero padding to a multiple of 8 |
 * | min f64 each | max f64 each | mean f64 each | spread f64 each |
 * </pre>
 * Integers are little-endian; a width is 0 to 8 bytes (0: every entry equals the base). The
 * cumulative count of entry {@code e} is the number of points under entries {@code 0..e}, so a
 * run of whole children is counted from two numbers. The summaries stay exact doubles, read in
 * place. {@code version} is the stream version in which that child last changed.
 *
 * <p>The {@code spread} byte says what the fourth summary column holds: {@link #SPREAD_M2}
 * (0, format 4, where the byte was reserved and zero): M2, the sum of squared deviations;
 * {@link #SPREAD_SIGMA} (1, format 5, written by {@link #write}): the population standard
 * deviation, which unlike M2 cannot overflow while the values are finite. {@link #sigma}
 * hides the difference from every reader; only {@link #rewrite} (compaction) and the
 * verifier and dump look at the column as it is. A tree may mix both forms: a format-5 writer
 * path-copies a format-4 tree and leaves the subtrees it does not touch as they are.
 */
public final class InternalLayout {
    public static final int KIND = 0;
    public static final int VALUE_KIND = KIND + 1;
    public static final int POINTWIDTH = VALUE_KIND + 1;
    /** What the fourth summary column holds: {@link #SPREAD_M2} or {@link #SPREAD_SIGMA}. */
    public static final int SPREAD = POINTWIDTH + 1;
    public static final int CHILDREN = SPREAD + 1;
    public static final int START = CHILDREN + Integer.BYTES;
    public static final int MASK = START + Long.BYTES;
    public static final int ADDRESS_BASE = MASK + Long.BYTES;
    public static final int VERSION_BASE = ADDRESS_BASE + Long.BYTES;
    public static final int ADDRESS_WIDTH = VERSION_BASE + Long.BYTES;
    public static final int VERSION_WIDTH = ADDRESS_WIDTH + 1;
    public static final int COUNT_WIDTH = VERSION_WIDTH + 1;
    public static final int RESERVED2 = COUNT_WIDTH + 1;
    /** Where the columns start: the address column. */
    public static final int COLUMNS = RESERVED2 + 5;
    /** Bytes per entry of the four summary columns (min, max, mean, spread). */
    public static final int SUMMARY_BYTES = 4 * Double.BYTES;
    /** Format 4: the spread column holds M2, the sum of squared deviations from the mean. */
    public static final byte SPREAD_M2 = 0;
    /** Format 5: the spread column holds the population standard deviation. */
    public static final byte SPREAD_SIGMA = 1;

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private InternalLayout() {
    }

    /** Payload size of a node with these children and column widths. */
    public static int size(int children, int addressWidth, int versionWidth, int countWidth) {
        return doublesAt(children, addressWidth, versionWidth, countWidth) + children * SUMMARY_BYTES;
    }

    private static int doublesAt(int children, int aw, int vw, int cw) {
        return (COLUMNS + children * (aw + vw + cw) + 7) & -8;
    }

    /** Bytes needed for an unsigned value: 0 for 0, else 1 to 8. */
    public static int width(long unsigned) {
        return (64 - Long.numberOfLeadingZeros(unsigned) + 7) >>> 3;
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

    /** The spread byte: {@link #SPREAD_M2} or {@link #SPREAD_SIGMA} ({@link Nodes#tree} refuses others). */
    public static int spread(MemorySegment n) {
        return n.get(Bytes.U8, SPREAD) & 0xFF;
    }

    public static int children(MemorySegment n) {
        return n.get(Bytes.I32, CHILDREN);
    }

    public static int addressWidth(MemorySegment n) {
        return n.get(Bytes.U8, ADDRESS_WIDTH) & 0xFF;
    }

    public static int versionWidth(MemorySegment n) {
        return n.get(Bytes.U8, VERSION_WIDTH) & 0xFF;
    }

    public static int countWidth(MemorySegment n) {
        return n.get(Bytes.U8, COUNT_WIDTH) & 0xFF;
    }

    /** The payload size the header's counts and widths call for (checked against the record's). */
    public static long expectedSize(MemorySegment n) {
        return size(children(n), addressWidth(n), versionWidth(n), countWidth(n));
    }

    /** Entry number of child slot {@code i}, or -1 when that child is absent. */
    public static int entryOf(long mask, int i) {
        if ((mask & (1L << i)) == 0) {
            return -1;
        }
        return Long.bitCount(mask & ((1L << i) - 1));
    }

    /** A {@code width}-byte little-endian unsigned integer; at least 8 bytes follow {@code at} (the summaries). */
    private static long packed(MemorySegment n, long at, int width) {
        return width == 0 ? 0 : n.get(U64, at) & (-1L >>> (64 - 8 * width));
    }

    public static long address(MemorySegment n, int e) {
        return n.get(Bytes.I64, ADDRESS_BASE) + packed(n, COLUMNS + (long) e * addressWidth(n), addressWidth(n));
    }

    public static long version(MemorySegment n, int e) {
        int aw = addressWidth(n);
        int vw = versionWidth(n);
        return n.get(Bytes.I64, VERSION_BASE) + packed(n, COLUMNS + (long) children(n) * aw + (long) e * vw, vw);
    }

    /**
     * The three width bytes and the reserved ones as one word ({@code addressWidth} in its low
     * byte, then {@code versionWidth}, then {@code countWidth}), for a reader that looks up
     * several columns of one node with one load of the widths.
     */
    public static long widths(MemorySegment n) {
        return n.get(Bytes.I64, ADDRESS_WIDTH);
    }

    /** {@link #address(MemorySegment, int)}, given the node's {@link #widths}. */
    public static long address(MemorySegment n, int e, long widths) {
        int aw = (int) widths & 0xFF;
        return n.get(Bytes.I64, ADDRESS_BASE) + packed(n, COLUMNS + (long) e * aw, aw);
    }

    /** {@link #cumulativeCount(MemorySegment, int)}, given the node's {@link #widths}. */
    public static long cumulativeCount(MemorySegment n, int e, long widths) {
        if (e < 0) {
            return 0;
        }
        int aw = (int) widths & 0xFF;
        int vw = (int) (widths >>> 8) & 0xFF;
        int cw = (int) (widths >>> 16) & 0xFF;
        return packed(n, COLUMNS + (long) children(n) * (aw + vw) + (long) e * cw, cw);
    }

    /** Points under entries {@code 0..e}; 0 for {@code e = -1}. */
    public static long cumulativeCount(MemorySegment n, int e) {
        if (e < 0) {
            return 0;
        }
        int c = children(n);
        int cw = countWidth(n);
        return packed(n, COLUMNS + (long) c * (addressWidth(n) + versionWidth(n)) + (long) e * cw, cw);
    }

    public static long count(MemorySegment n, int e) {
        return cumulativeCount(n, e) - cumulativeCount(n, e - 1);
    }

    /** Points under entries {@code first..last} (inclusive). */
    public static long count(MemorySegment n, int first, int last) {
        return cumulativeCount(n, last) - cumulativeCount(n, first - 1);
    }

    private static long doubles(MemorySegment n) {
        return doublesAt(children(n), addressWidth(n), versionWidth(n), countWidth(n));
    }

    /** Byte offset of entry {@code e}'s min; max, mean and spread follow at strides of {@code 8 * children}. */
    public static long minOffset(MemorySegment n, int e) {
        return doubles(n) + 8L * e;
    }

    public static long maxOffset(MemorySegment n, int e) {
        return doubles(n) + 8L * (children(n) + e);
    }

    public static long meanOffset(MemorySegment n, int e) {
        return doubles(n) + 8L * (2 * children(n) + e);
    }

    public static long spreadOffset(MemorySegment n, int e) {
        return doubles(n) + 8L * (3 * children(n) + e);
    }

    public static double min(MemorySegment n, int e) {
        return n.get(Bytes.F64, minOffset(n, e));
    }

    public static double max(MemorySegment n, int e) {
        return n.get(Bytes.F64, maxOffset(n, e));
    }

    public static double mean(MemorySegment n, int e) {
        return n.get(Bytes.F64, meanOffset(n, e));
    }

    /** The spread column of entry {@code e} as stored: M2 or the standard deviation, as {@link #spread} says. */
    public static double spreadColumn(MemorySegment n, int e) {
        return n.get(Bytes.F64, spreadOffset(n, e));
    }

    /**
     * The population standard deviation of the points under entry {@code e}, whatever the node's
     * format: stored as it is in format 5, {@code sqrt(max(0, M2 / count))} from format 4's M2
     * (exactly what format 4 reported; {@code +Infinity} where its M2 overflowed).
     */
    public static double sigma(MemorySegment n, int e) {
        double s = spreadColumn(n, e);
        return spread(n) == SPREAD_SIGMA ? s : Format4Summary.stddev(s, count(n, e));
    }

    /**
     * Writes a node over the present children of {@code e} to {@code out}; {@code resolve} maps
     * each child address to the one to store. Returns the node's address.
     */
    static long write(RecordSink out, int pw, long start, Entries e, LongUnaryOperator resolve) {
        int children = Long.bitCount(e.mask);
        long[] addr = new long[children];
        long addressBase = -1L; // unsigned minimum
        long versionBase = Long.MAX_VALUE;
        long maxVersion = Long.MIN_VALUE;
        long total = 0;
        int k = 0;
        for (long m = e.mask; m != 0; m &= m - 1, k++) {
            int i = Long.numberOfTrailingZeros(m);
            addr[k] = resolve.applyAsLong(e.address[i]);
            if (Long.compareUnsigned(addr[k], addressBase) < 0) {
                addressBase = addr[k];
            }
            versionBase = Math.min(versionBase, e.version[i]);
            maxVersion = Math.max(maxVersion, e.version[i]);
            total += e.count[i];
        }
        long addressSpan = 0;
        for (long a : addr) {
            if (Long.compareUnsigned(a - addressBase, addressSpan) > 0) {
                addressSpan = a - addressBase;
            }
        }
        int aw = width(addressSpan);
        int vw = width(maxVersion - versionBase);
        int cw = width(total);
        MemorySegment p = out.reserve(size(children, aw, vw, cw));
        p.set(Bytes.U8, KIND, RecordKind.INTERNAL);
        p.set(Bytes.U8, VALUE_KIND, ValueKind.NUMERIC.id());
        p.set(Bytes.U8, POINTWIDTH, (byte) pw);
        p.set(Bytes.U8, SPREAD, SPREAD_SIGMA);
        p.set(Bytes.I32, CHILDREN, children);
        p.set(Bytes.I64, START, start);
        p.set(Bytes.I64, MASK, e.mask);
        p.set(Bytes.I64, ADDRESS_BASE, addressBase);
        p.set(Bytes.I64, VERSION_BASE, versionBase);
        p.set(Bytes.U8, ADDRESS_WIDTH, (byte) aw);
        p.set(Bytes.U8, VERSION_WIDTH, (byte) vw);
        p.set(Bytes.U8, COUNT_WIDTH, (byte) cw);
        p.asSlice(RESERVED2, size(children, aw, vw, cw) - RESERVED2 - children * SUMMARY_BYTES).fill((byte) 0);
        long versions = COLUMNS + (long) children * aw;
        long counts = versions + (long) children * vw;
        long doubles = doublesAt(children, aw, vw, cw);
        long cumulative = 0;
        k = 0;
        for (long m = e.mask; m != 0; m &= m - 1, k++) {
            int i = Long.numberOfTrailingZeros(m);
            cumulative += e.count[i];
            put(p, COLUMNS + (long) k * aw, addr[k] - addressBase, aw);
            put(p, versions + (long) k * vw, e.version[i] - versionBase, vw);
            put(p, counts + (long) k * cw, cumulative, cw);
            p.set(Bytes.F64, doubles + 8L * k, e.min[i]);
            p.set(Bytes.F64, doubles + 8L * (children + k), e.max[i]);
            p.set(Bytes.F64, doubles + 8L * (2 * children + k), e.mean[i]);
            p.set(Bytes.F64, doubles + 8L * (3 * children + k), e.sigma[i]);
        }
        return out.lastAddress();
    }

    /**
     * Writes a copy of node {@code n} whose entry {@code e} points at {@code children[e]};
     * returns the copy's address. Only the address column is encoded again (its width may
     * change); everything else, the spread byte and the summary columns included, is copied
     * byte for byte, so a format-4 node stays a format-4 node whose entries the verifier checks
     * as before.
     */
    public static long rewrite(RecordSink out, MemorySegment n, long[] children) {
        int c = children(n);
        long addressBase = -1L; // unsigned minimum
        for (long a : children) {
            if (Long.compareUnsigned(a, addressBase) < 0) {
                addressBase = a;
            }
        }
        long addressSpan = 0;
        for (long a : children) {
            if (Long.compareUnsigned(a - addressBase, addressSpan) > 0) {
                addressSpan = a - addressBase;
            }
        }
        int aw = width(addressSpan);
        int vw = versionWidth(n);
        int cw = countWidth(n);
        int size = size(c, aw, vw, cw);
        MemorySegment p = out.reserve(size);
        p.fill((byte) 0);
        MemorySegment.copy(n, 0, p, 0, COLUMNS);
        p.set(Bytes.I64, ADDRESS_BASE, addressBase);
        p.set(Bytes.U8, ADDRESS_WIDTH, (byte) aw);
        for (int k = 0; k < c; k++) {
            put(p, COLUMNS + (long) k * aw, children[k] - addressBase, aw);
        }
        // the version and count columns follow the addresses, then padding, then the doubles
        MemorySegment.copy(n, COLUMNS + (long) c * addressWidth(n), p, COLUMNS + (long) c * aw, (long) c * (vw + cw));
        long from = doublesAt(c, addressWidth(n), vw, cw);
        MemorySegment.copy(n, from, p, doublesAt(c, aw, vw, cw), (long) c * SUMMARY_BYTES);
        return out.lastAddress();
    }

    private static void put(MemorySegment p, long at, long value, int width) {
        for (int b = 0; b < width; b++) {
            p.set(Bytes.U8, at + b, (byte) (value >>> (8 * b)));
        }
    }
}
