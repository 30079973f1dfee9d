package io.dendro.bench;

import io.dendro.Database;
import io.dendro.Stream;
import io.dendro.grpc.BtrdbServer;
import io.dendro.grpc.GrpcServerOptions;
import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.RawPoint;
import io.dendro.grpc.v5api.RawValuesParams;
import io.dendro.grpc.v5api.RawValuesResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import java.util.Iterator;
import java.util.List;
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
 * The RawValues scan of {@link GrpcBenchmark} against Dendro's server ({@code variant=dendro})
 * and against {@link RawValuesPrototype} with the changes proposed for the server, one at a
 * time and together; {@code replica} is the prototype with every knob off, which must match
 * {@code dendro} for the others to mean anything. Variants are {@code +}-separated knobs:
 * {@code drainable}, {@code threshold1m} (onReady threshold 1 MiB), {@code platform} or
 * {@code direct} (the executor; else virtual threads as Dendro's server), {@code uds} (a Unix
 * domain socket instead of TCP loopback). Clients: the
 * generated blocking stub ({@code valuesGenerated}) and the in-place reader
 * ({@code valuesInPlace}, {@link RawValuesWire}). Score: points per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
public class GrpcPrototypeBenchmark {
    @Param("10000000")
    public long points;

    @Param("5000")
    public int chunkPoints;

    @Param({"dendro", "replica", "drainable", "threshold1m", "platform", "threshold1m+drainable+platform",
            "threshold1m+drainable+direct", "replica+uds", "threshold1m+drainable+direct+uds"})
    public String variant;

    private Database db;
    private BtrdbServer dendro;
    private RawValuesPrototype prototype;
    private java.nio.file.Path socketDir;
    private ManagedChannel channel;
    private BTrDBGrpc.BTrDBBlockingStub stub;
    private RawValuesParams request;

    @Setup(Level.Trial)
    public void start() {
        if (points < GrpcBenchmark.SCAN) {
            throw new IllegalArgumentException("the scan needs at least " + GrpcBenchmark.SCAN + " points");
        }
        db = Database.open(Dataset.ensure(points));
        Stream s = db.stream(Dataset.STREAM);
        if (variant.equals("dendro")) {
            dendro = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).chunkPoints(chunkPoints)
                    .log(GrpcBenchmark.QUIET));
            channel = GrpcBenchmark.channel(dendro.port(), 8 << 20);
        } else {
            List<String> knobs = List.of(variant.split("\\+"));
            for (String k : knobs) {
                if (!List.of("replica", "drainable", "threshold1m", "platform", "direct", "uds").contains(k)) {
                    throw new IllegalArgumentException("unknown knob " + k);
                }
            }
            String executor = knobs.contains("direct") ? "direct" : knobs.contains("platform") ? "platform" : "virtual";
            java.nio.file.Path socket = null;
            if (knobs.contains("uds")) {
                try {
                    socketDir = java.nio.file.Files.createTempDirectory("dendro-uds-");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                socket = socketDir.resolve("grpc.sock");
            }
            prototype = RawValuesPrototype.start(db, chunkPoints, knobs.contains("threshold1m") ? 1 << 20 : 0,
                    knobs.contains("drainable"), executor, socket);
            channel = prototype.channel();
        }
        stub = BTrDBGrpc.newBlockingStub(channel);
        long first = (points - GrpcBenchmark.SCAN) / 2;
        request = RawValuesParams.newBuilder().setUuid(GrpcBenchmark.bytes(s.uuid())).setStart(Signal.time(first))
                .setEnd(Signal.time(first + GrpcBenchmark.SCAN)).build();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        if (dendro != null) {
            dendro.close();
        }
        if (prototype != null) {
            prototype.close();
        }
        if (socketDir != null) {
            Dataset.deleteTree(socketDir);
        }
        db.close();
    }

    @Benchmark
    @OperationsPerInvocation(GrpcBenchmark.SCAN)
    public double valuesInPlace() {
        Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(channel, RawValuesWire.METHOD,
                CallOptions.DEFAULT, request);
        RawValuesWire.Sum sum = new RawValuesWire.Sum();
        while (it.hasNext()) {
            RawValuesWire.scan(it.next(), sum);
            if (sum.failed) {
                throw new IllegalStateException("RawValues failed");
            }
        }
        return GrpcBenchmark.checked(sum.points, sum.values + sum.times);
    }

    @Benchmark
    @OperationsPerInvocation(GrpcBenchmark.SCAN)
    public double valuesGenerated() {
        Iterator<RawValuesResponse> it = stub.rawValues(request);
        long n = 0;
        long times = 0;
        double sum = 0;
        while (it.hasNext()) {
            RawValuesResponse r = it.next();
            for (int i = 0; i < r.getValuesCount(); i++) {
                RawPoint p = r.getValues(i);
                times += p.getTime();
                sum += p.getValue();
            }
            n += r.getValuesCount();
        }
        return GrpcBenchmark.checked(n, sum + times);
    }
}
