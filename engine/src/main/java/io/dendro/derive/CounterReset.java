package io.dendro.derive;

import io.dendro.Stream;
import io.dendro.StreamKind;
import java.util.List;
import java.util.Map;

/**
 * {@code counter_reset} of one numeric stream (Datastream's {@code counter_reset}): the derived
 * stream is nominal, with a point labelled {@code 1} (value 0.0) at each non-null point whose
 * value is lower than the previous non-null point's.
 * <ul>
 * <li>null points are skipped and keep the state, as in Datastream: {@code [None, 10, None,
 * None, 2]} gives one reset, at the 2;</li>
 * <li>points at one time are taken in their order, like any others (10 then 5 at one time is a
 * reset there), so several resets can share a time;</li>
 * <li>equal values are not a reset; the first non-null point gives nothing; gaps do not matter.</li>
 * </ul>
 * So an output depends on its point and the previous non-null one: {@link #pointsBefore(Map)} and
 * {@link #pointsAfter(Map)} are 1, counted in non-null points ({@link #countsNonNullPoints()}).
 */
public final class CounterReset implements Operator {
    public static final String NAME = "counter_reset";
    /** The label of every reset point (compact JSON). */
    public static final String RESET_LABEL = "1";

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
        return StreamKind.NOMINAL;
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
    public boolean countsNonNullPoints() {
        return true;
    }

    @Override
    public void compute(List<SourcePoints> sources, Map<String, String> args, long from, long to, SourcePoints out) {
        SourcePoints src = sources.get(0);
        boolean hasPrevious = false;
        double vPrev = 0;
        for (int i = 0; i < src.size(); i++) {
            long t = src.time(i);
            double v = src.value(i);
            if (Stream.isNull(v)) {
                continue;
            }
            if (hasPrevious && v < vPrev && t >= from && t < to) {
                out.add(t, 0.0, RESET_LABEL);
            }
            hasPrevious = true;
            vPrev = v;
        }
    }
}
