package io.dendro.derive;

import static io.dendro.derive.Points.NS;
import static io.dendro.derive.Points.T0;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dendro.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The contract the engine's incremental recomputation relies on (see {@link Operator}), for each
 * operator over random sources with nulls, equal times and gaps:
 * <ol>
 * <li>splits: computing the whole history in one call equals, bit for bit, computing it as
 * consecutive aligned ranges, each given exactly the context the interface promises (and again
 * with more context than that);</li>
 * <li>changes: after the points of some sources are replaced in {@code [a, b)}, recomputing only
 * the range the interface names (widened by {@code pointsAfter} and aligned) and splicing it into
 * the old output equals the new whole output, bit for bit.</li>
 * </ol>
 * The seed is printed; repeat a run with {@code -Ddendro.derive.seed=S}.
 */
class OperatorContractTest {
    private static final int CASES = 400;
    private static final List<String> GRANULARITIES = List.of("seconds", "10seconds", "minutes", "250ms", "1ns",
            "7s", "days");

    @Test
    void sumAtExactTimestamps() {
        run("sum exact", rnd -> new Case(Operators.byName("sum"), Map.of(), numericSources(rnd, 1 + rnd.nextInt(3),
                false)));
    }

    @Test
    void sumInBuckets() {
        run("sum buckets", rnd -> new Case(Operators.byName("sum"),
                Map.of("granularity", GRANULARITIES.get(rnd.nextInt(GRANULARITIES.size()))),
                numericSources(rnd, 1 + rnd.nextInt(3), false)));
    }

    @Test
    void derivative() {
        run("derivative", rnd -> new Case(Operators.byName("derivative"), Map.of(), numericSources(rnd, 1, false)));
    }

    @Test
    void counterReset() {
        run("counter_reset", rnd -> new Case(Operators.byName("counter_reset"), Map.of(),
                numericSources(rnd, 1, true)));
    }

    @Test
    void counterDerivative() {
        run("counter_derivative", rnd -> {
            List<SourcePoints> data = numericSources(rnd, 1, true);
            SourcePoints reset = resets(rnd, data.get(0));
            Map<String, String> args = rnd.nextBoolean() ? Map.of() : Map.of("max_value",
                    rnd.nextBoolean() ? "100" : "65535.5");
            return new Case(Operators.byName("counter_derivative"), args, List.of(reset, data.get(0)));
        });
    }

    record Case(Operator op, Map<String, String> args, List<SourcePoints> sources) {
    }

    interface Generator {
        Case make(Random rnd);
    }

    private static void run(String what, Generator generator) {
        String property = System.getProperty("dendro.derive.seed", "");
        long seed = property.isBlank() ? System.nanoTime() : Long.parseLong(property.trim());
        System.out.println("OperatorContractTest " + what + " seed " + seed + " (rerun: -Ddendro.derive.seed=" + seed
                + ")");
        Random rnd = new Random(seed);
        int outputs = 0;
        for (int c = 0; c < CASES; c++) {
            Case k = generator.make(rnd);
            try {
                outputs += splits(k, rnd);
                changes(k, generator.make(rnd).sources(), rnd);
            } catch (AssertionError e) {
                throw new AssertionError(what + " case " + c + " with seed " + seed + " (rerun: -Ddendro.derive.seed="
                        + seed + ")\nargs " + k.args() + "\nsources " + show(k.sources()) + "\n" + e.getMessage(), e);
            }
        }
        assertTrue(outputs > CASES, what + ": too few output points (" + outputs + ") to test anything");
    }

    /** The splits property; returns the number of output points. */
    private static int splits(Case k, Random rnd) {
        long[] span = span(k.sources());
        long from = k.op().alignStart(k.args(), span[0] - (rnd.nextBoolean() ? 0 : rnd.nextInt(5) * NS));
        long to = k.op().alignEnd(k.args(), span[1] + 1 + (rnd.nextBoolean() ? 0 : rnd.nextInt(5) * NS));
        SourcePoints whole = compute(k, k.sources(), from, to, 0);
        TreeSet<Long> cuts = new TreeSet<>(List.of(from, to));
        int n = rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            cuts.add(k.op().alignStart(k.args(), cutNear(k.sources(), from, to, rnd)));
        }
        for (int extra : new int[] {0, 1 + rnd.nextInt(3)}) {
            SourcePoints joined = new SourcePoints();
            Long previous = null;
            for (long cut : cuts) {
                if (previous != null) {
                    append(joined, compute(k, k.sources(), previous, cut, extra));
                }
                previous = cut;
            }
            Points.assertSame(whole, joined, "whole [" + from + ", " + to + ") against the ranges cut at " + cuts
                    + " with " + extra + " more context points");
        }
        return whole.size();
    }

    /** The changes property: {@code fresh} supplies the new points of the changed range. */
    private static void changes(Case k, List<SourcePoints> fresh, Random rnd) {
        List<SourcePoints> old = k.sources();
        long[] span = span(old);
        long a = cutNear(old, span[0] - NS, span[1] + NS, rnd);
        long b = rnd.nextInt(4) == 0 ? a + rnd.nextInt(3) : cutNear(old, a, span[1] + 2 * NS, rnd);
        b = Math.max(a, b);
        List<SourcePoints> changed = new ArrayList<>();
        boolean any = false;
        for (int s = 0; s < old.size(); s++) {
            boolean change = !any && s == old.size() - 1 || rnd.nextBoolean();
            any |= change;
            changed.add(change ? replace(old.get(s), fresh.get(s % fresh.size()), a, b) : old.get(s));
        }
        Operator op = k.op();
        long e = b;
        for (SourcePoints p : changed) {
            e = Math.max(e, reach(p, b, op.pointsAfter(k.args()), op.countsNonNullPoints()));
        }
        long from = op.alignStart(k.args(), a);
        long to = op.alignEnd(k.args(), e);
        long lo = op.alignStart(k.args(), Math.min(Math.min(span(old)[0], span(changed)[0]), from) - 1);
        long hi = op.alignEnd(k.args(), Math.max(Math.max(span(old)[1], span(changed)[1]), to) + 1);
        SourcePoints before = compute(k, old, lo, hi, 0);
        SourcePoints after = compute(k, changed, lo, hi, 0);
        SourcePoints spliced = new SourcePoints();
        for (int i = 0; i < before.size() && before.time(i) < from; i++) {
            add(spliced, before, i);
        }
        append(spliced, compute(k, changed, from, to, 0));
        for (int i = 0; i < before.size(); i++) {
            if (before.time(i) >= to) {
                add(spliced, before, i);
            }
        }
        Points.assertSame(after, spliced, "sources changed in [" + (a - T0) + ", " + (b - T0) + ") to "
                + show(changed) + ": recomputing [" + (from - T0) + ", " + (to - T0) + ") does not give the whole");
    }

    /** What the engine must recompute up to for a change ending at b: 1 + the time of the n-th point at or after b. */
    private static long reach(SourcePoints p, long b, int n, boolean nonNull) {
        long reach = Long.MIN_VALUE;
        int seen = 0;
        for (int i = first(p, b); i < p.size() && seen < n; i++) {
            reach = p.time(i) + 1;
            if (!nonNull || !Stream.isNull(p.value(i))) {
                seen++;
            }
        }
        return reach;
    }

    /** {@code op.compute} over {@code [from, to)}, each source sliced as the engine slices it, plus {@code extra} points of context. */
    private static SourcePoints compute(Case k, List<SourcePoints> sources, long from, long to, int extra) {
        Operator op = k.op();
        List<SourcePoints> slices = new ArrayList<>();
        for (SourcePoints p : sources) {
            int start = first(p, from);
            int seen = 0;
            while (start > 0 && seen < op.pointsBefore(k.args()) + extra) {
                start--;
                if (!op.countsNonNullPoints() || !Stream.isNull(p.value(start))) {
                    seen++;
                }
            }
            SourcePoints slice = new SourcePoints();
            for (int i = start; i < first(p, to); i++) {
                add(slice, p, i);
            }
            slices.add(slice);
        }
        SourcePoints out = new SourcePoints();
        op.compute(slices, k.args(), from, to, out);
        for (int i = 0; i < out.size(); i++) {
            if (out.time(i) < from || out.time(i) >= to || i > 0 && out.time(i) < out.time(i - 1)) {
                fail("output " + Points.show(out) + " of [" + (from - T0) + ", " + (to - T0)
                        + ") is out of range or order");
            }
        }
        return out;
    }

    /** The index of the first point at or after t. */
    private static int first(SourcePoints p, long t) {
        int i = 0;
        while (i < p.size() && p.time(i) < t) {
            i++;
        }
        return i;
    }

    /** A cut time in [lo, hi]: often a point's time, or one ns either side of it. */
    private static long cutNear(List<SourcePoints> sources, long lo, long hi, Random rnd) {
        SourcePoints p = sources.get(rnd.nextInt(sources.size()));
        long t = p.size() == 0 || rnd.nextInt(4) == 0 ? lo + (long) (rnd.nextDouble() * (hi - lo))
                : p.time(rnd.nextInt(p.size())) + rnd.nextInt(3) - 1;
        return Math.max(lo, Math.min(hi, t));
    }

    /** {@code p} with its points in [a, b) replaced by those of {@code fresh} moved into [a, b). */
    private static SourcePoints replace(SourcePoints p, SourcePoints fresh, long a, long b) {
        SourcePoints moved = new SourcePoints();
        if (b > a && fresh.size() > 0) {
            long shift = a - fresh.time(0);
            for (int i = 0; i < fresh.size() && fresh.time(i) + shift < b; i++) {
                moved.add(fresh.time(i) + shift, fresh.value(i), fresh.label(i));
            }
        }
        SourcePoints out = new SourcePoints();
        int i = 0;
        for (; i < p.size() && p.time(i) < a; i++) {
            add(out, p, i);
        }
        append(out, moved);
        for (i = first(p, b); i < p.size(); i++) {
            add(out, p, i);
        }
        return out;
    }

    /** {@code n} numeric sources sharing many of their times; counters rise with random drops. */
    private static List<SourcePoints> numericSources(Random rnd, int n, boolean counter) {
        long[] pool = times(rnd, 10 + rnd.nextInt(150));
        List<SourcePoints> sources = new ArrayList<>();
        double nulls = rnd.nextInt(3) * 0.1;
        for (int s = 0; s < n; s++) {
            SourcePoints p = new SourcePoints();
            double v = rnd.nextInt(50);
            for (long t : pool) {
                int copies = n == 1 || rnd.nextInt(5) > 0 ? 1 : rnd.nextInt(3);
                for (int c = 0; c < copies; c++) {
                    if (rnd.nextDouble() < nulls) {
                        p.add(t, Stream.NULL);
                    } else if (counter) {
                        v = rnd.nextInt(6) == 0 ? rnd.nextInt(20) : v + rnd.nextInt(10);
                        p.add(t, v);
                    } else {
                        p.add(t, switch (rnd.nextInt(6)) {
                            case 0 -> rnd.nextGaussian() * 1e6;
                            case 1 -> -0.0;
                            case 2 -> rnd.nextDouble();
                            default -> rnd.nextInt(41) - 20;
                        });
                    }
                }
            }
            sources.add(p);
        }
        return sources;
    }

    /** A reset stream: nominal points at some of the data's times (so some share a time with a data point) and between them. */
    private static SourcePoints resets(Random rnd, SourcePoints data) {
        SourcePoints reset = new SourcePoints();
        double rate = rnd.nextDouble() * 0.3;
        for (int i = 0; i < data.size(); i++) {
            if (rnd.nextDouble() < rate) {
                long t = data.time(i) - (rnd.nextBoolean() ? 0 : rnd.nextInt(2 * (int) NS));
                if (reset.size() == 0 || t >= reset.time(reset.size() - 1)) {
                    reset.add(t, 0.0, rnd.nextInt(10) == 0 ? "null" : "1");
                }
            }
        }
        return reset;
    }

    /** Random times in order: equal times, nanoseconds apart, about a second apart, and gaps. */
    private static long[] times(Random rnd, int n) {
        long[] times = new long[n];
        long t = switch (rnd.nextInt(3)) {
            case 0 -> T0;
            case 1 -> -rnd.nextInt(1000) * NS - rnd.nextInt((int) NS);
            default -> T0 + rnd.nextInt((int) NS);
        };
        for (int i = 0; i < n; i++) {
            times[i] = t;
            t += switch (rnd.nextInt(10)) {
                case 0 -> 0;
                case 1 -> 1 + rnd.nextInt(1000);
                case 2 -> rnd.nextInt((int) NS);
                case 3 -> (10 + rnd.nextInt(100)) * NS;
                case 4 -> rnd.nextInt(5) * 3600 * NS;
                default -> NS + rnd.nextInt(1000) - 500;
            };
        }
        return times;
    }

    /** The first and last times of any point of the sources (T0 when there is none). */
    private static long[] span(List<SourcePoints> sources) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (SourcePoints p : sources) {
            if (p.size() > 0) {
                lo = Math.min(lo, p.time(0));
                hi = Math.max(hi, p.time(p.size() - 1));
            }
        }
        return lo > hi ? new long[] {T0, T0} : new long[] {lo, hi};
    }

    private static void add(SourcePoints to, SourcePoints from, int i) {
        to.add(from.time(i), from.value(i), from.label(i));
    }

    private static void append(SourcePoints to, SourcePoints from) {
        for (int i = 0; i < from.size(); i++) {
            add(to, from, i);
        }
    }

    private static String show(List<SourcePoints> sources) {
        StringBuilder b = new StringBuilder();
        for (SourcePoints p : sources) {
            b.append(Points.show(p)).append(' ');
        }
        return b.toString();
    }
}
