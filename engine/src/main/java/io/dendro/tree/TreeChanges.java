package io.dendro.tree;

import io.dendro.TimeRange;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.RecordSource;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code changes(from, to, resolution)}: the time ranges where two versions of a stream differ.
 * Both trees are walked side by side; a child whose address is the same in both is the same
 * subtree (copy-on-write never rewrites a node in place) and is skipped unread, so the cost
 * follows the changed part of the trees. Where a leaf is involved the points are compared,
 * so a rewritten leaf whose content ended up equal is not reported. Every range is widened to
 * multiples of {@code 2^resolution}; overlapping and touching ranges are merged.
 */
public final class TreeChanges {
    private final RecordSource store;
    private final int resolution;
    private final List<TimeRange> out = new ArrayList<>();

    private TreeChanges(RecordSource store, int resolution) {
        this.store = store;
        this.resolution = resolution;
    }

    /** The ranges where the trees under {@code fromRoot} and {@code toRoot} differ, ascending. */
    public static List<TimeRange> between(RecordSource store, long fromRoot, long toRoot, int resolution) {
        TreeChanges c = new TreeChanges(store, resolution);
        c.diff(fromRoot, toRoot, Geometry.ROOT_PW, Geometry.ROOT_START);
        return c.out;
    }

    private void diff(long a, long b, int pw, long start) {
        if (a == b) {
            return;
        }
        MemorySegment na = a == NodeAddress.NONE ? null : Nodes.tree(store, a, pw, start);
        MemorySegment nb = b == NodeAddress.NONE ? null : Nodes.tree(store, b, pw, start);
        boolean internalA = na != null && !Nodes.isLeaf(na);
        boolean internalB = nb != null && !Nodes.isLeaf(nb);
        if ((na == null || internalA) && (nb == null || internalB)) {
            long ma = na == null ? 0 : InternalLayout.mask(na);
            long mb = nb == null ? 0 : InternalLayout.mask(nb);
            int cpw = Geometry.childPw(pw);
            for (long m = ma | mb; m != 0; m &= m - 1) {
                int i = Long.numberOfTrailingZeros(m);
                long ca = (ma & (1L << i)) == 0 ? NodeAddress.NONE
                        : InternalLayout.address(na, InternalLayout.entryOf(ma, i));
                long cb = (mb & (1L << i)) == 0 ? NodeAddress.NONE
                        : InternalLayout.address(nb, InternalLayout.entryOf(mb, i));
                diff(ca, cb, cpw, Geometry.childStart(start, pw, i));
            }
            return;
        }
        // at least one side is a leaf: compare the points of both sides over this node's span
        comparePoints(a, b, pw, start);
    }

    private void comparePoints(long a, long b, int pw, long start) {
        long end = Geometry.end(start, pw);
        try (Points pa = new Points(store, a, pw, start, end); Points pb = new Points(store, b, pw, start, end)) {
            boolean hasA = pa.next();
            boolean hasB = pb.next();
            while (hasA || hasB) {
                long t = !hasA ? pb.time() : !hasB ? pa.time() : Math.min(pa.time(), pb.time());
                boolean same = true;
                // compare the sequences of values at time t on both sides
                while (hasA && hasB && pa.time() == t && pb.time() == t) {
                    if (Double.doubleToRawLongBits(pa.value()) != Double.doubleToRawLongBits(pb.value())
                            || !java.util.Arrays.equals(pa.payload(), pb.payload())) { // an aggregate or a document
                        same = false;
                    }
                    hasA = pa.next();
                    hasB = pb.next();
                }
                while (hasA && pa.time() == t) {
                    same = false;
                    hasA = pa.next();
                }
                while (hasB && pb.time() == t) {
                    same = false;
                    hasB = pb.next();
                }
                if (!same) {
                    add(t);
                }
            }
        }
    }

    /**
     * Adds the {@code 2^resolution} block around {@code t} (clipped to the time range, so every
     * range can be passed back to a query), merging with the last range.
     */
    private void add(long t) {
        long s = Math.max(io.dendro.Time.MIN_TIME, t & -(1L << resolution));
        long e = Math.min(io.dendro.Time.MAX_TIME, (t & -(1L << resolution)) + (1L << resolution));
        if (!out.isEmpty() && out.get(out.size() - 1).end() >= s) {
            TimeRange last = out.remove(out.size() - 1);
            out.add(new TimeRange(last.start(), Math.max(last.end(), e)));
        } else {
            out.add(new TimeRange(s, e));
        }
    }

    /** The points of one subtree in {@code [start, end)}, read through the values walker. */
    private static final class Points extends Walker implements AutoCloseable {
        private final long end;
        private final long start;

        Points(RecordSource store, long root, int pw, long start, long end) {
            super(store, root, pw, start, start, end);
            this.start = start;
            this.end = end;
        }

        @Override
        protected int decide(long cs, int cpw) {
            if (cs >= end) {
                return STOP;
            }
            return Geometry.end(cs, cpw) <= start ? SKIP : DESCEND;
        }

        boolean next() {
            return advance() == POINT;
        }

        long time() {
            return time;
        }

        double value() {
            return value;
        }

        byte[] payload() {
            return payload;
        }

        @Override
        public void close() {
            releaseLeaf(); // the store's lease is the caller's
        }
    }
}
