package io.dendro.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.dendro.Stream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builders of source points and a bit-for-bit comparison, for the operator tests. */
final class Points {
    static final long NS = 1_000_000_000L;
    /** 2000-01-01T12:00:00Z, where Datastream's tests start. */
    static final long T0 = 946_728_000L * NS;

    private Points() {
    }

    /** Numeric points at T0 + the given seconds; a null value is {@link Stream#NULL}. */
    static SourcePoints numeric(long[] seconds, Double... values) {
        assertEquals(seconds.length, values.length);
        SourcePoints p = new SourcePoints();
        for (int i = 0; i < values.length; i++) {
            p.add(T0 + seconds[i] * NS, values[i] == null ? Stream.NULL : values[i]);
        }
        return p;
    }

    /** Numeric points one a second from T0. */
    static SourcePoints perSecond(Double... values) {
        return numeric(seconds(0, values.length), values);
    }

    /** Seconds {@code first, first + 1, ...}, {@code n} of them. */
    static long[] seconds(long first, int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = first + i;
        }
        return s;
    }

    static long[] s(long... seconds) {
        return seconds;
    }

    static Double[] d(Double... values) {
        return values;
    }

    /** The whole output of {@code op} over its sources' points (the range is aligned as the engine aligns it). */
    static SourcePoints whole(Operator op, Map<String, String> args, List<SourcePoints> sources) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (SourcePoints p : sources) {
            if (p.size() > 0) {
                first = Math.min(first, p.time(0));
                last = Math.max(last, p.time(p.size() - 1));
            }
        }
        SourcePoints out = new SourcePoints();
        if (first <= last) {
            op.compute(sources, args, op.alignStart(args, first), op.alignEnd(args, last + 1), out);
        }
        return out;
    }

    /** Asserts {@code actual} holds exactly the points at T0 + {@code seconds} with {@code values} (null: Stream.NULL) and no labels. */
    static void assertPoints(SourcePoints actual, long[] seconds, Double... values) {
        SourcePoints expected = numeric(seconds, values);
        assertSame(expected, actual, "");
    }

    /** Asserts two runs of points are equal bit for bit: times, value bits and labels. */
    static void assertSame(SourcePoints expected, SourcePoints actual, String what) {
        if (!equal(expected, actual)) {
            fail(what + "\nexpected " + show(expected) + "\nactual   " + show(actual));
        }
    }

    static boolean equal(SourcePoints a, SourcePoints b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.time(i) != b.time(i)
                    || Double.doubleToRawLongBits(a.value(i)) != Double.doubleToRawLongBits(b.value(i))
                    || !Objects.equals(a.label(i), b.label(i))) {
                return false;
            }
        }
        return true;
    }

    static String show(SourcePoints p) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < p.size(); i++) {
            long t = p.time(i) - T0;
            b.append(i == 0 ? "" : ", ").append(t % NS == 0 ? t / NS + "s" : t + "ns").append('=')
                    .append(Stream.isNull(p.value(i)) ? "null" : Double.toString(p.value(i)));
            if (p.label(i) != null) {
                b.append(" '").append(p.label(i)).append('\'');
            }
        }
        return b.append(']').toString();
    }
}
