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
}
