package io.dendro.tree;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that encode leaves while writers write (see {@link PendingWrites}): one fewer
 * than the cores, since each writing thread encodes too. Shared by every database of the JVM,
 * started at the first bulk write, daemon threads that end after a minute idle. Their own
 * threads (not the common fork-join pool, whose workers lose their thread-locals after each
 * task) keep the codecs' per-thread scratch between leaves.
 */
final class LeafEncoders {
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    private static final ThreadPoolExecutor POOL = pool();

    private LeafEncoders() {
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "dendro-leaf-encoder-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /** Queues a job; a job some other thread has claimed meanwhile is skipped when its turn comes. */
    static void submit(LeafJob job) {
        POOL.execute(job);
    }
}
