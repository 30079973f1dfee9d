package io.dendro.tree;

import io.dendro.storage.NodeAddress;
import io.dendro.storage.RecordSink;
import io.dendro.storage.RecordSource;
import java.lang.foreign.MemorySegment;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Copies trees for compaction: children first, each node once (an address map from old to new
 * address keeps a subtree shared by several versions shared), and every internal node of format
 * 4 or 5 becomes a format-6 node on the way, so that a compacted tree has time sums everywhere.
 *
 * <ul>
 * <li>A leaf is copied byte for byte.</li>
 * <li>A format-4 or 5 node is written again by {@link InternalLayout#write}, each entry computed
 *     as {@link TreeWriter} computes it for a child it has just written: a leaf child's
 *     {@link Summary#ofValues} and time sum from its decoded points, an internal child's
 *     merge of its (already converted) entries in entry order and the sum of their time sums.
 *     Null counts are 0 (older formats have no null points, and the leaves say so). The entry
 *     versions are kept.</li>
 * <li>A format-6 node keeps its entries, and is copied by {@link InternalLayout#rewrite} (only
 *     the address column encoded again), unless an internal child's summary changed below it
 *     (a format-4 subtree under it was converted: format 4's arithmetic differs from
 *     {@link Summary}'s in the last bits) or an entry over a leaf has an infinite spread (format
 *     4's M2 overflowed, carried over); then those entries are recomputed as above, the others
 *     kept, and it is written by {@link InternalLayout#write}. Its other leaf children are not
 *     read.</li>
 * </ul>
 *
 * <p>So every entry of the copy equals, bit for bit, what the verifier recomputes from the child
 * ({@code inspect/TreeCheck}): a converted tree is what a format-6 writer would have written over
 * the same points, except that entries kept from a format-6 node over a leaf may still hold a
 * (finite) summary carried over from a format-4 parent, which the verifier accepts as before.
 * The statistics of a former format-4 subtree may move in their last bits (they are now
 * computed with {@link Summary}'s arithmetic), within the documented error bound.
 *
 * <p>Memory: beside the address map, the summary and time sum of every internal node copied
 * (about 100 bytes each; leaves need none), until the compaction ends.
 */
public final class TreeCopier {
    private final RecordSource store;
    private final RecordSink out;
    private final Long2LongHashMap moved = new Long2LongHashMap(NodeAddress.NONE);
    /** Old address of each internal node copied: what its parent's format-6 entry must hold. */
    private final Long2ObjectHashMap<Copied> internals = new Long2ObjectHashMap<>();
    private final LeafPoints points = new LeafPoints();
    private final TimeSum scratchSum = new TimeSum();
    private final Summary scratch = new Summary();
    private long nodes;
    private long bytes;
    private long converted;

    /** An internal node's summary (the merge of its entries) and time sum (from its start). */
    private static final class Copied {
        final Summary summary = new Summary();
        final TimeSum sum = new TimeSum();
    }

    public TreeCopier(RecordSource store, RecordSink out) {
        this.store = store;
        this.out = out;
    }

    /** Tree nodes copied so far. */
    public long nodes() {
        return nodes;
    }

    /** Payload bytes of the nodes read to be copied (before conversion). */
    public long bytes() {
        return bytes;
    }

    /** Format-4 and 5 internal nodes written as format 6 so far. */
    public long converted() {
        return converted;
    }

    /** Copies the tree whose root is {@code root} ({@code NONE}: empty) and returns the copy's root. */
    public long copy(long root) {
        return tree(root, Geometry.ROOT_PW, Geometry.ROOT_START);
    }

    private long tree(long addr, int pw, long start) {
        if (addr == NodeAddress.NONE) {
            return addr;
        }
        long done = moved.get(addr);
        if (done != NodeAddress.NONE) {
            return done;
        }
        MemorySegment n = Nodes.tree(store, addr, pw, start);
        long newAddr;
        if (Nodes.isLeaf(n)) {
            MemorySegment copy = out.reserve((int) n.byteSize());
            MemorySegment.copy(n, 0, copy, 0, n.byteSize());
            newAddr = out.lastAddress();
        } else {
            newAddr = internal(addr, n, pw, start);
        }
        moved.put(addr, newAddr);
        nodes++;
        bytes += n.byteSize();
        return newAddr;
    }

    /** Copies internal node {@code n} (at {@code addr}) after its children; records its summary. */
    private long internal(long addr, MemorySegment n, int pw, long start) {
        long mask = InternalLayout.mask(n);
        int cpw = Geometry.childPw(pw);
        long[] children = new long[Long.bitCount(mask)];
        int k = 0;
        for (long m = mask; m != 0; m &= m - 1, k++) {
            int i = Long.numberOfTrailingZeros(m);
            children[k] = tree(InternalLayout.address(n, k), cpw, Geometry.childStart(start, pw, i));
        }
        boolean sums = InternalLayout.hasTimeSums(n);
        Entries e = null;
        if (!sums) {
            e = Entries.read(n); // versions and addresses; every entry is recomputed below
            converted++;
        }
        k = 0;
        for (long m = mask; m != 0; m &= m - 1, k++) {
            int i = Long.numberOfTrailingZeros(m);
            long cs = Geometry.childStart(start, pw, i);
            long old = InternalLayout.address(n, k);
            Copied c = internals.get(old);
            if (c != null) { // an internal child: its entry is the merge of its copy's entries
                if (sums && holds(n, k, c)) {
                    continue;
                }
                if (e == null) {
                    e = Entries.read(n);
                }
                e.set(i, old, e.version[i], c.summary, c.sum);
            } else if (!sums || Double.isInfinite(InternalLayout.spreadColumn(n, k))) {
                // a leaf child under a format-4 or 5 node (no time sum stored), or an entry carried
                // over from a format-4 parent whose M2 overflowed (no Summary is infinite)
                if (e == null) {
                    e = Entries.read(n);
                }
                points.decode(Nodes.tree(store, old, cpw, cs));
                scratch.ofPoints(points.values, points.payloads, 0, points.count);
                scratchSum.clear();
                scratchSum.addTimes(points.times, 0, points.count, cs);
                e.set(i, old, e.version[i], scratch, scratchSum);
            }
        }
        Copied self = new Copied();
        long newAddr;
        if (e == null) { // a format-6 node whose entries all hold: copied as it is
            newAddr = InternalLayout.rewrite(out, n, children);
            k = 0;
            for (long m = mask; m != 0; m &= m - 1, k++) {
                self.summary.merge(n, k);
                self.sum.addEntry(n, k, Geometry.childStart(start, pw, Long.numberOfTrailingZeros(m)), start);
            }
        } else {
            newAddr = InternalLayout.write(out, pw, start, e, moved::get);
            e.summarize(pw, start, self.summary, self.sum); // as TreeWriter.writeInternal
        }
        internals.put(addr, self);
        return newAddr;
    }

    /** Whether entry {@code k} of format-6 node {@code n} holds what {@link Entries#set} would store for {@code c}. */
    private static boolean holds(MemorySegment n, int k, Copied c) {
        Summary s = c.summary;
        int kind = InternalLayout.valueKind(n);
        if (kind == ValueKind.NOMINAL.id()) {
            LabelTable stored = new LabelTable();
            InternalLayout.labels(n, k, stored);
            if (!stored.same(s.labels)) {
                return false;
            }
        } else if (kind == ValueKind.GRAPH.id()) {
            if (s.graphs != InternalLayout.count(n, k) || InternalLayout.edgesMin(n, k) != s.edgesMin
                    || InternalLayout.edgesMax(n, k) != s.edgesMax || InternalLayout.edgesSum(n, k) != s.edgesSum) {
                return false;
            }
        } else if (!s.labels.isEmpty() || s.graphs != 0) {
            return false;
        }
        return InternalLayout.count(n, k) == s.points() && InternalLayout.nulls(n, k) == s.nulls
                && InternalLayout.extra(n, k) == s.extra
                && same(InternalLayout.min(n, k), s.storedMin()) && same(InternalLayout.max(n, k), s.storedMax())
                && same(InternalLayout.mean(n, k), s.storedMean())
                && same(InternalLayout.spreadColumn(n, k), s.sigma())
                && InternalLayout.timeSumHi(n, k) == c.sum.hi && InternalLayout.timeSumLo(n, k) == c.sum.lo;
    }

    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }
}
