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
    /**
     * Per point its payload (an aggregate's or a document's bytes) or null; the array itself is
     * null when the leaf has no payload column (every numeric leaf without aggregates).
     */
    public byte[][] payloads;
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
        long vl = LeafLayout.valuesLength(leaf);
        // the record's CRC32C already covers these bytes (Store.read): skip the codecs' own
        if (TimestampCodec.decode(leaf, LeafLayout.TIMES, tl, times, 0, n, false) != n
                || ValueCodecs.decode(leaf, LeafLayout.TIMES + tl, vl, values, 0, n, false) != n) {
            throw new DendroException(ErrorCode.CORRUPTION, "leaf encodings do not hold the " + n + " points its header says");
        }
        payloads = LeafLayout.hasPayloads(leaf) ? decodePayloads(leaf, n) : null;
        count = n;
        return this;
    }

    /** The payload column of a leaf with {@link LeafLayout#PAYLOADS}: an empty entry is a point without. */
    private static byte[][] decodePayloads(MemorySegment leaf, int n) {
        long at = LeafLayout.payloadsAt(leaf);
        byte[][] docs = DocumentColumn.decode(leaf, at, leaf.byteSize() - at, n);
        for (int i = 0; i < n; i++) {
            if (docs[i].length == 0) {
                docs[i] = null;
            }
        }
        return docs;
    }

    /** The payload of point {@code i}, or null. */
    public byte[] payload(int i) {
        return payloads == null ? null : payloads[i];
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

    /** Writes a leaf over sorted points {@code [lo, hi)} without payloads; returns its address. */
    public static long write(RecordSink out, int pw, long start, long[] t, double[] v, int lo, int hi) {
        return write(out, pw, start, t, v, null, lo, hi);
    }

    /**
     * Writes a leaf over sorted points {@code [lo, hi)} with their payloads ({@code p} null, or
     * null entries: none); returns its address.
     */
    public static long write(RecordSink out, int pw, long start, long[] t, double[] v, byte[][] p, int lo, int hi) {
        MemorySegment s = encodeColumns(t, v, lo, hi);
        byte[] docs = payloadColumn(p, lo, hi);
        MemorySegment r = out.reserve(LeafLayout.TIMES + (int) s.byteSize() - 2 * Integer.BYTES
                + (docs == null ? 0 : docs.length));
        fill(r, pw, start, hi - lo, s, docs, kindOf(p, lo, hi));
        return out.lastAddress();
    }

    /** The payload of a leaf over sorted points {@code [lo, hi)}, for writers that encode ahead. */
    public static byte[] encode(int pw, long start, long[] t, double[] v, byte[][] p, int lo, int hi) {
        MemorySegment s = encodeColumns(t, v, lo, hi);
        byte[] docs = payloadColumn(p, lo, hi);
        byte[] out = new byte[LeafLayout.TIMES + (int) s.byteSize() - 2 * Integer.BYTES
                + (docs == null ? 0 : docs.length)];
        fill(MemorySegment.ofArray(out), pw, start, hi - lo, s, docs, kindOf(p, lo, hi));
        return out;
    }

    private static final byte[] NONE = new byte[0];

    /** The payload column of points {@code [lo, hi)}, or null when none of them has a payload. */
    private static byte[] payloadColumn(byte[][] p, int lo, int hi) {
        if (p == null) {
            return null;
        }
        boolean any = false;
        for (int i = lo; i < hi && !any; i++) {
            any = p[i] != null;
        }
        if (!any) {
            return null;
        }
        byte[][] docs = new byte[hi - lo][];
        for (int i = lo; i < hi; i++) {
            docs[i - lo] = p[i] == null ? NONE : p[i];
        }
        return DocumentColumn.encode(docs, 0, docs.length);
    }

    /** The bytes of the payloads of points {@code [lo, hi)} (0 when {@code p} is null). */
    public static long payloadBytes(byte[][] p, int lo, int hi) {
        if (p == null) {
            return 0;
        }
        long sum = 0;
        for (int i = lo; i < hi; i++) {
            sum += p[i] == null ? 0 : p[i].length + 1;
        }
        return sum;
    }

    /**
     * Timestamps then values, encoded into this thread's scratch; the first int is the
     * timestamps' length, the second the values'.
     */
    private static MemorySegment encodeColumns(long[] t, double[] v, int lo, int hi) {
        int n = hi - lo;
        long maxTimes = TimestampCodec.maxEncodedSize(n);
        int head = 2 * Integer.BYTES;
        MemorySegment s = scratch(head + maxTimes + ValueCodecs.maxEncodedSize(n));
        int tl = TimestampCodec.encode(t, lo, n, s.asSlice(head, maxTimes), 0);
        int vl = ValueCodecs.encodeBest(v, lo, n, s.asSlice(head + tl), 0);
        s.set(Bytes.I32, 0, tl);
        s.set(Bytes.I32, Integer.BYTES, vl);
        return s.asSlice(0, head + tl + vl);
    }

    /** Fills a leaf payload from {@link #encodeColumns}'s output and the payload column ({@code docs}, or null). */
    /**
     * The value kind a leaf over these points says: nominal or graph when they carry documents of
     * that kind, else numeric (aggregates are numeric).
     */
    private static byte kindOf(byte[][] p, int lo, int hi) {
        for (int i = lo; p != null && i < hi; i++) {
            if (p[i] != null) {
                return GraphPayload.is(p[i]) ? ValueKind.GRAPH.id()
                        : AggregatePayload.is(p[i]) ? ValueKind.NUMERIC.id() : ValueKind.NOMINAL.id();
            }
        }
        return ValueKind.NUMERIC.id();
    }

    private static void fill(MemorySegment p, int pw, long start, int n, MemorySegment columns, byte[] docs,
                             byte kind) {
        int tl = columns.get(Bytes.I32, 0);
        int vl = columns.get(Bytes.I32, Integer.BYTES);
        p.set(Bytes.U8, LeafLayout.KIND, RecordKind.LEAF);
        p.set(Bytes.U8, LeafLayout.VALUE_KIND, kind);
        p.set(Bytes.U8, LeafLayout.POINTWIDTH, (byte) pw);
        p.set(Bytes.U8, LeafLayout.FLAGS, (byte) (docs == null ? 0 : LeafLayout.PAYLOADS));
        p.set(Bytes.I32, LeafLayout.COUNT, n);
        p.set(Bytes.I64, LeafLayout.START, start);
        p.set(Bytes.I32, LeafLayout.TIMES_LENGTH, tl);
        p.set(Bytes.I32, LeafLayout.VALUES_LENGTH, docs == null ? 0 : vl);
        MemorySegment.copy(columns, 2 * Integer.BYTES, p, LeafLayout.TIMES, (long) tl + vl);
        if (docs != null) {
            MemorySegment.copy(MemorySegment.ofArray(docs), 0, p, LeafLayout.TIMES + (long) tl + vl, docs.length);
        }
    }
}
