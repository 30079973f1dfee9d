package io.dendro.value;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * JSON documents as nominal and graph values hold them: parsed into plain Java objects
 * ({@link Map} in key order, {@link List}, {@link String}, {@link Num} for a number as written,
 * {@link Boolean}, {@link #NULL}) and written back compactly. The compact form is the stored and
 * the compared form of a value: two values are the same label when their compact forms are equal.
 * Numbers keep their text ({@code 1.50} stays {@code 1.50}), keys their order; an object with a
 * repeated key is refused, so that no value has two readings, and so is a string or key with an
 * unpaired surrogate (U+D800 to U+DFFF, which a JSON escape can write alone), which UTF-8 cannot store.
 */
public final class Json {
    /** The JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A value's compact form may hold at most this many characters (1 MiB): a document, not a file. */
    public static final int MAX_CHARS = 1 << 20;
    /** Nesting deeper than this is refused (Jackson's default is 500; documents need far less). */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_CHARS).build())
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES) // "a/b" stays "a/b"
            .build();

    /** A JSON number, kept as written. */
    public record Num(String text) {
    }

    private Json() {
    }

    /**
     * Parses one JSON value (any type; surrounding whitespace allowed, nothing after it).
     *
     * @throws DendroException INVALID_VALUE naming what is wrong: not JSON, a repeated key, more
     *                         than one value, too long or too deep, an unpaired surrogate
     */
    public static Object parse(String text) {
        if (text.length() > MAX_CHARS) {
            throw new DendroException(ErrorCode.INVALID_VALUE, "a value of " + text.length()
                    + " characters is longer than " + MAX_CHARS);
        }
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new DendroException(ErrorCode.INVALID_VALUE, "not JSON: empty");
            }
            Object v = read(p, t);
            if (p.nextToken() != null) {
                throw new DendroException(ErrorCode.INVALID_VALUE, "not JSON: more than one value");
            }
            return v;
        } catch (JacksonException e) {
            throw new DendroException(ErrorCode.INVALID_VALUE, "not JSON: " + e.getOriginalMessage());
        }
    }

    private static Object read(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k; (k = p.nextToken()) != JsonToken.END_OBJECT; ) {
                    String key = text(p.currentName());
                    Object v = read(p, p.nextToken());
                    if (m.putIfAbsent(key, v) != null) {
                        throw new DendroException(ErrorCode.INVALID_VALUE, "the key \"" + shorten(key)
                                + "\" appears twice in one object");
                    }
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    l.add(read(p, e));
                }
                yield l;
            }
            case VALUE_STRING -> text(p.getString());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Num(p.getString());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            default -> throw new DendroException(ErrorCode.INVALID_VALUE, "not JSON: unexpected " + t);
        };
    }

    /**
     * {@code s} when it is well-formed UTF-16. JSON's escapes can write half of a surrogate pair
     * alone (U+D800 to U+DFFF), which UTF-8, the stored form, cannot hold (it would be stored as
     * {@code ?}, so that different values became one): refused.
     */
    private static String text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new DendroException(ErrorCode.INVALID_VALUE, "not JSON text: an unpaired surrogate U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " in \"" + shorten(s) + "\"");
            }
        }
        return s;
    }

    /** The compact form: no whitespace, keys in their order, numbers as written, strings escaped minimally. */
    public static String write(Object v) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), w)) {
            write(g, v);
        }
        return w.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Object v) {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                g.writeName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object e : l) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Num n) {
            g.writeNumber(n.text());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v == NULL) {
            g.writeNull();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v);
        }
    }

    /** What kind of JSON value {@code v} is, for messages: "an object", "a string", ... */
    public static String describe(Object v) {
        if (v instanceof Map) {
            return "an object";
        } else if (v instanceof List) {
            return "a list";
        } else if (v instanceof String) {
            return "a string";
        } else if (v instanceof Num) {
            return "a number";
        } else if (v instanceof Boolean) {
            return "a boolean";
        }
        return "null";
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
