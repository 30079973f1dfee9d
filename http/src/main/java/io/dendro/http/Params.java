package io.dendro.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters, in the order given, each name with all of its values (a name
 * may repeat: {@code value_downsamplers=min&value_downsamplers=max}). {@code +} is a space and
 * {@code %XX} a UTF-8 byte, as browsers and Python's {@code urlencode} write them.
 */
final class Params {
    /** At most this many parameters: a query string is not a request body. */
    static final int MAX_PARAMS = 1_000;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String[]> order = new ArrayList<>();

    private Params() {
    }

    /**
     * Parses a raw query string (null: none).
     *
     * @throws HttpError 400 for a malformed escape or too many parameters
     */
    static Params parse(String rawQuery) {
        Params p = new Params();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return p;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (p.order.size() >= MAX_PARAMS) {
                throw HttpError.badRequest(null, "more than " + MAX_PARAMS + " query parameters");
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            p.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            p.order.add(new String[] {name, value});
        }
        return p;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(null, "malformed query string: " + Strings.shorten(s, 60));
        }
    }

    /** The last value of {@code name} (as Django's {@code QueryDict.get}), or null. */
    String get(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    /** Every value of {@code name}, in order; empty when absent. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The names, in the order they first appear. */
    Iterable<String> names() {
        return values.keySet();
    }

    /** Every (name, value) pair in the order given. */
    List<String[]> pairs() {
        return order;
    }
}
