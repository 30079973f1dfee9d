package io.dendro.http;

import io.dendro.Buckets;
import io.dendro.Granularity;
import io.dendro.StreamKind;
import io.dendro.Time;
import io.dendro.error.DendroException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The datapoint parameters of {@code GET /api/v1/stream/<id>/}, checked before anything is
 * read; each bad one is a 400 that names it.
 *
 * <h2>Times</h2>
 * {@code start}, {@code end}, {@code start_exclusive}, {@code end_exclusive} take Unix seconds as
 * django-datastream does ({@code 1767225600}; a decimal fraction is taken to the nanosecond) or
 * an ISO-8601 instant; {@code start_ns} and the others with {@code _ns} take integer nanoseconds.
 * {@code start} is inclusive, {@code end} inclusive (a point at exactly {@code end} is in, as in
 * Datastream), the {@code _exclusive} ones exclusive; at most one start and one end. No start is
 * the beginning of time, no end its end; times outside Dendro's range are moved to its edge.
 *
 * <h2>Granularity</h2>
 * None, or {@code seconds} ({@code s}, the {@code highest_granularity} every stream reports):
 * the raw points, and the downsamplers are ignored, as Datastream ignores them at a stream's
 * highest granularity. Any other of Datastream's names or keys ({@code 10seconds}/{@code S} ...
 * {@code days}/{@code d}), {@code weeks}, {@code months}, {@code years}, or a fixed width
 * ({@code 1s}, {@code 15min}): buckets in {@code time_zone} (default UTC), from the tree's
 * summaries. Buckets are whole, chosen by their start as Datastream's stored buckets are: the
 * first is the bucket holding the start (with {@code start_exclusive}, the one after the bucket
 * holding it), the last the bucket holding the end (with {@code end_exclusive}, the bucket holding
 * the instant before it).
 */
record DatapointQuery(Granularity granularity, String granularityName, ZoneId zone, long start, long end,
                      Long startParam, Long endParam, Long startExclusive, Long endExclusive, boolean reverse,
                      List<String> valueKeys, List<String> timeKeys, long version, int limit, int offset) {
    private static final Pattern SECONDS = Pattern.compile("-?[0-9]{1,19}(\\.[0-9]{1,9})?");
    private static final BigDecimal NANOS = BigDecimal.valueOf(1_000_000_000L);

    /** Whether buckets were asked for (else raw points). */
    boolean downsampled() {
        return granularity != null;
    }

    /**
     * Reads and checks the parameters for a stream of {@code kind}.
     *
     * @throws HttpError 400 naming the parameter
     */
    static DatapointQuery parse(Params p, StreamKind kind, int defaultLimit, int maxLimit) {
        String g = p.get("granularity");
        Granularity granularity = null;
        String gName = StreamObject.HIGHEST_GRANULARITY;
        if (g != null && !g.equals("seconds") && !g.equals("s")) {
            try {
                granularity = Granularity.parse(g);
            } catch (DendroException e) {
                throw HttpError.badRequest("granularity", "Invalid granularity: '" + Strings.shorten(g, 40)
                        + "' (" + e.getMessage().replaceFirst("^[^(]*\\(", "").replaceFirst("\\)$", "") + ")");
            }
            gName = granularity.name();
        }
        ZoneId zone = ZoneOffset.UTC;
        if (p.has("time_zone")) {
            try {
                zone = Granularity.zone(p.get("time_zone"));
            } catch (DendroException e) {
                throw HttpError.badRequest("time_zone", e.getMessage());
            }
        }
        Long start = time(p, "start");
        Long startExclusive = time(p, "start_exclusive");
        Long end = time(p, "end");
        Long endExclusive = time(p, "end_exclusive");
        if (start != null && startExclusive != null) {
            throw HttpError.badRequest("start_exclusive", "Only one time range start can be specified.");
        }
        if (end != null && endExclusive != null) {
            throw HttpError.badRequest("end_exclusive", "Only one time range end can be specified.");
        }
        String rev = p.get("reverse");
        boolean reverse = rev != null && List.of("yes", "true", "t", "1", "y").contains(rev.toLowerCase(Locale.ROOT));
        List<String> values = Downsamplers.keys(p.all("value_downsamplers"), Downsamplers.values(kind),
                "value_downsamplers", kind);
        List<String> times = Downsamplers.keys(p.all("time_downsamplers"), Downsamplers.TIME, "time_downsamplers",
                kind);
        long version = nonNegative(p, "version", 0, Long.MAX_VALUE);
        int limit = (int) Math.min(maxLimit, nonNegative(p, "limit", defaultLimit, Long.MAX_VALUE));
        int offset = (int) nonNegative(p, "offset", 0, Integer.MAX_VALUE);
        // the raw range [lo, hi)
        long lo = start != null ? start : startExclusive != null ? plusOne(startExclusive) : Time.MIN_TIME;
        long hi = end != null ? plusOne(end) : endExclusive != null ? endExclusive : Time.MAX_TIME;
        if (granularity != null) {
            Buckets b = granularity.buckets(zone);
            long blo = startExclusive != null ? b.next(startExclusive) : b.startOf(lo);
            long bhi = hi <= Time.MIN_TIME ? Time.MIN_TIME : b.next(hi - 1);
            lo = blo;
            hi = bhi;
        }
        lo = clamp(lo);
        hi = clamp(hi);
        if (hi < lo) {
            hi = lo; // an empty range, as Datastream answers it
        }
        return new DatapointQuery(granularity, gName, zone, lo, hi, start, end, startExclusive, endExclusive, reverse,
                values, times, version, limit, offset);
    }

    private static long plusOne(long t) {
        return t == Long.MAX_VALUE ? t : t + 1;
    }

    private static long clamp(long t) {
        return Math.max(Time.MIN_TIME, Math.min(Time.MAX_TIME, t));
    }

    /**
     * A time parameter: {@code name} (Unix seconds or ISO-8601) or {@code name_ns} (integer
     * nanoseconds or ISO-8601), not both; null when neither.
     */
    static Long time(Params p, String name) {
        String s = p.get(name);
        String ns = p.get(name + "_ns");
        if (s != null && ns != null) {
            throw HttpError.badRequest(name + "_ns", "give " + name + " or " + name + "_ns, not both");
        }
        if (ns != null) {
            try {
                return Time.parse(ns);
            } catch (DendroException e) {
                throw HttpError.badRequest(name + "_ns", "Invalid time " + name + "_ns: '" + Strings.shorten(ns, 40)
                        + "' (integer nanoseconds or an ISO-8601 instant)");
            }
        }
        if (s == null) {
            return null;
        }
        String t = s.trim();
        try {
            if (SECONDS.matcher(t).matches()) {
                BigDecimal n = new BigDecimal(t).multiply(NANOS);
                // far outside Dendro's range: its edge (where every time is moved anyway)
                return n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                        ? (n.signum() < 0 ? Time.MIN_TIME : Time.MAX_TIME) : n.longValueExact();
            }
            if (t.indexOf('T') > 0) {
                return Time.parse(t);
            }
        } catch (ArithmeticException | DendroException e) {
            // below
        }
        throw HttpError.badRequest(name, "Invalid time range " + name + " value: '" + Strings.shorten(s, 40)
                + "' (Unix seconds or an ISO-8601 instant; nanoseconds as " + name + "_ns)");
    }

    private static long nonNegative(Params p, String name, long dflt, long max) {
        String s = p.get(name);
        if (s == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(s.trim());
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw HttpError.badRequest(name, "Invalid " + name + " '" + Strings.shorten(s, 40)
                + "' provided. Please provide a positive integer >= 0.");
    }
}
