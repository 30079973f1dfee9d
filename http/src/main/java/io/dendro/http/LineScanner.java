package io.dendro.http;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The line protocol read from the bytes of a body, without a string per line or per token. A collector sends the same series key (measurement and
 * tags, up to the first space) on line after line, so a key is parsed once per request, by
 * {@link LineProtocol}'s general parser on the first line that has it, and found again by its
 * bytes; the fields and the time of the lines after it are read here. Any line this path does not
 * read plainly (escapes, quoted strings, extra spaces, a comment, a malformed field) goes to the
 * general parser whole, so that both paths accept exactly the same lines with the same values and
 * refuse the same lines with the same error: {@code LineScannerTest} compares them on random
 * lines.
 *
 * @param <K> the sink's handle of a series key (a measurement and its tags)
 * @param <S> the sink's handle of a series (a key and one field)
 */
final class LineScanner<K, S> {
    /** Where the points go; nothing reaches it before its line has been read completely. */
    interface Sink<K, S> {
        /** A line the general parser read: its points are added; answers its key's handle. */
        K point(LineProtocol.Point p);

        /** The series of {@code key}'s field {@code field} (of numbers: this path reads no strings). */
        S field(K key, String field);

        /** A number of a fast line; {@code timed}: the line gave {@code time} (else it is "now"). */
        void number(S series, int line, boolean timed, long time, double value);
    }

    /** A series key seen in this body: its bytes, its handle, and its fields' names and series. */
    private static final class Key<K, S> {
        final byte[] bytes;
        final int hash;
        final K handle;
        byte[][] fieldNames = new byte[4][];
        Object[] fields = new Object[4];
        /** The line that last used each field (a field twice in one line goes to the general parser). */
        int[] usedBy = new int[4];
        int fieldCount;

        Key(byte[] bytes, int hash, K handle) {
            this.bytes = bytes;
            this.hash = hash;
            this.handle = handle;
        }
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long TWO_53 = 1L << 53;

    private final Sink<K, S> sink;
    @SuppressWarnings("unchecked")
    private Key<K, S>[] table = new Key[64];
    private int keys;
    private Key<K, S> last;
    // the line being read: its fields' series and values, handed over once the whole line is read
    private Object[] lineSeries = new Object[8];
    private double[] lineValues = new double[8];
    private int lineFields;

    private LineScanner(Sink<K, S> sink) {
        this.sink = sink;
    }

    /** A line that is not UTF-8 (the request's answer is InfluxDB's 400). */
    static final class NotUtf8 extends RuntimeException {
        final int line;

        NotUtf8(int line) {
            super("the body is not UTF-8 (line " + line + ")");
            this.line = line;
        }
    }

    /**
     * Reads every line of {@code b[0, len)} into {@code sink}, numbering lines as
     * {@link LineProtocol#parse} does.
     *
     * @throws LineProtocol.ParseError for the first line that does not parse
     * @throws NotUtf8 for the first line that is not UTF-8 (only such lines hold bytes above 0x7F,
     *                 and only the general parser reads them)
     */
    static <K, S> void scan(byte[] b, int len, Sink<K, S> sink) {
        new LineScanner<>(sink).run(b, len);
    }

    private void run(byte[] b, int len) {
        int n = 0;
        int start = 0;
        while (start <= len) {
            n++;
            int end = fast(b, start, len, n);
            if (end < 0) {
                end = start;
                while (end < len && b[end] != '\n') {
                    end++;
                }
                general(b, start, end > start && b[end - 1] == '\r' ? end - 1 : end, n);
            }
            start = end + 1;
        }
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Whether {@code b} holds {@code key} at {@code from} (which leaves room for it): eight bytes at a time. */
    private static boolean same(byte[] key, byte[] b, int from) {
        int n = key.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            if ((long) LONGS.get(key, i) != (long) LONGS.get(b, from + i)) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (key[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** A byte a plain token may hold: printable ASCII but for the separators, the escape and the quote. */
    private static boolean plain(byte c) {
        return c > ' ' && c < 0x7F && c != ',' && c != '=' && c != '\\' && c != '"';
    }

    /** A byte a plain series key may hold: {@link #plain} and the key's own separators. */
    private static boolean plainKey(byte c) {
        return c > ' ' && c < 0x7F && c != '\\' && c != '"';
    }

    /** The line through the general parser; its key is remembered when its bytes are plain. */
    private void general(byte[] b, int from, int to, int n) {
        String trimmed = text(b, from, to, n).strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return;
        }
        K handle = sink.point(LineProtocol.line(n, trimmed));
        if (from < to && b[from] != '#' && plainKey(b[from])) {
            int hash = 0;
            int i = from;
            for (; i < to && b[i] != ' '; i++) {
                if (!plainKey(b[i])) {
                    return;
                }
                hash = 31 * hash + b[i];
            }
            if (i < to && find(b, from, i, hash) == null) {
                remember(new Key<>(Arrays.copyOfRange(b, from, i), hash, handle));
            }
        }
    }

    /** The line's text: Latin-1 is ASCII's fast decoder; a line with a byte above 0x7F is decoded as UTF-8, strictly. */
    private static String text(byte[] b, int from, int to, int n) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                try {
                    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(b, from, to - from)).toString();
                } catch (CharacterCodingException e) {
                    throw new NotUtf8(n);
                }
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private Key<K, S> find(byte[] b, int from, int to, int hash) {
        Key<K, S> k = last;
        if (k != null && k.hash == hash && Arrays.equals(k.bytes, 0, k.bytes.length, b, from, to)) {
            return k;
        }
        int mask = table.length - 1;
        for (int i = hash & mask; (k = table[i]) != null; i = (i + 1) & mask) {
            if (k.hash == hash && Arrays.equals(k.bytes, 0, k.bytes.length, b, from, to)) {
                last = k;
                return k;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private void remember(Key<K, S> key) {
        if (2 * (keys + 1) > table.length) {
            Key<K, S>[] old = table;
            table = new Key[old.length * 2];
            for (Key<K, S> k : old) {
                if (k != null) {
                    put(k);
                }
            }
        }
        put(key);
        keys++;
    }

    private void put(Key<K, S> key) {
        int mask = table.length - 1;
        int i = key.hash & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = key;
    }

    /**
     * Reads a plain line whose key has been seen: every field a number, one space before the
     * fields and before the time. Answers where the line ends (its newline, or {@code len}); -1,
     * with nothing handed over, for anything else.
     */
    @SuppressWarnings("unchecked")
    private int fast(byte[] b, int from, int len, int n) {
        Key<K, S> key = last;
        int p;
        int kl = key == null ? 0 : key.bytes.length;
        if (key != null && from + kl < len && b[from + kl] == ' ' && same(key.bytes, b, from)) {
            p = from + kl; // the last line's key again: a collector's usual case
        } else {
            if (from >= len || !plainKey(b[from]) || b[from] == '#') {
                return -1;
            }
            int hash = 0;
            p = from;
            for (; p < len && b[p] != ' '; p++) {
                if (!plainKey(b[p])) {
                    return -1;
                }
                hash = 31 * hash + b[p];
            }
            if (p >= len) {
                return -1;
            }
            key = find(b, from, p, hash);
            if (key == null) {
                return -1;
            }
        }
        p++; // the one space after the key
        lineFields = 0;
        int guess = 0; // fields mostly come in the same order as on the line before
        while (true) {
            int f = -1;
            if (guess < key.fieldCount) {
                byte[] name = key.fieldNames[guess];
                int e = p + name.length;
                if (e < len && b[e] == '=' && same(name, b, p)) {
                    f = guess;
                    p = e;
                }
            }
            if (f < 0) {
                int nameFrom = p;
                while (p < len && plain(b[p])) {
                    p++;
                }
                if (p == nameFrom || p >= len || b[p] != '=') {
                    return -1;
                }
                f = field(key, b, nameFrom, p);
            }
            if (key.usedBy[f] == n) {
                return -1; // a field twice: the general parser says so
            }
            key.usedBy[f] = n;
            guess = f + 1;
            p++;
            int valueFrom = p;
            double v = decimalPrefix(b, p, len); // most values: read while scanning
            int e = decimalEnd;
            if (e > 0 && (e == len || b[e] == ',' || b[e] == ' ' || b[e] == '\n')) {
                p = e;
            } else { // an integer, a boolean or something wrong: up to the value's end, then by type
                while (p < len && b[p] != ',' && b[p] != ' ' && b[p] != '\n') {
                    p++;
                }
                v = number(b, valueFrom, p);
            }
            if (Double.isNaN(v)) {
                return -1;
            }
            if (key.fields[f] == null) { // a numeric series is made only for a number (a string's is nominal)
                key.fields[f] = sink.field(key.handle, new String(key.fieldNames[f], StandardCharsets.ISO_8859_1));
            }
            if (lineFields == lineValues.length) {
                lineValues = Arrays.copyOf(lineValues, 2 * lineFields);
                lineSeries = Arrays.copyOf(lineSeries, 2 * lineFields);
            }
            lineSeries[lineFields] = key.fields[f];
            lineValues[lineFields++] = v;
            if (p < len && b[p] == ',') {
                p++;
                continue;
            }
            break;
        }
        boolean timed = p < len && b[p] == ' ';
        long time = 0;
        if (timed) {
            p++; // the one space before the time
            boolean negative = p < len && b[p] == '-';
            if (negative) {
                p++;
            }
            int digitsFrom = p;
            int limit = Math.min(len, p + 18); // 18 digits cannot overflow
            int d;
            while (p < limit && (d = b[p] - '0') >= 0 && d <= 9) {
                time = 10 * time + d;
                p++;
            }
            if (p == digitsFrom + 18 && p < len && (d = b[p] - '0') >= 0 && d <= 9) {
                if (time > (Long.MAX_VALUE - d) / 10) {
                    return -1; // out of range: the general parser says so
                }
                time = 10 * time + d;
                p++;
            }
            if (p == digitsFrom || (p < len && b[p] != '\n')) {
                return -1; // no digits, a 20th digit, or anything else before the line's end
            }
            time = negative ? -time : time;
        }
        for (int i = 0; i < lineFields; i++) {
            sink.number((S) lineSeries[i], n, timed, time, lineValues[i]);
        }
        return p;
    }

    /** The index of the key's field named by {@code b[from, to)}, added on first sight (its series is asked for later). */
    private int field(Key<K, S> key, byte[] b, int from, int to) {
        for (int i = 0; i < key.fieldCount; i++) {
            byte[] name = key.fieldNames[i];
            if (Arrays.equals(name, 0, name.length, b, from, to)) {
                return i;
            }
        }
        if (key.fieldCount == key.fields.length) {
            int c = 2 * key.fieldCount;
            key.fieldNames = Arrays.copyOf(key.fieldNames, c);
            key.fields = Arrays.copyOf(key.fields, c);
            key.usedBy = Arrays.copyOf(key.usedBy, c);
        }
        int i = key.fieldCount++;
        key.fieldNames[i] = Arrays.copyOfRange(b, from, to);
        return i;
    }

    /**
     * A field's value as the general parser reads a number, boolean or integer; NaN for anything
     * else (a string, a malformed or out-of-range value), which sends the line to the general
     * parser.
     */
    double number(byte[] b, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return Double.NaN;
        }
        byte last = b[to - 1];
        byte first = b[from];
        if (first == 't' || first == 'T' || first == 'f' || first == 'F') {
            return bool(b, from, len);
        }
        if (last == 'i' || last == 'u') {
            boolean negative = first == '-' && last == 'i';
            int p = negative ? from + 1 : from;
            int digits = to - 1 - p;
            if (digits < 1 || digits > 18) {
                return Double.NaN;
            }
            long x = 0;
            for (; p < to - 1; p++) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    return Double.NaN;
                }
                x = 10 * x + d;
            }
            return negative ? -x : x;
        }
        return wholeDecimal(b, from, to);
    }

    private static double bool(byte[] b, int from, int len) {
        String s = new String(b, from, len, StandardCharsets.ISO_8859_1);
        return switch (s) {
            case "t", "T", "true", "True", "TRUE" -> 1;
            case "f", "F", "false", "False", "FALSE" -> 0;
            default -> Double.NaN;
        };
    }

    /**
     * {@code [-+]?(digits[.digits] | .digits)([eE][-+]?digits)?}, the general parser's float
     * syntax, read exactly: a mantissa below 2^53 (exact as a double) scaled by at most 22 powers
     * of ten (exact too) is one correctly rounded division or product (Clinger's fast path), and
     * anything else is read by {@link Double#parseDouble}. Reads {@code b[from, to)} whole; NaN
     * when it is not that syntax or not finite.
     */
    static double decimal(byte[] b, int from, int to) {
        return new LineScanner<>(null).wholeDecimal(b, from, to);
    }

    private double wholeDecimal(byte[] b, int from, int to) {
        double v = decimalPrefix(b, from, to);
        return decimalEnd == to ? v : Double.NaN;
    }

    /** Where {@link #decimalPrefix} stopped; -1 when it found no decimal. */
    private int decimalEnd;

    /**
     * The longest decimal at {@code from} (at most up to {@code to}); where it ends is in
     * {@link #decimalEnd}. NaN when there is none or it is not finite.
     */
    private double decimalPrefix(byte[] b, int from, int to) {
        int p = from;
        boolean negative = false;
        if (p < to && (b[p] == '-' || b[p] == '+')) {
            negative = b[p] == '-';
            p++;
        }
        long m = 0;
        int digitsFrom = p;
        int d;
        while (p < to && (d = b[p] - '0') >= 0 && d <= 9) {
            m = 10 * m + d;
            p++;
        }
        int digits = p - digitsFrom;
        int fraction = 0;
        if (p < to && b[p] == '.') {
            p++;
            int fractionFrom = p;
            while (p < to && (d = b[p] - '0') >= 0 && d <= 9) {
                m = 10 * m + d;
                p++;
            }
            fraction = p - fractionFrom;
            digits += fraction;
        }
        if (digits == 0) {
            decimalEnd = -1;
            return Double.NaN;
        }
        int exp = 0;
        if (p < to && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            boolean expNegative = false;
            if (p < to && (b[p] == '-' || b[p] == '+')) {
                expNegative = b[p] == '-';
                p++;
            }
            int expFrom = p;
            while (p < to && (d = b[p] - '0') >= 0 && d <= 9) {
                exp = exp < 100_000 ? 10 * exp + d : exp;
                p++;
            }
            if (p == expFrom) {
                decimalEnd = -1;
                return Double.NaN;
            }
            exp = expNegative ? -exp : exp;
        }
        decimalEnd = p;
        int scale = exp - fraction;
        if (digits <= 18 && m < TWO_53 && scale >= -22 && scale <= 22) { // 18 digits: m did not overflow
            double v = scale < 0 ? m / POW10[-scale] : m * POW10[scale];
            return negative ? -v : v;
        }
        double v = Double.parseDouble(new String(b, from, p - from, StandardCharsets.ISO_8859_1));
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
