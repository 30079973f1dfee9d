package io.dendro.derive;

import io.dendro.StreamKind;
import java.util.List;
import java.util.Map;

/**
 * An operator of derived streams (docs/design/derived-streams.md): a pure function from the
 * points of its sources to the points of the derived stream. Adding an operator (a moving
 * average, a unit conversion) is one class implementing this interface, registered in
 * {@link Operators}.
 *
 * <p>The engine recomputes a derived stream by ranges: when sources change in {@code [a, b)},
 * it asks {@link #compute} for the output in a range widened by what the operator needs
 * ({@link #pointsBefore(Map)} source points before it as context, and the output up to
 * {@link #pointsAfter(Map)} source points after it, whose values depend on the changed ones), and
 * replaces the derived stream's points there. Computing the whole history at once and computing
 * any cover of it by such ranges must give the same points: that is the contract every operator
 * is tested against.
 *
 * <p>Precisely, the engine fills and widens ranges so (OperatorContractTest does the same):
 * <ul>
 * <li>a computed range {@code [from, to)} has {@code from == alignStart(args, from)} and
 * {@code to == alignEnd(args, to)} (identity for every operator but a bucketed {@code sum});</li>
 * <li>each source's slice holds its points in {@code [from, to)}, preceded by its last
 * {@code pointsBefore(args)} points before {@code from}, each source on its own (with
 * {@link #countsNonNullPoints()}: every point back to and including its
 * {@code pointsBefore(args)}-th last non-null point before {@code from});</li>
 * <li>after sources changed in {@code [a, b)} (points added, removed or replaced there, in any
 * source), the range recomputed is {@code [alignStart(args, a), alignEnd(args, e))}, where
 * {@code e} is the largest of {@code b} and, for each source, 1 + the time of its
 * {@code pointsAfter(args)}-th point at or after {@code b} (with {@link #countsNonNullPoints()}, its
 * {@code pointsAfter(args)}-th non-null point), or of its last point when it has fewer (none when it
 * has no point at or after {@code b}); the output outside that range is unchanged.</li>
 * </ul>
 */
public interface Operator {
    /** The name the API and the command line use ({@code sum}, {@code derivative}, ...). */
    String name();

    /**
     * Checks the sources (their kinds, in order, with their names: null when unnamed) and the
     * arguments, and returns the kind of the derived stream.
     *
     * @throws io.dendro.error.DendroException WRONG_TYPE for a source of the wrong kind;
     *                                         INVALID_ARGUMENT for the wrong number of sources,
     *                                         a missing or unknown name, or a bad argument
     */
    StreamKind check(List<StreamKind> kinds, List<String> names, Map<String, String> args);

    /**
     * Source points before a recomputed range that its first output depends on, with these
     * arguments (e.g. 1 for a derivative; a moving average over n points would say n - 1).
     */
    int pointsBefore(Map<String, String> args);

    /**
     * Source points after a changed range whose output depends on the changed points, with these
     * arguments (e.g. 1 for a derivative).
     */
    int pointsAfter(Map<String, String> args);

    /**
     * Whether {@link #pointsBefore(Map)} and {@link #pointsAfter(Map)} count non-null source points
     * only (an operator that skips nulls, such as {@code counter_reset}). Then the context
     * before {@code from} is every point back to and including the {@code pointsBefore(args)}-th
     * non-null one, and a change reaches the {@code pointsAfter(args)}-th non-null point after it.
     */
    default boolean countsNonNullPoints() {
        return false;
    }

    /**
     * The largest range boundary at or before {@code t}. The engine computes only ranges whose
     * ends are boundaries ({@code alignStart(args, x) == x}): the outputs in a range then depend
     * on the source points in it and the context alone. Every time is a boundary by default; for
     * a bucketed {@code sum} the bucket starts are, and this is the start of t's bucket.
     */
    default long alignStart(Map<String, String> args, long t) {
        return t;
    }

    /**
     * The smallest range boundary at or after {@code t} (see {@link #alignStart}): {@code t}
     * by default; for a bucketed {@code sum}, t when it starts a bucket, else the next bucket's
     * start.
     */
    default long alignEnd(Map<String, String> args, long t) {
        return t;
    }

    /**
     * The derived points for output times in {@code [from, to)}.
     *
     * @param sources per source, in creation order: its points in {@code [from, to)} preceded
     *                by up to {@link #pointsBefore(Map)} points before {@code from} (fewer at the
     *                stream's start; see {@link #countsNonNullPoints()}), in time order; more
     *                context than that must give the same output
     * @param args    the arguments given at creation (checked by {@link #check})
     * @param from    the first output time
     * @param to      the end of the output range (exclusive)
     * @param out     receives the output points, in time order, all in {@code [from, to)}
     */
    void compute(List<SourcePoints> sources, Map<String, String> args, long from, long to, SourcePoints out);
}
