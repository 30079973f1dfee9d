package io.dendro.derive;

import java.util.Arrays;

/**
 * A growable run of points in time order: times, values ({@code Stream.NULL} for a null) and,
 * for nominal streams, their labels' compact JSON (null for numeric points). What operators read
 * and write.
 */
public final class SourcePoints {
    private long[] times = new long[16];
    private double[] values = new double[16];
    private String[] labels;
    private int size;

    public int size() {
        return size;
    }

    public long time(int i) {
        return times[i];
    }

    public double value(int i) {
        return values[i];
    }

    /** The label of point {@code i} in a nominal stream, else null. */
    public String label(int i) {
        return labels == null ? null : labels[i];
    }

    public void add(long t, double v) {
        add(t, v, null);
    }

    public void add(long t, double v, String label) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
            if (labels != null) {
                labels = Arrays.copyOf(labels, size * 2);
            }
        }
        if (label != null && labels == null) {
            labels = new String[times.length];
        }
        times[size] = t;
        values[size] = v;
        if (labels != null) {
            labels[size] = label;
        }
        size++;
    }

    public void clear() {
        size = 0;
        labels = null;
    }

    public long[] times() {
        return Arrays.copyOf(times, size);
    }

    public double[] values() {
        return Arrays.copyOf(values, size);
    }

    /** The labels (a copy), or null when no point has one. */
    public String[] labels() {
        return labels == null ? null : Arrays.copyOf(labels, size);
    }
}
