package io.dendro;

import java.util.Map;
import java.util.UUID;

/**
 * What a new stream is made of, for {@link Database#createAll} and {@link Database#ensure}: its
 * UUID, collection, tags (fixed), annotations (changeable) and kind.
 */
public record StreamSpec(UUID uuid, String collection, Map<String, String> tags, Map<String, String> annotations,
                         StreamKind kind) {
    /** A numeric stream with a random UUID. */
    public static StreamSpec of(String collection, Map<String, String> tags, Map<String, String> annotations) {
        return new StreamSpec(UUID.randomUUID(), collection, tags, annotations, StreamKind.NUMERIC);
    }
}
