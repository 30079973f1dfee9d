package io.dendro.http;

import io.dendro.StreamKind;
import io.dendro.Time;
import io.dendro.error.DendroException;
import io.dendro.value.Aggregate;
import io.dendro.value.GraphValue;
import io.dendro.value.Json;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * The body of an append, {@code [{"t": T, "v": V}, ...]} (or {@code {"datapoints": [...]}}),
 * read token by token with jackson-core's streaming parser into the arrays the engine takes:
 * the shapes {@code dendro insert --format jsonl} accepts (cli/README.md).
 * <ul>
 *   <li>{@code t}: integer nanoseconds or an ISO-8601 instant as a string, inside
 *       {@code [MIN_TIME, MAX_TIME)};</li>
 *   <li>{@code v} of a numeric stream: a finite number, {@code null} (a null point) or an
 *       aggregate in Datastream's keys ({@code c}, {@code l}, {@code u} with {@code s}, {@code q}
 *       or {@code m}, {@code d}); of a nominal or graph stream: any JSON value, kept as its compact
 *       text (a graph is checked here, so that a bad one is named before anything is written).</li>
 * </ul>
 * The first bad datapoint stops the read with a 400 naming it ({@code datapoints[3].v}); more
 * than the server's points limit is a 413.
 */
final class DatapointsReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Json.MAX_DEPTH + 4).build())
            .build();

    /** What was read: {@code n} points; {@code documents} for a nominal or graph stream, else values and aggregates. */
    static final class Points {
        int n;
        long[] times = new long[64];
        double[] values;
        Aggregate[] aggregates;
        String[] documents;

        long[] times() {
            return Arrays.copyOf(times, n);
        }

        double[] values() {
            return Arrays.copyOf(values, n);
        }

        /** Null when no point is an aggregate. */
        Aggregate[] aggregates() {
            return aggregates == null ? null : Arrays.copyOf(aggregates, n);
        }

        String[] documents() {
            return Arrays.copyOf(documents, n);
        }

        private void grow() {
            if (n == times.length) {
                int cap = times.length * 2;
                times = Arrays.copyOf(times, cap);
                if (values != null) {
                    values = Arrays.copyOf(values, cap);
                }
                if (aggregates != null) {
                    aggregates = Arrays.copyOf(aggregates, cap);
                }
                if (documents != null) {
                    documents = Arrays.copyOf(documents, cap);
                }
            }
        }
    }

    private DatapointsReader() {
    }

    static Points read(InputStream body, StreamKind kind, int maxPoints) {
        Points out = new Points();
        if (kind == StreamKind.NUMERIC) {
            out.values = new double[out.times.length];
        } else {
            out.documents = new String[out.times.length];
        }
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
            JsonToken tok = p.nextToken();
            if (tok == JsonToken.START_OBJECT) {
                String key = p.nextName();
                if (!"datapoints".equals(key) || p.nextToken() != JsonToken.START_ARRAY) {
                    throw bad("datapoints", "expected [{\"t\": T, \"v\": V}, ...] or {\"datapoints\": [...]}");
                }
                readArray(p, kind, maxPoints, out);
                if (p.nextToken() != JsonToken.END_OBJECT) {
                    throw bad("datapoints", "expected only \"datapoints\" in the object");
                }
            } else if (tok == JsonToken.START_ARRAY) {
                readArray(p, kind, maxPoints, out);
            } else {
                throw bad("datapoints", "expected [{\"t\": T, \"v\": V}, ...] or {\"datapoints\": [...]}");
            }
            if (p.nextToken() != null) {
                throw bad("datapoints", "more than one JSON value in the body");
            }
        } catch (JacksonException e) {
            if (e.getCause() instanceof HttpError h) {
                throw h; // the body limit, raised while the parser read
            }
            throw bad("datapoints", "not JSON: " + Strings.shorten(e.getOriginalMessage(), 200));
        }
        return out;
    }

    private static void readArray(JsonParser p, StreamKind kind, int maxPoints, Points out) {
        for (JsonToken tok; (tok = p.nextToken()) != JsonToken.END_ARRAY; ) {
            String at = "datapoints[" + out.n + "]";
            if (tok != JsonToken.START_OBJECT) {
                throw bad(at, "expected an object {\"t\": T, \"v\": V}");
            }
            if (out.n >= maxPoints) {
                throw new HttpError(413, "more than the server's limit of " + maxPoints + " datapoints in one request",
                        "datapoints");
            }
            out.grow();
            readPoint(p, kind, at, out);
            out.n++;
        }
    }

    private static void readPoint(JsonParser p, StreamKind kind, String at, Points out) {
        boolean hasT = false;
        boolean hasV = false;
        int i = out.n;
        for (JsonToken tok; (tok = p.nextToken()) != JsonToken.END_OBJECT; ) {
            String key = p.currentName();
            tok = p.nextToken();
            switch (key) {
                case "t" -> {
                    if (hasT) {
                        throw bad(at + ".t", "\"t\" appears twice");
                    }
                    out.times[i] = time(p, tok, at + ".t");
                    hasT = true;
                }
                case "v" -> {
                    if (hasV) {
                        throw bad(at + ".v", "\"v\" appears twice");
                    }
                    if (kind != StreamKind.NUMERIC) {
                        out.documents[i] = document(p, tok, kind, at + ".v");
                    } else if (tok == JsonToken.START_OBJECT) {
                        if (out.aggregates == null) {
                            out.aggregates = new Aggregate[out.times.length];
                        }
                        out.aggregates[i] = aggregate(p, at + ".v");
                        out.values[i] = 0;
                    } else {
                        out.values[i] = value(p, tok, at + ".v");
                    }
                    hasV = true;
                }
                default -> throw bad(at, "unknown key \"" + Strings.shorten(key, 40) + "\" (a datapoint has \"t\" and \"v\")");
            }
        }
        if (!hasT || !hasV) {
            throw bad(at, "a datapoint needs both \"t\" and \"v\"");
        }
    }

    private static long time(JsonParser p, JsonToken tok, String at) {
        long t;
        if (tok == JsonToken.VALUE_NUMBER_INT && (p.getNumberType() == JsonParser.NumberType.INT
                || p.getNumberType() == JsonParser.NumberType.LONG)) {
            t = p.getLongValue();
        } else if (tok == JsonToken.VALUE_STRING) {
            try {
                t = Time.parse(p.getString());
            } catch (DendroException e) {
                throw bad(at, e.getMessage());
            }
        } else {
            throw bad(at, "\"t\" must be integer nanoseconds or an ISO-8601 string");
        }
        if (t < Time.MIN_TIME || t >= Time.MAX_TIME) {
            throw bad(at, "time " + t + " is outside [" + Time.MIN_TIME + ", " + Time.MAX_TIME + ")");
        }
        return t;
    }

    private static double value(JsonParser p, JsonToken tok, String at) {
        switch (tok) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double v = Double.parseDouble(p.getString()); // as Java reads the decimal: -0 stays -0.0
                if (!Double.isFinite(v)) {
                    throw bad(at, "value " + Strings.shorten(p.getString(), 40) + " is not a finite double");
                }
                return v;
            }
            case VALUE_NULL -> {
                return io.dendro.Stream.NULL;
            }
            default -> throw bad(at, "\"v\" must be a number, null or an aggregate in a numeric stream");
        }
    }

    private static Aggregate aggregate(JsonParser p, String at) {
        Map<String, Double> keys = new LinkedHashMap<>();
        for (JsonToken tok; (tok = p.nextToken()) != JsonToken.END_OBJECT; ) {
            String key = p.currentName();
            tok = p.nextToken();
            if (tok != JsonToken.VALUE_NUMBER_INT && tok != JsonToken.VALUE_NUMBER_FLOAT) {
                throw bad(at, "aggregate key \"" + Strings.shorten(key, 20) + "\" must be a number");
            }
            if (keys.put(key, Double.parseDouble(p.getString())) != null) {
                throw bad(at, "aggregate key \"" + Strings.shorten(key, 20) + "\" appears twice");
            }
        }
        try {
            return Aggregate.of(keys);
        } catch (DendroException e) {
            throw bad(at, e.getMessage());
        }
    }

    private static String document(JsonParser p, JsonToken tok, StreamKind kind, String at) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            copy(p, tok, g, 0, at);
        }
        String doc = text.toString();
        try {
            if (kind == StreamKind.GRAPH) {
                GraphValue.of(doc);
            } else {
                Json.parse(doc);
            }
        } catch (DendroException e) {
            throw bad(at, e.getMessage());
        }
        return doc;
    }

    /** Copies the value at {@code tok}, numbers by their text. */
    private static void copy(JsonParser p, JsonToken tok, JsonGenerator g, int depth, String at) {
        if (depth > Json.MAX_DEPTH) {
            throw bad(at, "a value nested deeper than " + Json.MAX_DEPTH);
        }
        switch (tok) {
            case START_OBJECT -> {
                g.writeStartObject();
                for (JsonToken t; (t = p.nextToken()) != JsonToken.END_OBJECT; ) {
                    g.writeName(p.currentName());
                    copy(p, p.nextToken(), g, depth + 1, at);
                }
                g.writeEndObject();
            }
            case START_ARRAY -> {
                g.writeStartArray();
                for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    copy(p, t, g, depth + 1, at);
                }
                g.writeEndArray();
            }
            case VALUE_STRING -> g.writeString(p.getString());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getString());
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> throw bad(at, "not JSON: unexpected " + tok);
        }
    }

    private static HttpError bad(String parameter, String message) {
        return HttpError.badRequest(parameter, parameter + ": " + message);
    }
}
