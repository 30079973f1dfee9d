package io.dendro.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.dendro.PointCursor;
import io.dendro.StatCursor;
import io.dendro.arrow.ArrowColumn;
import io.dendro.arrow.ArrowField;
import io.dendro.arrow.ArrowFormatException;
import io.dendro.arrow.ArrowSchema;
import io.dendro.arrow.ArrowStreamReader;
import io.dendro.arrow.ArrowStreamWriter;
import io.dendro.arrow.ArrowType;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The Arrow RPCs' payloads: every response message is a complete Arrow IPC stream (schema, one
 * record batch of at most {@code chunk} rows, end of stream), because the Python client opens
 * each message on its own; a request's template (an empty IPC stream) chooses the answer's
 * column names and types, within what {@link ArrowStreamWriter} can convert to.
 */
final class ArrowRpcs {
    private ArrowRpcs() {
    }

    /** BTrDB's raw-values schema: {@code time timestamp[ns, UTC], value float64}, neither null. */
    static final ArrowSchema RAW = ArrowSchema.of(
            new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
            new ArrowField("value", ArrowType.FLOAT64, false));

    /** BTrDB's windows schema: time, min, mean, max, count (uint64), stddev. */
    static final ArrowSchema WINDOWS = ArrowSchema.of(
            new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
            new ArrowField("min", ArrowType.FLOAT64, false),
            new ArrowField("mean", ArrowType.FLOAT64, false),
            new ArrowField("max", ArrowType.FLOAT64, false),
            new ArrowField("count", ArrowType.UINT64, false),
            new ArrowField("stddev", ArrowType.FLOAT64, false));

    record Points(long[] times, double[] values, int count) {
    }

    static ArrowSchema template(ByteString bytes, int fields, String what) {
        ArrowSchema s;
        try {
            s = ArrowStreamReader.of(bytes.toByteArray()).schema();
        } catch (ArrowFormatException e) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "the template schema is not an Arrow IPC stream: "
                    + e.getMessage());
        }
        if (s.size() != fields) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "the template schema for " + what + " needs "
                    + fields + " fields, it has " + s.size());
        }
        if (!(s.field(0).type() instanceof ArrowType.Timestamp) && !(s.field(0).type() instanceof ArrowType.Int)) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "the template's first field (time) must be a timestamp"
                    + " or an integer, not " + s.field(0).type());
        }
        for (int i = 1; i < s.size(); i++) {
            if (!(s.field(i).type() instanceof ArrowType.FloatingPoint)) {
                throw new BtrdbException(BtrdbCode.WRONG_ARGS, "the template's field '" + s.field(i).name()
                        + "' must be a floating-point type, not " + s.field(i).type());
            }
        }
        return s;
    }

    static ArrowSchema rawSchema(ByteString template) {
        return template.isEmpty() ? RAW : template(template, 2, "raw values");
    }

    static ArrowSchema multiSchema(ByteString template, List<UUID> ids) {
        if (!template.isEmpty()) {
            // an outer join has nulls: the value columns are nullable whatever the template says
            ArrowSchema t = template(template, ids.size() + 1, ids.size() + " streams");
            ArrowField[] f = new ArrowField[t.size()];
            f[0] = t.field(0);
            for (int i = 1; i < f.length; i++) {
                f[i] = new ArrowField(t.field(i).name(), t.field(i).type(), true);
            }
            return ArrowSchema.of(f);
        }
        ArrowField[] f = new ArrowField[ids.size() + 1];
        f[0] = new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false);
        for (int i = 0; i < ids.size(); i++) {
            f[i + 1] = new ArrowField(ids.get(i).toString(), ArrowType.FLOAT64, true);
        }
        return ArrowSchema.of(f);
    }

    static ByteString wrap(byte[] b) {
        return UnsafeByteOperations.unsafeWrap(b);
    }

    static byte[] batch(ArrowSchema schema, int rows, ArrowColumn... columns) {
        try {
            return ArrowStreamWriter.toBytes(schema, rows, columns);
        } catch (ArrowFormatException e) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "cannot answer in the template's types: " + e.getMessage());
        }
    }

    /** Bytes of column data one row of {@code schema} takes (validity bitmaps left out; a string counts 16). */
    static int rowBytes(ArrowSchema schema) {
        int n = 0;
        for (var f : schema.fields()) {
            n += switch (f.type()) {
                case ArrowType.Timestamp t -> Long.BYTES;
                case ArrowType.Int i -> i.bitWidth() / 8;
                case ArrowType.FloatingPoint p -> p.precision().byteWidth();
                case ArrowType.Utf8 u -> 16;
                case ArrowType.Bool b -> 1;
            };
        }
        return n;
    }

    static Chunks.Source<io.dendro.grpc.v5api.ArrowRawValuesResponse> rawValues(PointCursor cursor, ArrowSchema schema,
                                                                                int chunk) {
        long[] times = new long[chunk];
        double[] values = new double[chunk];
        return new Chunks.Source<>() {
            boolean sent;

            @Override
            public io.dendro.grpc.v5api.ArrowRawValuesResponse next() {
                int n = cursor.next(times, values);
                if (n == 0 && sent) {
                    return null;
                }
                sent = true;
                byte[] b = n == 0 ? ArrowStreamWriter.emptyStream(schema)
                        : batch(schema, n, ArrowColumn.longs(times), ArrowColumn.doubles(values));
                return io.dendro.grpc.v5api.ArrowRawValuesResponse.newBuilder().setStat(Wire.OK)
                        .setVersionMajor(cursor.version()).setArrowBytes(wrap(b)).build();
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    /** Windows (aligned or not) as Arrow; windows with no point are left out, as in Windows. */
    static <M> Chunks.Source<M> windows(StatCursor cursor, int chunk, BiFunction<Long, ByteString, M> message) {
        long[] time = new long[chunk];
        double[] min = new double[chunk];
        double[] mean = new double[chunk];
        double[] max = new double[chunk];
        long[] count = new long[chunk];
        double[] stddev = new double[chunk];
        return new Chunks.Source<>() {
            boolean sent;

            @Override
            public M next() {
                int n = 0;
                boolean more = true;
                for (long looked = 0; n < chunk && looked < 16L * chunk; looked++) {
                    if (!(more = cursor.next())) {
                        break;
                    }
                    if (cursor.count() > 0) {
                        time[n] = cursor.time();
                        min[n] = cursor.min();
                        mean[n] = cursor.mean();
                        max[n] = cursor.max();
                        count[n] = cursor.count();
                        stddev[n] = cursor.stddev();
                        n++;
                    }
                }
                if (n == 0 && sent && !more) {
                    return null;
                }
                sent = true; // an empty slice still goes out while more may come: it yields to cancellation
                byte[] b = n == 0 ? ArrowStreamWriter.emptyStream(WINDOWS) : batch(WINDOWS, n, ArrowColumn.longs(time),
                        ArrowColumn.doubles(min), ArrowColumn.doubles(mean), ArrowColumn.doubles(max),
                        ArrowColumn.longs(count), ArrowColumn.doubles(stddev));
                return message.apply(cursor.version(), wrap(b));
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    /**
     * An ArrowInsert payload: the columns named {@code time} and {@code value} (else the first
     * two), every record batch of the stream, at most {@code maxPoints} rows in all, no nulls.
     */
    static Points readInsert(ByteString bytes, int maxPoints) {
        try {
            ArrowStreamReader r = ArrowStreamReader.of(bytes.toByteArray());
            ArrowSchema s = r.schema();
            int tc = s.indexOf("time");
            int vc = s.indexOf("value");
            if (tc < 0 || vc < 0) {
                if (s.size() != 2) {
                    throw new BtrdbException(BtrdbCode.WRONG_ARGS, "an ArrowInsert table needs columns 'time' and"
                            + " 'value' (or exactly two columns), not " + s);
                }
                tc = 0;
                vc = 1;
            }
            if (!(s.field(tc).type() instanceof ArrowType.Timestamp) && !(s.field(tc).type() instanceof ArrowType.Int)) {
                throw new BtrdbException(BtrdbCode.WRONG_ARGS, "the time column must be a timestamp or an integer"
                        + " (nanoseconds), not " + s.field(tc).type());
            }
            long[] times = new long[0];
            double[] values = new double[0];
            int n = 0;
            while (r.nextBatch()) {
                int rows = r.rows();
                if ((long) n + rows > maxPoints) {
                    throw new BtrdbException(BtrdbCode.INSERT_TOO_BIG, "an insert holds at most " + maxPoints
                            + " points, this one more");
                }
                if (r.nullCount(tc) > 0 || r.nullCount(vc) > 0) {
                    throw new BtrdbException(BtrdbCode.BAD_VALUE, "an inserted point needs a time and a value;"
                            + " the table has nulls");
                }
                if (n + rows > times.length) {
                    int cap = Math.max(n + rows, Math.min(maxPoints, times.length * 2));
                    times = java.util.Arrays.copyOf(times, cap);
                    values = java.util.Arrays.copyOf(values, cap);
                }
                System.arraycopy(r.longs(tc), 0, times, n, rows);
                System.arraycopy(r.doubles(vc), 0, values, n, rows);
                n += rows;
            }
            return new Points(times, values, n);
        } catch (ArrowFormatException e) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "the insert is not a readable Arrow IPC stream: "
                    + e.getMessage());
        }
    }
}
