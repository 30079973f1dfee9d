package io.dendro.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * InfluxDB's line protocol (1.x), parsed line by line:
 * {@code measurement[,tag=value...] field=value[,field=value...] [timestamp]}. Measurements
 * escape commas and spaces with a backslash; tag keys, tag values and field keys also escape
 * {@code =}; string field values are double-quoted with {@code \"} and {@code \\} escaped.
 * Field values: floats ({@code 1.5}, {@code -3e2}), integers ({@code 2i}), unsigned integers
 * ({@code 2u}), booleans ({@code t}, {@code T}, {@code true}, {@code True}, {@code TRUE} and
 * the same for false) and strings. Blank lines and lines starting with {@code #} are skipped.
 * Every error names the line (1-based) and what is wrong, in InfluxDB's words where it has them.
 */
final class LineProtocol {
    // compiled once: String.matches compiles its pattern on every call (half the ingest time)
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?\\d+i");
    private static final java.util.regex.Pattern UNSIGNED = java.util.regex.Pattern.compile("\\d+u");
    private static final java.util.regex.Pattern FLOAT =
            java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private LineProtocol() {
    }

    /**
     * Whether {@code v} is a decimal number as the line protocol writes floats ({@code [-+]?
     * (digits[.digits] | .digits) [e[-+]digits]}, {@link #FLOAT}), without a regular expression:
     * this runs for every field of every line.
     */
    /** Whether {@code t} is an optional minus and 1 to 19 digits (a timestamp), without a regular expression. */
    static boolean integer(String t) {
        int i = t.startsWith("-") ? 1 : 0;
        int digits = t.length() - i;
        if (digits < 1 || digits > 19) {
            return false;
        }
        for (; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean decimal(String v) {
        int i = 0;
        int n = v.length();
        if (i < n && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && v.charAt(i) == '.') {
            i++;
            while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
            i++;
            if (i < n && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
                i++;
            }
            int exp = 0;
            while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** A field's value: a number (floats, integers, booleans as 1 or 0) or a string. */
    record Value(double number, String string, char type) {
        static final char FLOAT = 'f';
        static final char INTEGER = 'i';
        static final char UNSIGNED = 'u';
        static final char BOOLEAN = 'b';
        static final char STRING = 's';

        boolean isString() {
            return type == STRING;
        }
    }

    /** One parsed line: its measurement, tags (sorted by key), fields (in order) and time (null: none given). */
    record Point(int line, String measurement, Map<String, String> tags, List<String> fieldKeys, List<Value> fields,
                 Long time) {
    }

    /** A line that does not parse, with its number and text. */
    static final class ParseError extends RuntimeException {
        final int line;

        ParseError(int line, String text, String why) {
            super("unable to parse '" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "': " + why
                    + " (line " + line + ")");
            this.line = line;
        }
    }

    /** Every point of {@code body}. */
    static List<Point> parse(String body) {
        List<Point> out = new ArrayList<>();
        int n = 0;
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            n++;
            String line = body.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                out.add(line(n, trimmed));
            }
            start = end + 1;
        }
        return out;
    }

    static Point line(int n, String s) {
        Cursor c = new Cursor(n, s);
        // the series key: measurement and tags, up to the first unescaped space
        String measurement = c.token(",  ".toCharArray(), false);
        if (measurement.isEmpty()) {
            throw c.fail("missing measurement");
        }
        Map<String, String> tags = new TreeMap<>();
        while (c.peek() == ',') {
            c.pos++;
            String key = c.token(new char[] {'=', ',', ' '}, true);
            if (c.peek() != '=' || key.isEmpty()) {
                throw c.fail("missing tag value");
            }
            c.pos++;
            String value = c.token(new char[] {',', ' ', '='}, true);
            if (value.isEmpty()) {
                throw c.fail("missing tag value");
            }
            if (tags.put(key, value) != null) {
                throw c.fail("duplicate tags");
            }
        }
        if (c.peek() != ' ') {
            throw c.fail("missing fields");
        }
        c.skipSpaces();
        List<String> keys = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        while (true) {
            String key = c.token(new char[] {'=', ',', ' '}, true);
            if (key.isEmpty() || c.peek() != '=') {
                throw c.fail(key.isEmpty() ? "missing field key" : "missing field value");
            }
            c.pos++;
            if (keys.contains(key)) {
                throw c.fail("duplicate field key " + key);
            }
            keys.add(key);
            values.add(c.fieldValue());
            if (c.peek() == ',') {
                c.pos++;
                continue;
            }
            break;
        }
        Long time = null;
        if (c.peek() == ' ') {
            c.skipSpaces();
            if (c.pos < s.length()) {
                String t = s.substring(c.pos).strip();
                if (!integer(t)) {
                    throw c.fail("bad timestamp");
                }
                try {
                    time = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw c.fail("bad timestamp");
                }
                c.pos = s.length();
            }
        }
        if (c.pos < s.length()) {
            throw c.fail("invalid field format");
        }
        return new Point(n, measurement, tags, keys, values, time);
    }

    /** A position in one line. */
    private static final class Cursor {
        final int line;
        final String s;
        int pos;

        Cursor(int line, String s) {
            this.line = line;
            this.s = s;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        ParseError fail(String why) {
            return new ParseError(line, s, why);
        }

        void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        /**
         * Reads up to an unescaped stop character; {@code equalsEscapes}: {@code \=} is an escape
         * too (tag keys and values, field keys). A backslash before anything else stays as it is.
         */
        String token(char[] stops, boolean equalsEscapes) {
            int from = pos; // most tokens have no escape: cut them out without a builder
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (ch == '\\') {
                    pos = from;
                    return escapedToken(stops, equalsEscapes);
                }
                for (char stop : stops) {
                    if (ch == stop) {
                        return s.substring(from, pos);
                    }
                }
                pos++;
            }
            return s.substring(from, pos);
        }

        /** {@link #token} for a token with a backslash in it. */
        private String escapedToken(char[] stops, boolean equalsEscapes) {
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (ch == '\\' && pos + 1 < s.length()) {
                    char nx = s.charAt(pos + 1);
                    if (nx == ',' || nx == ' ' || (equalsEscapes && nx == '=') || nx == '\\') {
                        b.append(nx);
                        pos += 2;
                        continue;
                    }
                }
                for (char stop : stops) {
                    if (ch == stop) {
                        return b.toString();
                    }
                }
                b.append(ch);
                pos++;
            }
            return b.toString();
        }

        Value fieldValue() {
            if (peek() == '"') {
                pos++;
                StringBuilder b = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) {
                        throw fail("unbalanced quotes");
                    }
                    char ch = s.charAt(pos);
                    if (ch == '\\' && pos + 1 < s.length() && (s.charAt(pos + 1) == '"' || s.charAt(pos + 1) == '\\')) {
                        b.append(s.charAt(pos + 1));
                        pos += 2;
                    } else if (ch == '"') {
                        pos++;
                        return new Value(0, b.toString(), Value.STRING);
                    } else {
                        b.append(ch);
                        pos++;
                    }
                }
            }
            int from = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ' ') {
                pos++;
            }
            String v = s.substring(from, pos);
            if (v.isEmpty()) {
                throw fail("missing field value");
            }
            switch (v) {
                case "t", "T", "true", "True", "TRUE" -> {
                    return new Value(1, null, Value.BOOLEAN);
                }
                case "f", "F", "false", "False", "FALSE" -> {
                    return new Value(0, null, Value.BOOLEAN);
                }
                default -> {
                }
            }
            char last = v.charAt(v.length() - 1);
            try {
                if (last == 'i' && INTEGER.matcher(v).matches()) {
                    long x = Long.parseLong(v.substring(0, v.length() - 1));
                    return new Value(x, null, Value.INTEGER);
                }
                if (last == 'u' && UNSIGNED.matcher(v).matches()) {
                    long x = Long.parseUnsignedLong(v.substring(0, v.length() - 1));
                    return new Value(x < 0 ? Math.pow(2, 64) + x : x, null, Value.UNSIGNED);
                }
            } catch (NumberFormatException e) {
                throw fail("unable to parse integer " + v + ": value out of range");
            }
            if (!decimal(v)) {
                throw fail("invalid number " + v);
            }
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw fail("invalid number " + v + ": out of range");
            }
            return new Value(d, null, Value.FLOAT);
        }
    }
}
