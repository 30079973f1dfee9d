package io.dendro;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a derived stream is computed and what one of its versions reflects (docs/design/
 * derived-streams.md): the operator, its arguments, and each source with its name (empty when
 * unnamed) and the version of it that the derived version {@code version} was computed from;
 * {@code until}: the version holds the operator's output for times before it, {@link
 * Time#MAX_TIME} once the stream's history has been computed (while it is being backprocessed,
 * the times before the chunks done so far).
 */
public record Lineage(long version, String op, Map<String, String> args, List<Source> sources, long until) {
    /** Whether this version covers every time (backprocessing finished). */
    public boolean complete() {
        return until == Time.MAX_TIME;
    }

    /** A source of a derived stream and the version of it reflected. */
    public record Source(UUID uuid, String name, long version) {
    }
}
