package io.dendro.tree;

import io.dendro.storage.NodeAddress;
import io.dendro.storage.RecordSource;
import java.lang.foreign.MemorySegment;

/**
 * A time-ordered, allocation-free walk over a tree with an explicit stack (height at most 11).
 * For each child the subclass {@link #decide}s whether to skip it, take its summary whole
 * (without reading it), or descend into it; descending into a leaf yields its points inside
 * {@code [pointStart, pointEnd)}. Each call of {@link #advance} returns the next event.
 */
public abstract class Walker {
    public static final int END = 0;
    public static final int POINT = 1;
    public static final int BLOCK = 2;

    protected static final int SKIP = 0;
    protected static final int TAKE = 1;
    protected static final int DESCEND = 2;
    /** This child and every later one lie past the range. */
    protected static final int STOP = 3;

    private static final int MAX_DEPTH = 12;
    private final RecordSource store;
    private final MemorySegment[] nodes = new MemorySegment[MAX_DEPTH];
    private final long[] remaining = new long[MAX_DEPTH];
    private final int[] entry = new int[MAX_DEPTH];
    private final int[] pws = new int[MAX_DEPTH];
    private final long[] starts = new long[MAX_DEPTH];
    private int depth = -1;
    private final long pointStart;
    private final long pointEnd;
    /** The leaf being walked; package-private for {@link ValuesCursor}'s per-point fast path. */
    final LeafPoints leaf = LeafPoints.borrow();
    private boolean inLeaf;
    int leafIndex;
    int leafEnd;

    /** The current event's data. */
    protected long time;
    protected double value;
    /** The current point's payload (an aggregate's or a document's bytes), or null. */
    protected byte[] payload;
    protected int blockPw;
    protected final Summary block = new Summary();
    /** Whether the block's node stores time sums (format 6); then {@link #blockTimeSumHi}:{@link #blockTimeSumLo} is one. */
    protected boolean blockHasTimeSum;
    /** The block's time sum, {@code Σ (t - blockStart)} over its points, unsigned 128 bits (format 6). */
    protected long blockTimeSumHi;
    protected long blockTimeSumLo;
    /** Leaves decoded so far (for tests and benchmarks: the cost of a walk). */
    protected long leavesRead;

    protected Walker(RecordSource store, long root, long pointStart, long pointEnd) {
        this(store, root, Geometry.ROOT_PW, Geometry.ROOT_START, pointStart, pointEnd);
    }

    /** A walk of the subtree at {@code (rootPw, rootStart)} rather than of a whole tree. */
    protected Walker(RecordSource store, long root, int rootPw, long rootStart, long pointStart, long pointEnd) {
        this.store = store;
        this.pointStart = pointStart;
        this.pointEnd = pointEnd;
        if (root != NodeAddress.NONE && pointStart < pointEnd) {
            enter(root, rootPw, rootStart);
        }
    }

    /**
     * Hands the leaf buffer back for the thread's next cursor ({@link LeafPoints#giveBack});
     * subclasses call it once, from {@code close()}, and never walk afterwards.
     */
    protected final void releaseLeaf() {
        leafEnd = 0;
        LeafPoints.giveBack(leaf);
    }

    /** What to do with the child spanning {@code [start, start + 2^pw)}. */
    protected abstract int decide(long start, int pw);

    /**
     * Whether the node whose child {@link #decide} is deciding stores time sums (format 6), so
     * that taking the child whole gives its {@link #blockTimeSumLo time sum}.
     */
    protected final boolean parentHasTimeSums() {
        return InternalLayout.hasTimeSums(nodes[depth]);
    }

    /** The entry {@link #decide} is deciding, in the node at the top of the stack. */
    private int deciding;

    /**
     * Whether the child {@link #decide} is deciding has more distinct labels than its summary
     * holds (a nominal node's entry marked "many"): taken whole, its label frequencies are unknown.
     */
    protected final boolean childHasManyLabels() {
        MemorySegment n = nodes[depth];
        return InternalLayout.valueKind(n) == ValueKind.NOMINAL.id()
                && InternalLayout.labelCount(n, deciding) == InternalLayout.MANY_LABELS;
    }

    private void enter(long addr, int pw, long start) {
        MemorySegment n = Nodes.tree(store, addr, pw, start);
        if (Nodes.isLeaf(n)) {
            leaf.decode(n);
            leavesRead++;
            inLeaf = true;
            leafIndex = leaf.lowerBound(pointStart);
            leafEnd = leaf.lowerBound(pointEnd);
        } else {
            depth++;
            nodes[depth] = n;
            remaining[depth] = InternalLayout.mask(n);
            entry[depth] = 0;
            pws[depth] = pw;
            starts[depth] = start;
        }
    }

    /** Moves to the next event: {@link #POINT}, {@link #BLOCK} or {@link #END}. */
    protected final int advance() {
        while (true) {
            if (inLeaf) {
                if (leafIndex < leafEnd) {
                    time = leaf.times[leafIndex];
                    value = leaf.values[leafIndex];
                    byte[][] p = leaf.payloads;
                    payload = p == null ? null : p[leafIndex];
                    leafIndex++;
                    return POINT;
                }
                inLeaf = false;
            }
            if (depth < 0) {
                return END;
            }
            long m = remaining[depth];
            if (m == 0) {
                nodes[depth] = null;
                depth--;
                continue;
            }
            int i = Long.numberOfTrailingZeros(m);
            remaining[depth] = m & (m - 1);
            int e = entry[depth]++;
            int pw = pws[depth];
            int cpw = Geometry.childPw(pw);
            long cs = Geometry.childStart(starts[depth], pw, i);
            MemorySegment n = nodes[depth];
            deciding = e;
            switch (decide(cs, cpw)) {
                case SKIP -> {
                }
                case STOP -> remaining[depth] = 0;
                case TAKE -> {
                    time = cs;
                    blockPw = cpw;
                    block.clear();
                    block.merge(n, e);
                    blockHasTimeSum = InternalLayout.hasTimeSums(n);
                    if (blockHasTimeSum) {
                        blockTimeSumHi = InternalLayout.timeSumHi(n, e);
                        blockTimeSumLo = InternalLayout.timeSumLo(n, e);
                    }
                    return BLOCK;
                }
                default -> enter(InternalLayout.address(n, e), cpw, cs);
            }
        }
    }
}
