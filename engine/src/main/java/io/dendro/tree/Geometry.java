package io.dendro.tree;

/**
 * BTrDB's tree parameters (ARCHITECTURE.md). The root spans {@code [-(16 << 56), 48 << 56)},
 * i.e. {@code 2^62} ns; every level below takes 6 bits of time, so node pointwidths are
 * 62, 56, 50, ..., 8, 2 (a node of pointwidth {@code p} spans {@code 2^p} ns).
 */
public final class Geometry {
    /** 64 children per node: 6 bits of time per level (BTrDB's measured choice). */
    public static final int FANOUT_BITS = 6;
    public static final int FANOUT = 1 << FANOUT_BITS;
    /** Pointwidth of the root. */
    public static final int ROOT_PW = 62;
    /** Narrowest node (4 ns); a leaf here never splits, it grows instead. */
    public static final int MIN_PW = 2;
    /** Start of the root's span (= {@code Time.MIN_TIME}). */
    public static final long ROOT_START = -(16L << 56);
    /**
     * A leaf splits into an internal node when it would hold more than this many points.
     * BTrDB's figure, 1024, left a 1 kHz series in leaves of 67 points (a pointwidth-32 span
     * holds 4,295 of its points, so it split into 64 children of about 67): per-leaf costs
     * then dominated ingest, scans and bytes on disk (ADR 0015). 8192 keeps a 1 kHz series in
     * leaves of about 4,300 points and a 120 Hz one in leaves of about 515, as before; a
     * compressed leaf stays a few KiB, and a summary query a few hundred node reads per year.
     */
    public static final int LEAF_CAPACITY = 8192;
    /**
     * The most bytes of point payloads (documents, aggregates; one byte of length each
     * counted) a leaf holds above {@link #MIN_PW}: documents are large, so a label or graph leaf
     * is split by bytes before it reaches {@link #LEAF_CAPACITY} points.
     */
    public static final long LEAF_PAYLOAD_BYTES = 1 << 20;

    private Geometry() {
    }

    /** Pointwidth of the children of a node of pointwidth {@code pw}. */
    public static int childPw(int pw) {
        return pw - FANOUT_BITS;
    }

    /** Index of the child of node {@code (start, pw)} that contains time {@code t}. */
    public static int childIndex(long start, int pw, long t) {
        return (int) ((t - start) >>> childPw(pw));
    }

    /** Start time of child {@code i} of node {@code (start, pw)}. */
    public static long childStart(long start, int pw, int i) {
        return start + ((long) i << childPw(pw));
    }

    /** End (exclusive) of a node's span. Never overflows: spans end at or before {@code 48 << 56}. */
    public static long end(long start, int pw) {
        return start + (1L << pw);
    }
}
