package io.dendro.bench.serve;

import io.dendro.value.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * The servers' answers as maps, lists, {@link Json.Num}, strings, booleans and null. Unlike the
 * engine's {@link Json}, which parses stored values and refuses more than 1 MiB, an answer may be
 * as long as it is (a minute of 1 kHz points is a few MB).
 */
final class AnswerJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(-1).maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private AnswerJson() {
    }

    static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new Server.Failure("an empty answer where JSON was expected");
            }
            return read(p, t);
        } catch (JacksonException e) {
            throw new Server.Failure("an answer that is not JSON: " + e.getOriginalMessage() + ": " + Server.cut(text));
        }
    }

    private static Object read(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    m.put(key, read(p, p.nextToken()));
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
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Json.Num(p.getString());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new Server.Failure("unexpected JSON token " + t);
        };
    }
}
