package io.dendro;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a derived stream is computed and what one of its versions reflects (docs/design/
 * derived-streams.md): the operator, its arguments, and each source with its name (empty when
 * unnamed) and the version of it that the derived version {@code version} was computed from.
 */
public record Lineage(long version, String op, Map<String, String> args, List<Source> sources) {
    /** A source of a derived stream and the version of it reflected. */
    public record Source(UUID uuid, String name, long version) {
    }
}
