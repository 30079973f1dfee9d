package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.tree.Summary;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statistics over the whole double range: values at and near {@code ±Double.MAX_VALUE}, sums
 * and squared deviations that overflow, subnormals, and mixes of huge and tiny magnitudes. Every
 * mean and standard deviation is compared with the exact one ({@link ExactStats}) within the
 * documented bound ({@link Summary#errorBound}), from summaries built every way (two passes,
 * one value at a time, merges of parts in either form) and from the database (leaves, internal
 * nodes of several levels, the in-memory overlay of buffered points, sealed trees; aligned
 * windows, windows at depth 0 and above). Random cases print their seed.
 */
class ExtremeStatsTest {
    private static final double MAX = Double.MAX_VALUE;

    @TempDir
    Path dir;

    private final WindowOracle oracle = new WindowOracle();

    private void assertSummary(ExactStats e, Summary s, long leafPoints, String what) {
        assertEquals(e.count(), s.count, what + ": count");
        assertEquals(Double.doubleToLongBits(e.min()), Double.doubleToLongBits(s.min), what + ": min");
        assertEquals(Double.doubleToLongBits(e.max()), Double.doubleToLongBits(s.max), what + ": max");
        oracle.close(e.mean(), s.mean, e.maxAbs(), leafPoints, what + ": mean");
        oracle.close(e.stddev(), s.stddev(), e.maxAbs(), leafPoints, what + ": stddev");
    }

    // ---- summaries --------------------------------------------------------------------------

    @Test
    void shouldNotOverflowTheStandardDeviationOfTheReportedExample() {
        double[] v = {MAX, -973.69, -973.69, -973.69, -973.69};
        ExactStats e = ExactStats.of(v, 0, v.length);
        assertEquals(7.19e307, e.stddev(), 0.01e307);
        everyWay(v, e, "MAX and -973.69");
        double[] two = {MAX, -973.69};
        everyWay(two, ExactStats.of(two, 0, 2), "MAX and -973.69 once");
    }

    @Test
    void shouldKeepTheMeanOfHugeEqualValuesExact() {
        for (int n : new int[] {2, 3, 1000, 8192}) {
            double[] v = new double[n];
            Arrays.fill(v, 1.7e308);
            Summary s = new Summary();
            s.ofValues(v, 0, n);
            assertEquals(1.7e308, s.mean, 0, "two passes, n = " + n);
            assertEquals(0, s.stddev(), 0);
            Summary a = new Summary();
            for (double x : v) {
                a.add(x);
            }
            assertEquals(1.7e308, a.mean, 0, "one at a time");
            Summary m = new Summary();
            m.merge(s);
            m.merge(a);
            assertEquals(1.7e308, m.mean, 0, "merged");
            assertEquals(0, m.stddev(), 0);
            Arrays.fill(v, MAX);
            s.ofValues(v, 0, n);
            assertEquals(MAX, s.mean, 0);
        }
    }

    @Test
    void shouldBeRightForOppositeExtremes() {
        double[] v = {MAX, -MAX, MAX, -MAX};
        ExactStats e = ExactStats.of(v, 0, v.length);
        assertEquals(0, e.mean(), 0);
        assertEquals(MAX, e.stddev(), 0);
        everyWay(v, e, "±MAX");
        double[] w = {-MAX, -MAX, -MAX, MAX};
        everyWay(w, ExactStats.of(w, 0, w.length), "3 × -MAX, MAX");
        double[] tiny = {Double.MIN_VALUE, 0, -Double.MIN_VALUE, 3 * Double.MIN_VALUE};
        everyWay(tiny, ExactStats.of(tiny, 0, tiny.length), "subnormals");
    }

    @Test
    void shouldMatchTheExactStatisticsOfRandomExtremeValuesBuiltEveryWay() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 400; round++) {
            int kind = r.nextInt(Kind.values().length);
            int n = 1 + r.nextInt(r.nextBoolean() ? 10 : 3000);
            double[] v = values(Kind.values()[kind], r, n);
            everyWay(v, ExactStats.of(v, 0, n), "seed " + seed + " round " + round + " " + Kind.values()[kind]);
        }
        System.out.println("ExtremeStatsTest (summaries), seed " + seed + ": " + oracle);
    }

    /** Two passes, one value at a time, and merges of random parts (kept as they are and through the stored form). */
    private void everyWay(double[] v, ExactStats e, String what) {
        int n = v.length;
        Summary whole = new Summary();
        whole.ofValues(v, 0, n);
        assertSummary(e, whole, n, what + ", two passes");
        Summary added = new Summary();
        for (double x : v) {
            added.add(x);
        }
        assertSummary(e, added, n, what + ", one at a time");
        SplittableRandom r = new SplittableRandom(n * 31L + Double.doubleToLongBits(v[0]));
        Summary merged = new Summary();
        Summary stored = new Summary();
        Summary outer = new Summary();
        Summary group = new Summary();
        int groupParts = 0;
        for (int lo = 0; lo < n; ) {
            int hi = Math.min(n, lo + 1 + r.nextInt(Math.max(1, n / 4)));
            Summary part = new Summary();
            part.ofValues(v, lo, hi);
            merged.merge(part);
            stored.merge(part.count, part.min, part.max, part.mean, part.sigma());
            group.merge(part.count, part.min, part.max, part.mean, part.sigma()); // a tree of two levels
            if (++groupParts == 3) {
                outer.merge(group.count, group.min, group.max, group.mean, group.sigma());
                group.clear();
                groupParts = 0;
            }
            lo = hi;
        }
        outer.merge(group);
        assertSummary(e, merged, n, what + ", merged parts");
        assertSummary(e, stored, n, what + ", merged stored parts");
        assertSummary(e, outer, n, what + ", merged groups of stored parts");
    }

    enum Kind { NEAR_MAX, PLUS_MINUS_MAX, HUGE_AND_TINY, SUBNORMAL, TINY_SPREAD, HUGE_EQUALISH, ANY_BITS, ORDINARY_AND_HUGE }

    static double[] values(Kind kind, SplittableRandom r, int n) {
        double[] v = new double[n];
        DoubleSupplier g = switch (kind) {
            case NEAR_MAX -> () -> (r.nextBoolean() ? 1 : -1) * MAX * (1 - r.nextDouble() * 1e-3);
            case PLUS_MINUS_MAX -> () -> r.nextBoolean() ? MAX : -MAX;
            case HUGE_AND_TINY -> () -> switch (r.nextInt(4)) {
                case 0 -> MAX * r.nextDouble();
                case 1 -> -1e308 * r.nextDouble();
                case 2 -> Double.MIN_VALUE * r.nextInt(1000);
                default -> 1e-300 * r.nextGaussian();
            };
            case SUBNORMAL -> () -> Double.MIN_VALUE * (r.nextInt(2001) - 1000);
            case TINY_SPREAD -> () -> 1e-200 + 1e-215 * r.nextGaussian();
            case HUGE_EQUALISH -> () -> Math.nextUp(1.7e308) + Math.ulp(1.7e308) * r.nextInt(5);
            case ANY_BITS -> () -> {
                double x;
                do {
                    x = Double.longBitsToDouble(r.nextLong());
                } while (!Double.isFinite(x));
                return x;
            };
            case ORDINARY_AND_HUGE -> () -> r.nextInt(50) == 0 ? (r.nextBoolean() ? 1.7e308 : -1.7e308)
                    : Math.round(r.nextGaussian() * 1e6) / 1e3;
        };
        for (int i = 0; i < n; i++) {
            v[i] = g.getAsDouble();
        }
        return v;
    }

    // ---- the database ---------------------------------------------------------------------------

    /**
     * A stream of 20,000 extreme points a millisecond apart (internal nodes at five levels), then
     * 3,000 more buffered (the overlay), read at the latest version; then sealed and read again.
     */
    @Test
    void shouldAnswerWindowsOfExtremeValuesWithinTheBoundBufferedAndSealed() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        System.out.println("ExtremeStatsTest (database), seed " + seed);
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false).bufferPoints(1 << 20)
                .bufferMaxAgeMillis(3_600_000))) {
            for (Kind kind : Kind.values()) {
                String what = "seed " + seed + " " + kind;
                Stream s = db.create(UUID.randomUUID(), "extreme/" + kind, Map.of(), Map.of());
                long t0 = 1_700_000_000_000_000_000L;
                long[] t = new long[20_000];
                for (int i = 0; i < t.length; i++) {
                    t[i] = t0 + i * 1_000_000L;
                }
                s.insert(t, values(kind, r, t.length));
                assertEquals(1, s.flush());
                long[] more = new long[3_000];
                for (int i = 0; i < more.length; i++) {
                    more[i] = t0 + r.nextLong(20_000) * 1_000_000L + r.nextInt(1_000_000); // among the sealed points
                }
                Arrays.sort(more);
                s.insert(more, values(kind, r, more.length));
                assertTrue(s.bufferedPoints() > 0, "buffered");
                queries(s, 0, t0, t0 + 20_000_000_000L, r, what + ", buffered");
                assertEquals(2, s.flush());
                queries(s, 2, t0, t0 + 20_000_000_000L, r, what + ", sealed");
                queries(s, 1, t0, t0 + 20_000_000_000L, r, what + ", version 1");
            }
            assertTrue(db.verify().isClean());
        }
        System.out.println("ExtremeStatsTest (database): " + oracle);
    }

    private void queries(Stream s, long version, long a, long b, SplittableRandom r, String what) {
        for (int pw : new int[] {20, 28, 32, 34, 38, 44}) {
            try (StatCursor c = s.alignedWindows(a, b, pw, version)) {
                oracle.check(s, version, floor(a, pw), floor(b, pw), c.toList(), what + ", pw " + pw);
            }
        }
        long[][] windows = {{b - a, 0}, {b - a, 40}, {(b - a) / 7 + 3, 0}, {(b - a) / 13, 30}, {123_456_789, 0},
            {r.nextLong(1, b - a), r.nextInt(63)}};
        for (long[] w : windows) {
            long width = w[0];
            int depth = (int) w[1];
            try (StatCursor c = s.windows(a, b, width, depth, version)) {
                oracle.check(s, version, a, a + (b - a) / width * width, c.toList(), what + ", width " + width + " depth " + depth);
            }
        }
    }

    private static long floor(long t, int pw) {
        return t & -(1L << pw);
    }
}
