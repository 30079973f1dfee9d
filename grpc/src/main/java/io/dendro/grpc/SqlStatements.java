package io.dendro.grpc;

import com.google.protobuf.ByteString;
import io.dendro.Database;
import io.dendro.StreamInfo;
import io.dendro.StreamQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dendro has no SQL engine. SQLQuery answers exactly the statements the Python client's
 * {@code list_unique_names}, {@code list_unique_units} and {@code list_unique_annotations} send,
 * {@code select distinct(COLUMN) as COLUMN from streams [where collection like $1]} with COLUMN a
 * tag key ({@code name}, {@code unit}, ...) or {@code skeys(annotations)}, and refuses any other
 * statement with NOT_IMPLEMENTED (501) saying so. Rows are JSON objects, as BTrDB sends them.
 */
final class SqlStatements {
    private SqlStatements() {
    }

    private static final Pattern DISTINCT = Pattern.compile(
            "select\\s+distinct\\s*\\(\\s*(skeys\\s*\\(\\s*annotations\\s*\\)|[a-z_][a-z0-9_]*)\\s*\\)"
                    + "\\s+as\\s+([a-z_][a-z0-9_]*)\\s+from\\s+streams"
                    + "(?:\\s+where\\s+collection\\s+like\\s+\\$1(?:::text)?)?\\s*;?");

    static List<ByteString> answer(Database db, String sql, List<String> params) {
        Matcher m = DISTINCT.matcher(sql.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BtrdbException(BtrdbCode.NOT_IMPLEMENTED, "SQLQuery: Dendro has no SQL engine; it answers"
                    + " only the statements of list_unique_names, list_unique_units and list_unique_annotations"
                    + " (use LookupStreams for other metadata queries)");
        }
        boolean filtered = sql.toLowerCase(Locale.ROOT).contains("$1");
        if (filtered != (params.size() == 1)) {
            throw new BtrdbException(BtrdbCode.BAD_SQL_VALUE, "the statement takes " + (filtered ? 1 : 0)
                    + " parameters, " + params.size() + " were given");
        }
        Pattern like = filtered ? like(params.get(0)) : null;
        String column = m.group(1);
        boolean annotations = column.startsWith("skeys");
        String label = m.group(2);
        TreeSet<String> values = new TreeSet<>();
        for (StreamInfo s : db.streams(StreamQuery.all())) {
            if (like != null && !like.matcher(s.collection()).matches()) {
                continue;
            }
            if (annotations) {
                values.addAll(s.annotations().keySet());
            } else if (s.tags().containsKey(column)) {
                values.add(s.tags().get(column));
            }
        }
        List<ByteString> rows = new ArrayList<>(values.size());
        for (String v : values) {
            rows.add(ByteString.copyFrom("{" + json(label) + ":" + json(v) + "}", StandardCharsets.UTF_8));
        }
        return rows;
    }

    /** SQL LIKE: {@code %} any run, {@code _} one character, everything else literal. */
    static Pattern like(String pattern) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%' || c == '_') {
                if (!lit.isEmpty()) {
                    re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                re.append(c == '%' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (!lit.isEmpty()) {
            re.append(Pattern.quote(lit.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
