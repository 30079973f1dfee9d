package io.dendro.http;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A JSON writer by hand, straight onto the response: structure, strings escaped as JSON needs
 * and numbers in Java's shortest round-trip form ({@code Double.toString}, as the CLI prints
 * them), with no object per value, so a page of 10,000 datapoints costs a buffer, not a tree
 * (ADR 0020). Commas go in by themselves. A double that is not finite is written as
 * {@code null} (an empty bucket's statistics); JSON has no NaN.
 *
 * <p>I/O failures (the client went away) come out as {@link UncheckedIOException}.
 */
final class JsonOut implements AutoCloseable {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final Writer w;
    /** Per nesting level: whether the next value is the first in its container. */
    private final boolean[] first = new boolean[128];
    private int depth;
    private boolean afterName;

    JsonOut(OutputStream out) {
        this.w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 15);
        first[0] = true;
    }

    private void beforeValue() throws IOException {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!first[depth]) {
            w.write(',');
        }
        first[depth] = false;
    }

    JsonOut beginObject() {
        try {
            beforeValue();
            w.write('{');
            first[++depth] = true;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonOut endObject() {
        try {
            depth--;
            w.write('}');
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonOut beginArray() {
        try {
            beforeValue();
            w.write('[');
            first[++depth] = true;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonOut endArray() {
        try {
            depth--;
            w.write(']');
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonOut name(String name) {
        try {
            if (!first[depth]) {
                w.write(',');
            }
            first[depth] = false;
            quoted(name);
            w.write(':');
            afterName = true;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonOut string(String s) {
        try {
            beforeValue();
            if (s == null) {
                w.write("null");
            } else {
                quoted(s);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonOut number(long v) {
        return raw(Long.toString(v));
    }

    JsonOut number(double v) {
        return raw(Double.isFinite(v) ? Double.toString(v) : "null");
    }

    JsonOut bool(boolean b) {
        return raw(b ? "true" : "false");
    }

    JsonOut nul() {
        return raw("null");
    }

    /** A value that is already JSON text (a stored document, a number's text). */
    JsonOut raw(String json) {
        try {
            beforeValue();
            w.write(json);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonOut field(String name, String value) {
        return name(name).string(value);
    }

    JsonOut field(String name, long value) {
        return name(name).number(value);
    }

    private void quoted(String s) throws IOException {
        w.write('"');
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
                continue;
            }
            w.write(s, start, i - start);
            start = i + 1;
            switch (c) {
                case '"' -> w.write("\\\"");
                case '\\' -> w.write("\\\\");
                case '\n' -> w.write("\\n");
                case '\r' -> w.write("\\r");
                case '\t' -> w.write("\\t");
                default -> {
                    w.write("\\u");
                    w.write(HEX[(c >> 12) & 15]);
                    w.write(HEX[(c >> 8) & 15]);
                    w.write(HEX[(c >> 4) & 15]);
                    w.write(HEX[c & 15]);
                }
            }
        }
        w.write(s, start, n - start);
        w.write('"');
    }

    /** A value rendered to text on its own (a row that waits in memory, an object that may fail half-way). */
    static String render(java.util.function.Consumer<JsonOut> value, int sizeHint) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(sizeHint);
        try (JsonOut o = new JsonOut(buf)) {
            value.accept(o);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Pushes what is buffered to the client (a chunk). */
    void flush() {
        try {
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes; the exchange closes the stream. */
    @Override
    public void close() {
        flush();
    }
}
