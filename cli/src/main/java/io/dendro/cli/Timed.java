package io.dendro.cli;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A query run once for its answer ("first run", which in a fresh JVM includes class loading and
 * interpretation) and then repeated a few times to measure it warm (the median of the repeats).
 * Repeats stop after {@value #MAX_REPEATS} runs or {@value #BUDGET_MS} ms, so the tour stays quick.
 *
 * @param value     the answer of the first run
 * @param firstNanos how long the first run took
 * @param warmNanos  the median of the repeated runs
 */
record Timed<T>(T value, long firstNanos, long warmNanos) {
    static final int MAX_REPEATS = 25;
    static final long BUDGET_MS = 40;

    static <T> Timed<T> of(Supplier<T> query) {
        long t0 = System.nanoTime();
        T value = query.get();
        long first = System.nanoTime() - t0;
        long[] runs = new long[MAX_REPEATS];
        int n = 0;
        long deadline = System.nanoTime() + BUDGET_MS * 1_000_000L;
        while (n < MAX_REPEATS && (n < 3 || System.nanoTime() < deadline)) {
            long s = System.nanoTime();
            query.get();
            runs[n++] = System.nanoTime() - s;
        }
        Arrays.sort(runs, 0, n);
        return new Timed<>(value, first, runs[n / 2]);
    }

    /** {@code 35 µs (first run 2.1 ms)}. */
    String describe() {
        return Units.duration(warmNanos) + " (first run " + Units.duration(firstNanos) + ")";
    }
}
