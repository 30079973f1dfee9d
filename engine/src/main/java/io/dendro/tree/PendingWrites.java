package io.dendro.tree;

import io.dendro.storage.RecordSink;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The nodes one {@link TreeWriter} call makes, written to the sink in the order they were made
 * (children before parents, as a sequential writer would) while the leaves are encoded on other
 * cores. Until it is written, a node is known by a placeholder, an odd number (real addresses
 * are multiples of 8, in the store and in overlays alike) that only the entries of this call's
 * own internal nodes and its result hold; {@link #finish} writes
 * what is left and turns the result into a real address.
 *
 * <p>A leaf is handed to {@link LeafEncoders} as soon as it is made. The writing thread keeps
 * at most {@link #WINDOW} leaves in flight: when it has to wait for the oldest, it encodes the
 * newest one nobody has started instead of idling, so a bulk load keeps every core busy and
 * holds a bounded number of encoded leaves in memory.
 */
final class PendingWrites {
    /** Leaves made but not yet written: bounds memory and how far encoding runs ahead. */
    static final int WINDOW = 64;

    private final RecordSink out;
    private final ArrayDeque<Object> queue = new ArrayDeque<>(); // LeafJob or Node, in order made
    private final ArrayDeque<LeafJob> unclaimed = new ArrayDeque<>(); // newest last
    private long[] resolved = new long[256]; // placeholder id -> address
    private int made;     // placeholders handed out
    private int written;  // placeholders resolved (they are written in order)
    private int leavesInQueue;
    private LeafJob notHandedOut;

    PendingWrites(RecordSink out) {
        this.out = out;
    }

    private record Node(int pw, long start, Entries e) {
    }

    /**
     * A leaf over sorted points {@code [lo, hi)} with their payloads ({@code p} may be null), to
     * be written in turn; returns its placeholder.
     */
    long leaf(int pw, long start, long[] t, double[] v, byte[][] p, int lo, int hi) {
        LeafJob job = new LeafJob(pw, start, t, v, p, lo, hi);
        queue.add(job);
        while (!unclaimed.isEmpty() && unclaimed.peekFirst().isClaimed()) { // taken by the encoders
            unclaimed.pollFirst();
        }
        unclaimed.add(job);
        leavesInQueue++;
        if (notHandedOut != null) { // the newest stays here: a call that makes one leaf encodes it itself
            LeafEncoders.submit(notHandedOut);
        }
        notHandedOut = job;
        long placeholder = placeholder(made++);
        while (leavesInQueue > WINDOW) {
            writeHead();
        }
        writeReady();
        return placeholder;
    }

    /** An internal node over entries {@code e} (which may hold placeholders); returns its placeholder. */
    long node(int pw, long start, Entries e) {
        queue.add(new Node(pw, start, e));
        return placeholder(made++);
    }

    /** The real address for an address this call returned (a placeholder or already real). */
    long resolve(long address) {
        if ((address & 1) == 0) {
            return address;
        }
        int id = (int) (address >>> 1);
        if (id >= written) {
            throw new IllegalStateException("node " + id + " not written yet");
        }
        return resolved[id];
    }

    /** Writes every pending node; returns {@code result} as a real address. */
    long finish(long result) {
        while (!queue.isEmpty()) {
            writeHead();
        }
        return resolve(result);
    }

    /**
     * Gives up the nodes not written yet (the call failed): leaves nobody started are never
     * encoded; ones being encoded finish on their own and are dropped.
     */
    void abandon() {
        for (LeafJob j : unclaimed) {
            j.claim();
        }
        unclaimed.clear();
        queue.clear();
    }

    private static long placeholder(int id) {
        return ((long) id << 1) | 1;
    }

    /** Writes the nodes at the head of the queue that can be written without waiting. */
    private void writeReady() {
        while (!queue.isEmpty() && (!(queue.peekFirst() instanceof LeafJob j) || j.isDone())) {
            writeHead();
        }
    }

    /** Writes the head of the queue; while its leaf is not encoded, encodes others meanwhile. */
    private void writeHead() {
        Object head = queue.peekFirst();
        if (head instanceof LeafJob j) {
            while (!j.isDone()) {
                LeafJob other = newestUnclaimed();
                if (other == null) {
                    j.awaitDone();
                } else {
                    other.runIfUnclaimed();
                }
            }
            byte[] bytes = j.take();
            MemorySegment p = out.reserve(bytes.length);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, p, 0, bytes.length);
            leavesInQueue--;
        } else {
            Node n = (Node) head;
            writeInternal(n.pw, n.start, n.e);
        }
        queue.pollFirst();
        if (written == resolved.length) {
            resolved = Arrays.copyOf(resolved, resolved.length * 2);
        }
        resolved[written++] = out.lastAddress();
    }

    /** The newest leaf no thread has started, or null; the head's own leaf included. */
    private LeafJob newestUnclaimed() {
        while (!unclaimed.isEmpty()) {
            LeafJob j = unclaimed.pollLast();
            if (!j.isClaimed()) {
                return j;
            }
        }
        return null;
    }

    private void writeInternal(int pw, long start, Entries e) {
        InternalLayout.write(out, pw, start, e, this::resolve);
    }
}
