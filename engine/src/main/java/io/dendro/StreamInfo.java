package io.dendro;

import java.util.Map;
import java.util.UUID;

/**
 * A stream's registry entry: identity, collection, tags and annotations (all three changed by
 * compare-and-set on {@code propertyVersion}) and its latest version (0 before the first
 * insert), what its values are ({@link StreamKind}, fixed at creation) and, for a derived stream,
 * its operator ({@code derivedBy}; null for a stream of its own).
 */
public record StreamInfo(UUID uuid, String collection, Map<String, String> tags,
                         Map<String, String> annotations, long propertyVersion, long version, StreamKind kind,
                         String derivedBy) {
}
