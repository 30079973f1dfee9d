package io.dendro.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code key=value} argument (tags, annotations). The key is everything before the first
 * {@code =}; the value may contain further {@code =}. In a lookup, a bare {@code key} (no
 * {@code =}) has a {@code null} value and matches any stream that has the key.
 *
 * @param key   non-empty
 * @param value the value, or {@code null} when the argument had no {@code =}
 */
record KeyValue(String key, String value) {
    /** Parses {@code key=value} or {@code key}. */
    static final class Converter implements ITypeConverter<KeyValue> {
        @Override
        public KeyValue convert(String text) {
            int eq = text.indexOf('=');
            String key = eq < 0 ? text : text.substring(0, eq);
            if (key.isEmpty()) {
                throw new TypeConversionException("'" + text + "' has an empty key (expected key=value)");
            }
            return new KeyValue(key, eq < 0 ? null : text.substring(eq + 1));
        }
    }

    /** The pairs as a map in the order given (a repeated key: the last wins); values may be null. */
    static Map<String, String> toMap(List<KeyValue> pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyValue kv : pairs) {
            m.put(kv.key(), kv.value());
        }
        return m;
    }
}
