package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.tree.Geometry;
import io.dendro.tree.Summary;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks statistical windows against the exact statistics of their points. Windows (aligned or
 * not, at any depth) hold consecutive runs of the points of their range, so each window's points
 * follow from the counts; count, min and max must be exact, the mean and the standard deviation
 * within the documented bound ({@link Summary#errorBound}) of the exact ones.
 */
public final class WindowOracle {
    /** The worst error seen, in units of {@code 2^-53 · max(max|x|, 2^-1022)}, and where. */
    public double worst;
    public String worstWhere = "";

    /** Checks {@code got}, the windows of {@code [start, end)} (rounded as the query rounds it) read at {@code version}. */
    public void check(Stream s, long version, long start, long end, List<StatPoint> got, String what) {
        List<Double> xs = values(s, version, start, end);
        int at = 0;
        for (StatPoint p : got) {
            ExactStats e = new ExactStats();
            for (long k = 0; k < p.count() && at < xs.size(); k++) {
                e.add(xs.get(at++));
            }
            String where = what + ", window at " + p.time() + " of " + p.count() + " points";
            assertEquals(e.count(), p.count(), where + ": more points than the range holds");
            if (p.count() == 0) {
                continue;
            }
            assertEquals(Double.doubleToLongBits(e.min()), Double.doubleToLongBits(p.min()), where + ": min");
            assertEquals(Double.doubleToLongBits(e.max()), Double.doubleToLongBits(p.max()), where + ": max");
            close(e.mean(), p.mean(), e.maxAbs(), Geometry.LEAF_CAPACITY, where + ": mean");
            close(e.stddev(), p.stddev(), e.maxAbs(), Geometry.LEAF_CAPACITY, where + ": stddev");
        }
        assertEquals(xs.size(), at, what + ": the windows hold every point of the range");
    }

    /** {@code got} is finite and within the documented bound of {@code exact} (plus the oracle's rounding). */
    public void close(double exact, double got, double maxAbs, long leafPoints, String what) {
        double bound = Summary.errorBound(maxAbs, leafPoints, 10) + Math.ulp(exact);
        assertTrue(Double.isFinite(got), () -> what + ": " + got + " is not finite (exact " + exact + ")");
        assertTrue(Math.abs(got - exact) <= bound, () -> what + ": " + got + " differs from the exact " + exact
                + " by " + Math.abs(got - exact) + ", more than the bound " + bound);
        double ratio = Math.abs(got - exact) / Math.max(maxAbs, Double.MIN_NORMAL) * 0x1p53;
        if (ratio > worst) {
            worst = ratio;
            worstWhere = what + " (max|x| " + maxAbs + ")";
        }
    }

    @Override
    public String toString() {
        return "worst error " + worst + " · 2^-53 · max(max|x|, 2^-1022), at " + worstWhere;
    }

    /** The values of {@code [start, end)} at {@code version}, in time order (none when {@code start >= end}). */
    public static List<Double> values(Stream s, long version, long start, long end) {
        List<Double> xs = new ArrayList<>();
        if (start < end) {
            try (PointCursor c = s.values(start, end, version)) {
                while (c.next()) {
                    xs.add(c.value());
                }
            }
        }
        return xs;
    }
}
