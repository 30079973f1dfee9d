package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;

/**
 * Per-thread work arrays of the codecs, so that coding a leaf allocates nothing. Their
 * contents never carry meaning between calls (the XOR encoder's hash table may hold stale
 * entries; it checks each one before use).
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    /** ALP's integers of one vector (encoder and decoder). */
    final long[] ints = new long[AlpCodec.VECTOR];
    /** ALP delta's differences of one vector, and its plan. */
    final long[] deltas = new long[AlpCodec.VECTOR];
    final AlpDeltaCodec.Plan plan = new AlpDeltaCodec.Plan();
    /**
     * What {@link AlpCodec}'s last encoding with {@code planDelta} chose per vector ({@code e
     * << 8 | f}) and the bits {@link AlpDeltaCodec} would take with the same choices.
     */
    int[] choices = new int[8];
    long deltaBits;
    /** With {@code planDelta}, also ALP's integers, ALP delta's differences and plans of every vector. */
    long[] planInts = new long[0];
    long[] planDeltas = new long[0];
    AlpDeltaCodec.Plan[] plans = new AlpDeltaCodec.Plan[0];
    /** The timestamp encoder's block values in its two modes. */
    final long[] dod = new long[TimestampCodec.BLOCK];
    final long[] delta = new long[TimestampCodec.BLOCK];
    /** A histogram of bit widths. */
    final int[] histogram = new int[65];
    /** The XOR encoder's table: low bits of a value to the index of its last occurrence. */
    final int[] recent = new int[1 << XorCodec.HASH_BITS];
    /** The facade's trial encodings. */
    private MemorySegment trial = MemorySegment.ofArray(new byte[0]);

    static Scratch get() {
        return LOCAL.get();
    }

    /** Makes room for planning {@code n} values in {@code vectors} vectors. */
    void planRoom(int n, int vectors) {
        if (choices.length < vectors) {
            choices = new int[Math.max(vectors, 2 * choices.length)];
        }
        if (plans.length < vectors) {
            AlpDeltaCodec.Plan[] p = java.util.Arrays.copyOf(plans, Math.max(vectors, 2 * plans.length));
            for (int i = plans.length; i < p.length; i++) {
                p[i] = new AlpDeltaCodec.Plan();
            }
            plans = p;
        }
        if (planInts.length < n) {
            int size = Math.max(n, 2 * planInts.length);
            planInts = new long[size];
            planDeltas = new long[size];
        }
    }

    MemorySegment trial(long size) {
        if (trial.byteSize() < size) {
            long grown = Math.max(size, 2 * trial.byteSize());
            trial = MemorySegment.ofArray(new byte[Math.toIntExact(grown)]);
        }
        return trial;
    }
}
