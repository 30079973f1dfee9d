package io.dendro.http;

import io.dendro.value.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tag and annotation values as Datastream's JSON tags. Dendro keeps them as text and reads a
 * value as JSON when it is JSON (an object, an array, a number, {@code true}, {@code false},
 * {@code null} or a quoted string) and as a plain string otherwise, the rule of the metadata
 * lookups ({@code io.dendro.value.Lookup}, docs/design/metadata-queries.md). Writing goes the
 * other way so that a value reads back as given: a string stays plain text unless it would be
 * read as JSON ({@code "7"}, {@code "true"}), in which case it is stored quoted.
 */
final class TagValues {
    private TagValues() {
    }

    /** A stored value as JSON: its parsed JSON when it is JSON, else the string (the lookups' rule). */
    static Object read(String raw) {
        return io.dendro.value.Lookup.value(raw);
    }

    /** Writes a stored value as JSON. */
    static void write(JsonOut j, String raw) {
        Object v = read(raw);
        if (v instanceof String s) {
            j.string(s);
        } else {
            j.raw(Json.write(v));
        }
    }

    /** The text to store for a JSON value so that {@link #read} gives it back. */
    static String store(Object v) {
        if (v instanceof String s) {
            Object back = read(s);
            return s.equals(back) ? s : Json.write(s);
        }
        return Json.write(v);
    }

    /**
     * Datastream's tags of a stream: its Dendro tags and its annotations together (a tag wins
     * where both have a key, as in the lookups), sorted by key.
     */
    static Map<String, String> merged(Map<String, String> tags, Map<String, String> annotations) {
        Map<String, String> m = new TreeMap<>(annotations);
        m.putAll(tags);
        return m;
    }
}
