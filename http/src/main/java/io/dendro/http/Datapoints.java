package io.dendro.http;

import io.dendro.BucketCursor;
import io.dendro.DocumentBucketCursor;
import io.dendro.PointCursor;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.Time;
import io.dendro.value.Aggregate;
import io.dendro.value.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of a stream's datapoints, written as {@code [{"t": ..., "v": ...}, ...]}, and the
 * total the page is part of.
 *
 * <p>Raw points: the total is {@link Stream#count} (from the summaries); the page's first point
 * is found by a binary search over time with {@code count} (about 64 counts, each the tree's
 * height), so an offset costs the same at 10 as at 10 million; {@code reverse} reads the page
 * forward into memory (at most the page size) and writes it backwards. Buckets: the engine's
 * downsampling cursor, skipping {@code offset} buckets and counting the rest for the total;
 * {@code reverse} counts first, then reads the page's buckets. All reads of one answer are at one
 * version (the version the answer reports, once it is sealed).
 */
final class Datapoints {
    /** Check the request's deadline this often (rows). */
    private static final int CHECK_EVERY = 4096;

    private Datapoints() {
    }

    /** Writes the array; returns the total. */
    static long write(JsonOut j, Stream s, DatapointQuery q, long version, Request r) {
        j.beginArray();
        long total = q.downsampled() ? buckets(j, s, q, version, r) : raw(j, s, q, version, r);
        j.endArray();
        return total;
    }

    private static long raw(JsonOut j, Stream s, DatapointQuery q, long version, Request r) {
        long total = s.count(q.start(), q.end(), version).value();
        long limit = q.limit();
        long offset = q.offset();
        if (limit == 0 || offset >= total) {
            return total;
        }
        long first = q.reverse() ? Math.max(0, total - offset - limit) : offset;
        long n = q.reverse() ? total - offset - first : Math.min(limit, total - offset);
        long t0 = seek(s, q.start(), q.end(), first, version);
        long skip = first - (t0 == q.start() ? 0 : s.count(q.start(), t0, version).value());
        try (PointCursor c = s.values(t0, q.end(), version)) {
            for (long i = 0; i < skip && c.next(); i++) {
                // up to the page's first point among those sharing its time
            }
            if (!q.reverse()) {
                for (long i = 0; i < n && c.next(); i++) {
                    point(j, c);
                    if ((i & (CHECK_EVERY - 1)) == CHECK_EVERY - 1) {
                        r.checkDeadline();
                    }
                }
            } else {
                List<String> rows = new ArrayList<>((int) n);
                for (long i = 0; i < n && c.next(); i++) {
                    rows.add(render(o -> point(o, c)));
                }
                for (int i = rows.size() - 1; i >= 0; i--) {
                    j.raw(rows.get(i));
                }
            }
        }
        return total;
    }

    /**
     * The time of the {@code k}-th point (0-based) of {@code [start, end)}: the smallest t with
     * more than k points in {@code [start, t]}.
     */
    static long seek(Stream s, long start, long end, long k, long version) {
        if (k == 0) {
            return start;
        }
        long lo = start;
        long hi = end - 1; // the answer lies in [lo, hi]
        while (lo < hi) {
            long mid = lo + ((hi - lo) >>> 1);
            if (s.count(start, mid + 1, version).value() > k) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static void point(JsonOut j, PointCursor c) {
        j.beginObject().field("t", Time.format(c.time())).name("v");
        String doc = c.document();
        Aggregate a;
        if (doc != null) {
            j.raw(doc);
        } else if ((a = c.aggregate()) != null) {
            j.beginObject().name("c").number(a.count()).name("s").number(a.sum()).name("q").number(a.sumOfSquares())
                    .name("l").number(a.min()).name("u").number(a.max()).name("m").number(a.mean())
                    .name("d").number(a.stddev()).endObject();
        } else if (Stream.isNull(c.value())) {
            j.nul();
        } else {
            j.number(c.value());
        }
        j.endObject();
    }

    private static long buckets(JsonOut j, Stream s, DatapointQuery q, long version, Request r) {
        StreamKind kind = s.kind();
        List<String> values = q.valueKeys() != null ? q.valueKeys()
                : Downsamplers.defaultKeys(Downsamplers.values(kind));
        List<String> times = q.timeKeys() != null ? q.timeKeys() : Downsamplers.defaultKeys(Downsamplers.TIME);
        boolean timeMean = times.contains("m");
        long limit = q.limit();
        long offset = q.offset();
        if (!q.reverse()) {
            long i = 0;
            try (BucketCursor c = open(s, q, kind, timeMean, version)) {
                while (c.next()) {
                    if (i >= offset && i - offset < limit) {
                        bucket(j, c, kind, values, times);
                    }
                    if ((++i & (CHECK_EVERY - 1)) == 0) {
                        r.checkDeadline();
                    }
                }
            }
            return i;
        }
        long total = 0;
        try (BucketCursor c = open(s, q, kind, false, version)) {
            while (c.next()) {
                if ((++total & (CHECK_EVERY - 1)) == 0) {
                    r.checkDeadline();
                }
            }
        }
        long first = Math.max(0, total - offset - limit);
        long last = total - offset; // exclusive
        if (limit == 0 || last <= 0) {
            return total;
        }
        List<String> rows = new ArrayList<>();
        long i = 0;
        try (BucketCursor c = open(s, q, kind, timeMean, version)) {
            while (i < last && c.next()) {
                if (i >= first) {
                    rows.add(render(o -> bucket(o, c, kind, values, times)));
                }
                if ((++i & (CHECK_EVERY - 1)) == 0) {
                    r.checkDeadline();
                }
            }
        }
        for (int k = rows.size() - 1; k >= 0; k--) {
            j.raw(rows.get(k));
        }
        return total;
    }

    private static BucketCursor open(Stream s, DatapointQuery q, StreamKind kind, boolean timeMean, long version) {
        var b = q.granularity().buckets(q.zone());
        return kind == StreamKind.NUMERIC ? s.downsample(q.start(), q.end(), b, false, timeMean, version)
                : s.downsampleDocuments(q.start(), q.end(), b, false, timeMean, version);
    }

    /** A bucket as Datastream's downsampled datapoint: {@code {"t": {"a", "z", "m"}, "v": {...}}}. */
    private static void bucket(JsonOut j, BucketCursor c, StreamKind kind, List<String> values, List<String> times) {
        j.beginObject().name("t").beginObject();
        for (String k : times) {
            long t = switch (k) {
                case "a" -> c.firstTime();
                case "z" -> c.lastTime();
                default -> c.meanTime();
            };
            j.field(k, t == Long.MIN_VALUE ? null : Time.format(t));
        }
        j.endObject().name("v").beginObject();
        for (String k : values) {
            j.name(k);
            value(j, k, c, kind);
        }
        j.endObject().endObject();
    }

    private static void value(JsonOut j, String key, BucketCursor c, StreamKind kind) {
        switch (key) {
            case "c" -> j.number(c.count());
            case "n" -> j.number(c.nulls());
            case "s" -> j.number(c.sum());
            case "q" -> j.number(c.sumOfSquares());
            case "l", "vl" -> j.number(c.count() == 0 ? Double.NaN : c.min());
            case "u", "vu" -> j.number(c.count() == 0 ? Double.NaN : c.max());
            case "m", "vm" -> j.number(c.count() == 0 ? Double.NaN : c.mean());
            case "d" -> j.number(c.count() == 0 ? Double.NaN : c.stddev());
            case "el" -> j.number(((DocumentBucketCursor) c).edgesMin());
            case "em" -> j.number(((DocumentBucketCursor) c).edgesMean());
            case "eu" -> j.number(((DocumentBucketCursor) c).edgesMax());
            case "o" -> label(j, ((DocumentBucketCursor) c).mostOften());
            case "r" -> label(j, ((DocumentBucketCursor) c).leastOften());
            case "f" -> {
                j.beginObject();
                for (Map.Entry<String, Long> e : ((DocumentBucketCursor) c).frequencies().entrySet()) {
                    Object label = Json.parse(e.getKey());
                    j.name(label instanceof String str ? str : e.getKey()).number(e.getValue());
                }
                j.endObject();
            }
            default -> throw new IllegalStateException(key + " for " + kind);
        }
    }

    private static void label(JsonOut j, String compact) {
        if (compact == null) {
            j.nul();
        } else {
            j.raw(compact);
        }
    }

    /** One row as JSON text (rows of a reversed page wait in memory). */
    private static String render(java.util.function.Consumer<JsonOut> row) {
        return JsonOut.render(row, 96);
    }
}
