package io.dendro.grpc;

import io.dendro.PointCursor;
import io.dendro.StatCursor;
import io.dendro.grpc.v5api.AlignedWindowsResponse;
import io.dendro.grpc.v5api.StatPoint;
import io.dendro.grpc.v5api.WindowsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The streamed data queries as {@link Chunks.Source}s: each reads the next bounded slice of its
 * engine cursor when the transport asks for a message, and closes the cursor when done or
 * cancelled.
 */
final class Queries {
    private Queries() {
    }

    /** RawValues: at most {@code chunk} points per message; one empty message for no points. */
    static Chunks.Source<Precoded> rawValues(PointCursor cursor, int chunk) {
        long[] times = new long[chunk];
        double[] values = new double[chunk];
        return new Chunks.Source<>() {
            boolean sent;

            @Override
            public Precoded next() {
                int n = cursor.next(times, values);
                if (n == 0 && sent) {
                    return null;
                }
                sent = true;
                return Precoded.rawValues(cursor.version(), times, values, n);
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    static Chunks.Source<AlignedWindowsResponse> alignedWindows(StatCursor cursor, int chunk) {
        return stats(cursor, chunk, (version, points) -> AlignedWindowsResponse.newBuilder().setStat(Wire.OK)
                .setVersionMajor(version).addAllValues(points).build());
    }

    static Chunks.Source<WindowsResponse> windows(StatCursor cursor, int chunk) {
        return stats(cursor, chunk, (version, points) -> WindowsResponse.newBuilder().setStat(Wire.OK)
                .setVersionMajor(version).addAllValues(points).build());
    }

    /**
     * Windows with no point are left out, as BTrDB does (the engine's {@code windows} reports
     * them with count 0). A message is sent after at most {@code 16 * chunk} windows even when
     * all were empty, so that a query over a vast empty range still yields to cancellation and
     * the call's deadline between messages.
     */
    private static <M> Chunks.Source<M> stats(StatCursor cursor, int chunk,
                                              BiFunction<Long, List<StatPoint>, M> message) {
        return new Chunks.Source<>() {
            boolean sent;

            @Override
            public M next() {
                List<StatPoint> points = new ArrayList<>(Math.min(chunk, 1024));
                boolean more = true;
                for (long looked = 0; points.size() < chunk && looked < 16L * chunk; looked++) {
                    if (!(more = cursor.next())) {
                        break;
                    }
                    if (cursor.count() > 0) {
                        points.add(Wire.stat(cursor));
                    }
                }
                if (points.isEmpty() && sent && !more) {
                    return null;
                }
                sent = true;
                return message.apply(cursor.version(), points);
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    /** A finished list sent in slices (registry answers: collections, descriptors, ranges). */
    static <T, M> Chunks.Source<M> slices(List<T> all, int chunk, java.util.function.Function<List<T>, M> message) {
        return new Chunks.Source<>() {
            int at;
            boolean sent;

            @Override
            public M next() {
                if (at >= all.size() && sent) {
                    return null;
                }
                sent = true;
                int end = Math.min(all.size(), at + chunk);
                M m = message.apply(all.subList(at, end));
                at = end;
                return m;
            }

            @Override
            public void close() {
            }
        };
    }
}
