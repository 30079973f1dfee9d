package io.dendro.derive;

import io.dendro.Stream;
import io.dendro.StreamKind;
import java.util.List;
import java.util.Map;

/**
 * {@code derivative} of one numeric stream (Datastream's {@code derivative}). Points are taken in
 * time order, each against the point just before it (the previous one):
 * <ul>
 * <li>a non-null point whose previous point is non-null and earlier gives
 * {@code (v - v_prev) / ((t - t_prev) / 1e9)} (per second) at its own time;</li>
 * <li>a null point gives a null point ({@link Stream#NULL}) at its time, and the point after it
 * gives nothing (it has no previous value), as in Datastream, whose derivative of
 * {@code [None, 10, None, None, 2]} is {@code [None, None, None]};</li>
 * <li>a point at the same time as the previous one gives nothing (Datastream's "zero
 * time-delta"), and the next point is taken against it, the later of the two;</li>
 * <li>the first point gives nothing; a gap is just a longer {@code t - t_prev}.</li>
 * </ul>
 * So an output depends on its point and the one before: {@link #pointsBefore(Map)} and
 * {@link #pointsAfter(Map)} are 1.
 */
public final class Derivative implements Operator {
    public static final String NAME = "derivative";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamKind check(List<StreamKind> kinds, List<String> names, Map<String, String> args) {
        Checks.arity(NAME, kinds, 1, 1);
        Checks.name(kinds, names, 0);
        Checks.kind(NAME, kinds, 0, "source", StreamKind.NUMERIC);
        Checks.onlyArgs(NAME, args);
        return StreamKind.NUMERIC;
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
        SourcePoints src = sources.get(0);
        boolean hasPrevious = false;
        long tPrev = 0;
        double vPrev = 0;
        for (int i = 0; i < src.size(); i++) {
            long t = src.time(i);
            double v = src.value(i);
            boolean inRange = t >= from && t < to;
            if (Stream.isNull(v)) {
                if (inRange) {
                    out.add(t, Stream.NULL);
                }
                hasPrevious = false;
                continue;
            }
            if (hasPrevious && t != tPrev && inRange) {
                out.add(t, (v - vPrev) / ((t - tPrev) / 1e9));
            }
            hasPrevious = true;
            tPrev = t;
            vPrev = v;
        }
    }
}
