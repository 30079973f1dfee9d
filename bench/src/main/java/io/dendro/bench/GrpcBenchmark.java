package io.dendro.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.PointCursor;
import io.dendro.StatCursor;
import io.dendro.Stream;
import io.dendro.arrow.ArrowColumn;
import io.dendro.arrow.ArrowField;
import io.dendro.arrow.ArrowSchema;
import io.dendro.arrow.ArrowStreamReader;
import io.dendro.arrow.ArrowStreamWriter;
import io.dendro.arrow.ArrowType;
import io.dendro.grpc.BtrdbServer;
import io.dendro.grpc.GrpcServerOptions;
import io.dendro.grpc.v5api.AlignedWindowsParams;
import io.dendro.grpc.v5api.AlignedWindowsResponse;
import io.dendro.grpc.v5api.ArrowInsertParams;
import io.dendro.grpc.v5api.ArrowRawValuesParams;
import io.dendro.grpc.v5api.ArrowRawValuesResponse;
import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.InfoParams;
import io.dendro.grpc.v5api.InfoResponse;
import io.dendro.grpc.v5api.InsertParams;
import io.dendro.grpc.v5api.InsertResponse;
import io.dendro.grpc.v5api.RawPoint;
import io.dendro.grpc.v5api.RawValuesParams;
import io.dendro.grpc.v5api.RawValuesResponse;
import io.dendro.grpc.v5api.StatPoint;
import io.grpc.CallOptions;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dendro's BTrDB v5 face ({@link BtrdbServer}) over loopback against the embedded API, the same
 * work in the same run: a values scan, inserts and small aligned-windows queries. The server
 * runs in the benchmark's JVM, on {@code 127.0.0.1}, with a grpc-java (netty-shaded) client;
 * on this 2-core machine the client's thread, both sides' event loops and the server's call
 * thread share the two cores, as they would on any loopback deployment of that size.
 *
 * <ul>
 * <li><b>values</b>: {@link #SCAN} points (the middle of the {@link Dataset} of {@code points}),
 *     times and values summed. {@code valuesEmbedded}: {@code PointCursor.next(long[], double[])}
 *     in batches of {@link #EMBEDDED_BATCH}. {@code valuesGrpc}: RawValues with the generated
 *     blocking stub, one {@code RawPoint} object per point as the generated parser builds them.
 *     {@code valuesGrpcInPlace}: the same bytes walked in place ({@link RawValuesWire}), no object
 *     per point. {@code valuesArrowGrpc}: ArrowRawValues, each message read with
 *     {@link ArrowStreamReader} (columns copied out into arrays). Score: points per second.</li>
 * <li><b>insert</b>: each operation appends {@link #INSERT_OP} points of the signal to a stream
 *     created fresh at each iteration (so a stream holds what one iteration appended, times
 *     always increasing, merge policy NEVER), in Insert calls of {@code batch} points; the
 *     database's durability is {@code durability} (SYNC, what {@code dendro serve} uses: every
 *     insert is in the forced log when it returns). The client builds each request from arrays
 *     inside the measured time (InsertParams with a RawPoint per point; ArrowInsert with one
 *     Arrow IPC stream per call). Score: points per second.</li>
 * <li><b>alignedWindows</b>: one hour (starting at a multiple of the window, one of 1,024 random
 *     hours of the data, cycled) at {@code pointwidth}: 34 gives 209 windows, 40 gives 3.
 *     SampleTime: mean, p50, p99 per query. {@code infoGrpc} (Info, answered from memory) is
 *     the floor of one call on this transport.</li>
 * </ul>
 * {@code chunkPoints} (the server's points per message) and {@code window} (the client's HTTP/2
 * flow-control window; 0 is grpc-java's default, 1 MiB auto-tuned) are the knobs of the scan;
 * the server's own window is fixed at 8 MiB ({@code BtrdbServer.FLOW_CONTROL_WINDOW}), which
 * bounds what the client may send before the server reads it (inserts), not the scan.
 */
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class GrpcBenchmark {
    /** Points per values scan: all of a 10 M-point dataset. */
    static final int SCAN = 10_000_000;
    /** Points per {@code next(long[], double[])} call of the embedded scan: the server's default chunk. */
    static final int EMBEDDED_BATCH = 5_000;
    /** Points per insert operation: 20 calls of 5,000 or 2 of 50,000. */
    static final int INSERT_OP = 100_000;

    static final ArrowSchema RAW = ArrowSchema.of(
            new ArrowField("time", ArrowType.TIMESTAMP_NS_UTC, false),
            new ArrowField("value", ArrowType.FLOAT64, false));

    // ---- states ------------------------------------------------------------------------------

    /** The benchmark dataset opened, served on a free loopback port, and a channel to it. */
    @State(Scope.Benchmark)
    public static class Served {
        @Param("10000000")
        public long points;

        @Param("50000")
        public int chunkPoints;

        /** Client flow-control window in bytes; 0: grpc-java's default (1 MiB, tuned by BDP probes). */
        @Param("8388608")
        public int window;

        Database db;
        Stream stream;
        BtrdbServer server;
        ManagedChannel channel;
        BTrDBGrpc.BTrDBBlockingStub stub;
        ByteString uuid;
        /** {@code [start, end)} holds exactly {@link #SCAN} points. */
        long start;
        long end;

        @Setup(Level.Trial)
        public void start() {
            if (points < SCAN) {
                throw new IllegalArgumentException("the scan needs at least " + SCAN + " points; got " + points);
            }
            db = Database.open(Dataset.ensure(points));
            stream = db.stream(Dataset.STREAM);
            long first = (points - SCAN) / 2;
            start = Signal.time(first);
            end = Signal.time(first + SCAN);
            server = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).chunkPoints(chunkPoints).log(QUIET));
            channel = channel(server.port(), window);
            stub = BTrDBGrpc.newBlockingStub(channel);
            uuid = bytes(Dataset.STREAM);
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.close();
            db.close();
        }
    }

    /** 1,024 one-hour ranges, each starting at a multiple of {@code 2^pointwidth}, cycled. */
    @State(Scope.Benchmark)
    public static class Hours {
        static final long HOUR = 3_600_000_000_000L;

        @Param({"34", "40"})
        public int pointwidth;

        long[] starts;
        int next;

        @Setup(Level.Trial)
        public void pick(Served s) {
            long width = 1L << pointwidth;
            long dataEnd = Signal.end(s.points);
            SplittableRandom r = new SplittableRandom(42);
            starts = new long[1024];
            for (int i = 0; i < starts.length; i++) {
                long t = r.nextLong(Signal.START, dataEnd - HOUR - width);
                starts[i] = Math.floorDiv(t, width) * width + width;
            }
            // both paths must see the same windows
            for (int i = 0; i < 4; i++) {
                long[] e = alignedWindowsEmbedded(s, starts[i], pointwidth);
                long[] g = alignedWindowsGrpc(s, starts[i], pointwidth);
                if (e[0] != g[0] || e[1] != g[1] || e[2] != g[2] || e[0] == 0) {
                    throw new IllegalStateException("embedded " + e[0] + " windows, " + e[1] + " points; gRPC "
                            + g[0] + " windows, " + g[1] + " points");
                }
            }
        }

        long nextStart() {
            return starts[next++ & (starts.length - 1)];
        }
    }

    /**
     * A fresh database served on a free loopback port, with a fresh stream per iteration, and
     * the points to append: the signal's values (1 M of them, cycled) at increasing times.
     */
    @State(Scope.Benchmark)
    public static class Ingest {
        static final int CYCLE = 1_000_000;

        @Param({"5000", "50000"})
        public int batch;

        @Param("SYNC")
        public String durability;

        Path dir;
        Database db;
        BtrdbServer server;
        ManagedChannel channel;
        BTrDBGrpc.BTrDBBlockingStub stub;
        double[] cycle;
        long[] times;
        double[] values;
        Stream stream;
        ByteString uuid;
        long next;

        @Setup(Level.Trial)
        public void start() throws IOException {
            if (INSERT_OP % batch != 0 || CYCLE % batch != 0) {
                throw new IllegalArgumentException("batch must divide " + INSERT_OP + " and " + CYCLE);
            }
            Path base = Dataset.baseDirectory();
            Files.createDirectories(base);
            dir = Files.createTempDirectory(base, "grpc-insert-");
            db = Database.open(dir, DatabaseOptions.defaults().durability(Durability.valueOf(durability)));
            server = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).log(QUIET));
            channel = channel(server.port(), 8 << 20);
            stub = BTrDBGrpc.newBlockingStub(channel);
            cycle = new double[CYCLE];
            Signal.fill(0, new long[CYCLE], cycle);
            times = new long[batch];
            values = new double[batch];
        }

        @Setup(Level.Iteration)
        public void freshStream() {
            UUID u = UUID.randomUUID();
            stream = db.create(u, "bench/grpc-insert", Map.of("name", u.toString()), Map.of());
            uuid = bytes(u);
            next = 0;
        }

        /** The next {@code batch} points of the stream into {@link #times} and {@link #values}. */
        void advance() {
            for (int k = 0; k < batch; k++) {
                times[k] = Signal.time(next + k);
            }
            System.arraycopy(cycle, (int) (next % CYCLE), values, 0, batch);
            next += batch;
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.close();
            db.close();
            Dataset.deleteTree(dir);
        }
    }

    /** The server's log without its start and stop lines (they would land inside JMH's output). */
    static final java.util.function.Consumer<String> QUIET = line -> {
        if (!line.startsWith("dendro serve: gRPC")) {
            System.err.println(line);
        }
    };

    static ManagedChannel channel(int port, int window) {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", port, InsecureChannelCredentials.create())
                .maxInboundMessageSize(256 << 20);
        if (window > 0) {
            b.flowControlWindow(window);
        }
        return b.build();
    }

    static ByteString bytes(UUID u) {
        return UnsafeByteOperations.unsafeWrap(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    static double checked(long n, double result) {
        if (n != SCAN) {
            throw new IllegalStateException("scanned " + n + " points, expected " + SCAN);
        }
        return result;
    }

    // ---- values --------------------------------------------------------------------------------

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SCAN)
    public double valuesEmbedded(Served s) {
        long[] t = new long[EMBEDDED_BATCH];
        double[] v = new double[EMBEDDED_BATCH];
        long n = 0;
        long times = 0;
        double sum = 0;
        try (PointCursor c = s.stream.values(s.start, s.end, 0)) {
            int k;
            while ((k = c.next(t, v)) > 0) {
                for (int i = 0; i < k; i++) {
                    times += t[i];
                    sum += v[i];
                }
                n += k;
            }
        }
        return checked(n, sum + times);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SCAN)
    public double valuesGrpc(Served s) {
        Iterator<RawValuesResponse> it = s.stub.rawValues(RawValuesParams.newBuilder().setUuid(s.uuid)
                .setStart(s.start).setEnd(s.end).build());
        long n = 0;
        long times = 0;
        double sum = 0;
        while (it.hasNext()) {
            RawValuesResponse r = it.next();
            if (r.getStat().getCode() != 0) {
                throw new IllegalStateException("RawValues failed: " + r.getStat());
            }
            int k = r.getValuesCount();
            for (int i = 0; i < k; i++) {
                RawPoint p = r.getValues(i);
                times += p.getTime();
                sum += p.getValue();
            }
            n += k;
        }
        return checked(n, sum + times);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SCAN)
    public double valuesGrpcInPlace(Served s) {
        Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(s.channel, RawValuesWire.METHOD,
                CallOptions.DEFAULT, RawValuesParams.newBuilder().setUuid(s.uuid).setStart(s.start)
                        .setEnd(s.end).build());
        RawValuesWire.Sum sum = new RawValuesWire.Sum();
        while (it.hasNext()) {
            RawValuesWire.scan(it.next(), sum);
            if (sum.failed) {
                throw new IllegalStateException("RawValues failed");
            }
        }
        return checked(sum.points, sum.values + sum.times);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SCAN)
    public double valuesArrowGrpc(Served s) {
        Iterator<ArrowRawValuesResponse> it = s.stub.arrowRawValues(ArrowRawValuesParams.newBuilder()
                .setUuid(s.uuid).setStart(s.start).setEnd(s.end).build());
        long n = 0;
        long times = 0;
        double sum = 0;
        while (it.hasNext()) {
            ArrowRawValuesResponse r = it.next();
            if (r.getStat().getCode() != 0) {
                throw new IllegalStateException("ArrowRawValues failed: " + r.getStat());
            }
            ArrowStreamReader reader = ArrowStreamReader.of(r.getArrowBytes().asReadOnlyByteBuffer());
            while (reader.nextBatch()) {
                int k = reader.rows();
                long[] t = reader.longs(0);
                double[] v = reader.doubles(1);
                for (int i = 0; i < k; i++) {
                    times += t[i];
                    sum += v[i];
                }
                n += k;
            }
        }
        return checked(n, sum + times);
    }

    // ---- inserts ------------------------------------------------------------------------------

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(INSERT_OP)
    public long insertEmbedded(Ingest w) {
        long version = 0;
        for (int done = 0; done < INSERT_OP; done += w.batch) {
            w.advance();
            version = w.stream.insert(w.times, w.values, MergePolicy.NEVER);
        }
        return version;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(INSERT_OP)
    public long insertGrpc(Ingest w) {
        long version = 0;
        for (int done = 0; done < INSERT_OP; done += w.batch) {
            w.advance();
            InsertParams.Builder b = InsertParams.newBuilder().setUuid(w.uuid)
                    .setMergePolicy(io.dendro.grpc.v5api.MergePolicy.NEVER);
            for (int i = 0; i < w.batch; i++) {
                b.addValues(RawPoint.newBuilder().setTime(w.times[i]).setValue(w.values[i]));
            }
            version = ok(w.stub.insert(b.build()));
        }
        return version;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(INSERT_OP)
    public long insertArrowGrpc(Ingest w) {
        long version = 0;
        for (int done = 0; done < INSERT_OP; done += w.batch) {
            w.advance();
            byte[] ipc = ArrowStreamWriter.toBytes(RAW, w.batch, ArrowColumn.longs(w.times),
                    ArrowColumn.doubles(w.values));
            version = ok(w.stub.arrowInsert(ArrowInsertParams.newBuilder().setUuid(w.uuid)
                    .setMergePolicy(io.dendro.grpc.v5api.MergePolicy.NEVER)
                    .setArrowBytes(UnsafeByteOperations.unsafeWrap(ipc)).build()));
        }
        return version;
    }

    static long ok(InsertResponse r) {
        if (r.getStat().getCode() != 0) {
            throw new IllegalStateException("insert failed: " + r.getStat());
        }
        return r.getVersionMajor();
    }

    // ---- aligned windows ----------------------------------------------------------------------

    /** Windows and points counted by {@code alignedWindows} over one hour from {@code start}. */
    static long[] alignedWindowsEmbedded(Served s, long start, int pointwidth) {
        long windows = 0;
        long points = 0;
        double sum = 0;
        try (StatCursor c = s.stream.alignedWindows(start, start + Hours.HOUR, pointwidth, 0)) {
            while (c.next()) {
                if (c.count() > 0) { // as the server: windows without points are left out
                    windows++;
                    points += c.count();
                    sum += c.min() + c.mean() + c.max() + c.stddev() + c.time();
                }
            }
        }
        return new long[] {windows, points, Double.doubleToRawLongBits(sum)};
    }

    static long[] alignedWindowsGrpc(Served s, long start, int pointwidth) {
        Iterator<AlignedWindowsResponse> it = s.stub.alignedWindows(AlignedWindowsParams.newBuilder()
                .setUuid(s.uuid).setStart(start).setEnd(start + Hours.HOUR).setPointWidth(pointwidth).build());
        long windows = 0;
        long points = 0;
        double sum = 0;
        while (it.hasNext()) {
            AlignedWindowsResponse r = it.next();
            if (r.getStat().getCode() != 0) {
                throw new IllegalStateException("AlignedWindows failed: " + r.getStat());
            }
            for (int i = 0; i < r.getValuesCount(); i++) {
                StatPoint p = r.getValues(i);
                windows++;
                points += p.getCount();
                sum += p.getMin() + p.getMean() + p.getMax() + p.getStddev() + p.getTime();
            }
        }
        return new long[] {windows, points, Double.doubleToRawLongBits(sum)};
    }

    /** The floor of one call on this transport: Info, a unary call the server answers from memory. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public InfoResponse infoGrpc(Served s) {
        return s.stub.info(InfoParams.getDefaultInstance());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long[] alignedWindowsEmbedded(Served s, Hours h) {
        return alignedWindowsEmbedded(s, h.nextStart(), h.pointwidth);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long[] alignedWindowsGrpc(Served s, Hours h) {
        return alignedWindowsGrpc(s, h.nextStart(), h.pointwidth);
    }
}
