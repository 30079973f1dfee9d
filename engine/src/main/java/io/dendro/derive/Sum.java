package io.dendro.derive;

import io.dendro.Buckets;
import io.dendro.Granularity;
import io.dendro.Stream;
import io.dendro.StreamKind;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * {@code sum} of one or more numeric streams (Datastream's {@code sum}), named or not.
 *
 * <p>The output is per <em>slot</em>: with no {@code granularity} argument a slot is one exact
 * timestamp; with one ({@link Granularity#parse}: {@code seconds} reproduces Datastream,
 * {@code 10seconds}, {@code 15min}, ...) a slot is a bucket of that granularity in UTC, and the
 * output time is the bucket's start. Rule:
 * <ul>
 * <li>a source's value in a slot is the mean of its non-null points there (an aggregate point
 * counts once, as its mean), summed in time order and divided by their number, so one point
 * gives its value exactly; it is null when all its points there are null. This is what
 * Datastream feeds its sum with for a source taken at a coarser granularity (the downsampled
 * bucket's {@code sum / count}); at the source's own granularity Datastream takes the point
 * itself, which is the same when a slot holds one point;</li>
 * <li>there is an output point in a slot only when every source has at least one point (null or
 * not) in it; gaps in any source give no output;</li>
 * <li>its value is the sum of the sources' non-null values, added in source order starting from
 * the first of them (so a single {@code -0.0} stays {@code -0.0}), or {@link Stream#NULL} when
 * all are null.</li>
 * </ul>
 *
 * <p>Slots depend on nothing else, so no context: {@link #pointsBefore(Map)} and
 * {@link #pointsAfter(Map)} are 0. A bucket depends on all of its points, so a computed range must
 * be bucket-aligned ({@link #alignStart}, {@link #alignEnd}); {@link #compute} drops the part of
 * a bucket that starts before {@code from}.
 */
public final class Sum implements Operator {
    public static final String NAME = "sum";
    /** The argument naming the granularity of the buckets (absent: exact timestamps). */
    public static final String GRANULARITY = "granularity";
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamKind check(List<StreamKind> kinds, List<String> names, Map<String, String> args) {
        Checks.arity(NAME, kinds, 1, Integer.MAX_VALUE);
        for (int i = 0; i < kinds.size(); i++) {
            Checks.name(kinds, names, i);
            Checks.kind(NAME, kinds, i, "source", StreamKind.NUMERIC);
        }
        Checks.onlyArgs(NAME, args, GRANULARITY);
        buckets(args);
        return StreamKind.NUMERIC;
    }

    @Override
    public int pointsBefore(Map<String, String> args) {
        return 0;
    }

    @Override
    public int pointsAfter(Map<String, String> args) {
        return 0;
    }

    @Override
    public long alignStart(Map<String, String> args, long t) {
        Buckets b = buckets(args);
        return b == null ? t : b.startOf(t);
    }

    @Override
    public long alignEnd(Map<String, String> args, long t) {
        Buckets b = buckets(args);
        return b == null || b.startOf(t) == t ? t : b.next(t);
    }

    @Override
    public void compute(List<SourcePoints> sources, Map<String, String> args, long from, long to, SourcePoints out) {
        Buckets b = buckets(args);
        int n = sources.size();
        SourcePoints[] slots = new SourcePoints[n];
        for (int s = 0; s < n; s++) {
            slots[s] = slots(sources.get(s), b, from, to);
        }
        int[] pos = new int[n];
        while (true) {
            long slot = Long.MIN_VALUE;
            for (int s = 0; s < n; s++) {
                if (pos[s] == slots[s].size()) {
                    return;
                }
                slot = Math.max(slot, slots[s].time(pos[s]));
            }
            boolean everySource = true;
            for (int s = 0; s < n; s++) {
                while (pos[s] < slots[s].size() && slots[s].time(pos[s]) < slot) {
                    pos[s]++;
                }
                if (pos[s] == slots[s].size()) {
                    return;
                }
                everySource &= slots[s].time(pos[s]) == slot;
            }
            if (everySource) {
                double total = Stream.NULL;
                boolean any = false;
                for (int s = 0; s < n; s++) {
                    double v = slots[s].value(pos[s]++);
                    if (!Stream.isNull(v)) {
                        total = any ? total + v : v;
                        any = true;
                    }
                }
                if (slot >= from) {
                    out.add(slot, total);
                }
            }
        }
    }

    /** A source's slots in {@code [from, to)}: per slot its start and its value (the mean of its non-null points, or null). */
    private static SourcePoints slots(SourcePoints src, Buckets b, long from, long to) {
        SourcePoints slots = new SourcePoints();
        int i = 0;
        while (i < src.size() && src.time(i) < from) {
            i++;
        }
        while (i < src.size() && src.time(i) < to) {
            long slot = slotOf(b, src.time(i));
            double sum = 0;
            int count = 0;
            for (; i < src.size() && src.time(i) < to && slotOf(b, src.time(i)) == slot; i++) {
                double v = src.value(i);
                if (!Stream.isNull(v)) {
                    sum = count == 0 ? v : sum + v;
                    count++;
                }
            }
            slots.add(slot, count == 0 ? Stream.NULL : sum / count);
        }
        return slots;
    }

    /** The slot of time t: t itself, or the start of its bucket. */
    private static long slotOf(Buckets b, long t) {
        return b == null ? t : b.startOf(t);
    }

    /** The buckets of the {@code granularity} argument in UTC, or null for exact timestamps. */
    private static Buckets buckets(Map<String, String> args) {
        String g = Checks.arg(args, GRANULARITY);
        return g == null ? null : Granularity.parse(g).buckets(UTC);
    }
}
