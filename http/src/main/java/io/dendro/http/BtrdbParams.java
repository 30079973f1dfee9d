package io.dendro.http;

import io.dendro.Time;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.List;
import java.util.Locale;

/**
 * The parameters of one {@code /btrdb/v1/streams/<uuid>/...} query, read as the CLI reads its
 * options of the same names, and strictly: a parameter the route does not take, or one given
 * twice, is a 400 naming it (a misspelt {@code point_width} would otherwise be silently left
 * out). Every refusal is a 400 that names the parameter.
 */
final class BtrdbParams {
    private final Params params;

    /**
     * @param names the parameters the route takes ({@code format} is always taken)
     * @throws HttpError 400 for any other, or for one given more than once
     */
    BtrdbParams(Params params, List<String> names) {
        this.params = params;
        for (String n : params.names()) {
            if (!n.equals("format") && !names.contains(n)) {
                throw HttpError.badRequest(n, "unknown parameter '" + Strings.shorten(n, 40) + "' (this query takes "
                        + (names.isEmpty() ? "none but format" : String.join(", ", names) + " and format") + ")");
            }
            if (params.all(n).size() > 1) {
                throw HttpError.badRequest(n, "parameter '" + n + "' is given more than once");
            }
        }
    }

    private String required(String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            throw HttpError.badRequest(name, "missing parameter '" + name + "'");
        }
        return v;
    }

    /**
     * A time: integer nanoseconds or an ISO-8601 instant ({@code Time.parse}, as the CLI's
     * {@code --start}), within {@code [MIN_TIME, MAX_TIME]} (the engine's rule for a query bound,
     * INVALID_TIME_RANGE otherwise).
     */
    long time(String name) {
        String s = required(name);
        long t;
        try {
            t = Time.parse(s);
        } catch (DendroException e) {
            throw HttpError.badRequest(name, "'" + name + "' is not a time: '" + Strings.shorten(s, 40)
                    + "' (integer nanoseconds or an ISO-8601 instant such as 2026-01-01T00:00:00Z)");
        }
        if (t < Time.MIN_TIME || t > Time.MAX_TIME) {
            throw HttpError.of(ErrorCode.INVALID_TIME_RANGE, name + " " + t + " is outside [" + Time.MIN_TIME + ", "
                    + Time.MAX_TIME + "]", name);
        }
        return t;
    }

    /** A time, or {@code dflt} when the parameter is absent. */
    long time(String name, long dflt) {
        return params.has(name) ? time(name) : dflt;
    }

    /**
     * The range {@code [start, end)}: both times, start not after end.
     *
     * @return {@code {start, end}}
     */
    long[] range(Long dfltStart, Long dfltEnd) {
        long start = dfltStart == null ? time("start") : time("start", dfltStart);
        long end = dfltEnd == null ? time("end") : time("end", dfltEnd);
        if (start > end) {
            throw HttpError.of(ErrorCode.INVALID_TIME_RANGE, "start " + start + " is after end " + end, "end");
        }
        return new long[] {start, end};
    }

    /** A whole number in {@code [min, max]}, or {@code dflt} (null: required). */
    long integer(String name, Long dflt, long min, long max) {
        String s = dflt == null ? required(name) : params.get(name);
        if (s == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(s.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw HttpError.badRequest(name, "'" + name + "' must be a whole number" + (min == 0 && max == Long.MAX_VALUE
                ? " >= 0" : " in " + min + ".." + max) + ", not '" + Strings.shorten(s, 40) + "'");
    }

    /** {@code version}: a stream version, 0 (the default) for the latest. */
    long version() {
        return integer("version", 0L, 0, Long.MAX_VALUE);
    }

    /**
     * A switch ({@code backward}, {@code iso}): absent or {@code false}, {@code 0}, {@code no}
     * is off; present with no value, {@code true}, {@code 1}, {@code yes} is on (any case).
     */
    boolean flag(String name) {
        String s = params.get(name);
        if (s == null) {
            return false;
        }
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "", "true", "1", "yes", "y", "t", "on" -> true;
            case "false", "0", "no", "n", "f", "off" -> false;
            default -> throw HttpError.badRequest(name, "'" + name + "' is true or false, not '"
                    + Strings.shorten(s, 40) + "'");
        };
    }

    /**
     * A width, as {@code dendro windows --width} takes it: integer nanoseconds, an ISO-8601
     * duration ({@code PT15M}) or a whole number with a unit {@code d}, {@code h}, {@code m},
     * {@code s}, {@code ms}, {@code us}, {@code ns} ({@code 15m}). Below 1 ns is INVALID_WIDTH.
     */
    long width(String name) {
        String s = required(name);
        Long n = nanos(s);
        if (n == null) {
            throw HttpError.badRequest(name, "'" + name + "' is not a width: '" + Strings.shorten(s, 40)
                    + "' (integer nanoseconds, an ISO-8601 duration such as PT15M, or a number with a unit: 15m,"
                    + " 12h, 7d, 500ms)");
        }
        if (n < 1) {
            throw HttpError.of(ErrorCode.INVALID_WIDTH, "width " + n + " is below 1", name);
        }
        return n;
    }

    /** Nanoseconds of a width, or null when it does not parse or overflows. */
    static Long nanos(String value) {
        return io.dendro.Time.durationNanos(value, true);
    }
}
