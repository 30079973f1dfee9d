package io.dendro.value;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of a graph stream, checked as Datastream checks it: a JSON object with a list of
 * vertices {@code "v"} and a list of edges {@code "e"}, {@code {"v": [{"i": ID, ...}, ...],
 * "e": [{"f": ID, "t": ID, ...}, ...]}}.
 *
 * <ul>
 * <li>the value must be an object: anything else is {@code WRONG_TYPE};</li>
 * <li>it has {@code "v"} and {@code "e"}, both lists; every vertex is an object with an
 *     {@code "i"}, and no two vertices have the same id (ids compare by their compact JSON, so
 *     {@code 1} and {@code "1"} differ); every edge is an object with {@code "f"} and
 *     {@code "t"}, each naming a vertex of the value: a violation is {@code INVALID_VALUE}
 *     naming the rule and where;</li>
 * <li>other fields, of the value, its vertices and its edges, are kept as they are.</li>
 * </ul>
 *
 * @param json     the value's compact JSON (what a graph stream stores)
 * @param vertices the number of vertices
 * @param edges    the number of edges
 */
public record GraphValue(String json, int vertices, int edges) {
    /**
     * Parses and checks one graph value.
     *
     * @throws DendroException WRONG_TYPE when the value is not a JSON object; INVALID_VALUE when
     *                         it is not JSON or breaks a rule above, naming the rule
     */
    public static GraphValue of(String text) {
        Object root = Json.parse(text);
        if (!(root instanceof Map<?, ?> graph)) {
            throw new DendroException(ErrorCode.WRONG_TYPE, "a graph value must be an object {\"v\": [...], "
                    + "\"e\": [...]}, not " + Json.describe(root));
        }
        List<?> vs = list(graph, "v", "vertices");
        List<?> es = list(graph, "e", "edges");
        Map<String, Integer> ids = new HashMap<>(vs.size() * 2);
        for (int k = 0; k < vs.size(); k++) {
            Map<?, ?> vertex = object(vs.get(k), "vertex", k);
            Object id = vertex.get("i");
            if (id == null) {
                throw invalid("vertex " + k + " has no id \"i\"");
            }
            Integer before = ids.putIfAbsent(Json.write(id), k);
            if (before != null) {
                throw invalid("vertices " + before + " and " + k + " have the same id "
                        + Json.shorten(Json.write(id)));
            }
        }
        for (int k = 0; k < es.size(); k++) {
            Map<?, ?> edge = object(es.get(k), "edge", k);
            for (String end : new String[] {"f", "t"}) {
                Object id = edge.get(end);
                if (id == null) {
                    throw invalid("edge " + k + " has no \"" + end + "\"");
                }
                if (!ids.containsKey(Json.write(id))) {
                    throw invalid("edge " + k + "'s \"" + end + "\" names no vertex: " + Json.shorten(Json.write(id)));
                }
            }
        }
        return new GraphValue(Json.write(root), vs.size(), es.size());
    }

    private static List<?> list(Map<?, ?> graph, String key, String what) {
        Object v = graph.get(key);
        if (v == null) {
            throw invalid("a graph value needs \"" + key + "\", the list of its " + what);
        }
        if (!(v instanceof List<?> l)) {
            throw invalid("\"" + key + "\" must be a list of " + what + ", not " + Json.describe(v));
        }
        return l;
    }

    private static Map<?, ?> object(Object v, String what, int k) {
        if (!(v instanceof Map<?, ?> m)) {
            throw invalid(what + " " + k + " must be an object, not " + Json.describe(v));
        }
        return m;
    }

    private static DendroException invalid(String rule) {
        return new DendroException(ErrorCode.INVALID_VALUE, "graph: " + rule);
    }
}
