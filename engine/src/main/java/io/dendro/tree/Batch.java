package io.dendro.tree;

import io.dendro.MergePolicy;
import java.util.HashSet;
import java.util.Set;

/**
 * A batch of points prepared for insertion: sorted by time (stably, so points that share a
 * time keep their batch order) and reduced by the merge policy's rule inside the batch
 * (EQUAL: drop repeats of an earlier (time, value); RETAIN: first per time; REPLACE: last).
 */
public final class Batch {
    public final long[] times;
    public final double[] values;
    public final int size;
    public final MergePolicy policy;

    private Batch(long[] times, double[] values, int size, MergePolicy policy) {
        this.times = times;
        this.values = values;
        this.size = size;
        this.policy = policy;
    }

    /** A batch already prepared (sorted and reduced), e.g. read back from the log. */
    public static Batch prepared(long[] times, double[] values, MergePolicy policy) {
        return new Batch(times, values, times.length, policy);
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
        int k = 0;
        for (Batch b : batches) {
            System.arraycopy(b.times, 0, t, k, b.size);
            System.arraycopy(b.values, 0, v, k, b.size);
            k += b.size;
        }
        return prepare(t, v, n, batches.get(0).policy);
    }

    /** Copies, sorts and reduces; the caller's arrays are left untouched. */
    public static Batch prepare(long[] times, double[] values, int n, MergePolicy policy) {
        long[] t = java.util.Arrays.copyOf(times, n);
        double[] v = java.util.Arrays.copyOf(values, n);
        if (!isSorted(t, n)) {
            sort(t, v, n);
        }
        int m = switch (policy) {
            case NEVER -> n;
            case EQUAL -> dropEqual(t, v, n);
            case RETAIN -> keepOnePerTime(t, v, n, true);
            case REPLACE -> keepOnePerTime(t, v, n, false);
        };
        return new Batch(t, v, m, policy);
    }

    static boolean isSorted(long[] t, int n) {
        for (int i = 1; i < n; i++) {
            if (t[i] < t[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Stable merge sort of parallel arrays by time. */
    static void sort(long[] t, double[] v, int n) {
        long[] t2 = new long[n];
        double[] v2 = new double[n];
        long[] st = t;
        double[] sv = v;
        long[] dt = t2;
        double[] dv = v2;
        for (int width = 1; width < n; width <<= 1) {
            for (int lo = 0; lo < n; lo += width << 1) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + (width << 1), n);
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
                while (i < mid) {
                    dt[k] = st[i];
                    dv[k++] = sv[i++];
                }
                while (j < hi) {
                    dt[k] = st[j];
                    dv[k++] = sv[j++];
                }
            }
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

    private static int dropEqual(long[] t, double[] v, int n) {
        int out = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && t[j] == t[i]) {
                j++;
            }
            int groupStart = out;
            Set<Long> seen = j - i > 16 ? new HashSet<>() : null;
            for (int k = i; k < j; k++) {
                long bits = Double.doubleToRawLongBits(v[k]);
                boolean dup;
                if (seen != null) {
                    dup = !seen.add(bits);
                } else {
                    dup = false;
                    for (int q = groupStart; q < out; q++) {
                        if (Double.doubleToRawLongBits(v[q]) == bits) {
                            dup = true;
                            break;
                        }
                    }
                }
                if (!dup) {
                    t[out] = t[k];
                    v[out++] = v[k];
                }
            }
            i = j;
        }
        return out;
    }

    private static int keepOnePerTime(long[] t, double[] v, int n, boolean first) {
        int out = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && t[j] == t[i]) {
                j++;
            }
            int keep = first ? i : j - 1;
            t[out] = t[keep];
            v[out++] = v[keep];
            i = j;
        }
        return out;
    }
}
