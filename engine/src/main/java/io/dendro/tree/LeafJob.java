package io.dendro.tree;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The encoding of one leaf, done by whichever thread claims it first: an encoder thread
 * ({@link LeafEncoders}) or the writing thread itself ({@link PendingWrites}).
 */
final class LeafJob implements Runnable {
    private static final int NEW = 0;
    private static final int CLAIMED = 1;
    private static final int DONE = 2;

    private final int pw;
    private final long start;
    private final long[] t;
    private final double[] v;
    private final byte[][] p;
    private final int lo;
    private final int hi;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private byte[] bytes;     // written before state becomes DONE, read after
    private Throwable failure;

    LeafJob(int pw, long start, long[] t, double[] v, byte[][] p, int lo, int hi) {
        this.pw = pw;
        this.start = start;
        this.t = t;
        this.v = v;
        this.p = p;
        this.lo = lo;
        this.hi = hi;
    }

    /** Encodes the leaf unless another thread has claimed it. */
    @Override
    public void run() {
        runIfUnclaimed();
    }

    void runIfUnclaimed() {
        if (!claim()) {
            return;
        }
        try {
            bytes = LeafPoints.encode(pw, start, t, v, p, lo, hi);
        } catch (Throwable e) { // handed to the writing thread, which rethrows it
            failure = e;
        } finally {
            synchronized (this) {
                state.set(DONE);
                notifyAll();
            }
        }
    }

    /** Claims the job for the calling thread (or for nobody, when abandoning); false if taken. */
    boolean claim() {
        return state.compareAndSet(NEW, CLAIMED);
    }

    boolean isClaimed() {
        return state.get() != NEW;
    }

    boolean isDone() {
        return state.get() == DONE;
    }

    /** Waits, without giving up on an interrupt, until the thread that claimed the job is done. */
    void awaitDone() {
        boolean interrupted = false;
        synchronized (this) {
            while (state.get() != DONE) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the encoding is short and already running: finish it
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The encoded leaf, once done; the job lets go of it. Rethrows what the encoding threw. */
    byte[] take() {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) { // nothing the encoder declares, but never hand back a missing leaf
            throw new IllegalStateException("leaf encoding failed", failure);
        }
        byte[] b = bytes;
        bytes = null;
        return b;
    }
}
