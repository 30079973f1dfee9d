package io.dendro.tree;

import io.dendro.storage.Bytes;
import io.dendro.storage.RecordSink;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.LongUnaryOperator;

/**
 * An internal tree node (payload of a storage record), formats 4 to 7: only present children
 * are stored ({@code mask} bit {@code i} says child {@code i} exists, and its entry is number
 * {@code bitCount(mask & ((1 << i) - 1))}), and the entries are stored by column, the integer
 * columns frame-of-reference packed into whole bytes:
 * <pre>
 * | kind u8 = 1 | valueKind u8 | pointwidth u8 | spread u8 | children u32 |
 * | start i64 | mask u64 | addressBase u64 | versionBase i64 |
 * | addressWidth u8 | versionWidth u8 | countWidth u8 | nullsWidth u8 | timeSumWidth u8 | extraWidth u8 |
 * | reserved 2 bytes | (48 bytes)
 * | address - addressBase, addressWidth bytes each | version - versionBase, versionWidth bytes each |
 * | cumulative count, countWidth bytes each |
 * | cumulative nulls, nullsWidth bytes each | time sum, timeSumWidth bytes each (0..16) |   (format 6)
 * | cumulative extra samples, extraWidth bytes each |                                        (format 7)
 * | zero padding to a multiple of 8 |
 * | min f64 each | max f64 each | mean f64 each | spread f64 each |
 * | the kind's section, kindBytes bytes (format 7): nothing (numeric), label tables (nominal),
 * | or edges min, max and sum, i64 each (graph) |
 * </pre>
 * Integers are little-endian; a width is 0 to 8 bytes (0: every entry equals the base), 0 to 16
 * for the time sums. The cumulative count of entry {@code e} is the number of points under
 * entries {@code 0..e}, so a run of whole children is counted from two numbers; the null
 * counts are cumulative the same way (base 0). The summaries stay exact doubles, read in place.
 * {@code version} is the stream version in which that child last changed.
 *
 * <p>Format 6 adds, per entry, the number of null points under the child (none exist yet, so
 * writers write 0 and the column has width 0) and the <em>time sum</em>: the exact sum over the
 * child's points of {@code t - childStart}, an unsigned integer below {@code span · count}
 * (94 bits for {@code 2^38} points in a root child of {@code 2^56} ns; 128 bits hold it for any
 * 64-bit count), stored in its
 * {@code timeSumWidth} low bytes, little-endian, without a base (sums of different children
 * differ as much as they are large, so a frame of reference saves nothing). With it a query
 * takes the mean timestamp of a child whole ({@link #timeSumLo}, {@link #timeSumHi}).
 *
 * <p>Format 7 adds the <em>extra samples</em>: an aggregate point (one that arrived
 * pre-aggregated, standing for {@code c} samples) counts as one point in the count column and as
 * {@code c} samples in the statistics; the column holds, cumulatively, {@code c - 1} summed over
 * the aggregate points under each child, so that {@code count - nulls + extra} is the number of
 * samples the child's statistics are of ({@link #samples}). A format-6 node has width 0 there
 * (the byte was reserved and zero), so it reads unchanged; nodes of format 6 and 7 share the
 * spread byte 2.
 *
 * <p>The {@code spread} byte says what the fourth summary column holds and which columns exist:
 * {@link #SPREAD_M2} (0, format 4, where the byte was reserved and zero): M2, the sum of squared
 * deviations; {@link #SPREAD_SIGMA} (1, format 5): the population standard deviation, which
 * unlike M2 cannot overflow while the values are finite; {@link #SPREAD_SIGMA_SUMS} (2, format 6,
 * written by {@link #write}): the standard deviation, and the null-count and time-sum columns
 * ({@link #hasTimeSums}). In formats 4 and 5 the two width bytes were reserved and are zero, so
 * one size formula covers every format. {@link #sigma} hides the spread's form from every
 * reader; only {@link #rewrite} (compaction's copy of a format-6 node) and the verifier and dump
 * look at the column as it is. A tree may mix the forms: a format-6 writer path-copies a
 * format-4 or 5 tree and leaves the subtrees it does not touch as they are (a node's children are
 * never of a later format than the node), until a compaction writes them as format 6
 * ({@link TreeCopier}).
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
    /** Format 6: bytes per cumulative null count, 0..8 (reserved and zero in formats 4 and 5). */
    public static final int NULLS_WIDTH = COUNT_WIDTH + 1;
    /** Format 6: bytes per time sum, 0..16 (reserved and zero in formats 4 and 5). */
    public static final int TIME_SUM_WIDTH = NULLS_WIDTH + 1;
    /**
     * Format 7: bytes per cumulative extra-samples count, 0..8 (reserved and zero before; a
     * format-6 node reads as one whose column has width 0).
     */
    public static final int EXTRA_WIDTH = TIME_SUM_WIDTH + 1;
    /**
     * Format 7: bytes of the kind's section after the summary columns, u16 (0 for a numeric
     * node; reserved and zero before format 7).
     */
    public static final int KIND_BYTES = EXTRA_WIDTH + 1;
    /** Where the columns start: the address column. */
    public static final int COLUMNS = KIND_BYTES + 2;
    /** Bytes per entry of a graph node's section: edges min, max and sum, i64 columns. */
    public static final int GRAPH_ENTRY_BYTES = 3 * Long.BYTES;
    /** A nominal entry's label count that means "more than the table holds" ({@link LabelTable#many}). */
    public static final int MANY_LABELS = 0xFF;
    /** Bytes per entry of the four summary columns (min, max, mean, spread). */
    public static final int SUMMARY_BYTES = 4 * Double.BYTES;
    /** Format 4: the spread column holds M2, the sum of squared deviations from the mean. */
    public static final byte SPREAD_M2 = 0;
    /** Format 5: the spread column holds the population standard deviation. */
    public static final byte SPREAD_SIGMA = 1;
    /**
     * Format 6, written by {@link #write}: the spread column holds the population standard
     * deviation, and the node has the null-count and time-sum columns.
     */
    public static final byte SPREAD_SIGMA_SUMS = 2;
    /** The greatest width of the time-sum column: 128-bit sums. */
    public static final int MAX_TIME_SUM_WIDTH = 16;

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private InternalLayout() {
    }

    /** Payload size of a format-4 or format-5 node (no null-count or time-sum column). */
    public static int size(int children, int addressWidth, int versionWidth, int countWidth) {
        return size(children, addressWidth, versionWidth, countWidth, 0, 0);
    }

    /** Payload size of a node with these children and column widths and no extra-samples column. */
    public static int size(int children, int aw, int vw, int cw, int nw, int tw) {
        return size(children, aw, vw, cw, nw, tw, 0);
    }

    /** Payload size of a node with these children and column widths (format 4 and 5: {@code nw = tw = xw = 0}). */
    public static int size(int children, int aw, int vw, int cw, int nw, int tw, int xw) {
        return doublesAt(children, aw + vw + cw + nw + tw + xw) + children * SUMMARY_BYTES;
    }

    /** Where the doubles start, for integer columns of {@code entryBytes} bytes per entry. */
    private static int doublesAt(int children, int entryBytes) {
        return (COLUMNS + children * entryBytes + 7) & -8;
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

    /** Bytes per cumulative null count; 0 in formats 4 and 5 (the byte is reserved there). */
    public static int nullsWidth(MemorySegment n) {
        return n.get(Bytes.U8, NULLS_WIDTH) & 0xFF;
    }

    /** Bytes per time sum, 0..16; 0 in formats 4 and 5 (the byte is reserved there). */
    public static int timeSumWidth(MemorySegment n) {
        return n.get(Bytes.U8, TIME_SUM_WIDTH) & 0xFF;
    }

    /** Bytes per cumulative extra-samples count, 0..8; 0 before format 7 (the byte is reserved there). */
    public static int extraWidth(MemorySegment n) {
        return n.get(Bytes.U8, EXTRA_WIDTH) & 0xFF;
    }

    /** Whether the node has the null-count and time-sum columns (format 6). */
    public static boolean hasTimeSums(MemorySegment n) {
        return spread(n) == SPREAD_SIGMA_SUMS;
    }

    /** The payload size the header's counts and widths call for (checked against the record's). */
    public static long expectedSize(MemorySegment n) {
        return size(children(n), addressWidth(n), versionWidth(n), countWidth(n), nullsWidth(n), timeSumWidth(n),
                extraWidth(n)) + kindBytes(n);
    }

    /** The value kind byte: 1 numeric, 2 nominal (a label section follows), 3 graph (an edge section follows). */
    public static int valueKind(MemorySegment n) {
        return n.get(Bytes.U8, VALUE_KIND) & 0xFF;
    }

    /** Bytes of the kind's section after the summary columns (format 7; 0 for numeric nodes). */
    public static int kindBytes(MemorySegment n) {
        return n.get(Bytes.I16, KIND_BYTES) & 0xFFFF;
    }

    /** Where the kind's section starts: after the four summary columns. */
    public static long kindSection(MemorySegment n) {
        return doubles(n) + (long) children(n) * SUMMARY_BYTES;
    }

    /** A nominal node's entry {@code e}: its number of labels, or {@link #MANY_LABELS}. */
    public static int labelCount(MemorySegment n, int e) {
        return n.get(Bytes.U8, kindSection(n) + e) & 0xFF;
    }

    /** A graph node's entry {@code e}: the fewest edges of a graph under it. */
    public static long edgesMin(MemorySegment n, int e) {
        return n.get(Bytes.I64, kindSection(n) + 8L * e);
    }

    public static long edgesMax(MemorySegment n, int e) {
        return n.get(Bytes.I64, kindSection(n) + 8L * (children(n) + e));
    }

    public static long edgesSum(MemorySegment n, int e) {
        return n.get(Bytes.I64, kindSection(n) + 8L * (2 * children(n) + e));
    }

    /**
     * Reads a nominal node's label table of entry {@code e} into {@code out} (cleared first).
     *
     * @throws io.dendro.error.DendroException CORRUPTION when the section is inconsistent
     */
    public static void labels(MemorySegment n, int e, LabelTable out) {
        out.clear();
        long at = kindSection(n);
        long end = at + kindBytes(n);
        int c = children(n);
        long p = at + c;
        for (int k = 0; k <= e; k++) {
            int labels = n.get(Bytes.U8, at + k) & 0xFF;
            if (labels == MANY_LABELS) {
                if (k == e) {
                    out.many = true;
                }
                continue;
            }
            if (labels > LabelTable.MAX_LABELS) {
                throw corrupt("entry " + k + " has " + labels + " labels");
            }
            for (int j = 0; j < labels; j++) {
                if (p + 1 > end) {
                    throw corrupt("label " + j + " of entry " + k + " passes the section's end");
                }
                int len = n.get(Bytes.U8, p) & 0xFF;
                if (len > LabelTable.MAX_BYTES || p + 1 + len + 8 > end) {
                    throw corrupt("label " + j + " of entry " + k + " of " + len + " bytes passes the section's end");
                }
                if (k == e) {
                    byte[] label = n.asSlice(p + 1, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                    out.labels[j] = label;
                    out.counts[j] = n.get(Bytes.I64, p + 1 + len);
                    out.size = j + 1;
                }
                p += 1 + len + 8;
            }
        }
    }

    /** The bytes a nominal node's label section takes when read entry by entry (the verifier compares it with {@link #kindBytes}). */
    public static long labelSectionLength(MemorySegment n) {
        long at = kindSection(n);
        int c = children(n);
        long p = at + c;
        for (int k = 0; k < c; k++) {
            int labels = n.get(Bytes.U8, at + k) & 0xFF;
            if (labels == MANY_LABELS) {
                continue;
            }
            for (int j = 0; j < labels; j++) {
                p += 1 + (n.get(Bytes.U8, p) & 0xFF) + 8;
            }
        }
        return p - at;
    }

    private static io.dendro.error.DendroException corrupt(String what) {
        return new io.dendro.error.DendroException(io.dendro.error.ErrorCode.CORRUPTION, "internal node label section: "
                + what);
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
     * The five width bytes and the reserved ones as one word ({@code addressWidth} in its low
     * byte, then {@code versionWidth}, {@code countWidth}, {@code nullsWidth} and
     * {@code timeSumWidth}), for a reader that looks up several columns of one node with one
     * load of the widths.
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

    /** Nulls under entries {@code 0..e}; 0 for {@code e = -1} and in formats 4 and 5 (width 0). */
    public static long cumulativeNulls(MemorySegment n, int e) {
        if (e < 0) {
            return 0;
        }
        long w = widths(n);
        int nw = (int) (w >>> 24) & 0xFF;
        return packed(n, COLUMNS + (long) children(n) * entryBytes(w, 3) + (long) e * nw, nw);
    }

    /** Points under entry {@code e} whose value is null (none yet: writers write 0). */
    public static long nulls(MemorySegment n, int e) {
        return cumulativeNulls(n, e) - cumulativeNulls(n, e - 1);
    }

    /** The sum of the widths of the first {@code columns} integer columns, from the {@link #widths} word. */
    private static int entryBytes(long widths, int columns) {
        int sum = 0;
        for (int c = 0; c < columns; c++) { // a constant bound: unrolled by the JIT
            sum += (int) (widths >>> (8 * c)) & 0xFF;
        }
        return sum;
    }

    /** Byte offset of entry {@code e}'s time sum ({@link #timeSumWidth} bytes, little-endian). */
    public static long timeSumOffset(MemorySegment n, int e) {
        return timeSumAt(n, e, widths(n));
    }

    private static long timeSumAt(MemorySegment n, int e, long widths) {
        int tw = (int) (widths >>> 32) & 0xFF;
        return COLUMNS + (long) children(n) * entryBytes(widths, 4) + (long) e * tw;
    }

    /**
     * The low 64 bits of entry {@code e}'s time sum: the sum over the child's points of
     * {@code t - childStart}, an unsigned 128-bit integer ({@link #timeSumHi} has the high
     * bits). Only meaningful when {@link #hasTimeSums}.
     */
    public static long timeSumLo(MemorySegment n, int e) {
        long w = widths(n);
        int tw = (int) (w >>> 32) & 0xFF;
        return packed(n, timeSumAt(n, e, w), Math.min(tw, 8));
    }

    /** The high 64 bits of entry {@code e}'s time sum (the sum is below {@code 2^56 · count}). */
    public static long timeSumHi(MemorySegment n, int e) {
        long w = widths(n);
        int tw = (int) (w >>> 32) & 0xFF;
        return tw <= 8 ? 0 : packed(n, timeSumAt(n, e, w) + 8, tw - 8);
    }

    /**
     * Extra samples under entries {@code 0..e}: for each aggregate point (one that stands for
     * {@code c} samples) {@code c - 1}; 0 for {@code e = -1} and before format 7 (width 0).
     */
    public static long cumulativeExtra(MemorySegment n, int e) {
        if (e < 0) {
            return 0;
        }
        long w = widths(n);
        int xw = (int) (w >>> 40) & 0xFF;
        return packed(n, COLUMNS + (long) children(n) * entryBytes(w, 5) + (long) e * xw, xw);
    }

    /**
     * Samples under entry {@code e} beyond its points: the statistics are of
     * {@code count - nulls + extra} samples (each aggregate point stands for its count).
     */
    public static long extra(MemorySegment n, int e) {
        return cumulativeExtra(n, e) - cumulativeExtra(n, e - 1);
    }

    /** The number of samples entry {@code e}'s statistics are of: non-null points plus extra samples. */
    public static long samples(MemorySegment n, int e) {
        return count(n, e) - nulls(n, e) + extra(n, e);
    }

    private static long doubles(MemorySegment n) {
        return doublesAt(children(n), entryBytes(widths(n), 6));
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
        return spread(n) != SPREAD_M2 ? s : Format4Summary.stddev(s, count(n, e)); // no nulls or aggregates before format 6
    }

    /**
     * Writes a format-6 node over the present children of {@code e} to {@code out}, whose time
     * sums must all be known ({@link Entries#known}); {@code resolve} maps each child address to
     * the one to store. Returns the node's address.
     */
    static long write(RecordSink out, int pw, long start, Entries e, LongUnaryOperator resolve) {
        if ((e.mask & ~e.known) != 0) {
            throw new IllegalStateException("an entry without its time sum");
        }
        int children = Long.bitCount(e.mask);
        long[] addr = new long[children];
        long addressBase = -1L; // unsigned minimum
        long versionBase = Long.MAX_VALUE;
        long maxVersion = Long.MIN_VALUE;
        long total = 0;
        long nullsTotal = 0;
        long extraTotal = 0;
        int tw = 0;
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
            nullsTotal += e.nulls[i];
            extraTotal += e.extra[i];
            tw = Math.max(tw, width128(e.timeSumHi[i], e.timeSumLo[i]));
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
        int nw = width(nullsTotal);
        int xw = width(extraTotal);
        byte kind = ValueKind.NUMERIC.id();
        int kindBytes = 0;
        for (long m = e.mask; m != 0 && kind == ValueKind.NUMERIC.id(); m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            if (e.graphs[i] > 0) {
                kind = ValueKind.GRAPH.id();
                kindBytes = children * GRAPH_ENTRY_BYTES;
            } else if (e.labels[i] != null && !e.labels[i].isEmpty()) {
                kind = ValueKind.NOMINAL.id();
                kindBytes = labelSectionBytes(e);
            }
        }
        int size = size(children, aw, vw, cw, nw, tw, xw) + kindBytes;
        MemorySegment p = out.reserve(size);
        p.set(Bytes.U8, KIND, RecordKind.INTERNAL);
        p.set(Bytes.U8, VALUE_KIND, kind);
        p.set(Bytes.U8, POINTWIDTH, (byte) pw);
        p.set(Bytes.U8, SPREAD, SPREAD_SIGMA_SUMS);
        p.set(Bytes.I32, CHILDREN, children);
        p.set(Bytes.I64, START, start);
        p.set(Bytes.I64, MASK, e.mask);
        p.set(Bytes.I64, ADDRESS_BASE, addressBase);
        p.set(Bytes.I64, VERSION_BASE, versionBase);
        p.set(Bytes.U8, ADDRESS_WIDTH, (byte) aw);
        p.set(Bytes.U8, VERSION_WIDTH, (byte) vw);
        p.set(Bytes.U8, COUNT_WIDTH, (byte) cw);
        p.set(Bytes.U8, NULLS_WIDTH, (byte) nw);
        p.set(Bytes.U8, TIME_SUM_WIDTH, (byte) tw);
        p.set(Bytes.U8, EXTRA_WIDTH, (byte) xw);
        p.set(Bytes.I16, KIND_BYTES, (short) kindBytes);
        p.asSlice(COLUMNS, size - COLUMNS - children * SUMMARY_BYTES - kindBytes).fill((byte) 0);
        long versions = COLUMNS + (long) children * aw;
        long counts = versions + (long) children * vw;
        long nulls = counts + (long) children * cw;
        long sums = nulls + (long) children * nw;
        long extras = sums + (long) children * tw;
        long doubles = doublesAt(children, aw + vw + cw + nw + tw + xw);
        long cumulative = 0;
        long cumulativeNulls = 0;
        long cumulativeExtra = 0;
        k = 0;
        for (long m = e.mask; m != 0; m &= m - 1, k++) {
            int i = Long.numberOfTrailingZeros(m);
            cumulative += e.count[i];
            put(p, COLUMNS + (long) k * aw, addr[k] - addressBase, aw);
            put(p, versions + (long) k * vw, e.version[i] - versionBase, vw);
            put(p, counts + (long) k * cw, cumulative, cw);
            cumulativeNulls += e.nulls[i];
            put(p, nulls + (long) k * nw, cumulativeNulls, nw);
            put(p, sums + (long) k * tw, e.timeSumLo[i], Math.min(tw, 8));
            put(p, sums + (long) k * tw + 8, e.timeSumHi[i], Math.max(0, tw - 8));
            cumulativeExtra += e.extra[i];
            put(p, extras + (long) k * xw, cumulativeExtra, xw);
            p.set(Bytes.F64, doubles + 8L * k, e.min[i]);
            p.set(Bytes.F64, doubles + 8L * (children + k), e.max[i]);
            p.set(Bytes.F64, doubles + 8L * (2 * children + k), e.mean[i]);
            p.set(Bytes.F64, doubles + 8L * (3 * children + k), e.sigma[i]);
        }
        long section = doubles + (long) children * SUMMARY_BYTES;
        if (kind == ValueKind.GRAPH.id()) {
            k = 0;
            for (long m = e.mask; m != 0; m &= m - 1, k++) {
                int i = Long.numberOfTrailingZeros(m);
                p.set(Bytes.I64, section + 8L * k, e.edgesMin[i]);
                p.set(Bytes.I64, section + 8L * (children + k), e.edgesMax[i]);
                p.set(Bytes.I64, section + 8L * (2 * children + k), e.edgesSum[i]);
            }
        } else if (kind == ValueKind.NOMINAL.id()) {
            long at = section + children;
            k = 0;
            for (long m = e.mask; m != 0; m &= m - 1, k++) {
                LabelTable t = e.labels[Long.numberOfTrailingZeros(m)];
                p.set(Bytes.U8, section + k, (byte) (t.many ? MANY_LABELS : t.size));
                for (int j = 0; !t.many && j < t.size; j++) {
                    p.set(Bytes.U8, at, (byte) t.labels[j].length);
                    MemorySegment.copy(MemorySegment.ofArray(t.labels[j]), 0, p, at + 1, t.labels[j].length);
                    p.set(Bytes.I64, at + 1 + t.labels[j].length, t.counts[j]);
                    at += 1 + t.labels[j].length + 8;
                }
            }
        }
        return out.lastAddress();
    }

    /**
     * Writes a copy of node {@code n} whose entry {@code e} points at {@code children[e]};
     * returns the copy's address. Only the address column is encoded again (its width may
     * change); everything else, the spread byte, the null-count and time-sum columns and the
     * summary columns included, is copied byte for byte, so a format-4 (5) node would stay a
     * format-4 (5) node, and a format-6 node keeps its sums. Compaction ({@link TreeCopier})
     * copies format-6 nodes with it, and writes older nodes again as format 6 ({@link #write}).
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
        int rest = vw + cw + nullsWidth(n) + timeSumWidth(n) + extraWidth(n); // the integer columns after the addresses
        int kindBytes = kindBytes(n);
        int size = size(c, aw, rest, 0, 0, 0) + kindBytes;
        MemorySegment p = out.reserve(size);
        p.fill((byte) 0);
        MemorySegment.copy(n, 0, p, 0, COLUMNS);
        p.set(Bytes.I64, ADDRESS_BASE, addressBase);
        p.set(Bytes.U8, ADDRESS_WIDTH, (byte) aw);
        for (int k = 0; k < c; k++) {
            put(p, COLUMNS + (long) k * aw, children[k] - addressBase, aw);
        }
        // the version, count, null-count, time-sum and extra-samples columns follow the addresses, then padding, then the doubles
        MemorySegment.copy(n, COLUMNS + (long) c * addressWidth(n), p, COLUMNS + (long) c * aw, (long) c * rest);
        long from = doublesAt(c, addressWidth(n) + rest);
        MemorySegment.copy(n, from, p, doublesAt(c, aw + rest), (long) c * SUMMARY_BYTES + kindBytes); // and the kind's section
        return out.lastAddress();
    }

    /** The bytes of a nominal node's label section over the entries {@code e}. */
    private static int labelSectionBytes(Entries e) {
        int bytes = Long.bitCount(e.mask);
        for (long m = e.mask; m != 0; m &= m - 1) {
            LabelTable t = e.labels[Long.numberOfTrailingZeros(m)];
            for (int j = 0; !t.many && j < t.size; j++) {
                bytes += 1 + t.labels[j].length + 8;
            }
        }
        return bytes;
    }

    /** Bytes needed for the unsigned 128-bit value {@code hi:lo}: 0 to 16. */
    public static int width128(long hi, long lo) {
        return hi != 0 ? 8 + width(hi) : width(lo);
    }

    private static void put(MemorySegment p, long at, long value, int width) {
        for (int b = 0; b < width; b++) {
            p.set(Bytes.U8, at + b, (byte) (value >>> (8 * b)));
        }
    }
}
