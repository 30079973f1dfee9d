package io.dendro.cli;

import java.io.PrintWriter;

/**
 * Progress of a task that cannot report how far it is (compaction): the time elapsed, on
 * stderr, by the rules of {@link Progress}. On a terminal one line is redrawn five times a second
 * from {@value Progress#TTY_DELAY_MS} ms on; elsewhere a line is printed every
 * {@value Progress#LOG_INTERVAL_S} s; so a task that ends sooner prints nothing. A background
 * thread does the printing until {@link #close()}.
 */
final class ElapsedProgress implements AutoCloseable {
    private final PrintWriter err;
    private final boolean tty;
    private final String label;
    private final long started = System.nanoTime();
    private final Thread thread;
    private boolean printed;

    /** Starts ticking unless {@code quiet}. */
    ElapsedProgress(CliContext ctx, boolean quiet, String label) {
        this.err = ctx.err();
        this.tty = ctx.stderrIsTerminal();
        this.label = label;
        if (quiet) {
            thread = null;
            return;
        }
        thread = Thread.ofPlatform().daemon().name("dendro-progress").start(this::tick);
    }

    private void tick() {
        long first = tty ? Progress.TTY_DELAY_MS : Progress.LOG_INTERVAL_S * 1000;
        long every = tty ? Progress.TTY_INTERVAL_MS : Progress.LOG_INTERVAL_S * 1000;
        try {
            Thread.sleep(first);
            while (true) {
                print();
                Thread.sleep(every);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private synchronized void print() {
        String line = label + " " + Units.duration(System.nanoTime() - started);
        if (tty) {
            err.print("\r" + line + "   ");
        } else {
            err.print(line + "\n");
        }
        err.flush();
        printed = true;
    }

    /** Stops ticking; on a terminal, ends the line if one was drawn. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (tty && printed) {
                print();
                err.print('\n');
                err.flush();
            }
        }
    }
}
