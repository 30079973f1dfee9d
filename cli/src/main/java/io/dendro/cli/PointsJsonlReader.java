package io.dendro.cli;

import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.value.Aggregate;
import io.dendro.value.GraphValue;
import io.dendro.value.Json;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import java.util.LinkedHashMap;
import java.util.Map;
import io.dendro.Time;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads and checks the JSON lines that {@code insert --format jsonl} takes, Datastream's
 * datapoint shape: one object a line, {@code {"t": T, "v": V}}.
 *
 * <ul>
 *   <li>{@code t}: integer nanoseconds or an ISO-8601 instant as a string, inside
 *       {@code [MIN_TIME, MAX_TIME)};</li>
 *   <li>{@code v} in a numeric stream: a finite JSON number (read as Java reads the decimal,
 *       so {@code -0} is {@code -0.0}), {@code null} for a null point ({@link Stream#NULL}), or
 *       an aggregate in Datastream's keys ({@code {"c", "l", "u"}} with {@code "s", "q"} or
 *       {@code "m", "d"}; {@link Aggregate#of});</li>
 *   <li>{@code v} in a nominal or graph stream: any JSON value, kept as its compact text (the
 *       stream checks it: {@link Stream#insertDocuments});</li>
 *   <li>no other keys, and neither key twice; blank lines are ignored; one object a line; a UTF-8
 *       byte order mark is ignored.</li>
 * </ul>
 *
 * The first bad line stops the read with an error naming the source and its line number.
 */
final class PointsJsonlReader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int PROGRESS_EVERY = 1 << 14;

    private PointsJsonlReader() {
    }

    /**
     * Reads every object; throws on the first bad one, so a returned buffer is wholly valid.
     *
     * @throws IOException when reading fails (also malformed UTF-8 from a strict reader), as the
     *                     reader threw it, not as bad JSON
     */
    static PointBuffer read(BufferedReader r, String source, StreamKind kind, Progress progress) throws IOException {
        r.mark(1);
        if (r.read() != '\uFEFF') { // a byte order mark is skipped, as the CSV reader skips it
            r.reset();
        }
        PointBuffer out = new PointBuffer();
        long lastLine = 0;
        long objects = 0;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), r)) {
            for (JsonToken tok; (tok = p.nextToken()) != null; ) {
                long line = p.currentTokenLocation().getLineNr();
                if (tok != JsonToken.START_OBJECT) {
                    throw error(ErrorCode.INVALID_ARGUMENT, source, line,
                            "expected an object {\"t\": T, \"v\": V} but found " + describe(p, tok));
                }
                if (line == lastLine) {
                    throw error(ErrorCode.INVALID_ARGUMENT, source, line, "two objects on one line (one a line)");
                }
                lastLine = line;
                readPoint(p, source, line, kind, out);
                if ((++objects & (PROGRESS_EVERY - 1)) == 0) {
                    progress.update(objects);
                }
            }
        } catch (JacksonIOException e) {
            throw e.getCause();
        } catch (JacksonException e) {
            long line = e.getLocation() == null ? lastLine : e.getLocation().getLineNr();
            throw error(ErrorCode.INVALID_ARGUMENT, source, line, "not JSON: " + e.getOriginalMessage());
        }
        progress.finish(objects);
        return out;
    }

    private static void readPoint(JsonParser p, String source, long line, StreamKind kind, PointBuffer out) {
        long t = 0;
        double v = 0;
        Aggregate a = null;
        String doc = null;
        boolean hasT = false;
        boolean hasV = false;
        for (JsonToken tok; (tok = p.nextToken()) != JsonToken.END_OBJECT; ) {
            String key = p.currentName();
            tok = p.nextToken();
            switch (key) {
                case "t" -> {
                    if (hasT) {
                        throw twice(source, line, key);
                    }
                    t = time(p, tok, source, line);
                    hasT = true;
                }
                case "v" -> {
                    if (hasV) {
                        throw twice(source, line, key);
                    }
                    if (kind != StreamKind.NUMERIC) {
                        doc = document(p, tok, kind, source, line);
                    } else if (tok == JsonToken.START_OBJECT) {
                        a = aggregate(p, source, line);
                    } else {
                        v = value(p, tok, source, line);
                    }
                    hasV = true;
                }
                default -> throw error(ErrorCode.INVALID_ARGUMENT, source, line, "unknown key \"" + shorten(key)
                        + "\" (a point has \"t\" and \"v\")");
            }
        }
        if (!hasT || !hasV) {
            throw error(ErrorCode.INVALID_ARGUMENT, source, line, "a point needs both \"t\" and \"v\"");
        }
        if (doc != null) {
            out.add(t, doc);
        } else if (a != null) {
            out.add(t, a);
        } else {
            out.add(t, v);
        }
    }

    /**
     * A nominal or graph value: its text, written again compactly with every token as read
     * (numbers as written), for the stream to check and store ({@link Stream#insertDocuments});
     * a graph is checked here already, so that a bad one names its line before anything is
     * inserted.
     */
    private static String document(JsonParser p, JsonToken tok, StreamKind kind, String source, long line) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            copy(p, tok, g, 0, source, line);
        }
        String doc = text.toString();
        if (doc.length() > Json.MAX_CHARS) {
            throw error(ErrorCode.INVALID_VALUE, source, line, "a value of " + doc.length()
                    + " characters is longer than " + Json.MAX_CHARS);
        }
        try {
            if (kind == StreamKind.GRAPH) {
                GraphValue.of(doc);
            } else {
                Json.parse(doc);
            }
        } catch (DendroException e) {
            throw error(e.code(), source, line, e.getMessage());
        }
        return doc;
    }

    /** Copies the value starting at {@code tok}, numbers by their text. */
    private static void copy(JsonParser p, JsonToken tok, JsonGenerator g, int depth, String source, long line) {
        if (depth > Json.MAX_DEPTH) {
            throw error(ErrorCode.INVALID_VALUE, source, line, "a value nested deeper than " + Json.MAX_DEPTH);
        }
        switch (tok) {
            case START_OBJECT -> {
                g.writeStartObject();
                for (JsonToken t; (t = p.nextToken()) != JsonToken.END_OBJECT; ) {
                    g.writeName(p.currentName());
                    copy(p, p.nextToken(), g, depth + 1, source, line);
                }
                g.writeEndObject();
            }
            case START_ARRAY -> {
                g.writeStartArray();
                for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    copy(p, t, g, depth + 1, source, line);
                }
                g.writeEndArray();
            }
            case VALUE_STRING -> g.writeString(p.getString());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getString());
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> throw error(ErrorCode.INVALID_VALUE, source, line, "not JSON: unexpected " + tok);
        }
    }

    /** An aggregate in Datastream's keys; every value a number. */
    private static Aggregate aggregate(JsonParser p, String source, long line) {
        Map<String, Double> keys = new LinkedHashMap<>();
        for (JsonToken tok; (tok = p.nextToken()) != JsonToken.END_OBJECT; ) {
            String key = p.currentName();
            tok = p.nextToken();
            if (tok != JsonToken.VALUE_NUMBER_INT && tok != JsonToken.VALUE_NUMBER_FLOAT) {
                throw error(ErrorCode.INVALID_VALUE, source, line, "aggregate key \"" + shorten(key)
                        + "\" must be a number, not " + describe(p, tok));
            }
            if (keys.put(key, Double.parseDouble(p.getString())) != null) {
                throw twice(source, line, key);
            }
        }
        try {
            return Aggregate.of(keys);
        } catch (DendroException e) {
            throw error(e.code(), source, line, e.getMessage());
        }
    }

    private static long time(JsonParser p, JsonToken tok, String source, long line) {
        long t;
        if (tok == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                throw error(ErrorCode.INVALID_TIME_RANGE, source, line, "time " + shorten(p.getString())
                        + " is outside [" + Time.MIN_TIME + ", " + Time.MAX_TIME + ")");
            }
            t = p.getLongValue();
        } else if (tok == JsonToken.VALUE_STRING) {
            try {
                t = Time.parse(p.getString());
            } catch (DendroException e) {
                throw error(ErrorCode.INVALID_ARGUMENT, source, line, e.getMessage());
            }
        } else {
            throw error(ErrorCode.INVALID_ARGUMENT, source, line, "\"t\" must be integer nanoseconds or an "
                    + "ISO-8601 string, not " + describe(p, tok));
        }
        if (t < Time.MIN_TIME || t >= Time.MAX_TIME) {
            throw error(ErrorCode.INVALID_TIME_RANGE, source, line, "time " + t + " is outside ["
                    + Time.MIN_TIME + ", " + Time.MAX_TIME + ")");
        }
        return t;
    }

    private static double value(JsonParser p, JsonToken tok, String source, long line) {
        switch (tok) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                // the text as Java reads it: an integer token's double would lose the sign of -0
                double v = Double.parseDouble(p.getString());
                if (!Double.isFinite(v)) {
                    throw error(ErrorCode.INVALID_VALUE, source, line, "value " + shorten(p.getString())
                            + " is not a finite double");
                }
                return v;
            }
            case VALUE_NULL -> {
                return Stream.NULL; // a sample that was due and did not come
            }
            default -> throw error(ErrorCode.INVALID_VALUE, source, line, "\"v\" must be a number in a numeric "
                    + "stream, not " + describe(p, tok));
        }
    }

    private static String describe(JsonParser p, JsonToken tok) {
        return switch (tok) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "the string \"" + shorten(p.getString()) + "\"";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> shorten(p.getString());
        };
    }

    private static DendroException twice(String source, long line, String key) {
        return error(ErrorCode.INVALID_ARGUMENT, source, line, "the key \"" + key + "\" appears twice in one object");
    }

    private static DendroException error(ErrorCode code, String source, long line, String what) {
        return new DendroException(code, source + " line " + line + ": " + what);
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
