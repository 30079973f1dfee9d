package io.dendro.grpc;

import com.google.protobuf.ByteString;
import io.dendro.PointCursor;
import io.dendro.Stream;
import io.dendro.arrow.ArrowColumn;
import io.dendro.arrow.ArrowSchema;
import io.dendro.arrow.ArrowStreamWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * ArrowMultiValues: several streams' raw values outer-joined on time, one row per time at
 * which any stream has a point, null where a stream has none. With a snap period {@code p > 0}
 * each time is first rounded to the nearest multiple of {@code p} (halves up), and where several
 * points of one stream land on one grid time the one nearest to it is kept (the first of equally
 * near ones). Without a snap period, points that share a time in one stream (merge policy
 * NEVER keeps duplicates) give one row with the first of them. A k-way merge over the streams'
 * cursors, reading each a block at a time: memory is {@code k} blocks plus one output chunk.
 */
final class MultiValues {
    private static final int BLOCK = 4_096;
    /** Snapping periods above this could overflow the rounding of the largest times. */
    static final long MAX_SNAP = 1L << 62;

    private MultiValues() {
    }

    static <M> Chunks.Source<M> open(List<Stream> streams, long[] versions, long start, long end, long snap,
                                     ArrowSchema schema, int chunk, Function<ByteString, M> message) {
        if (snap < 0 || snap > MAX_SNAP) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "snapPeriodNs " + snap + " is outside 0.." + MAX_SNAP);
        }
        List<PointCursor> cursors = new ArrayList<>(streams.size());
        try {
            for (int i = 0; i < streams.size(); i++) {
                cursors.add(streams.get(i).values(start, end, versions[i]));
            }
        } catch (RuntimeException e) {
            cursors.forEach(PointCursor::close);
            throw e;
        }
        return new Join<>(cursors, snap, schema, chunk, message);
    }

    private static final class Join<M> implements Chunks.Source<M> {
        private final List<PointCursor> cursors;
        private final long snap;
        private final ArrowSchema schema;
        private final int chunk;
        private final Function<ByteString, M> message;
        private final int k;
        private final long[][] blockTimes;
        private final double[][] blockValues;
        private final int[] at;
        private final int[] len;
        private final long[] outTimes;
        private final double[][] outValues;
        private final boolean[][] outValid;
        private boolean sent;

        Join(List<PointCursor> cursors, long snap, ArrowSchema schema, int chunk, Function<ByteString, M> message) {
            this.cursors = cursors;
            this.snap = snap;
            this.schema = schema;
            this.chunk = chunk;
            this.message = message;
            this.k = cursors.size();
            this.blockTimes = new long[k][BLOCK];
            this.blockValues = new double[k][BLOCK];
            this.at = new int[k];
            this.len = new int[k];
            this.outTimes = new long[chunk];
            this.outValues = new double[k][chunk];
            this.outValid = new boolean[k][chunk];
        }

        private long key(long t) {
            return snap == 0 ? t : Math.floorDiv(t + snap / 2, snap) * snap;
        }

        /** Whether stream {@code i} has a point left (refilling its block when used up). */
        private boolean has(int i) {
            if (at[i] < len[i]) {
                return true;
            }
            if (len[i] < 0) {
                return false;
            }
            len[i] = cursors.get(i).next(blockTimes[i], blockValues[i]);
            at[i] = 0;
            if (len[i] == 0) {
                len[i] = -1;
                return false;
            }
            return true;
        }

        @Override
        public M next() {
            int rows = 0;
            while (rows < chunk) {
                long slot = Long.MAX_VALUE;
                boolean any = false;
                for (int i = 0; i < k; i++) {
                    if (has(i)) {
                        long key = key(blockTimes[i][at[i]]);
                        if (!any || key < slot) {
                            slot = key;
                            any = true;
                        }
                    }
                }
                if (!any) {
                    break;
                }
                outTimes[rows] = slot;
                for (int i = 0; i < k; i++) {
                    boolean found = false;
                    long bestDistance = Long.MAX_VALUE;
                    while (has(i) && key(blockTimes[i][at[i]]) == slot) {
                        long distance = Math.abs(blockTimes[i][at[i]] - slot);
                        if (!found || distance < bestDistance) {
                            outValues[i][rows] = blockValues[i][at[i]];
                            bestDistance = distance;
                            found = true;
                        }
                        at[i]++;
                    }
                    outValid[i][rows] = found;
                    if (!found) {
                        outValues[i][rows] = Double.NaN;
                    }
                }
                rows++;
            }
            if (rows == 0) {
                if (sent) {
                    return null;
                }
                sent = true;
                return message.apply(ArrowRpcs.wrap(ArrowStreamWriter.emptyStream(schema)));
            }
            sent = true;
            ArrowColumn[] columns = new ArrowColumn[k + 1];
            columns[0] = ArrowColumn.longs(outTimes);
            for (int i = 0; i < k; i++) {
                columns[i + 1] = ArrowColumn.doubles(outValues[i], outValid[i]);
            }
            return message.apply(ArrowRpcs.wrap(ArrowRpcs.batch(schema, rows, columns)));
        }

        @Override
        public void close() {
            cursors.forEach(PointCursor::close);
        }
    }
}
