package io.dendro.inspect;

import io.dendro.storage.NodeAddress;

/**
 * The tree nodes a verification has checked, so that each node shared by many versions (the
 * norm under copy-on-write) is checked once. For each node it keeps what a later parent entry
 * pointing at it must agree with: the position it was checked at, 64-bit fingerprints of its
 * summary (as format 5 computes it, and as format 4 did, see {@link TreeCheck}), the sum of its
 * points' times measured from its start (128 bits) and the greatest entry version inside it; or
 * that it could not be read.
 *
 * <p>Open addressing with linear probing over parallel {@code long} arrays (56 bytes a slot,
 * at most half full): about 112 bytes per node, against about 100 for a {@code HashMap} entry
 * alone. Keys are addresses; {@link NodeAddress#NONE} marks an empty slot, as no node lives there.
 */
final class NodeMemo {
    private static final long BAD = -1;
    private long[] keys;
    private long[] starts;
    private long[] fingerprints;
    private long[] legacy;
    private long[] sumHi;
    private long[] sumLo;
    private long[] versionAndPw; // (maxVersion << 8) | pw, or BAD
    private int size;

    NodeMemo() {
        this(1 << 10);
    }

    NodeMemo(int capacity) {
        int cap = Integer.highestOneBit(Math.max(16, capacity - 1) * 2);
        keys = new long[cap];
        starts = new long[cap];
        fingerprints = new long[cap];
        legacy = new long[cap];
        sumHi = new long[cap];
        sumLo = new long[cap];
        versionAndPw = new long[cap];
    }

    /** Number of nodes remembered. */
    int size() {
        return size;
    }

    /** The slot of {@code address}, or -1 when it was not seen. */
    int find(long address) {
        int m = keys.length - 1;
        for (int i = hash(address) & m; ; i = (i + 1) & m) {
            long k = keys[i];
            if (k == address) {
                return i;
            }
            if (k == NodeAddress.NONE) {
                return -1;
            }
        }
    }

    /** Remembers a node that was checked at {@code (pw, start)}. */
    void put(long address, int pw, long start, long fingerprint, long legacyFingerprint, long timeSumHi,
             long timeSumLo, long maxVersion) {
        int i = slot(address);
        sumHi[i] = timeSumHi;
        sumLo[i] = timeSumLo;
        starts[i] = start;
        fingerprints[i] = fingerprint;
        legacy[i] = legacyFingerprint;
        versionAndPw[i] = (Math.max(0, maxVersion) << 8) | pw;
    }

    /** Remembers a node that could not be read (its problem is reported already). */
    void putBad(long address) {
        int i = slot(address); // first: it may grow the arrays
        versionAndPw[i] = BAD;
    }

    boolean bad(int slot) {
        return versionAndPw[slot] == BAD;
    }

    int pw(int slot) {
        return (int) (versionAndPw[slot] & 0xFF);
    }

    long start(int slot) {
        return starts[slot];
    }

    long fingerprint(int slot) {
        return fingerprints[slot];
    }

    long legacyFingerprint(int slot) {
        return legacy[slot];
    }

    long timeSumHi(int slot) {
        return sumHi[slot];
    }

    long timeSumLo(int slot) {
        return sumLo[slot];
    }

    long maxVersion(int slot) {
        return versionAndPw[slot] >>> 8;
    }

    private int slot(long address) {
        if (address == NodeAddress.NONE) {
            throw new IllegalArgumentException("NONE is not a node");
        }
        int i = find(address);
        if (i >= 0) {
            return i;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int m = keys.length - 1;
        i = hash(address) & m;
        while (keys[i] != NodeAddress.NONE) {
            i = (i + 1) & m;
        }
        keys[i] = address;
        size++;
        return i;
    }

    private void grow() {
        long[] k = keys;
        long[] s = starts;
        long[] f = fingerprints;
        long[] l = legacy;
        long[] sh = sumHi;
        long[] sl = sumLo;
        long[] v = versionAndPw;
        int cap = k.length * 2;
        keys = new long[cap];
        starts = new long[cap];
        fingerprints = new long[cap];
        legacy = new long[cap];
        sumHi = new long[cap];
        sumLo = new long[cap];
        versionAndPw = new long[cap];
        int m = cap - 1;
        for (int j = 0; j < k.length; j++) {
            if (k[j] != NodeAddress.NONE) {
                int i = hash(k[j]) & m;
                while (keys[i] != NodeAddress.NONE) {
                    i = (i + 1) & m;
                }
                keys[i] = k[j];
                starts[i] = s[j];
                fingerprints[i] = f[j];
                legacy[i] = l[j];
                sumHi[i] = sh[j];
                sumLo[i] = sl[j];
                versionAndPw[i] = v[j];
            }
        }
    }

    /** Addresses are multiples of 8 and clustered: mix all bits into the low ones. */
    private static int hash(long a) {
        a ^= a >>> 33;
        a *= 0xff51afd7ed558ccdL;
        a ^= a >>> 33;
        return (int) a;
    }
}
