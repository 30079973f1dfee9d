package io.dendro.cli;

import java.util.Arrays;

/**
 * A growable pair of primitive arrays holding points in input order (16 bytes per point), with
 * the aggregates and documents of the points that have one (those arrays exist once one does).
 */
final class PointBuffer {
    private long[] times = new long[1024];
    private double[] values = new double[1024];
    private io.dendro.value.Aggregate[] aggregates;
    private String[] documents;
    private int size;

    void add(long t, double v) {
        grow();
        times[size] = t;
        values[size] = v;
        size++;
    }

    void add(long t, io.dendro.value.Aggregate a) {
        grow();
        if (aggregates == null) {
            aggregates = new io.dendro.value.Aggregate[times.length];
        }
        times[size] = t;
        values[size] = a.mean();
        aggregates[size] = a;
        size++;
    }

    void add(long t, String document) {
        grow();
        if (documents == null) {
            documents = new String[times.length];
        }
        times[size] = t;
        documents[size] = document;
        size++;
    }

    /** Whether any point is a document (then every point is: a stream has one kind). */
    boolean hasDocuments() {
        return documents != null;
    }

    /** A copy of the aggregates at {@code [from, to)}, or null when no point is one. */
    io.dendro.value.Aggregate[] aggregates(int from, int to) {
        return aggregates == null ? null : Arrays.copyOfRange(aggregates, from, to);
    }

    /** A copy of the documents at {@code [from, to)}. */
    String[] documents(int from, int to) {
        return Arrays.copyOfRange(documents, from, to);
    }

    private void grow() {
        if (size == times.length) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, size + (size >> 1) + 1L);
            if (cap == size) {
                throw new IllegalStateException("more than " + size + " points in one input");
            }
            times = Arrays.copyOf(times, cap);
            values = Arrays.copyOf(values, cap);
            if (aggregates != null) {
                aggregates = Arrays.copyOf(aggregates, cap);
            }
            if (documents != null) {
                documents = Arrays.copyOf(documents, cap);
            }
        }
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
