package io.dendro.value;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One metadata condition in Datastream's lookup syntax, {@code key[__key...][__op]=value}, over a
 * stream's tags and annotations (docs/design/metadata-queries.md).
 *
 * <p><b>Values are JSON.</b> A tag or annotation value that parses as JSON (an object, an array,
 * a number, {@code true}, {@code false}, {@code null} or a quoted string) is that JSON value; any
 * other text is a plain string (so {@code "lab"} and {@code lab} are both the string lab, and
 * {@code 12} is the number 12). Keys after the first walk into objects (and into arrays by a
 * whole-number key); a key that leads nowhere makes the condition false (except {@code exists},
 * {@code nin}).
 *
 * <p><b>Query values</b> convert as django-datastream converts them: {@code true}, {@code false},
 * {@code null}, integers and decimals become those JSON values, anything else stays a string;
 * {@code in}, {@code nin} and {@code all} take several values (a comma list, or repeated).
 *
 * <p><b>Operators</b>: {@code exact} (the default; equal JSON values, numbers by value; an array
 * also matches when one element is equal, as MongoDB and so Datastream match), {@code iexact},
 * {@code contains}, {@code icontains}, {@code startswith}, {@code istartswith} (strings; contains
 * also: an array holding an equal element), {@code gt}, {@code gte}, {@code lt}, {@code lte}
 * (numbers with numbers, strings with strings; anything else does not match), {@code in} (equal
 * to one of the values), {@code nin} (equal to none, also true when the key is missing),
 * {@code all} (an array holding every value), {@code exists} ({@code true}: the key is there;
 * {@code false}: it is not).
 */
public final class Lookup {
    /** The operators, as the lookup syntax spells them. */
    public static final List<String> OPERATORS = List.of("exact", "iexact", "contains", "icontains", "startswith",
            "istartswith", "gt", "gte", "lt", "lte", "in", "nin", "all", "exists");

    private final String text;
    private final List<String> path;
    private final String op;
    private final List<Object> values;

    private Lookup(String text, List<String> path, String op, List<Object> values) {
        this.text = text;
        this.path = path;
        this.op = op;
        this.values = values;
    }

    /**
     * A condition from its lookup ({@code title__icontains}) and its values (one, or several for
     * {@code in}, {@code nin} and {@code all}, where each may also be a comma list).
     *
     * @throws DendroException INVALID_ARGUMENT for an empty key, an operator that takes one value
     *                         given several, or {@code exists} given anything but true or false
     */
    public static Lookup of(String lookup, List<String> rawValues) {
        if (lookup == null || lookup.isEmpty()) {
            throw invalid("a lookup needs a key");
        }
        List<String> parts = new ArrayList<>(List.of(lookup.split("__", -1)));
        String op = "exact";
        if (parts.size() > 1 && OPERATORS.contains(parts.get(parts.size() - 1))) {
            op = parts.remove(parts.size() - 1);
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                throw invalid("lookup " + lookup + " has an empty key");
            }
        }
        boolean many = op.equals("in") || op.equals("nin") || op.equals("all");
        List<Object> vs = new ArrayList<>();
        for (String raw : rawValues) {
            if (many) {
                for (String item : raw.split(",", -1)) {
                    vs.add(convert(item));
                }
            } else {
                vs.add(convert(raw));
            }
        }
        if (vs.isEmpty()) {
            throw invalid("lookup " + lookup + " needs a value");
        }
        if (!many && vs.size() > 1) {
            throw invalid("lookup " + lookup + " takes one value, not " + vs.size());
        }
        if (op.equals("exists") && !(vs.get(0) instanceof Boolean)) {
            throw invalid("lookup " + lookup + " takes true or false, not " + rawValues.get(0));
        }
        return new Lookup(lookup + "=" + String.join(",", rawValues), List.copyOf(parts), op, List.copyOf(vs));
    }

    /** {@code key[__key...][__op]=value} as the command line and URLs write it. */
    public static Lookup parse(String condition) {
        int eq = condition.indexOf('=');
        if (eq < 0) {
            throw invalid("a condition is lookup=value, not " + condition);
        }
        return of(condition.substring(0, eq), List.of(condition.substring(eq + 1)));
    }

    /** A query value as django-datastream converts it: true, false, null, an integer, a decimal, else the string. */
    static Object convert(String s) {
        switch (s) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return Json.NULL;
            default:
                if (s.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
                    return new Json.Num(s);
                }
                return s;
        }
    }

    /** The top-level tag or annotation key the condition looks at. */
    public String key() {
        return path.get(0);
    }

    /**
     * Whether a stream without {@link #key()} can match ({@code nin}, {@code exists=false}): such
     * a condition cannot narrow a lookup to the streams that have the key.
     */
    public boolean matchesMissingKey() {
        return op.equals("nin") || (op.equals("exists") && !((Boolean) values.get(0)));
    }

    /** Whether a stream whose tags and annotations are {@code props} (merged) matches. */
    public boolean matches(Map<String, String> tags, Map<String, String> annotations) {
        String first = path.get(0);
        String raw = tags.containsKey(first) ? tags.get(first) : annotations.get(first);
        boolean present = raw != null;
        Object v = present ? value(raw) : null;
        for (int i = 1; present && i < path.size(); i++) {
            String k = path.get(i);
            if (v instanceof Map<?, ?> m && m.containsKey(k)) {
                v = m.get(k);
            } else if (v instanceof List<?> l && k.matches("\\d{1,9}") && Integer.parseInt(k) < l.size()) {
                v = l.get(Integer.parseInt(k));
            } else {
                present = false;
            }
        }
        Object found = v;
        return switch (op) {
            case "exists" -> present == (Boolean) values.get(0);
            case "nin" -> !present || values.stream().noneMatch(x -> equalOrHolds(found, x));
            default -> present && test(found);
        };
    }

    private boolean test(Object v) {
        Object q = values.get(0);
        return switch (op) {
            case "exact" -> equalOrHolds(v, q);
            case "iexact" -> v instanceof String s && s.equalsIgnoreCase(text(q));
            case "contains" -> v instanceof String s ? s.contains(text(q))
                    : v instanceof List<?> l && l.stream().anyMatch(e -> same(e, q));
            case "icontains" -> v instanceof String s && lower(s).contains(lower(text(q)));
            case "startswith" -> v instanceof String s && s.startsWith(text(q));
            case "istartswith" -> v instanceof String s && lower(s).startsWith(lower(text(q)));
            case "gt", "gte", "lt", "lte" -> {
                Integer c = compare(v, q);
                yield c != null && switch (op) {
                    case "gt" -> c > 0;
                    case "gte" -> c >= 0;
                    case "lt" -> c < 0;
                    default -> c <= 0;
                };
            }
            case "in" -> values.stream().anyMatch(x -> equalOrHolds(v, x));
            case "all" -> v instanceof List<?> l && values.stream().allMatch(x -> l.stream().anyMatch(e -> same(e, x)));
            default -> throw new IllegalStateException(op);
        };
    }

    /**
     * A stored tag or annotation value as lookups see it: its JSON when it is JSON (an object, an
     * array, a number, {@code true}, {@code false}, {@code null} or a quoted string), else the
     * plain string.
     */
    public static Object value(String raw) {
        String t = raw.strip();
        if (t.isEmpty()) {
            return raw;
        }
        char c = t.charAt(0);
        if (c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || t.equals("true")
                || t.equals("false") || t.equals("null")) {
            try {
                return Json.parse(t);
            } catch (DendroException e) {
                return raw; // text that only looks like JSON
            }
        }
        return raw;
    }

    /** Equal, or (MongoDB's rule) an array holding an equal element. */
    private static boolean equalOrHolds(Object v, Object q) {
        return same(v, q) || (v instanceof List<?> l && l.stream().anyMatch(e -> same(e, q)));
    }

    /** JSON equality, numbers by value. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Json.Num x && b instanceof Json.Num y) {
            return new BigDecimal(x.text()).compareTo(new BigDecimal(y.text())) == 0;
        }
        if (a instanceof Map<?, ?> || a instanceof List<?>) {
            return b != null && Json.write(a).equals(b instanceof String s ? s : Json.write(b));
        }
        return a != null && a.equals(b);
    }

    private static Integer compare(Object v, Object q) {
        if (v instanceof Json.Num x && q instanceof Json.Num y) {
            return new BigDecimal(x.text()).compareTo(new BigDecimal(y.text()));
        }
        if (v instanceof String s && q instanceof String t) {
            return Integer.signum(s.compareTo(t));
        }
        return null;
    }

    private static String text(Object q) {
        return q instanceof String s ? s : q instanceof Json.Num n ? n.text() : Json.write(q);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static DendroException invalid(String what) {
        return new DendroException(ErrorCode.INVALID_ARGUMENT, what);
    }

    @Override
    public String toString() {
        return text;
    }
}
