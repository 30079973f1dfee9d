package io.dendro.value;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.Map;

/**
 * A pre-aggregated numeric point: what a source that sampled several times and reported one
 * summary sent ("pinging sends several packets and returns min, max, mean"). Windows and
 * summaries merge it exactly as if its samples had been inserted (Chan's pairwise merge of
 * count, mean and spread; min and max as they are).
 *
 * <p>Built from Datastream's keys ({@link #of(Map)}): count {@code c} with either sum {@code s}
 * and sum of squares {@code q}, or mean {@code m} and population standard deviation
 * {@code d}; min {@code l} and max {@code u} always. When both forms are present, as in
 * Datastream's own seven-key aggregates, the mean is recomputed from {@code s / c} (as Datastream
 * does) and the standard deviation is {@code d}.
 *
 * <p>An aggregate that contradicts itself is refused with INVALID_VALUE naming the rule: a count
 * below 1 or not a whole number, a missing key, a value that is not finite, {@code l > u}, a
 * mean outside {@code [l, u]}, a negative standard deviation, or a sum of squares below
 * {@code s² / c}. The mean and the variance computed from sums carry rounding (three samples of
 * 0.1 sum to 0.30000000000000004): a mean outside {@code [l, u]} by at most
 * {@link #SLACK_ULPS} units in the last place of the larger bound is taken as on the bound, and
 * a variance below zero by as little is taken as zero.
 *
 * @param count  the number of samples, at least 1
 * @param min    the smallest sample
 * @param max    the largest sample
 * @param mean   the mean of the samples, in {@code [min, max]}
 * @param stddev the population standard deviation of the samples, at least 0
 */
public record Aggregate(long count, double min, double max, double mean, double stddev) {
    /** The rounding a mean or a variance computed from sums may carry, in ulps (see the class comment). */
    public static final int SLACK_ULPS = 16;

    public Aggregate {
        if (count < 1) {
            throw invalid("count " + count + " is below 1");
        }
        finite("min", min);
        finite("max", max);
        finite("mean", mean);
        finite("stddev", stddev);
        if (min > max) {
            throw invalid("min " + min + " is above max " + max);
        }
        if (mean < min || mean > max) {
            throw invalid("mean " + mean + " lies outside [min, max] = [" + min + ", " + max + "]");
        }
        if (stddev < 0) {
            throw invalid("stddev " + stddev + " is negative");
        }
    }

    /**
     * An aggregate from Datastream's keys (values are numbers; other keys are refused).
     *
     * @throws DendroException INVALID_VALUE naming the rule it breaks
     */
    public static Aggregate of(Map<String, Double> keys) {
        for (String k : keys.keySet()) {
            if (k.length() != 1 || "csqlumd".indexOf(k.charAt(0)) < 0) {
                throw invalid("unknown key \"" + k + "\" (an aggregate has c, l, u and s, q or m, d)");
            }
        }
        Double c = need(keys, "c");
        double l = need(keys, "l");
        double u = need(keys, "u");
        finite("c", c);
        if (c != Math.rint(c) || c > 0x1p53) {
            throw invalid("count " + c + " is not a whole number");
        }
        long n = (long) (double) c;
        if (n < 1) {
            throw invalid("count " + n + " is below 1");
        }
        Double s = keys.get("s");
        Double q = keys.get("q");
        Double m = keys.get("m");
        Double d = keys.get("d");
        double mean;
        if (s != null) {
            finite("s", s);
            mean = s / n;
        } else if (m != null) {
            mean = m;
        } else {
            throw invalid("needs the sum \"s\" (with \"q\") or the mean \"m\" (with \"d\")");
        }
        finite("mean", mean);
        mean = onBounds(mean, l, u);
        double sd;
        if (d != null) {
            sd = d;
        } else if (q != null && s != null) {
            finite("q", q);
            double var = q / n - mean * mean;
            double slack = SLACK_ULPS * Math.ulp(Math.max(Math.abs(q / n), mean * mean));
            if (var < -slack) {
                throw invalid("sum of squares " + q + " is below s\u00b2/c = " + (s * s / n));
            }
            sd = Math.sqrt(Math.max(0, var));
        } else {
            throw invalid(s != null ? "needs the sum of squares \"q\" with the sum \"s\" (or \"d\")"
                    : "needs the standard deviation \"d\" with the mean \"m\"");
        }
        return new Aggregate(n, l, u, mean, sd);
    }

    /** The sum of the samples, {@code count · mean}. */
    public double sum() {
        return count * mean;
    }

    /** The sum of the squares of the samples, {@code count · (stddev² + mean²)}. */
    public double sumOfSquares() {
        return count * (stddev * stddev + mean * mean);
    }

    /** A mean that rounding put just outside {@code [l, u]} is put on the bound; farther out it stays (and is refused). */
    private static double onBounds(double mean, double l, double u) {
        double slack = SLACK_ULPS * Math.ulp(Math.max(Math.abs(l), Math.abs(u)));
        if (mean < l && mean >= l - slack) {
            return l;
        }
        if (mean > u && mean <= u + slack) {
            return u;
        }
        return mean;
    }

    private static Double need(Map<String, Double> keys, String k) {
        Double v = keys.get(k);
        if (v == null) {
            throw invalid("needs \"" + k + "\"");
        }
        return v;
    }

    private static void finite(String what, double v) {
        if (!Double.isFinite(v)) {
            throw invalid(what + " " + v + " is not finite");
        }
    }

    private static DendroException invalid(String rule) {
        return new DendroException(ErrorCode.INVALID_VALUE, "aggregate: " + rule);
    }
}
