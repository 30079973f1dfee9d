package io.dendro.inspect;

import io.dendro.Time;
import io.dendro.VerifyReport.Kind;
import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.Format4Summary;
import io.dendro.tree.Geometry;
import io.dendro.tree.InternalLayout;
import io.dendro.tree.LeafLayout;
import io.dendro.tree.Nodes;
import io.dendro.tree.Summary;
import io.dendro.tree.TimeSum;
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
 * <p>Trees may mix formats 4 and 5 ({@link InternalLayout#SPREAD}). A format-4 node's entries
 * hold M2 as format 4 computed it ({@link Format4Summary}): the entry of a format-4 parent is
 * checked against that arithmetic, raw M2 included. A format-5 parent's entry is either written
 * fresh by a format-5 writer (the child's {@link Summary}) or carried over unchanged from a
 * format-4 parent when a format-5 writer path-copied it without touching that child: then it is
 * format 4's summary with M2 turned into a standard deviation ({@link Format4Summary#stddev}).
 * So each leaf and format-4 node is summarized both ways, and a format-5 entry must match one
 * of them bit for bit.
 *
 * <p>A format-6 node's entries also hold the child's null count (its points whose value is
 * {@code Stream.NULL}, at most its count, and equal to the child's), and its time sum, which must equal the sum of {@code t - childStart} over the
 * child's points, computed here from the leaves up (a leaf's times; an internal node's
 * children's sums, each plus its count times its offset), whatever the child's format.
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
    /** A memo value: the node has no format-4 summary (a format-5 internal node). */
    private static final long NO_LEGACY = 0;

    private final Summary[] scratch = new Summary[LEVELS + 1];
    private final Format4Summary[] legacyScratch = new Format4Summary[LEVELS + 1];
    private double[] values = new double[Geometry.LEAF_CAPACITY];
    private long version;
    private long lastMaxVersion;
    private long lastFingerprint;
    private long lastLegacy;
    /** The time sum of the node {@link #visit} just looked at, measured from its start (the truth, not its entry). */
    private long lastSumHi;
    private long lastSumLo;
    private final TimeSum[] sums = new TimeSum[LEVELS + 1];
    /**
     * {@link #lastSumHi} of a node below an unreadable child without a stored time sum (a
     * format-4 or 5 parent): its sum is unknown, and nothing is compared with it. No real sum
     * has this high word (a sum is below {@code 2^120}).
     */
    private static final long UNKNOWN_SUM = -1L;
    long nodes;
    long points;
    long bytes;

    TreeCheck(Store store, ProblemLog log) {
        this.store = store;
        this.log = log;
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = new Summary();
            legacyScratch[i] = new Format4Summary();
            sums[i] = new TimeSum();
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
        if (visit(NodeAddress.NONE, root, Geometry.ROOT_PW, Geometry.ROOT_START, scratch[0], legacyScratch[0]) == SEEN
                && lastMaxVersion > v) {
            log.add(Kind.VERSION, root, "the root holds an entry of version " + lastMaxVersion);
        }
    }

    /**
     * Checks the node at {@code address} placed at {@code (pw, start)} by {@code parent} (NONE for
     * a root). Returns FRESH (checked now, its summary in {@code out}, and for a leaf or a
     * format-4 node its format-4 summary in {@code legacy}), SEEN (checked before) or BAD
     * (unreadable). For FRESH and SEEN, {@link #lastFingerprint}, {@link #lastLegacy} and
     * {@link #lastMaxVersion} describe the node.
     */
    private int visit(long parent, long address, int pw, long start, Summary out, Format4Summary legacy) {
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
            lastLegacy = memo.legacyFingerprint(slot);
            lastMaxVersion = memo.maxVersion(slot);
            lastSumHi = memo.timeSumHi(slot);
            lastSumLo = memo.timeSumLo(slot);
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
        boolean leaf = Nodes.isLeaf(n);
        TimeSum sum = sums[(Geometry.ROOT_PW - pw) / Geometry.FANOUT_BITS];
        sum.clear();
        try {
            maxVersion = leaf ? leaf(address, n, pw, start, out, legacy, sum)
                    : internal(address, n, pw, start, out, legacy, sum);
        } catch (RuntimeException e) {
            log.failed(e, address);
            memo.putBad(address);
            return BAD;
        }
        long fp = fingerprint(out.points(), out.nulls, out.extra ^ kindHash(out.labels, out.graphs, out.edgesMin,
                out.edgesMax, out.edgesSum), out.storedMin(), out.storedMax(), out.storedMean(), out.sigma());
        long fpLegacy = leaf || InternalLayout.spread(n) == InternalLayout.SPREAD_M2 ? legacyFingerprint(legacy) : NO_LEGACY;
        memo.put(address, pw, start, fp, fpLegacy, sum.hi, sum.lo, maxVersion);
        lastSumHi = sum.hi;
        lastSumLo = sum.lo;
        lastFingerprint = fp;
        lastLegacy = fpLegacy;
        lastMaxVersion = maxVersion;
        return FRESH;
    }

    private final io.dendro.tree.LeafPoints leafPoints = new io.dendro.tree.LeafPoints();

    private long leaf(long address, MemorySegment n, int pw, long start, Summary out, Format4Summary legacy,
                      TimeSum sum) {
        int count = LeafLayout.count(n);
        if ((LeafLayout.flags(n) & ~LeafLayout.KNOWN_FLAGS) != 0) {
            log.add(Kind.TREE, address, "leaf flags " + LeafLayout.flags(n) + " hold an unknown bit");
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
            if (!Double.isFinite(v) && !Summary.isNull(v) && !notFinite) {
                notFinite = true;
                log.add(Kind.TREE, address, "leaf point " + i + " has value " + v);
            }
            prev = t;
            values[i] = v;
        }
        if (pts.payloads != null) {
            checkPayloads(address, pts);
            long bytes = io.dendro.tree.LeafPoints.payloadBytes(pts.payloads, 0, count);
            if (bytes > Geometry.LEAF_PAYLOAD_BYTES && pw != Geometry.MIN_PW && pts.times[0] != pts.times[count - 1]) {
                log.add(Kind.TREE, address, "leaf at pointwidth " + pw + " holds " + bytes + " bytes of payloads,"
                        + " more than " + Geometry.LEAF_PAYLOAD_BYTES);
            }
        }
        sum.addTimes(pts.times, 0, count, start); // outside points are reported above
        out.ofPoints(values, pts.payloads, 0, count);
        legacy.ofValues(values, 0, count); // what a format-4 parent (or an entry carried from one) holds
        points += count;
        return 0;
    }

    /** Every payload is an aggregate that does not contradict itself, or a non-empty document. */
    private void checkPayloads(long address, io.dendro.tree.LeafPoints pts) {
        for (int i = 0; i < pts.count; i++) {
            byte[] p = pts.payloads[i];
            if (p == null) {
                continue;
            }
            if (io.dendro.tree.AggregatePayload.is(p)) {
                long c = io.dendro.tree.AggregatePayload.count(p);
                double lo = io.dendro.tree.AggregatePayload.min(p);
                double hi = io.dendro.tree.AggregatePayload.max(p);
                double sd = io.dendro.tree.AggregatePayload.stddev(p);
                double mean = pts.values[i];
                if (!(c >= 1 && lo <= hi && mean >= lo && mean <= hi && sd >= 0 && Double.isFinite(sd))) {
                    log.add(Kind.TREE, address, "leaf point " + i + " is an aggregate that contradicts itself (count "
                            + c + ", min " + lo + ", max " + hi + ", mean " + mean + ", stddev " + sd + ")");
                    return;
                }
            } else if (io.dendro.tree.GraphPayload.is(p)) {
                String problem;
                try {
                    io.dendro.value.GraphValue g = io.dendro.value.GraphValue.of(io.dendro.tree.GraphPayload.json(p));
                    problem = g.edges() != io.dendro.tree.GraphPayload.edges(p)
                            ? "says " + io.dendro.tree.GraphPayload.edges(p) + " edges, its document has " + g.edges()
                            : g.vertices() != pts.values[i] ? "has value " + pts.values[i] + ", its document "
                            + g.vertices() + " vertices" : null;
                } catch (io.dendro.error.DendroException e) {
                    problem = "is not a graph: " + e.getMessage();
                }
                if (problem != null) {
                    log.add(Kind.TREE, address, "leaf point " + i + " (a graph) " + problem);
                    return;
                }
            } else if (p[0] != io.dendro.tree.AggregatePayload.TAG && p[0] != io.dendro.tree.GraphPayload.TAG) {
                try { // a label: JSON in its compact form
                    String doc = new String(p, java.nio.charset.StandardCharsets.UTF_8);
                    if (!io.dendro.value.Json.write(io.dendro.value.Json.parse(doc)).equals(doc)) {
                        log.add(Kind.TREE, address, "leaf point " + i + " holds a label not in its compact form");
                        return;
                    }
                } catch (io.dendro.error.DendroException e) {
                    log.add(Kind.TREE, address, "leaf point " + i + " holds a label that is not JSON: " + e.getMessage());
                    return;
                }
            } else {
                log.add(Kind.TREE, address, "leaf point " + i + " has a malformed aggregate or graph payload of "
                        + p.length + " bytes");
                return;
            }
        }
    }

    private long internal(long address, MemorySegment n, int pw, long start, Summary out, Format4Summary legacy,
                          TimeSum sum) {
        boolean format4 = InternalLayout.spread(n) == InternalLayout.SPREAD_M2; // Nodes.tree refused other values
        boolean format6 = InternalLayout.hasTimeSums(n);
        boolean unknownSum = false;
        int cpw = Geometry.childPw(pw);
        int level = (Geometry.ROOT_PW - cpw) / Geometry.FANOUT_BITS;
        Summary child = scratch[level];
        Format4Summary childLegacy = legacyScratch[level];
        long maxVersion = 0;
        out.clear();
        legacy.clear();
        int e = 0;
        for (long m = InternalLayout.mask(n); m != 0; m &= m - 1, e++) {
            int i = Long.numberOfTrailingZeros(m);
            long count = InternalLayout.count(n, e);
            long nulls = InternalLayout.nulls(n, e); // 0 before format 6
            long extra = InternalLayout.extra(n, e); // 0 before format 7
            double min = InternalLayout.min(n, e);
            double max = InternalLayout.max(n, e);
            double mean = InternalLayout.mean(n, e);
            double column = InternalLayout.spreadColumn(n, e);
            double sigma = format4 ? Format4Summary.stddev(column, count) : column;
            out.nulls += nulls;
            out.extra += extra;
            out.merge(count - nulls + extra, min, max, mean, sigma); // as TreeWriter.writeInternal computes the parent's entry
            int valueKind = InternalLayout.valueKind(n);
            io.dendro.tree.LabelTable entryLabels = new io.dendro.tree.LabelTable();
            long graphs = 0;
            long edgesMin = Long.MAX_VALUE;
            long edgesMax = Long.MIN_VALUE;
            long edgesSum = 0;
            if (valueKind == io.dendro.tree.ValueKind.NOMINAL.id()) {
                if (e == 0 && InternalLayout.labelSectionLength(n) != InternalLayout.kindBytes(n)) {
                    log.add(Kind.TREE, address, "label section of " + InternalLayout.kindBytes(n) + " bytes holds "
                            + InternalLayout.labelSectionLength(n) + " bytes of label tables");
                }
                InternalLayout.labels(n, e, entryLabels);
                out.labels.merge(entryLabels);
            } else if (valueKind == io.dendro.tree.ValueKind.GRAPH.id()) {
                graphs = count;
                edgesMin = InternalLayout.edgesMin(n, e);
                edgesMax = InternalLayout.edgesMax(n, e);
                edgesSum = InternalLayout.edgesSum(n, e);
                out.addGraph(graphs, edgesMin, edgesMax, edgesSum);
            }
            long kindHash = kindHash(entryLabels, graphs, edgesMin, edgesMax, edgesSum);
            if (format4) {
                legacy.merge(count, min, max, mean, column); // as the format-4 writer did
            }
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
            long cs = Geometry.childStart(start, pw, i);
            if (nulls < 0 || nulls > count) {
                log.add(Kind.SUMMARY, address, what + " has " + nulls + " null points of " + count);
            }
            if (extra < 0) {
                log.add(Kind.SUMMARY, address, what + " has " + extra + " extra samples");
            }
            long ca = InternalLayout.address(n, e);
            if (ca == NodeAddress.NONE) {
                log.add(Kind.TREE, address, what + " has no address");
                continue;
            }
            int status = visit(address, ca, cpw, cs, child, childLegacy);
            if (status == BAD || lastSumHi == UNKNOWN_SUM) { // reported already: go on with the stored sum
                if (format6) {
                    sum.addEntry(n, e, cs, start);
                } else {
                    unknownSum = true;
                }
                if (status == BAD) {
                    continue;
                }
            } else {
                sum.add(lastSumHi, lastSumLo);
                sum.addProduct(count, cs - start);
            }
            if (format6 && lastSumHi != UNKNOWN_SUM
                    && (InternalLayout.timeSumHi(n, e) != lastSumHi || InternalLayout.timeSumLo(n, e) != lastSumLo)) {
                log.add(Kind.SUMMARY, address, what + " time sum "
                        + TimeSum.toString(InternalLayout.timeSumHi(n, e), InternalLayout.timeSumLo(n, e))
                        + " differs from child " + NodeAddress.toString(ca) + ", whose points' times sum to "
                        + TimeSum.toString(lastSumHi, lastSumLo));
            }
            if (lastMaxVersion > entryVersion) {
                log.add(Kind.VERSION, address, what + " has version " + entryVersion + " but child "
                        + NodeAddress.toString(ca) + " holds an entry of version " + lastMaxVersion);
            }
            boolean childHasLegacy = lastLegacy != NO_LEGACY;
            if (status == FRESH) {
                String diff;
                if (format4) {
                    diff = childHasLegacy ? diff(childLegacy.count, childLegacy.min, childLegacy.max, childLegacy.mean,
                            childLegacy.m2, "m2", count, min, max, mean, column)
                            : "a format-4 entry for a format-5 node";
                } else {
                    diff = child.nulls != nulls ? "nulls " + nulls + ", child has " + child.nulls
                            : child.extra != extra ? "extra samples " + extra + ", child has " + child.extra
                            : !child.labels.same(entryLabels) ? "labels " + entryLabels + ", child has " + child.labels
                            : child.graphs != graphs || (graphs > 0 && (child.edgesMin != edgesMin
                                    || child.edgesMax != edgesMax || child.edgesSum != edgesSum))
                                    ? "edges of " + graphs + " graphs min " + edgesMin + " max " + edgesMax + " sum "
                                    + edgesSum + ", child has " + child.graphs + " graphs min " + child.edgesMin
                                    + " max " + child.edgesMax + " sum " + child.edgesSum
                            : diff(child.points(), child.storedMin(), child.storedMax(), child.storedMean(),
                            child.sigma(), "stddev", count, min, max, mean, sigma);
                    if (diff != null && childHasLegacy && diff(childLegacy.count, childLegacy.min, childLegacy.max,
                            childLegacy.mean, Format4Summary.stddev(childLegacy.m2, childLegacy.count), "stddev",
                            count, min, max, mean, sigma) == null) {
                        diff = null; // carried over from a format-4 parent
                    }
                }
                if (diff != null) {
                    log.add(Kind.SUMMARY, address, what + " summary differs from child " + NodeAddress.toString(ca)
                            + ": " + diff);
                }
            } else {
                long fp = fingerprint(count, nulls, extra ^ kindHash, min, max, mean, sigma);
                boolean same = format4 ? childHasLegacy && fp == lastLegacy : fp == lastFingerprint || fp == lastLegacy;
                if (!same) {
                    log.add(Kind.SUMMARY, address, what + " summary differs from child " + NodeAddress.toString(ca)
                            + " (count " + count + " in the entry)");
                }
            }
        }
        if (unknownSum) {
            sum.hi = UNKNOWN_SUM;
        }
        return maxVersion;
    }

    /** The first field where the stored summary differs (bit for bit) from the child's, or null. */
    private static String diff(long childCount, double childMin, double childMax, double childMean, double childSpread,
                               String spreadName, long count, double min, double max, double mean, double spread) {
        if (childCount != count) {
            return "count " + count + ", child has " + childCount;
        }
        String[] names = {"min", "max", "mean", spreadName};
        double[] stored = {min, max, mean, spread};
        double[] actual = {childMin, childMax, childMean, childSpread};
        for (int k = 0; k < names.length; k++) {
            if (Double.doubleToRawLongBits(stored[k]) != Double.doubleToRawLongBits(actual[k])) {
                return names[k] + " " + stored[k] + ", child has " + actual[k];
            }
        }
        return null;
    }

    /** The fingerprint of a format-4 summary, its M2 as the standard deviation a format-5 entry would carry. */
    private static long legacyFingerprint(Format4Summary s) {
        long fp = fingerprint(s.count, 0, 0, s.min, s.max, s.mean, Format4Summary.stddev(s.m2, s.count));
        return fp == NO_LEGACY ? 1 : fp;
    }

    /** A hash of a summary's label table and edge statistics (0 for a numeric summary). */
    private static long kindHash(io.dendro.tree.LabelTable labels, long graphs, long edgesMin, long edgesMax,
                                 long edgesSum) {
        if (labels.isEmpty() && graphs == 0) {
            return 0;
        }
        long h = labels.many ? 0x5bd1e995L : 0;
        for (int i = 0; i < labels.size; i++) {
            h = mix(h ^ java.util.Arrays.hashCode(labels.labels[i]));
            h = mix(h ^ labels.counts[i]);
        }
        if (graphs > 0) {
            h = mix(mix(mix(mix(h ^ graphs) ^ edgesMin) ^ edgesMax) ^ edgesSum);
        }
        return h;
    }

    private static long fingerprint(long count, long nulls, long extra, double min, double max, double mean,
                                    double sigma) {
        long h = mix(count);
        h = mix(h ^ nulls);
        h = mix(h ^ extra);
        h = mix(h ^ Double.doubleToRawLongBits(min));
        h = mix(h ^ Double.doubleToRawLongBits(max));
        h = mix(h ^ Double.doubleToRawLongBits(mean));
        return mix(h ^ Double.doubleToRawLongBits(sigma));
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
