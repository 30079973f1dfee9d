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
 * within the documented bound ({@link Summary#errorBound}) of the exact ones. Counts are of
 * samples ({@link Samples}): a null point holds none, an aggregate point its count, merged exactly
 * ({@link ExactStats#addAggregate}), any other point one.
 */
public final class WindowOracle {
    /** The worst error seen, in units of {@code 2^-53 · max(max|x|, 2^-1022)}, and where. */
    public double worst;
    public String worstWhere = "";

    /** Checks {@code got}, the windows of {@code [start, end)} (rounded as the query rounds it) read at {@code version}. */
    public void check(Stream s, long version, long start, long end, List<StatPoint> got, String what) {
        Samples xs = new Samples(s, version, start, end);
        for (StatPoint p : got) {
            ExactStats e = xs.next(p.count());
            String where = what + ", window at " + p.time() + " of " + p.count() + " points";
            assertEquals(e.count(), p.count(), where + ": more points than the range holds, or an aggregate"
                    + " split between windows");
            if (p.count() == 0) {
                continue;
            }
            assertEquals(Double.doubleToLongBits(e.min()), Double.doubleToLongBits(p.min()), where + ": min");
            assertEquals(Double.doubleToLongBits(e.max()), Double.doubleToLongBits(p.max()), where + ": max");
            close(e.mean(), p.mean(), e.maxAbs(), Geometry.LEAF_CAPACITY, where + ": mean");
            close(e.stddev(), p.stddev(), e.maxAbs(), Geometry.LEAF_CAPACITY, where + ": stddev");
        }
        assertTrue(xs.done(), what + ": the windows hold every point of the range (" + xs.taken() + " samples of "
                + xs.total() + ")");
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

    /**
     * The samples of {@code [start, end)} at {@code version} in time order, taken window by
     * window: a null point ({@link Stream#NULL}) is no sample (statistics skip it), an aggregate
     * point stands for its {@code count} samples, any other point is one.
     */
    public static final class Samples {
        private final List<RawPoint> points;
        private final long total;
        private int at;
        private long taken;

        /** The points of {@code [start, end)} (none when {@code start >= end}). */
        public Samples(Stream s, long version, long start, long end) {
            List<RawPoint> ps = new ArrayList<>();
            if (start < end) {
                ps = s.values(start, end, version).toList();
            }
            this.points = ps;
            long n = 0;
            for (RawPoint p : ps) {
                n += samples(p);
            }
            this.total = n;
        }

        /** The samples point {@code p} stands for. */
        public static long samples(RawPoint p) {
            return p.aggregate() != null ? p.aggregate().count() : Stream.isNull(p.value()) ? 0 : 1;
        }

        /** Adds point {@code p}'s samples to {@code e}. */
        public static void add(ExactStats e, RawPoint p) {
            if (p.aggregate() != null) {
                io.dendro.value.Aggregate a = p.aggregate();
                e.addAggregate(a.count(), a.min(), a.max(), a.mean(), a.stddev());
            } else if (!Stream.isNull(p.value())) {
                e.add(p.value());
            }
        }

        /**
         * The exact statistics of the next points that hold {@code n} samples: fewer when the
         * range runs out, more when an aggregate would be split (the caller compares counts).
         */
        public ExactStats next(long n) {
            ExactStats e = new ExactStats();
            while (e.count() < n && at < points.size()) {
                add(e, points.get(at++));
            }
            taken += e.count();
            return e;
        }

        /** Whether every sample has been taken (null points left over hold none). */
        public boolean done() {
            return taken == total;
        }

        public long taken() {
            return taken;
        }

        public long total() {
            return total;
        }
    }
}
