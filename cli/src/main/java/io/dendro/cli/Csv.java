package io.dendro.cli;

import io.dendro.PointCursor;
import io.dendro.RawPoint;
import io.dendro.StatCursor;
import io.dendro.Stream;
import io.dendro.Time;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CSV that reads print: a header line, then one row per point or window, {@code \n}
 * line ends. Numbers use Java's shortest round-trip form ({@link Double#toString}), so a value
 * printed by {@code values} and inserted again is bit-for-bit the same; empty windows print
 * {@code NaN}.
 */
final class Csv {
    static final String POINT_HEADER = "time,value";
    static final String STAT_HEADER = "time,min,mean,max,count,stddev";
    /** Rows between checks that stdout is still open (so that {@code | head} ends a long read). */
    private static final int CHECK_EVERY = 1 << 16;

    private Csv() {
    }

    /** Writes the header and every point of the cursor, streaming (memory does not grow). */
    static void writePoints(PrintWriter out, PointCursor c, TimeFormatOption tf) {
        out.append(POINT_HEADER).append('\n');
        StringBuilder sb = new StringBuilder(64);
        long rows = 0;
        while (c.next()) {
            sb.setLength(0);
            csvValue(tf.append(sb, c.time()).append(','), c.value(), c.document()).append('\n');
            out.append(sb);
            if (++rows % CHECK_EVERY == 0 && out.checkError()) {
                return; // the reader went away
            }
        }
    }

    /** Writes every point of the cursor as a JSON line {@code {"t": NS, "v": V}} (t an ISO string with --iso). */
    static void writePointsJsonl(PrintWriter out, PointCursor c, TimeFormatOption tf) {
        StringBuilder sb = new StringBuilder(64);
        long rows = 0;
        while (c.next()) {
            sb.setLength(0);
            sb.append("{\"t\": ");
            if (tf.iso) {
                sb.append('"').append(Time.format(c.time())).append('"');
            } else {
                sb.append(c.time());
            }
            jsonValue(sb.append(", \"v\": "), c.value(), c.aggregate(), c.document()).append("}\n");
            out.append(sb);
            if (++rows % CHECK_EVERY == 0 && out.checkError()) {
                return; // the reader went away
            }
        }
    }

    /**
     * A point's value in JSON: its document as stored, an aggregate in Datastream's seven keys,
     * {@code null} for a null point, else the number.
     */
    static StringBuilder jsonValue(StringBuilder sb, double v, io.dendro.value.Aggregate a, String document) {
        if (document != null) {
            return sb.append(document);
        }
        if (a != null) {
            return sb.append("{\"c\": ").append(a.count()).append(", \"s\": ").append(a.sum())
                    .append(", \"q\": ").append(a.sumOfSquares()).append(", \"l\": ").append(a.min())
                    .append(", \"u\": ").append(a.max()).append(", \"m\": ").append(a.mean())
                    .append(", \"d\": ").append(a.stddev()).append('}');
        }
        return value(sb, v);
    }

    /** A point's value in CSV: its document quoted as CSV quotes (a JSON string's own quotes doubled), else the number. */
    static StringBuilder csvValue(StringBuilder sb, double v, String document) {
        if (document == null) {
            return value(sb, v);
        }
        sb.append('"');
        for (int i = 0; i < document.length(); i++) {
            char ch = document.charAt(i);
            sb.append(ch);
            if (ch == '"') {
                sb.append('"');
            }
        }
        return sb.append('"');
    }

    /** A point's value: Java's shortest round-trip form, or {@code null} for a null point. */
    static StringBuilder value(StringBuilder sb, double v) {
        return Stream.isNull(v) ? sb.append("null") : sb.append(v);
    }

    /** Writes the header and, when present, the one point. */
    static void writePoint(PrintWriter out, RawPoint p, TimeFormatOption tf) {
        out.append(POINT_HEADER).append('\n');
        if (p != null) {
            StringBuilder sb = new StringBuilder(64);
            csvValue(tf.append(sb, p.time()).append(','), p.value(), p.document()).append('\n');
            out.append(sb);
        }
    }

    /** Writes the header and every window of the cursor. */
    static void writeStats(PrintWriter out, StatCursor c, TimeFormatOption tf) {
        out.append(STAT_HEADER).append('\n');
        StringBuilder sb = new StringBuilder(128);
        long rows = 0;
        while (c.next()) {
            sb.setLength(0);
            tf.append(sb, c.time()).append(',').append(c.min()).append(',').append(c.mean()).append(',')
                    .append(c.max()).append(',').append(c.count()).append(',').append(c.stddev()).append('\n');
            out.append(sb);
            if (++rows % CHECK_EVERY == 0 && out.checkError()) {
                return; // the reader went away
            }
        }
    }

    /**
     * A map as one field: {@code k=v} pairs sorted by key and joined by {@code ;}. Inside keys
     * and values, {@code %}, {@code ;} and {@code =} are written as {@code %25}, {@code %3B} and
     * {@code %3D}, so the field splits back unambiguously.
     */
    static String pairs(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            escapePair(sb, e.getKey()).append('=');
            escapePair(sb, e.getValue());
        }
        return sb.toString();
    }

    private static StringBuilder escapePair(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '%' -> sb.append("%25");
                case ';' -> sb.append("%3B");
                case '=' -> sb.append("%3D");
                default -> sb.append(ch);
            }
        }
        return sb;
    }

    /** A CSV field: quoted (RFC 4180, {@code "} doubled) when it holds a comma, quote or line break. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
