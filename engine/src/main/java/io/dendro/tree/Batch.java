package io.dendro.tree;

import io.dendro.MergePolicy;
import java.util.HashSet;
import java.util.Set;

/**
 * A batch of points prepared for insertion: sorted by time (stably, so points that share a
 * time keep their batch order) and reduced by the merge policy's rule inside the batch
 * (EQUAL: drop repeats of an earlier (time, value); RETAIN: first per time; REPLACE: last).
 *
 * <p>A point may carry a payload beside its value: the bytes of a label or graph document, or
 * of an aggregate's count, min, max and spread (docs/design/value-kinds.md). {@link #payloads}
 * is null when no point of the batch has one (numeric points: nothing to carry, nothing
 * allocated); otherwise it is parallel to the times and values, with null for a point without.
 * Payloads move with their points through the sort and the reductions; EQUAL compares them too
 * (two points are equal when time, value bits and payload bytes are).
 */
public final class Batch {
    public final long[] times;
    public final double[] values;
    /** Per point: its payload or null; the array is null when no point has one. */
    public final byte[][] payloads;
    public final int size;
    public final MergePolicy policy;

    private Batch(long[] times, double[] values, byte[][] payloads, int size, MergePolicy policy) {
        this.times = times;
        this.values = values;
        this.payloads = payloads;
        this.size = size;
        this.policy = policy;
    }

    /** A batch already prepared (sorted and reduced), e.g. read back from the log ({@code payloads} may be null). */
    public static Batch prepared(long[] times, double[] values, byte[][] payloads, MergePolicy policy) {
        return new Batch(times, values, payloads, times.length, policy);
    }

    /**
     * Concatenates consecutive batches of one policy and prepares the result: the same content
     * as applying them one after the other (ties keep batch order, so EQUAL, RETAIN and REPLACE
     * decide across batches exactly as across points of one batch).
     */
    public static Batch concat(java.util.List<Batch> batches) {
        int n = 0;
        for (Batch b : batches) {
            n += b.size;
        }
        long[] t = new long[n];
        double[] v = new double[n];
        byte[][] p = null;
        int k = 0;
        for (Batch b : batches) {
            System.arraycopy(b.times, 0, t, k, b.size);
            System.arraycopy(b.values, 0, v, k, b.size);
            if (b.payloads != null) {
                if (p == null) {
                    p = new byte[n][];
                }
                System.arraycopy(b.payloads, 0, p, k, b.size);
            }
            k += b.size;
        }
        return prepare(t, v, p, n, batches.get(0).policy);
    }

    /** Copies, sorts and reduces; the caller's arrays are left untouched. */
    public static Batch prepare(long[] times, double[] values, int n, MergePolicy policy) {
        return prepare(times, values, null, n, policy);
    }

    /**
     * Copies, sorts and reduces points with payloads ({@code payloads} null: none; else parallel
     * to the points, null for a point without); the caller's arrays are left untouched (the
     * payloads themselves are shared, not copied).
     */
    public static Batch prepare(long[] times, double[] values, byte[][] payloads, int n, MergePolicy policy) {
        long[] t = java.util.Arrays.copyOf(times, n);
        double[] v = java.util.Arrays.copyOf(values, n);
        byte[][] p = payloads == null ? null : java.util.Arrays.copyOf(payloads, n);
        if (!isSorted(t, n)) {
            if (p == null) {
                sort(t, v, n);
            } else {
                sortWithPayloads(t, v, p, n);
            }
        }
        int m = switch (policy) {
            case NEVER -> n;
            case EQUAL -> dropEqual(t, v, p, n);
            case RETAIN -> keepOnePerTime(t, v, p, n, true);
            case REPLACE -> keepOnePerTime(t, v, p, n, false);
        };
        return new Batch(t, v, p, m, policy);
    }

    /** The stable sort of {@link #sort} applied to an index, then to the three arrays. */
    private static void sortWithPayloads(long[] t, double[] v, byte[][] p, int n) {
        long[] key = t.clone();
        double[] order = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i; // exact up to 2^53 points
        }
        sort(key, order, n);
        double[] v2 = v.clone();
        byte[][] p2 = p.clone();
        for (int i = 0; i < n; i++) {
            int from = (int) order[i];
            t[i] = key[i];
            v[i] = v2[from];
            p[i] = p2[from];
        }
    }

    static boolean isSorted(long[] t, int n) {
        for (int i = 1; i < n; i++) {
            if (t[i] < t[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stable natural merge sort of parallel arrays by time: the ascending runs already there
     * (several batches concatenated, a collector's slightly shuffled requests) are merged
     * pairwise, so k runs cost log2(k) passes, not log2(n).
     */
    static void sort(long[] t, double[] v, int n) {
        int runs = 1;
        for (int i = 1; i < n; i++) {
            if (t[i] < t[i - 1]) {
                runs++;
            }
        }
        if (runs == 1) {
            return;
        }
        int[] bounds = new int[runs + 1];
        for (int i = 1, r = 0; i < n; i++) {
            if (t[i] < t[i - 1]) {
                bounds[++r] = i;
            }
        }
        bounds[runs] = n;
        long[] st = t;
        double[] sv = v;
        long[] dt = new long[n];
        double[] dv = new double[n];
        for (int count = runs; count > 1; ) {
            int out = 0;
            for (int r = 0; r < count; r += 2) {
                int lo = bounds[r];
                int mid = bounds[Math.min(r + 1, count)];
                int hi = bounds[Math.min(r + 2, count)];
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    if (st[j] < st[i]) { // strict: ties take the left (earlier) point first
                        dt[k] = st[j];
                        dv[k++] = sv[j++];
                    } else {
                        dt[k] = st[i];
                        dv[k++] = sv[i++];
                    }
                }
                System.arraycopy(st, i, dt, k, mid - i);
                System.arraycopy(sv, i, dv, k, mid - i);
                k += mid - i;
                System.arraycopy(st, j, dt, k, hi - j);
                System.arraycopy(sv, j, dv, k, hi - j);
                bounds[out++] = lo;
            }
            bounds[out] = n;
            count = out;
            long[] xt = st;
            st = dt;
            dt = xt;
            double[] xv = sv;
            sv = dv;
            dv = xv;
        }
        if (st != t) {
            System.arraycopy(st, 0, t, 0, n);
            System.arraycopy(sv, 0, v, 0, n);
        }
    }

    /** A point's value and payload as a set key: records compare byte buffers by their content. */
    private record Point(long bits, java.nio.ByteBuffer payload) {
    }

    private static int dropEqual(long[] t, double[] v, byte[][] p, int n) {
        int out = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && t[j] == t[i]) {
                j++;
            }
            int groupStart = out;
            Set<Object> seen = j - i > 16 ? new HashSet<>() : null;
            for (int k = i; k < j; k++) {
                long bits = Double.doubleToRawLongBits(v[k]);
                boolean dup;
                if (seen != null) {
                    dup = !seen.add(p == null ? (Object) bits
                            : new Point(bits, p[k] == null ? null : java.nio.ByteBuffer.wrap(p[k])));
                } else {
                    dup = false;
                    for (int q = groupStart; q < out; q++) {
                        if (Double.doubleToRawLongBits(v[q]) == bits
                                && (p == null || java.util.Arrays.equals(p[q], p[k]))) {
                            dup = true;
                            break;
                        }
                    }
                }
                if (!dup) {
                    t[out] = t[k];
                    if (p != null) {
                        p[out] = p[k];
                    }
                    v[out++] = v[k];
                }
            }
            i = j;
        }
        return out;
    }

    private static int keepOnePerTime(long[] t, double[] v, byte[][] p, int n, boolean first) {
        int out = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && t[j] == t[i]) {
                j++;
            }
            int keep = first ? i : j - 1;
            t[out] = t[keep];
            if (p != null) {
                p[out] = p[keep];
            }
            v[out++] = v[keep];
            i = j;
        }
        return out;
    }
}
