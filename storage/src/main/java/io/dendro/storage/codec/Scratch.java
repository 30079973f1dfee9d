package io.dendro.storage.codec;

/**
 * Per-thread work arrays of the encoders, so that encoding a leaf allocates nothing. Their
 * contents never carry meaning between calls (the XOR encoder's hash table may hold stale
 * entries; it checks each one before use).
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    /** ALP's encoded integers of one vector. */
    final long[] ints = new long[AlpCodec.VECTOR];
    /** A histogram of bit widths. */
    final int[] histogram = new int[65];
    /** The XOR encoder's table: low bits of a value to the index of its last occurrence. */
    final int[] recent = new int[1 << XorCodec.HASH_BITS];
    /** The facade's trial encodings. */
    private java.lang.foreign.MemorySegment trial = java.lang.foreign.MemorySegment.ofArray(new byte[0]);

    static Scratch get() {
        return LOCAL.get();
    }

    java.lang.foreign.MemorySegment trial(long size) {
        if (trial.byteSize() < size) {
            trial = java.lang.foreign.MemorySegment.ofArray(new byte[Math.toIntExact(Math.max(size, 2 * trial.byteSize()))]);
        }
        return trial;
    }
}
