package io.dendro.http;

import io.dendro.StreamKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Datastream's downsampler names and one- or two-letter keys, per kind of stream, as
 * {@code dendro downsample} takes them (cli/README.md): the statistics themselves are the
 * engine's ({@code BucketCursor}, {@code DocumentBucketCursor}).
 */
final class Downsamplers {
    /** Value downsamplers of numeric streams: key, name. {@code n} (nulls) is Dendro's, given only when asked. */
    static final String[][] NUMERIC = {{"c", "count"}, {"s", "sum"}, {"q", "sum_squares"}, {"l", "min"},
        {"u", "max"}, {"m", "mean"}, {"d", "std_dev"}, {"n", "nulls"}};
    /** Value downsamplers of nominal streams. */
    static final String[][] NOMINAL = {{"c", "count"}, {"o", "most_often"}, {"r", "least_often"},
        {"f", "frequencies"}};
    /** Value downsamplers of graph streams. */
    static final String[][] GRAPH = {{"c", "count"}, {"vl", "vertices_min"}, {"vm", "vertices_mean"},
        {"vu", "vertices_max"}, {"el", "edges_min"}, {"em", "edges_mean"}, {"eu", "edges_max"}};
    /** Time downsamplers. */
    static final String[][] TIME = {{"a", "first"}, {"z", "last"}, {"m", "mean"}};
    /** Not among the defaults. */
    private static final String ONLY_WHEN_ASKED = "n";

    private Downsamplers() {
    }

    static String[][] values(StreamKind kind) {
        return switch (kind) {
            case NUMERIC -> NUMERIC;
            case NOMINAL -> NOMINAL;
            case GRAPH -> GRAPH;
        };
    }

    /** The default downsamplers of a table, by name (what a stream object lists). */
    static List<String> defaultNames(String[][] table) {
        List<String> out = new ArrayList<>();
        for (String[] d : table) {
            if (!d[0].equals(ONLY_WHEN_ASKED)) {
                out.add(d[1]);
            }
        }
        return out;
    }

    /** The default keys of a table. */
    static List<String> defaultKeys(String[][] table) {
        List<String> out = new ArrayList<>();
        for (String[] d : table) {
            if (!d[0].equals(ONLY_WHEN_ASKED)) {
                out.add(d[0]);
            }
        }
        return out;
    }

    /**
     * The keys of the given names or keys (each value a comma list; repeated values add up), in
     * the table's order; null when none is given (Datastream's "all").
     *
     * @throws HttpError 400 naming {@code parameter} for one the table does not have
     */
    static List<String> keys(List<String> given, String[][] table, String parameter, StreamKind kind) {
        if (given.isEmpty()) {
            return null;
        }
        Set<String> want = new LinkedHashSet<>();
        for (String g : given) {
            for (String item : g.split(",", -1)) {
                String k = key(item.trim(), table);
                if (k == null) {
                    StringBuilder known = new StringBuilder();
                    for (String[] d : table) {
                        known.append(known.isEmpty() ? "" : ", ").append(d[1]).append('/').append(d[0]);
                    }
                    throw HttpError.badRequest(parameter, "Invalid " + (table == TIME ? "time" : "value")
                            + " downsampler: '" + Strings.shorten(item, 40) + "'" + (table == TIME ? ""
                            : " for a " + kind.label() + " stream") + " (known: " + known + ")");
                }
                want.add(k);
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] d : table) {
            if (want.contains(d[0])) {
                out.add(d[0]);
            }
        }
        return out;
    }

    private static String key(String nameOrKey, String[][] table) {
        for (String[] d : table) {
            if (d[0].equals(nameOrKey) || d[1].equals(nameOrKey)) {
                return d[0];
            }
        }
        return null;
    }

    /** The name of a key. */
    static String name(String key, String[][] table) {
        for (String[] d : table) {
            if (d[0].equals(key)) {
                return d[1];
            }
        }
        throw new IllegalArgumentException(key);
    }
}
