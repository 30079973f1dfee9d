package io.dendro;

import java.util.Map;
import java.util.UUID;

/**
 * A stream's registry entry: identity, collection, tags and annotations (all three changed by
 * compare-and-set on {@code propertyVersion}) and its latest version (0 before the first
 * insert), and what its values are ({@link StreamKind}, fixed at creation).
 */
public record StreamInfo(UUID uuid, String collection, Map<String, String> tags,
                         Map<String, String> annotations, long propertyVersion, long version, StreamKind kind) {
}
