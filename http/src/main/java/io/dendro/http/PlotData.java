package io.dendro.http;

import io.dendro.DocumentBucketCursor;
import io.dendro.Granularity;
import io.dendro.PointCursor;
import io.dendro.StatCursor;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.Time;
import java.util.Optional;

/**
 * What a plot of {@code pixels} columns shows of a stream over {@code [start, end)}, start
 * inclusive, end exclusive: one window per pixel or so, or the raw points once there are few
 * enough. Shared by the web plot's data route ({@link PlotResource}) and {@code dendro plot},
 * so that both draw the same picture (ADR 0022).
 *
 * <ul>
 * <li>Numeric and graph streams: {@code alignedWindows} at the pointwidth {@link #pointwidth}
 *     picks (min, mean, max and count per window, from the tree's summaries: the cost follows the
 *     number of windows, not of points); graph streams plot their number of vertices.</li>
 * <li>Nominal streams: buckets of the same width ({@code downsampleDocuments}), each with its
 *     most frequent label, for a strip of colours.</li>
 * <li>Either kind: the raw points when the range holds at most {@link #rawLimit} of them
 *     (counted from the summaries first, at the cost of the tree's height).</li>
 * </ul>
 */
public final class PlotData {
    /** The most columns a plot may ask for: wider than any screen, and bounds an answer's rows. */
    public static final int MAX_PIXELS = 10_000;

    private PlotData() {
    }

    /** Receives what {@link #read} finds, in ascending time. */
    public interface Sink {
        /** A window of a numeric (or graph) stream {@code [time, time + 2^pointwidth)}. */
        default void window(long time, double min, double mean, double max, long count) {
        }

        /** A raw point of a numeric (or graph) stream ({@link Stream#NULL} for a null point). */
        default void point(long time, double value) {
        }

        /**
         * A window of a nominal stream and its most frequent label (compact JSON, as stored),
         * or, raw, one point ({@code count} 1) and its label.
         */
        default void label(long time, String label, long count) {
        }
    }

    /**
     * How a plot was read: the version, the pointwidth of its windows (-1 for raw points), the
     * range actually covered and whether the points were raw.
     */
    public record Shape(long version, int pointwidth, long start, long end) {
        /** Whether the rows are raw points. */
        public boolean raw() {
            return pointwidth < 0;
        }
    }

    /**
     * The pointwidth p whose windows cut {@code span} ns into about {@code pixels}: the power of
     * two nearest (in ratio) to {@code span / pixels}, so the number of windows lies within a
     * factor of about 1.41 of {@code pixels} (fewer where the stream has no points).
     */
    public static int pointwidth(long span, int pixels) {
        double perPixel = Math.max(1.0, (double) span / Math.max(1, pixels));
        int p = (int) Math.round(Math.log(perPixel) / Math.log(2));
        return Math.clamp(p, 0, 62);
    }

    /** The raw points a plot of {@code pixels} columns shows rather than windows: two per column. */
    public static long rawLimit(int pixels) {
        return 2L * pixels;
    }

    /**
     * The whole range of a stream's points at {@code version}, {@code [first, last + 1)}, or
     * empty when it has none.
     */
    public static Optional<long[]> extent(Stream s, long version) {
        var first = s.earliest(version);
        if (first.value().isEmpty()) {
            return Optional.empty();
        }
        var last = s.latest(first.version() <= s.version() ? first.version() : 0).value();
        long lo = first.value().get().time();
        long hi = last.map(p -> p.time()).orElse(lo);
        return Optional.of(new long[] {lo, Math.min(Time.MAX_TIME, hi + 1)});
    }

    /**
     * Reads {@code [start, end)} of {@code s} at {@code version} (0: the latest) for a plot of
     * {@code pixels} columns into {@code sink}, calling {@code tick} every 4,096 rows (a deadline
     * check). Windows are whole: the first is the one holding {@code start}, the last the one
     * holding {@code end - 1}, so the edges of a view are drawn as the windows there are (the
     * {@link Shape} gives the range the windows cover).
     *
     * @throws io.dendro.error.DendroException NO_SUCH_VERSION for an unknown version,
     *                                         INVALID_TIME_RANGE for a bad range
     */
    public static Shape read(Stream s, long start, long end, int pixels, long version, Sink sink, Runnable tick) {
        var counted = s.count(start, end, version);
        long at = counted.version() <= s.version() ? counted.version() : version;
        boolean raw = counted.value() <= rawLimit(pixels);
        int p = pointwidth(end - start, pixels);
        if (raw || p == 0) {
            return readRaw(s, start, end, at, pixels, sink, tick, counted.version());
        }
        // whole windows: the first holds start, the last holds end - 1 (and may reach past end)
        long width = 1L << p;
        long lo = Math.floorDiv(start, width) * width;
        long hi = Math.min(Time.MAX_TIME, Math.floorDiv(end - 1, width) * width + width);
        if (s.kind() == StreamKind.NOMINAL) {
            Granularity g = Granularity.parse(width + "ns");
            try (DocumentBucketCursor c = s.downsampleDocuments(lo, hi, g.buckets(java.time.ZoneOffset.UTC),
                    false, false, at)) {
                long n = 0;
                while (c.next()) {
                    if (c.count() > 0) {
                        sink.label(c.time(), c.mostOften(), c.count());
                    }
                    if ((++n & 4095) == 0) {
                        tick.run();
                    }
                }
                return new Shape(c.version(), p, lo, hi);
            }
        }
        try (StatCursor c = s.alignedWindows(lo, hi, p, at)) {
            long n = 0;
            while (c.next()) {
                sink.window(c.time(), c.min(), c.mean(), c.max(), c.count());
                if ((++n & 4095) == 0) {
                    tick.run();
                }
            }
            return new Shape(c.version(), p, lo, hi);
        }
    }

    private static Shape readRaw(Stream s, long start, long end, long at, int pixels, Sink sink, Runnable tick,
                                 long counted) {
        long limit = rawLimit(pixels);
        boolean nominal = s.kind() == StreamKind.NOMINAL;
        try (PointCursor c = s.values(start, end, at)) {
            long n = 0;
            // the count and the read are at one version, so the limit only guards a racing insert
            while (n < limit && c.next()) {
                if (nominal) {
                    sink.label(c.time(), c.document(), 1);
                } else {
                    sink.point(c.time(), c.value());
                }
                if ((++n & 4095) == 0) {
                    tick.run();
                }
            }
            return new Shape(c.version() == 0 ? counted : c.version(), -1, start, end);
        }
    }
}
