package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fixed-point oracle against a plain BigDecimal computation. */
class ExactStatsTest {
    private static final MathContext MC = new MathContext(40);

    @Test
    void shouldAgreeWithBigDecimalOverTheWholeDoubleRange() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(r.nextBoolean() ? 5 : 200);
            double[] v = new double[n];
            int kind = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                v[i] = switch (kind == 3 ? r.nextInt(3) : kind) {
                    case 0 -> Double.longBitsToDouble(r.nextLong() & ~(0x7ffL << 52) | ((long) r.nextInt(2047) << 52));
                    case 1 -> (r.nextBoolean() ? 1 : -1) * Double.MAX_VALUE * (1 - r.nextDouble() * 1e-3);
                    default -> Double.MIN_VALUE * r.nextInt(1 << 20) * (r.nextBoolean() ? 1 : -1);
                };
            }
            ExactStats e = ExactStats.of(v, 0, n);
            BigDecimal sum = BigDecimal.ZERO;
            BigDecimal sq = BigDecimal.ZERO;
            for (double x : v) {
                BigDecimal b = new BigDecimal(x);
                sum = sum.add(b);
                sq = sq.add(b.multiply(b));
            }
            BigDecimal count = BigDecimal.valueOf(n);
            double mean = sum.divide(count, MC).doubleValue();
            BigDecimal var = count.multiply(sq).subtract(sum.multiply(sum)).divide(count.multiply(count), MC);
            double sd = var.sqrt(MC).doubleValue();
            String where = "seed " + seed + " round " + round;
            assertEquals(mean, e.mean(), Math.ulp(mean), where);
            assertEquals(sd, e.stddev(), Math.ulp(sd), where);
        }
    }

    @Test
    void shouldGiveTheOverflowingExamplesFiniteAnswers() {
        ExactStats e = ExactStats.of(new double[] {Double.MAX_VALUE, -973.69}, 0, 2);
        assertEquals(Double.MAX_VALUE / 2 - 973.69 / 2, e.mean(), Math.ulp(Double.MAX_VALUE));
        assertEquals(Double.MAX_VALUE / 2 + 973.69 / 2, e.stddev(), Math.ulp(Double.MAX_VALUE));
        assertEquals(1.7e308, ExactStats.of(new double[] {1.7e308, 1.7e308}, 0, 2).mean(), 0);
        assertEquals(0, ExactStats.of(new double[] {1.7e308, 1.7e308}, 0, 2).stddev(), 0);
        assertEquals(Double.MIN_VALUE, ExactStats.of(new double[] {0, Double.MIN_VALUE * 2}, 0, 2).stddev(), 0);
    }
    /**
     * An aggregate of {@code c} samples at {@code a} and {@code c} at {@code b} (mean
     * {@code (a + b) / 2}, deviation {@code |b - a| / 2}, both exact for the values chosen) adds
     * what its samples add, one by one; also beside plain values and across the double range.
     */
    @Test
    void shouldAddAnAggregateAsItsSamples() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 300; round++) {
            int scale = switch (r.nextInt(3)) {
                case 0 -> 0;
                case 1 -> 900;
                default -> -1060;
            };
            double a = Math.scalb((double) (r.nextInt(1 << 20) - (1 << 19)) * 2, scale);
            double b = Math.scalb((double) (r.nextInt(1 << 20) - (1 << 19)) * 2, scale);
            long c = 1 + r.nextInt(r.nextBoolean() ? 3 : 5_000);
            double mean = a / 2 + b / 2;
            double sd = Math.abs(b / 2 - a / 2);
            ExactStats samples = new ExactStats();
            ExactStats agg = new ExactStats();
            int plain = r.nextInt(4);
            for (int k = 0; k < plain; k++) {
                double x = Math.scalb((double) r.nextInt(1 << 20), scale);
                samples.add(x);
                agg.add(x);
            }
            for (long k = 0; k < c; k++) {
                samples.add(a);
                samples.add(b);
            }
            agg.addAggregate(2 * c, Math.min(a, b), Math.max(a, b), mean, sd);
            String where = "seed " + seed + " round " + round + ": " + c + " x {" + a + ", " + b + "}";
            assertEquals(samples.count(), agg.count(), where);
            assertEquals(samples.min(), agg.min(), 0, where);
            assertEquals(samples.max(), agg.max(), 0, where);
            assertEquals(Double.doubleToLongBits(samples.mean()), Double.doubleToLongBits(agg.mean()), where);
            assertEquals(Double.doubleToLongBits(samples.stddev()), Double.doubleToLongBits(agg.stddev()), where);
        }
    }
}
