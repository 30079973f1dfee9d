package io.dendro.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long task on stderr. On a terminal it redraws one line ({@code \r}) at most
 * five times a second, starting after {@value #TTY_DELAY_MS} ms; elsewhere (a log file, a test)
 * it prints a line every {@value #LOG_INTERVAL_S} seconds, so a task that finishes sooner prints
 * nothing at all. A disabled progress (quiet) never prints.
 */
final class Progress {
    static final long TTY_DELAY_MS = 300;
    static final long TTY_INTERVAL_MS = 200;
    static final long LOG_INTERVAL_S = 5;
    private static final int BAR = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final boolean tty;
    private final String label;
    private final String unit;
    private final long total;
    private final long started = System.nanoTime();
    private long last = started;
    private boolean printed;
    private long lastDone = -1;
    private int width;

    /**
     * @param label what is going on ("loading", "reading data.csv")
     * @param unit  what is counted ("points", "lines")
     * @param total the count when done, or a negative number when unknown
     */
    Progress(CliContext ctx, boolean quiet, String label, String unit, long total) {
        this.err = ctx.err();
        this.enabled = !quiet;
        this.tty = ctx.stderrIsTerminal();
        this.label = label;
        this.unit = unit;
        this.total = total;
        if (tty) {
            last = started - (TTY_INTERVAL_MS - TTY_DELAY_MS) * 1_000_000L;
        }
    }

    /** Reports that {@code done} units are done; prints when it is time to. */
    void update(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long interval = tty ? TTY_INTERVAL_MS * 1_000_000L : LOG_INTERVAL_S * 1_000_000_000L;
        if (now - last >= interval) {
            last = now;
            print(done, now);
        }
    }

    /** Prints the final state (only when something was printed before) and ends the line. */
    void finish(long done) {
        if (enabled && printed) {
            if (done != lastDone) {
                print(done, System.nanoTime());
            }
            if (tty) {
                err.print('\n');
                err.flush();
            }
        }
    }

    /** Seconds since this progress started. */
    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private void print(long done, long now) {
        double secs = Math.max(1e-9, (now - started) / 1e9);
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double f = Math.min(1.0, (double) done / total);
            int full = (int) Math.round(f * BAR);
            sb.append('[').append("#".repeat(full)).append(".".repeat(BAR - full)).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%%  ", f * 100))
                    .append(Units.count(done)).append('/').append(Units.count(total)).append(' ').append(unit);
        } else {
            sb.append(Units.count(done)).append(' ').append(unit);
        }
        sb.append("  ").append(Units.count(done / secs)).append(' ').append(unit).append("/s");
        if (tty) {
            int len = sb.length();
            sb.append(" ".repeat(Math.max(0, width - len)));
            width = len;
            err.print('\r');
            err.print(sb);
            err.flush();
        } else {
            err.print(sb.append('\n'));
            err.flush();
        }
        printed = true;
        lastDone = done;
    }
}
