package io.dendro.inspect;

import io.dendro.Time;
import io.dendro.VerifyReport.Kind;
import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.Geometry;
import io.dendro.tree.InternalLayout;
import io.dendro.tree.LeafLayout;
import io.dendro.tree.Nodes;
import io.dendro.tree.Summary;
import java.lang.foreign.MemorySegment;

/**
 * Checks the trees of a stream's versions (docs/format/internal-node.md and leaf.md): every
 * record's checksum and position ({@link Nodes#tree}), leaf points sorted, finite and inside
 * the leaf's span, leaf capacity, reserved bytes, and every parent entry against its child:
 * the summary bit for bit (a leaf's is {@link Summary#ofValues} over its values, an internal
 * node's the {@link Summary#merge} of its own entries in entry order, as the writer computes
 * them) and the child's entry versions not above the parent entry's version, which is itself
 * in {@code [1, version checked]}.
 *
 * <p>Each node is checked once ({@link NodeMemo}); a later parent entry pointing at it is
 * compared with what the first check remembered. Versions must be checked in ascending order,
 * so that a node is first checked under the oldest version that holds it. A node that cannot be
 * read is reported once and what lies below it is skipped.
 */
final class TreeCheck {
    private static final int BAD = 0;
    private static final int FRESH = 1;
    private static final int SEEN = 2;
    private static final int LEVELS = (Geometry.ROOT_PW - Geometry.MIN_PW) / Geometry.FANOUT_BITS + 1;

    private final Store store;
    private final ProblemLog log;
    private final NodeMemo memo = new NodeMemo();
    private final Summary[] scratch = new Summary[LEVELS + 1];
    private double[] values = new double[Geometry.LEAF_CAPACITY];
    private long version;
    private long lastMaxVersion;
    private long lastFingerprint;
    long nodes;
    long points;
    long bytes;

    TreeCheck(Store store, ProblemLog log) {
        this.store = store;
        this.log = log;
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = new Summary();
        }
    }

    /** Checks the tree of version {@code v}, whose root is {@code root} ({@code NONE}: empty). */
    void version(long v, long root) {
        if (root == NodeAddress.NONE) {
            return;
        }
        version = v;
        // A fresh root has had its entries checked against v; a root met before (shared with
        // another version or stream) must not hold anything newer than v either.
        if (visit(NodeAddress.NONE, root, Geometry.ROOT_PW, Geometry.ROOT_START, scratch[0]) == SEEN
                && lastMaxVersion > v) {
            log.add(Kind.VERSION, root, "the root holds an entry of version " + lastMaxVersion);
        }
    }

    /**
     * Checks the node at {@code address} placed at {@code (pw, start)} by {@code parent} (NONE for
     * a root). Returns FRESH (checked now, its summary in {@code out}), SEEN (checked before) or
     * BAD (unreadable). For FRESH and SEEN, {@link #lastFingerprint} and {@link #lastMaxVersion}
     * describe the node.
     */
    private int visit(long parent, long address, int pw, long start, Summary out) {
        int slot = memo.find(address);
        if (slot >= 0) {
            if (memo.bad(slot)) {
                return BAD;
            }
            if (memo.pw(slot) != pw || memo.start(slot) != start) {
                log.add(Kind.TREE, parent == NodeAddress.NONE ? address : parent, "node "
                        + NodeAddress.toString(address) + " placed at pointwidth " + pw + " start " + start
                        + " was found before at pointwidth " + memo.pw(slot) + " start " + memo.start(slot));
                return BAD;
            }
            lastFingerprint = memo.fingerprint(slot);
            lastMaxVersion = memo.maxVersion(slot);
            return SEEN;
        }
        MemorySegment n;
        try {
            n = Nodes.tree(store, address, pw, start);
        } catch (RuntimeException e) {
            log.failed(e, address);
            memo.putBad(address);
            return BAD;
        }
        nodes++;
        bytes += 8 + n.byteSize();
        long maxVersion;
        try {
            maxVersion = Nodes.isLeaf(n) ? leaf(address, n, pw, start, out) : internal(address, n, pw, start, out);
        } catch (RuntimeException e) {
            log.failed(e, address);
            memo.putBad(address);
            return BAD;
        }
        long fp = fingerprint(out.count, out.min, out.max, out.mean, out.m2);
        memo.put(address, pw, start, fp, maxVersion);
        lastFingerprint = fp;
        lastMaxVersion = maxVersion;
        return FRESH;
    }

    private final io.dendro.tree.LeafPoints leafPoints = new io.dendro.tree.LeafPoints();

    private long leaf(long address, MemorySegment n, int pw, long start, Summary out) {
        int count = LeafLayout.count(n);
        if (n.get(Bytes.U8, LeafLayout.RESERVED) != 0) {
            log.add(Kind.TREE, address, "leaf reserved byte is not zero");
        }
        if (count > Geometry.LEAF_CAPACITY && pw != Geometry.MIN_PW) {
            log.add(Kind.TREE, address, "leaf at pointwidth " + pw + " holds " + count + " points, more than "
                    + Geometry.LEAF_CAPACITY);
        }
        long end = Math.min(Geometry.end(start, pw), Time.MAX_TIME);
        long prev = Long.MIN_VALUE;
        boolean unsorted = false;
        boolean outside = false;
        boolean notFinite = false;
        if (values.length < count) {
            values = new double[count];
        }
        io.dendro.tree.LeafPoints pts = leafPoints.decode(n);
        for (int i = 0; i < count; i++) {
            long t = pts.times[i];
            double v = pts.values[i];
            if (t < prev && !unsorted) {
                unsorted = true;
                log.add(Kind.TREE, address, "leaf point " + i + " at time " + t + " is before point " + (i - 1)
                        + " at " + prev);
            }
            if ((t < start || t >= end) && !outside) {
                outside = true;
                log.add(Kind.TREE, address, "leaf point " + i + " at time " + t + " lies outside the leaf's span ["
                        + start + ", " + end + ")");
            }
            if (!Double.isFinite(v) && !notFinite) {
                notFinite = true;
                log.add(Kind.TREE, address, "leaf point " + i + " has value " + v);
            }
            prev = t;
            values[i] = v;
        }
        out.ofValues(values, 0, count);
        points += count;
        return 0;
    }

    private long internal(long address, MemorySegment n, int pw, long start, Summary out) {
        if (n.get(Bytes.U8, InternalLayout.RESERVED) != 0) {
            log.add(Kind.TREE, address, "internal node reserved byte is not zero");
        }
        int cpw = Geometry.childPw(pw);
        Summary child = scratch[(Geometry.ROOT_PW - cpw) / Geometry.FANOUT_BITS];
        long maxVersion = 0;
        out.clear();
        int e = 0;
        for (long m = InternalLayout.mask(n); m != 0; m &= m - 1, e++) {
            int i = Long.numberOfTrailingZeros(m);
            long count = InternalLayout.count(n, e);
            double min = InternalLayout.min(n, e);
            double max = InternalLayout.max(n, e);
            double mean = InternalLayout.mean(n, e);
            double m2 = InternalLayout.m2(n, e);
            out.merge(count, min, max, mean, m2); // as TreeWriter.writeInternal computes the parent's entry
            long entryVersion = InternalLayout.version(n, e);
            maxVersion = Math.max(maxVersion, entryVersion);
            String what = "entry " + e + " (child " + i + ")";
            if (entryVersion < 1 || entryVersion > version) {
                log.add(Kind.VERSION, address, what + " has version " + entryVersion + ", outside [1, "
                        + version + "]");
            }
            if (count < 1) {
                log.add(Kind.TREE, address, what + " has count " + count);
            }
            long ca = InternalLayout.address(n, e);
            if (ca == NodeAddress.NONE) {
                log.add(Kind.TREE, address, what + " has no address");
                continue;
            }
            int status = visit(address, ca, cpw, Geometry.childStart(start, pw, i), child);
            if (status == BAD) {
                continue;
            }
            if (lastMaxVersion > entryVersion) {
                log.add(Kind.VERSION, address, what + " has version " + entryVersion + " but child "
                        + NodeAddress.toString(ca) + " holds an entry of version " + lastMaxVersion);
            }
            if (status == FRESH) {
                String diff = diff(child, count, min, max, mean, m2);
                if (diff != null) {
                    log.add(Kind.SUMMARY, address, what + " summary differs from child " + NodeAddress.toString(ca)
                            + ": " + diff);
                }
            } else if (lastFingerprint != fingerprint(count, min, max, mean, m2)) {
                log.add(Kind.SUMMARY, address, what + " summary differs from child " + NodeAddress.toString(ca)
                        + " (count " + count + " in the entry)");
            }
        }
        return maxVersion;
    }

    /** The first field where the stored summary differs (bit for bit) from the child's, or null. */
    private static String diff(Summary c, long count, double min, double max, double mean, double m2) {
        if (c.count != count) {
            return "count " + count + ", child has " + c.count;
        }
        String[] names = {"min", "max", "mean", "m2"};
        double[] stored = {min, max, mean, m2};
        double[] actual = {c.min, c.max, c.mean, c.m2};
        for (int k = 0; k < names.length; k++) {
            if (Double.doubleToRawLongBits(stored[k]) != Double.doubleToRawLongBits(actual[k])) {
                return names[k] + " " + stored[k] + ", child has " + actual[k];
            }
        }
        return null;
    }

    private static long fingerprint(long count, double min, double max, double mean, double m2) {
        long h = mix(count);
        h = mix(h ^ Double.doubleToRawLongBits(min));
        h = mix(h ^ Double.doubleToRawLongBits(max));
        h = mix(h ^ Double.doubleToRawLongBits(mean));
        return mix(h ^ Double.doubleToRawLongBits(m2));
    }

    private static long mix(long k) {
        k += 0x9e3779b97f4a7c15L;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        return k ^ (k >>> 33);
    }
}
