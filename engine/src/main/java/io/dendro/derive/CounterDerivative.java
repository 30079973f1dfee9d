package io.dendro.derive;

import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * {@code counter_derivative} (Datastream's): the rate of a counter that may wrap around or be
 * reset. Two sources, in this order (Datastream's): a nominal one named {@code reset} (a
 * {@code counter_reset} stream) and an unnamed numeric data stream; argument {@code max_value}
 * (optional, a positive number) is where the counter wraps.
 *
 * <p>The points of both are taken in time order, at one time the reset points before the data
 * points. The state is the previous data point, or none:
 * <ul>
 * <li>a reset point (any point of {@code reset}, whatever its label) clears the state, and
 * gives nothing;</li>
 * <li>a null data point gives a null point at its time and clears the state (Datastream's
 * {@code counter_derivative} of {@code [None, 10, None, None, 2]} is {@code [None, None, None]});</li>
 * <li>a non-null data point v at t with a previous data point (v_prev, t_prev), t &gt; t_prev,
 * gives at t: {@code (v - v_prev) / Δt} when {@code v >= v_prev}; else, with max_value,
 * {@code (max_value - v_prev + v) / Δt}; else nothing (a reset the reset stream missed); Δt is
 * {@code (t - t_prev) / 1e9} seconds. At {@code t == t_prev} it gives nothing. Either way it
 * becomes the previous point;</li>
 * <li>the first data point, and the first after a reset or a null, give nothing.</li>
 * </ul>
 * With uptime {@code [10, 23, 28, 44, 2, 17, 90, 30, 2]} (resets at seconds 4, 7 and 8) and data
 * {@code [5, 12, 7, 25, 7, 18, 33, 40, 5]}, one a second, and max_value 256: 7 at second 1, 251
 * (a wrap: 256 - 12 + 7) at 2, 18 at 3; the reset at 4 leaves 7 without a previous point; 11 at
 * 5, 15 at 6; the resets at 7 and 8 leave 40 and 5 without one.
 *
 * <p>An output depends on its data point, the data point before it and whether a reset lies
 * after that one: the last data point and the last reset point before a range tell it all, so
 * {@link #pointsBefore(Map)} is 1 in each source, and a changed point of either source changes at
 * most the output of the first data point after it: {@link #pointsAfter(Map)} is 1.
 */
public final class CounterDerivative implements Operator {
    public static final String NAME = "counter_derivative";
    /** The name of the reset source. */
    public static final String RESET = "reset";
    /** The argument where the counter wraps around. */
    public static final String MAX_VALUE = "max_value";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamKind check(List<StreamKind> kinds, List<String> names, Map<String, String> args) {
        Checks.arity(NAME, kinds, 2, 2);
        if (!RESET.equals(Checks.name(kinds, names, 0))) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "'" + NAME + "' needs its first source named '"
                    + RESET + "' (a counter_reset stream), not " + describe(Checks.name(kinds, names, 0)));
        }
        if (Checks.name(kinds, names, 1) != null) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "'" + NAME + "' needs its second source (the data)"
                    + " unnamed, not " + describe(Checks.name(kinds, names, 1)));
        }
        Checks.kind(NAME, kinds, 0, "'" + RESET + "' source", StreamKind.NOMINAL);
        Checks.kind(NAME, kinds, 1, "data source", StreamKind.NUMERIC);
        Checks.onlyArgs(NAME, args, MAX_VALUE);
        maxValue(args);
        return StreamKind.NUMERIC;
    }

    private static String describe(String name) {
        return name == null ? "unnamed" : "named '" + name + "'";
    }

    @Override
    public int pointsBefore(Map<String, String> args) {
        return 1;
    }

    @Override
    public int pointsAfter(Map<String, String> args) {
        return 1;
    }

    @Override
    public void compute(List<SourcePoints> sources, Map<String, String> args, long from, long to, SourcePoints out) {
        SourcePoints reset = sources.get(0);
        SourcePoints data = sources.get(1);
        double max = maxValue(args);
        boolean hasPrevious = false;
        long tPrev = 0;
        double vPrev = 0;
        int r = 0;
        for (int i = 0; i < data.size(); i++) {
            long t = data.time(i);
            double v = data.value(i);
            boolean inRange = t >= from && t < to;
            for (; r < reset.size() && reset.time(r) <= t; r++) {
                hasPrevious = false;
            }
            if (Stream.isNull(v)) {
                if (inRange) {
                    out.add(t, Stream.NULL);
                }
                hasPrevious = false;
                continue;
            }
            if (hasPrevious && t != tPrev && inRange) {
                double dt = (t - tPrev) / 1e9;
                if (v >= vPrev) {
                    out.add(t, (v - vPrev) / dt);
                } else if (!Double.isNaN(max)) {
                    out.add(t, (max - vPrev + v) / dt);
                }
            }
            hasPrevious = true;
            tPrev = t;
            vPrev = v;
        }
    }

    /** The {@code max_value} argument, or NaN when absent. */
    private static double maxValue(Map<String, String> args) {
        String text = Checks.arg(args, MAX_VALUE);
        if (text == null) {
            return Double.NaN;
        }
        double max;
        try {
            max = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            max = Double.NaN;
        }
        if (!(max > 0) || Double.isInfinite(max)) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "'" + NAME + "' argument " + MAX_VALUE
                    + " must be a positive number, not '" + text + "'");
        }
        return max;
    }
}
