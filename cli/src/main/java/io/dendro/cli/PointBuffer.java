package io.dendro.cli;

import java.util.Arrays;

/** A growable pair of primitive arrays holding points in input order (16 bytes per point). */
final class PointBuffer {
    private long[] times = new long[1024];
    private double[] values = new double[1024];
    private int size;

    void add(long t, double v) {
        if (size == times.length) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, size + (size >> 1) + 1L);
            if (cap == size) {
                throw new IllegalStateException("more than " + size + " points in one input");
            }
            times = Arrays.copyOf(times, cap);
            values = Arrays.copyOf(values, cap);
        }
        times[size] = t;
        values[size] = v;
        size++;
    }

    int size() {
        return size;
    }

    /** A copy of the times at {@code [from, to)}. */
    long[] times(int from, int to) {
        return Arrays.copyOfRange(times, from, to);
    }

    /** A copy of the values at {@code [from, to)}. */
    double[] values(int from, int to) {
        return Arrays.copyOfRange(values, from, to);
    }
}
