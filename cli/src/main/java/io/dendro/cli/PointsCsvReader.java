package io.dendro.cli;

import io.dendro.Stream;
import io.dendro.Time;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads and checks the CSV that {@code insert} takes, one point per line: {@code time,value}.
 *
 * <ul>
 *   <li>time: integer nanoseconds or an ISO-8601 instant, inside {@code [MIN_TIME, MAX_TIME)};</li>
 *   <li>value: a decimal number as Java reads it ({@code 1.5}, {@code -2e-3}), finite, or
 *       {@code null} for a null point ({@link Stream#NULL});</li>
 *   <li>blank lines are ignored; whitespace around fields is ignored; a UTF-8 byte order mark
 *       is ignored;</li>
 *   <li>the first non-blank line is a header, and skipped, when its first field starts with a
 *       letter or a quote ({@code time,value}), since no time does.</li>
 * </ul>
 *
 * The first bad line stops the read with an error naming the source and its line number (1 for
 * the first line): INVALID_ARGUMENT for a line that is not {@code time,value},
 * INVALID_TIME_RANGE for a time outside the storable range, INVALID_VALUE for NaN or infinity.
 */
final class PointsCsvReader {
    private static final int PROGRESS_EVERY = 1 << 14;

    private PointsCsvReader() {
    }

    /** Reads every line; throws on the first bad one, so a returned buffer is wholly valid. */
    static PointBuffer read(BufferedReader r, String source, Progress progress) throws IOException {
        PointBuffer out = new PointBuffer();
        boolean first = true;
        long lineNo = 0;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            if (first) {
                first = false;
                char c = line.strip().charAt(0);
                if (Character.isLetter(c) || c == '"') {
                    continue;
                }
            }
            parseLine(line, source, lineNo, out);
            if ((lineNo & (PROGRESS_EVERY - 1)) == 0) {
                progress.update(lineNo);
            }
        }
        progress.finish(lineNo);
        return out;
    }

    private static void parseLine(String line, String source, long lineNo, PointBuffer out) {
        int comma = line.indexOf(',');
        if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
            throw error(ErrorCode.INVALID_ARGUMENT, source, lineNo,
                    "expected two fields time,value but found '" + shorten(line) + "'");
        }
        String tf = line.substring(0, comma).strip();
        String vf = line.substring(comma + 1).strip();
        long t;
        try {
            t = Time.parse(tf);
        } catch (DendroException e) {
            boolean header = !tf.isEmpty() && (Character.isLetter(tf.charAt(0)) || tf.charAt(0) == '"');
            throw error(ErrorCode.INVALID_ARGUMENT, source, lineNo, e.getMessage()
                    + (header ? " (only the first line may be a header)" : ""));
        }
        if (t < Time.MIN_TIME || t >= Time.MAX_TIME) {
            throw error(ErrorCode.INVALID_TIME_RANGE, source, lineNo, "time " + t + " is outside ["
                    + Time.MIN_TIME + ", " + Time.MAX_TIME + ")");
        }
        double v = parseValue(vf, source, lineNo);
        out.add(t, v);
    }

    private static double parseValue(String s, String source, long lineNo) {
        if (s.equals("null")) {
            return Stream.NULL; // a null point, as values prints it
        }
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        // Java would also read "1f" and "1d"; a CSV value with a type suffix is a mistake
        if (s.isEmpty() || "fFdD".indexOf(last) >= 0 && !s.endsWith("Infinity")) {
            throw error(ErrorCode.INVALID_ARGUMENT, source, lineNo, "value '" + s + "' is not a number");
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error(ErrorCode.INVALID_ARGUMENT, source, lineNo, "value '" + shorten(s) + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw error(ErrorCode.INVALID_VALUE, source, lineNo, "value " + s + " is not finite (values must be)");
        }
        return v;
    }

    private static DendroException error(ErrorCode code, String source, long lineNo, String what) {
        return new DendroException(code, source + " line " + lineNo + ": " + what);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
