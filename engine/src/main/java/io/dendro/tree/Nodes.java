package io.dendro.tree;

import io.dendro.error.DendroException;
import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.RecordSource;
import java.lang.foreign.MemorySegment;

/**
 * Reads tree nodes and checks their structure against where the parent says they are, so that
 * a damaged (or misplaced) node is a corruption error, never a wrong answer.
 */
public final class Nodes {
    private Nodes() {
    }

    /**
     * Reads the tree node at {@code address}, expected to span {@code [start, start + 2^pw)}.
     * The checks read the header in whole words and leave building the error to
     * {@link #diagnose}, so that this stays small enough to be inlined into the query loops.
     */
    public static MemorySegment tree(RecordSource store, long address, int pw, long start) {
        MemorySegment n = store.read(address);
        long size = n.byteSize();
        if (size < LeafLayout.TIMES) {
            throw diagnose(store, address, n, pw, start);
        }
        // kind u8 | valueKind u8 | pointwidth u8 | spread or reserved u8 | children or count u32, in both layouts
        long head = n.get(Bytes.I64, 0);
        int kind = (int) head & 0xFF;
        int valueKind = (int) (head >>> 8) & 0xFF;
        boolean ok = valueKind >= NUMERIC && valueKind <= GRAPH && ((head >>> 16) & 0xFF) == pw;
        int children = (int) (head >>> 32);
        if (kind == RecordKind.INTERNAL) {
            ok &= internalOk(n, size, (int) (head >>> 24) & 0xFF, children, pw, start, valueKind);
        } else if (kind == RecordKind.LEAF) {
            ok &= leafOk(n, size, children, start);
        } else {
            ok = false;
        }
        if (!ok) {
            throw diagnose(store, address, n, pw, start);
        }
        return n;
    }

    private static boolean internalOk(MemorySegment n, long size, int spread, int children, int pw, long start,
                                      int valueKind) {
        if (size < InternalLayout.COLUMNS) {
            return false;
        }
        long widths = n.get(Bytes.I64, InternalLayout.ADDRESS_WIDTH); // the six widths and the kind section's length in one word
        int aw = (int) widths & 0xFF;
        int vw = (int) (widths >>> 8) & 0xFF;
        int cw = (int) (widths >>> 16) & 0xFF;
        int nw = (int) (widths >>> 24) & 0xFF;
        int tw = (int) (widths >>> 32) & 0xFF;
        int xw = (int) (widths >>> 40) & 0xFF;
        int kb = (int) (widths >>> 48) & 0xFFFF; // the kind's section: none, label tables, edge columns
        boolean kindOk = valueKind == NUMERIC ? kb == 0
                : valueKind == GRAPH ? kb == children * InternalLayout.GRAPH_ENTRY_BYTES : kb >= children;
        // formats 4 and 5 have no null-count, time-sum or extra-samples column: those width bytes are reserved and zero
        boolean form = spread == InternalLayout.SPREAD_SIGMA_SUMS
                ? nw <= 8 && tw <= InternalLayout.MAX_TIME_SUM_WIDTH && xw <= 8
                : spread <= InternalLayout.SPREAD_SIGMA && (nw | tw | xw | kb) == 0;
        return form && children == Long.bitCount(InternalLayout.mask(n)) && children != 0 && aw <= 8 && vw <= 8
                && cw <= 8 && kindOk && size == InternalLayout.size(children, aw, vw, cw, nw, tw, xw) + kb
                && InternalLayout.start(n) == start && pw > Geometry.MIN_PW;
    }

    private static boolean leafOk(MemorySegment n, long size, int count, long start) {
        long timesLength = LeafLayout.timesLength(n);
        int flags = LeafLayout.flags(n);
        return count > 0 && timesLength >= 0 && LeafLayout.TIMES + timesLength <= size && LeafLayout.start(n) == start
                && (flags & ~LeafLayout.KNOWN_FLAGS) == 0
                && ((flags & LeafLayout.PAYLOADS) == 0 ? n.get(Bytes.I32, LeafLayout.VALUES_LENGTH) == 0
                        : LeafLayout.TIMES + timesLength + LeafLayout.valuesLength(n) <= size);
    }

    private static final int NUMERIC = ValueKind.NUMERIC.id() & 0xFF;
    private static final int GRAPH = ValueKind.GRAPH.id() & 0xFF;

    /** The corruption error that {@link #tree} found in node {@code n}: what is wrong, in words. */
    private static DendroException diagnose(RecordSource store, long address, MemorySegment n, int pw, long start) {
        long size = n.byteSize();
        if (size < LeafLayout.TIMES) {
            return corrupt(store, address, "tree node too short: " + size + " bytes");
        }
        byte kind = n.get(Bytes.U8, 0);
        if (kind == RecordKind.INTERNAL) {
            if (size < InternalLayout.COLUMNS) {
                return corrupt(store, address, "internal node too short");
            }
            int spread = InternalLayout.spread(n);
            if (spread > InternalLayout.SPREAD_SIGMA_SUMS) { // a reader must never guess the columns
                return corrupt(store, address, "internal node with unknown spread byte " + spread);
            }
            if (spread != InternalLayout.SPREAD_SIGMA_SUMS
                    && (InternalLayout.nullsWidth(n) | InternalLayout.timeSumWidth(n) | InternalLayout.extraWidth(n)) != 0) {
                return corrupt(store, address, "format-" + (spread + 4) + " internal node with a null-count,"
                        + " time-sum or extra-samples width");
            }
            int children = InternalLayout.children(n);
            if (children != Long.bitCount(InternalLayout.mask(n)) || children == 0
                    || InternalLayout.addressWidth(n) > 8 || InternalLayout.versionWidth(n) > 8
                    || InternalLayout.countWidth(n) > 8 || InternalLayout.nullsWidth(n) > 8
                    || InternalLayout.timeSumWidth(n) > InternalLayout.MAX_TIME_SUM_WIDTH
                    || InternalLayout.extraWidth(n) > 8
                    || (InternalLayout.valueKind(n) == ValueKind.NUMERIC.id() && InternalLayout.kindBytes(n) != 0)
                    || (InternalLayout.valueKind(n) == ValueKind.GRAPH.id()
                            && InternalLayout.kindBytes(n) != children * InternalLayout.GRAPH_ENTRY_BYTES)
                    || (InternalLayout.valueKind(n) == ValueKind.NOMINAL.id() && InternalLayout.kindBytes(n) < children)
                    || size != InternalLayout.expectedSize(n)) {
                return corrupt(store, address, "internal node with inconsistent child count " + children
                        + " or column widths for its " + size + " bytes");
            }
            if (InternalLayout.pointwidth(n) != pw || InternalLayout.start(n) != start || pw <= Geometry.MIN_PW) {
                return corrupt(store, address, "internal node placed at pointwidth " + pw + " start " + start
                        + " says pointwidth " + InternalLayout.pointwidth(n) + " start " + InternalLayout.start(n));
            }
        } else if (kind == RecordKind.LEAF) {
            int count = LeafLayout.count(n);
            long timesLength = LeafLayout.timesLength(n);
            if (count <= 0 || timesLength < 0 || LeafLayout.TIMES + timesLength > size) {
                return corrupt(store, address, "leaf with inconsistent point count " + count
                        + " or timestamp length " + timesLength);
            }
            if (LeafLayout.pointwidth(n) != pw || LeafLayout.start(n) != start) {
                return corrupt(store, address, "leaf placed at pointwidth " + pw + " start " + start
                        + " says pointwidth " + LeafLayout.pointwidth(n) + " start " + LeafLayout.start(n));
            }
            int flags = LeafLayout.flags(n);
            if ((flags & ~LeafLayout.KNOWN_FLAGS) != 0) {
                return corrupt(store, address, "leaf with unknown flags " + flags);
            }
            if ((flags & LeafLayout.PAYLOADS) == 0 && n.get(Bytes.I32, LeafLayout.VALUES_LENGTH) != 0) {
                return corrupt(store, address, "leaf without payloads with a values length");
            }
            if ((flags & LeafLayout.PAYLOADS) != 0 && LeafLayout.payloadsAt(n) > size) {
                return corrupt(store, address, "leaf whose values length " + LeafLayout.valuesLength(n)
                        + " passes its end");
            }
        } else {
            return corrupt(store, address, "expected a tree node, found a " + RecordKind.name(kind) + " record");
        }
        if (ValueKind.of(n.get(Bytes.U8, 1)) == null) {
            return corrupt(store, address, "unknown value kind " + n.get(Bytes.U8, 1));
        }
        return corrupt(store, address, "tree node failed its structural checks");
    }

    /** Reads a record that must be of the given kind and at least {@code minSize} bytes. */
    public static MemorySegment record(RecordSource store, long address, byte kind, int minSize) {
        if (address == NodeAddress.NONE) {
            throw corrupt(store, address, "missing " + RecordKind.name(kind) + " record");
        }
        MemorySegment n = store.read(address);
        if (n.byteSize() < Math.max(1, minSize) || n.get(Bytes.U8, 0) != kind) {
            throw corrupt(store, address, "expected a " + RecordKind.name(kind) + " record");
        }
        return n;
    }

    public static boolean isLeaf(MemorySegment n) {
        return n.get(Bytes.U8, 0) == RecordKind.LEAF;
    }

    public static DendroException corrupt(RecordSource store, long address, String what) {
        return DendroException.corruption(store.fileOf(address), NodeAddress.offset(address), what);
    }
}
