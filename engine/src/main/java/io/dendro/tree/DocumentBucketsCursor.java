package io.dendro.tree;

import io.dendro.Buckets;
import io.dendro.DocumentBucketCursor;
import io.dendro.value.GraphValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calendar buckets of a nominal or graph stream, from its points: a {@link ValuesCursor} over
 * {@code [start, end)} cut into buckets. The cost is that of reading the range's points (the
 * leaves); label frequencies and edge counts are not kept in summaries
 * (docs/design/value-kinds.md says what would). The count and the vertex statistics are exact;
 * the mean time is exact (128-bit sums).
 */
public final class DocumentBucketsCursor implements DocumentBucketCursor {
    private final ValuesCursor points;
    private final Buckets buckets;
    private final boolean fill;
    private final boolean graph;
    private final long start;
    private final long end;
    private final long version;
    /** The next point, read ahead of the bucket being made (valid while {@link #havePoint}). */
    private boolean havePoint;
    private long pTime;
    private double pValue;
    private byte[] pPayload;
    /** With {@code fill}: the start of the next bucket to report (Long.MIN_VALUE: past the end). */
    private long nextFill;

    private long outStart;
    private long outEnd;
    private long outFirst;
    private long outLast;
    private long outMeanTime;
    private final Summary vertices = new Summary();
    private final Summary edges = new Summary();
    private long count;
    private final TimeSum times = new TimeSum();
    private final Map<String, long[]> labels = new LinkedHashMap<>();
    private final Map<String, Integer> firstSeen = new HashMap<>();
    private Map<String, Long> sorted;

    public DocumentBucketsCursor(ValuesCursor points, long start, long end, Buckets buckets, boolean fill,
                                 boolean graph, long version) {
        this.points = points;
        this.buckets = buckets;
        this.fill = fill;
        this.graph = graph;
        this.start = start;
        this.end = end;
        this.version = version;
        this.nextFill = start < end ? buckets.startOf(start) : Long.MIN_VALUE;
        readAhead();
    }

    private void readAhead() {
        havePoint = points.next();
        if (havePoint) {
            pTime = points.time();
            pValue = points.value();
            pPayload = points.payload();
        }
    }

    @Override
    public boolean next() {
        long bucket;
        if (fill) {
            if (nextFill == Long.MIN_VALUE || nextFill >= end) {
                return false;
            }
            bucket = nextFill;
        } else {
            if (!havePoint) {
                return false;
            }
            bucket = buckets.startOf(pTime);
        }
        long bucketEnd = buckets.next(bucket);
        outStart = Math.max(bucket, start);
        outEnd = Math.min(bucketEnd, end);
        nextFill = bucketEnd > bucket ? bucketEnd : Long.MIN_VALUE;
        count = 0;
        vertices.clear();
        edges.clear();
        times.clear();
        labels.clear();
        firstSeen.clear();
        sorted = null;
        outFirst = Long.MIN_VALUE;
        outLast = Long.MIN_VALUE;
        while (havePoint && pTime < bucketEnd) {
            add();
            readAhead();
        }
        outMeanTime = count == 0 ? Long.MIN_VALUE : times.meanFrom(outStart, count);
        return true;
    }

    private void add() {
        if (count == 0) {
            outFirst = pTime;
        }
        outLast = pTime;
        count++;
        times.add(0, pTime - outStart);
        String doc = pPayload == null ? "null" : new String(pPayload, StandardCharsets.UTF_8);
        if (graph) {
            vertices.add(pValue);
            edges.add(GraphValue.of(doc).edges());
        } else {
            long[] c = labels.get(doc);
            if (c == null) {
                firstSeen.put(doc, labels.size());
                labels.put(doc, new long[] {1});
            } else {
                c[0]++;
            }
        }
    }

    @Override
    public Map<String, Long> frequencies() {
        if (sorted == null) {
            List<Map.Entry<String, long[]>> es = new ArrayList<>(labels.entrySet());
            es.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
                    : Integer.compare(firstSeen.get(a.getKey()), firstSeen.get(b.getKey())));
            sorted = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : es) {
                sorted.put(e.getKey(), e.getValue()[0]);
            }
        }
        return sorted;
    }

    @Override
    public String mostOften() {
        return frequencies().isEmpty() ? null : frequencies().keySet().iterator().next();
    }

    @Override
    public String leastOften() {
        String least = null;
        long fewest = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> e : labels.entrySet()) { // first-seen order: the first of equals wins
            if (e.getValue()[0] < fewest) {
                fewest = e.getValue()[0];
                least = e.getKey();
            }
        }
        return least;
    }

    @Override
    public double edgesMin() {
        return edges.minOrNaN();
    }

    @Override
    public double edgesMean() {
        return edges.meanOrNaN();
    }

    @Override
    public double edgesMax() {
        return edges.maxOrNaN();
    }

    @Override
    public long end() {
        return outEnd;
    }

    @Override
    public long nulls() {
        return 0;
    }

    @Override
    public long firstTime() {
        return outFirst;
    }

    @Override
    public long lastTime() {
        return outLast;
    }

    @Override
    public long meanTime() {
        return outMeanTime;
    }

    @Override
    public long time() {
        return outStart;
    }

    @Override
    public double min() {
        return vertices.minOrNaN();
    }

    @Override
    public double mean() {
        return vertices.meanOrNaN();
    }

    @Override
    public double max() {
        return vertices.maxOrNaN();
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public double stddev() {
        return vertices.count == 0 ? Double.NaN : vertices.stddev();
    }

    @Override
    public double sum() {
        return graph && vertices.count > 0 ? vertices.mean * vertices.count : graph ? 0 : Double.NaN;
    }

    @Override
    public double sumOfSquares() {
        return graph && vertices.count > 0 ? vertices.m2() + vertices.count * vertices.mean * vertices.mean
                : graph ? 0 : Double.NaN;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void close() {
        points.close();
    }
}
