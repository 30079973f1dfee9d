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
 * ({@link #pointsBefore()} source points before it as context, and the output up to
 * {@link #pointsAfter()} source points after it, whose values depend on the changed ones), and
 * replaces the derived stream's points there. Computing the whole history at once and computing
 * any cover of it by such ranges must give the same points: that is the contract every operator
 * is tested against.
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

    /** Source points before a recomputed range that its first output depends on (e.g. 1 for a derivative). */
    int pointsBefore();

    /** Source points after a changed range whose output depends on the changed points (e.g. 1 for a derivative). */
    int pointsAfter();

    /**
     * The derived points for output times in {@code [from, to)}.
     *
     * @param sources per source, in creation order: its points in {@code [from, to)} preceded
     *                by up to {@link #pointsBefore()} points before {@code from} (fewer at the
     *                stream's start), in time order
     * @param args    the arguments given at creation (checked by {@link #check})
     * @param from    the first output time
     * @param to      the end of the output range (exclusive)
     * @param out     receives the output points, in time order, all in {@code [from, to)}
     */
    void compute(List<SourcePoints> sources, Map<String, String> args, long from, long to, SourcePoints out);
}
