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

    /** Reads the tree node at {@code address}, expected to span {@code [start, start + 2^pw)}. */
    public static MemorySegment tree(RecordSource store, long address, int pw, long start) {
        MemorySegment n = store.read(address);
        long size = n.byteSize();
        if (size < LeafLayout.TIMES) {
            throw corrupt(store, address, "tree node too short: " + size + " bytes");
        }
        byte kind = n.get(Bytes.U8, 0);
        if (kind == RecordKind.INTERNAL) {
            if (size < InternalLayout.COLUMNS) {
                throw corrupt(store, address, "internal node too short");
            }
            int children = InternalLayout.children(n);
            if (children != Long.bitCount(InternalLayout.mask(n)) || children == 0
                    || InternalLayout.addressWidth(n) > 8 || InternalLayout.versionWidth(n) > 8
                    || InternalLayout.countWidth(n) > 8 || size != InternalLayout.expectedSize(n)) {
                throw corrupt(store, address, "internal node with inconsistent child count " + children
                        + " or column widths for its " + size + " bytes");
            }
            if (InternalLayout.spread(n) > InternalLayout.SPREAD_SIGMA) { // a reader must never guess the column
                throw corrupt(store, address, "internal node with unknown spread byte " + InternalLayout.spread(n));
            }
            if (InternalLayout.pointwidth(n) != pw || InternalLayout.start(n) != start || pw <= Geometry.MIN_PW) {
                throw corrupt(store, address, "internal node placed at pointwidth " + pw + " start " + start
                        + " says pointwidth " + InternalLayout.pointwidth(n) + " start " + InternalLayout.start(n));
            }
        } else if (kind == RecordKind.LEAF) {
            int count = LeafLayout.count(n);
            long timesLength = LeafLayout.timesLength(n);
            if (count <= 0 || timesLength < 0 || LeafLayout.TIMES + timesLength > size) {
                throw corrupt(store, address, "leaf with inconsistent point count " + count
                        + " or timestamp length " + timesLength);
            }
            if (LeafLayout.pointwidth(n) != pw || LeafLayout.start(n) != start) {
                throw corrupt(store, address, "leaf placed at pointwidth " + pw + " start " + start
                        + " says pointwidth " + LeafLayout.pointwidth(n) + " start " + LeafLayout.start(n));
            }
        } else {
            throw corrupt(store, address, "expected a tree node, found a " + RecordKind.name(kind) + " record");
        }
        if (ValueKind.of(n.get(Bytes.U8, 1)) != ValueKind.NUMERIC) {
            throw corrupt(store, address, "unknown value kind " + n.get(Bytes.U8, 1));
        }
        return n;
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
