package io.dendro.tree;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.Bytes;
import io.dendro.storage.RecordSink;
import io.dendro.storage.codec.TimestampCodec;
import io.dendro.storage.codec.ValueCodecs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A leaf's points decoded into arrays, reused from leaf to leaf by one reader. Every read of a
 * leaf's points goes through {@link #decode}, and every leaf is written by {@link #write}, so
 * the leaf's encoding lives here and in {@link LeafLayout} only: timestamps by delta-of-delta
 * ({@link TimestampCodec}), values by whichever of ALP, XOR or raw is smallest for the leaf
 * ({@link ValueCodecs}).
 */
public final class LeafPoints {
    /**
     * Arrays start at this size and grow to the biggest leaf decoded: every cursor has its own
     * buffer, and a query of a few points must not zero 128 KiB (a full leaf's worth) first.
     */
    private static final int INITIAL = 1024;
    public long[] times = new long[INITIAL];
    public double[] values = new double[INITIAL];
    public int count;

    private static final ThreadLocal<java.util.ArrayDeque<LeafPoints>> SPARE =
            ThreadLocal.withInitial(java.util.ArrayDeque::new);

    /**
     * A buffer for a cursor, reused from one the thread gave back ({@link #giveBack}) when there
     * is one, so that a short query does not allocate and zero a buffer a big leaf has grown.
     */
    public static LeafPoints borrow() {
        LeafPoints p = SPARE.get().pollFirst();
        return p != null ? p : new LeafPoints();
    }

    /** Returns a buffer from {@link #borrow} (at most 4 kept per thread); it must not be used after. */
    public static void giveBack(LeafPoints p) {
        java.util.ArrayDeque<LeafPoints> spare = SPARE.get();
        if (spare.size() < 4) {
            spare.addFirst(p);
        }
    }

    /** A buffer for the current thread's short-lived use (one query step; do not hold it). */
    public static LeafPoints local() {
        return LOCAL.get();
    }

    private static final ThreadLocal<LeafPoints> LOCAL = ThreadLocal.withInitial(LeafPoints::new);

    /** Grows the arrays to hold {@code n} points. */
    private void ensureRoom(int n) {
        if (n > times.length) {
            times = new long[Math.max(n, times.length * 2)];
            values = new double[times.length];
        }
    }

    /** Decodes only a leaf's timestamps ({@link #values} are left stale): enough for counting. */
    public LeafPoints decodeTimes(MemorySegment leaf) {
        int n = LeafLayout.count(leaf);
        ensureRoom(n);
        if (TimestampCodec.decode(leaf, LeafLayout.TIMES, LeafLayout.timesLength(leaf), times, 0, n, false) != n) {
            throw new DendroException(ErrorCode.CORRUPTION, "leaf encodings do not hold the " + n + " points its header says");
        }
        count = n;
        return this;
    }

    /**
     * The number of the leaf's points with time {@code < t}, from its timestamps alone: a
     * regularly sampled leaf answers from the encoding's header; any other decodes the prefix
     * of its timestamps that places {@code t} into the thread's {@link #local} buffer.
     */
    public static int countBelow(MemorySegment leaf, long t) {
        int n = LeafLayout.count(leaf);
        int tl = LeafLayout.timesLength(leaf);
        int below = TimestampCodec.regularCountBelow(leaf, LeafLayout.TIMES, tl, n, t);
        if (below >= 0) {
            return below;
        }
        LeafPoints p = local();
        p.ensureRoom(n);
        return TimestampCodec.countBelow(leaf, LeafLayout.TIMES, tl, p.times, 0, n, t);
    }

    /** Decodes a leaf (already checked by {@link Nodes#tree}) into this buffer. */
    public LeafPoints decode(MemorySegment leaf) {
        int n = LeafLayout.count(leaf);
        ensureRoom(n);
        long tl = LeafLayout.timesLength(leaf);
        long vl = leaf.byteSize() - LeafLayout.TIMES - tl;
        // the record's CRC32C already covers these bytes (Store.read): skip the codecs' own
        if (TimestampCodec.decode(leaf, LeafLayout.TIMES, tl, times, 0, n, false) != n
                || ValueCodecs.decode(leaf, LeafLayout.TIMES + tl, vl, values, 0, n, false) != n) {
            throw new DendroException(ErrorCode.CORRUPTION, "leaf encodings do not hold the " + n + " points its header says");
        }
        count = n;
        return this;
    }

    /** Index of the first point with time {@code >= t} ({@link #count} when none). */
    public int lowerBound(long t) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Per-thread room to encode a leaf before its exact size is known. */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[1]);

    private static MemorySegment scratch(long size) {
        MemorySegment[] holder = SCRATCH.get();
        if (holder[0] == null || holder[0].byteSize() < size) {
            holder[0] = Arena.ofAuto().allocate(Math.max(size, 64 << 10), 8);
        }
        return holder[0];
    }

    /** Writes a leaf over sorted points {@code [lo, hi)}; returns its address. */
    public static long write(RecordSink out, int pw, long start, long[] t, double[] v, int lo, int hi) {
        MemorySegment s = encodeColumns(t, v, lo, hi);
        MemorySegment p = out.reserve(LeafLayout.TIMES + (int) s.byteSize() - Integer.BYTES);
        fill(p, pw, start, hi - lo, s);
        return out.lastAddress();
    }

    /** The payload of a leaf over sorted points {@code [lo, hi)}, for writers that encode ahead. */
    public static byte[] encode(int pw, long start, long[] t, double[] v, int lo, int hi) {
        MemorySegment s = encodeColumns(t, v, lo, hi);
        byte[] out = new byte[LeafLayout.TIMES + (int) s.byteSize() - Integer.BYTES];
        fill(MemorySegment.ofArray(out), pw, start, hi - lo, s);
        return out;
    }

    /** Timestamps then values, encoded into this thread's scratch; the first int is the timestamps' length. */
    private static MemorySegment encodeColumns(long[] t, double[] v, int lo, int hi) {
        int n = hi - lo;
        long maxTimes = TimestampCodec.maxEncodedSize(n);
        MemorySegment s = scratch(Integer.BYTES + maxTimes + ValueCodecs.maxEncodedSize(n));
        int tl = TimestampCodec.encode(t, lo, n, s.asSlice(Integer.BYTES, maxTimes), 0);
        int vl = ValueCodecs.encodeBest(v, lo, n, s.asSlice(Integer.BYTES + tl), 0);
        s.set(Bytes.I32, 0, tl);
        return s.asSlice(0, Integer.BYTES + tl + vl);
    }

    /** Fills a leaf payload from {@link #encodeColumns}'s output. */
    private static void fill(MemorySegment p, int pw, long start, int n, MemorySegment columns) {
        int tl = columns.get(Bytes.I32, 0);
        p.set(Bytes.U8, LeafLayout.KIND, RecordKind.LEAF);
        p.set(Bytes.U8, LeafLayout.VALUE_KIND, ValueKind.NUMERIC.id());
        p.set(Bytes.U8, LeafLayout.POINTWIDTH, (byte) pw);
        p.set(Bytes.U8, LeafLayout.RESERVED, (byte) 0);
        p.set(Bytes.I32, LeafLayout.COUNT, n);
        p.set(Bytes.I64, LeafLayout.START, start);
        p.set(Bytes.I32, LeafLayout.TIMES_LENGTH, tl);
        p.set(Bytes.I32, LeafLayout.RESERVED2, 0);
        MemorySegment.copy(columns, Integer.BYTES, p, LeafLayout.TIMES, p.byteSize() - LeafLayout.TIMES);
    }
}
