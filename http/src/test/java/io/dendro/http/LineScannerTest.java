package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The line protocol's fast path ({@link LineScanner}) against the general parser
 * ({@link LineProtocol#parse}) on random bodies, valid and not: the same points (series, time,
 * value to the bit) in the same order, or the same error.
 */
class LineScannerTest {
    /** What a body gives: every point as "line|measurement|tags|field|time|value bits", or the error. */
    private static List<String> general(String body) {
        List<String> out = new ArrayList<>();
        try {
            for (LineProtocol.Point p : LineProtocol.parse(body)) {
                add(out, p);
            }
        } catch (LineProtocol.ParseError e) {
            out.add("error: " + e.getMessage());
        }
        return out;
    }

    private static void add(List<String> out, LineProtocol.Point p) {
        for (int i = 0; i < p.fieldKeys().size(); i++) {
            LineProtocol.Value v = p.fields().get(i);
            out.add(p.line() + "|" + p.measurement() + "|" + p.tags() + "|" + p.fieldKeys().get(i) + "|" + p.time() + "|"
                    + (v.isString() ? "s:" + v.string() : Long.toHexString(Double.doubleToRawLongBits(v.number()))));
        }
    }

    private record Key(String measurement, Map<String, String> tags) {
    }

    private static List<String> fast(String body) {
        List<String> out = new ArrayList<>();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        try {
            LineScanner.scan(b, b.length, new LineScanner.Sink<Key, String>() {
                @Override
                public Key point(LineProtocol.Point p) {
                    add(out, p);
                    return new Key(p.measurement(), p.tags());
                }

                @Override
                public String field(Key key, String field) {
                    return key.measurement() + "|" + key.tags() + "|" + field;
                }

                @Override
                public void number(String series, int line, boolean timed, long time, double value) {
                    out.add(line + "|" + series + "|" + (timed ? Long.toString(time) : "null") + "|"
                            + Long.toHexString(Double.doubleToRawLongBits(value)));
                }
            });
        } catch (LineProtocol.ParseError e) {
            out.add("error: " + e.getMessage());
        }
        return out;
    }

    private static final String[] MEASUREMENTS = {"cpu", "ekg", "m\\ x", "a,b", "#c", "c#", "x\"y", "", " cpu", "cpu\t",
        "temp°", "ünits"};
    private static final String[] TAGS = {"", ",host=a", ",host=b", ",host=a,dc=x", ",dc=x,host=a", ",host=", ",host",
        ",h\\ k=v\\,w", ",host=a,host=b", ",=v", ",k=v=w", ",city=zürich", ",host=日本"};
    private static final String[] VALUES = {"1.5", "-3e2", "2i", "-0i", "7u", "-7u", "t", "FALSE", "True", "tru",
        "\"str\"", "\"a b,c\"", "0.000123", "1e22", "1e23", "1e-22", "1e-23", "123456789012345", "1234567890123456",
        "123456789012345678", "1234567890123456789", ".5", "5.", "+1", "--1", "", "abc", "NaN", "Infinity",
        "99999999999999999999i", "999999999999999999i", "1.7976931348623157e308", "1e309", "-0", "-0.0", "0x10", "1e",
        "1e+", "00.0100", "4.9e-324", "2.2250738585072014E-308", "1.0E-4", "+.5e-3"};
    private static final String[] TIMES = {"", " 1767225600000000000", " 1767225600001000000", " -5", " 0",
        " 9223372036854775807", " 9223372036854775808", " 12x", "  5", " 5 ", " -", " 123456789012345678"};

    private static String randomNumber(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(4) == 0) {
            b.append(r.nextBoolean() ? '-' : '+');
        }
        int digits = 1 + r.nextInt(r.nextBoolean() ? 8 : 20);
        int dot = r.nextInt(digits + 2) - 1;
        for (int i = 0; i < digits; i++) {
            if (i == dot) {
                b.append('.');
            }
            b.append((char) ('0' + r.nextInt(10)));
        }
        if (r.nextInt(3) == 0) {
            b.append(r.nextBoolean() ? 'e' : 'E').append(r.nextInt(3) == 0 ? "-" : r.nextInt(2) == 0 ? "+" : "")
                    .append(r.nextInt(40));
        }
        return b.toString();
    }

    private static String randomLine(SplittableRandom r) {
        if (r.nextInt(40) == 0) {
            return new String[] {"", "# comment", "   ", "\r"}[r.nextInt(4)];
        }
        StringBuilder b = new StringBuilder();
        b.append(r.nextInt(10) < 8 ? "cpu" : MEASUREMENTS[r.nextInt(MEASUREMENTS.length)]);
        b.append(r.nextInt(10) < 7 ? ",host=a" : TAGS[r.nextInt(TAGS.length)]);
        b.append(r.nextInt(30) == 0 ? "  " : " ");
        int fields = 1 + r.nextInt(r.nextInt(5) == 0 ? 4 : 1);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                b.append(',');
            }
            b.append(r.nextInt(20) == 0 ? new String[] {"", "f\\=x", "a b", "v"}[r.nextInt(4)] : "f" + r.nextInt(3))
                    .append('=');
            b.append(r.nextInt(3) == 0 ? VALUES[r.nextInt(VALUES.length)] : randomNumber(r));
        }
        b.append(r.nextInt(4) == 0 ? TIMES[r.nextInt(TIMES.length)] : " " + (1767225600000000000L + r.nextInt(1000)));
        if (r.nextInt(30) == 0) {
            b.append(r.nextBoolean() ? "\r" : " ");
        }
        return b.toString();
    }

    @Test
    void shouldReadRandomBodiesAsTheGeneralParserDoes() {
        long seed = System.nanoTime();
        System.out.println("LineScannerTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        int errors = 0;
        int bodies = 4000;
        for (int k = 0; k < bodies; k++) {
            int lines = 1 + r.nextInt(r.nextInt(4) == 0 ? 60 : 6);
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                body.append(randomLine(r));
                if (i + 1 < lines || r.nextBoolean()) {
                    body.append('\n');
                }
            }
            String s = body.toString();
            List<String> want = general(s);
            List<String> got = fast(s);
            // both write a point as line|measurement|tags|field|time|value bits; a body with an error is refused
            // whole, so then only the error counts (the general parser stops before handing over any point)
            String wantError = error(want);
            if (wantError != null) {
                errors++;
                assertEquals(wantError, error(got), "seed " + seed + ", body:\n" + s);
            } else {
                assertEquals(want, got, "seed " + seed + ", body:\n" + s);
            }
        }
        assertTrue(errors > bodies / 10 && errors < bodies * 9 / 10, "a mix of good and bad bodies: " + errors);
    }

    private static String error(List<String> xs) {
        return !xs.isEmpty() && xs.get(xs.size() - 1).startsWith("error") ? xs.get(xs.size() - 1) : null;
    }

    @Test
    void shouldReadDecimalsExactlyAsDoubleParseDouble() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            String v = i % 2 == 0 ? randomNumber(r) : Double.toString(Double.longBitsToDouble(r.nextLong()));
            byte[] b = v.getBytes(StandardCharsets.US_ASCII);
            double fast = LineScanner.decimal(b, 0, b.length);
            if (LineProtocol.decimal(v) && Double.isFinite(Double.parseDouble(v))) {
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(v)), Double.doubleToRawLongBits(fast),
                        "seed " + seed + ": " + v);
            } else {
                assertTrue(Double.isNaN(fast), "seed " + seed + ": " + v);
            }
        }
    }

    /** A collector's lines (nanosecond times of 19 digits, integers, several fields) take the fast path after the first. */
    @Test
    void shouldParseEachSeriesKeyOnce() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            body.append("cpu,host=h").append(i % 3).append(" f0=").append(i * 0.25).append(",f1=").append(i)
                    .append("i,ok=t ").append(1767225600000000000L + i).append('\n');
        }
        byte[] b = body.toString().getBytes(StandardCharsets.US_ASCII);
        int[] general = new int[1];
        int[] fast = new int[1];
        LineScanner.scan(b, b.length, new LineScanner.Sink<String, String>() {
            @Override
            public String point(LineProtocol.Point p) {
                general[0]++;
                return p.tags().toString();
            }

            @Override
            public String field(String key, String field) {
                return key + field;
            }

            @Override
            public void number(String series, int line, boolean timed, long time, double value) {
                assertEquals(1767225600000000000L + line - 1, time);
                fast[0]++;
            }
        });
        assertEquals(3, general[0]);
        assertEquals(997 * 3, fast[0]);
    }

    @Test
    void shouldReadUtf8LinesAndRefuseOthers() {
        byte[] good = "cpu,city=zürich v=1 5\ncpu,city=zürich v=2 6\n".getBytes(StandardCharsets.UTF_8);
        List<String> got = new ArrayList<>();
        LineScanner.scan(good, good.length, new LineScanner.Sink<String, String>() {
            @Override
            public String point(LineProtocol.Point p) {
                got.add(p.tags().get("city") + "=" + p.fields().get(0).number());
                return p.tags().get("city");
            }

            @Override
            public String field(String key, String field) {
                return key;
            }

            @Override
            public void number(String series, int line, boolean timed, long time, double value) {
                got.add(series + "=" + value);
            }
        });
        assertEquals(List.of("zürich=1.0", "zürich=2.0"), got);
        byte[] bad = "cpu v=1 5\ncpu,city=z\u00c3( v=2 6\n".getBytes(StandardCharsets.ISO_8859_1);
        LineScanner.NotUtf8 e = org.junit.jupiter.api.Assertions.assertThrows(LineScanner.NotUtf8.class,
                () -> LineScanner.scan(bad, bad.length, new LineScanner.Sink<String, String>() {
                    @Override
                    public String point(LineProtocol.Point p) {
                        return "k";
                    }

                    @Override
                    public String field(String key, String field) {
                        return key;
                    }

                    @Override
                    public void number(String series, int line, boolean timed, long time, double value) {
                    }
                }));
        assertEquals(2, e.line);
    }
}
