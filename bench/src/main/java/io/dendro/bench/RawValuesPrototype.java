package io.dendro.bench;

import io.dendro.Database;
import io.dendro.PointCursor;
import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.RawValuesParams;
import io.grpc.Drainable;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A RawValues-only BTrDB server over the engine, for {@link GrpcPrototypeBenchmark}: the
 * changes this session proposes for {@code io.dendro.grpc}'s streamed answers, measured here
 * without touching the server's sources. With every knob off it answers as Dendro's server does
 * ({@code Chunks}, {@code Queries.rawValues}, {@code Precoded}): the cursor is read
 * {@code chunk} points at a time, written straight into protobuf's wire format (20 bytes a
 * point), and a message is produced only when gRPC says the call is ready, on the server's
 * executor. The knobs:
 * <ul>
 * <li>{@code threshold}: {@code ServerCallStreamObserver.setOnReadyThreshold(bytes)}; 0 keeps
 *     grpc-java's 32 KiB, under one 100 KB message, so the producer waits for each message to
 *     leave before it makes the next;</li>
 * <li>{@code drainable}: the message's stream implements {@link Drainable}, so gRPC copies the
 *     array into its buffers in one call instead of through an 8 KiB buffer;</li>
 * <li>{@code executor}: {@code virtual} (a virtual thread per task, as {@code BtrdbServer}),
 *     {@code platform} (two platform threads, so thread-locals survive between messages) or
 *     {@code direct} (the transport's event loop runs the producer: no hop per message);</li>
 * <li>{@code socket}: a Unix domain socket at this path instead of TCP on {@code 127.0.0.1}
 *     (netty's epoll transport on both sides; {@link #channel} makes the matching client).</li>
 * </ul>
 */
final class RawValuesPrototype implements AutoCloseable {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int POINT_BYTES = 20;

    private final Server server;
    private final ExecutorService executor;
    private final Path socket;
    private final List<EventLoopGroup> groups = new ArrayList<>();

    private RawValuesPrototype(Server server, ExecutorService executor, Path socket) {
        this.server = server;
        this.executor = executor;
        this.socket = socket;
    }

    static RawValuesPrototype start(Database db, int chunk, int threshold, boolean drainable, String executor,
                                    Path socket) {
        MethodDescriptor<RawValuesParams, Message> method = BTrDBGrpc.getRawValuesMethod()
                .toBuilder(BTrDBGrpc.getRawValuesMethod().getRequestMarshaller(), new Marshaller(drainable)).build();
        ServerServiceDefinition service = ServerServiceDefinition.builder(BTrDBGrpc.SERVICE_NAME)
                .addMethod(method, ServerCalls.asyncServerStreamingCall(
                        (RawValuesParams r, StreamObserver<Message> out) -> serve(db, r,
                                (ServerCallStreamObserver<Message>) out, chunk, threshold)))
                .build();
        NettyServerBuilder b;
        EventLoopGroup boss = null;
        EventLoopGroup workers = null;
        if (socket == null) {
            b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create());
        } else {
            boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            workers = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            b = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()), InsecureServerCredentials.create())
                    .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(boss)
                    .workerEventLoopGroup(workers);
        }
        b.flowControlWindow(8 << 20).addService(service);
        ExecutorService pool = switch (executor) {
            case "virtual" -> Executors.newVirtualThreadPerTaskExecutor();
            case "platform" -> Executors.newFixedThreadPool(2);
            case "direct" -> null;
            default -> throw new IllegalArgumentException("executor: virtual, platform or direct, not " + executor);
        };
        if (pool == null) {
            b.directExecutor();
        } else {
            b.executor(pool);
        }
        try {
            RawValuesPrototype p = new RawValuesPrototype(b.build().start(), pool, socket);
            if (boss != null) {
                p.groups.add(boss);
                p.groups.add(workers);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client channel to this server: TCP as {@link GrpcBenchmark#channel}, or the Unix socket. */
    ManagedChannel channel() {
        if (socket == null) {
            return GrpcBenchmark.channel(((InetSocketAddress) server.getListenSockets().get(0)).getPort(), 8 << 20);
        }
        EventLoopGroup g = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        groups.add(g);
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()),
                        InsecureChannelCredentials.create()).channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(g).flowControlWindow(8 << 20).maxInboundMessageSize(256 << 20).build();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        if (executor != null) {
            executor.shutdownNow();
        }
        for (EventLoopGroup g : groups) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void serve(Database db, RawValuesParams r, ServerCallStreamObserver<Message> out, int chunk,
                              int threshold) {
        ByteBuffer id = r.getUuid().asReadOnlyByteBuffer();
        PointCursor cursor = db.stream(new UUID(id.getLong(), id.getLong()))
                .values(r.getStart(), r.getEnd(), r.getVersionMajor());
        if (threshold > 0) {
            out.setOnReadyThreshold(threshold);
        }
        Producer p = new Producer(out, cursor, chunk);
        out.setOnCancelHandler(p::finish);
        out.setOnReadyHandler(p::drain);
        p.drain();
    }

    /** What {@code Chunks} does for one call: a message per ready signal, until the cursor ends. */
    private static final class Producer {
        private final ServerCallStreamObserver<Message> out;
        private final PointCursor cursor;
        private final long[] times;
        private final double[] values;
        private boolean sent;
        private boolean done;

        Producer(ServerCallStreamObserver<Message> out, PointCursor cursor, int chunk) {
            this.out = out;
            this.cursor = cursor;
            this.times = new long[chunk];
            this.values = new double[chunk];
        }

        synchronized void drain() {
            while (!done && out.isReady()) {
                int n = cursor.next(times, values);
                if (n == 0 && sent) {
                    finish();
                    out.onCompleted();
                    return;
                }
                sent = true;
                out.onNext(Message.rawValues(cursor.version(), times, values, n));
            }
        }

        synchronized void finish() {
            if (!done) {
                done = true;
                cursor.close();
            }
        }
    }

    /** A RawValuesResponse in protobuf's wire format, as {@code Precoded.rawValues} writes it. */
    record Message(byte[] bytes, int length) {
        static Message rawValues(long version, long[] times, double[] values, int n) {
            byte[] b = new byte[2 + 1 + 10 + n * POINT_BYTES];
            int at = 0;
            b[at++] = 0x0A; // an empty Status: OK
            b[at++] = 0x00;
            if (version != 0) {
                b[at++] = 0x10;
                long v = version;
                while ((v & ~0x7FL) != 0) {
                    b[at++] = (byte) ((v & 0x7F) | 0x80);
                    v >>>= 7;
                }
                b[at++] = (byte) v;
            }
            for (int i = 0; i < n; i++) {
                b[at] = 0x22;
                b[at + 1] = 18;
                b[at + 2] = 0x09;
                LONG.set(b, at + 3, times[i]);
                b[at + 11] = 0x11;
                LONG.set(b, at + 12, Double.doubleToRawLongBits(values[i]));
                at += POINT_BYTES;
            }
            return new Message(b, at);
        }
    }

    private record Marshaller(boolean drainable) implements MethodDescriptor.Marshaller<Message> {
        @Override
        public InputStream stream(Message m) {
            return drainable ? new DrainableBytes(m.bytes(), m.length()) : new Sized(m.bytes(), m.length());
        }

        @Override
        public Message parse(InputStream stream) {
            throw new UnsupportedOperationException("a server never parses its own responses");
        }
    }

    /** As {@code Precoded.Sized}: the length known up front, read through {@code read(byte[])}. */
    private static class Sized extends ByteArrayInputStream implements KnownLength {
        Sized(byte[] b, int length) {
            super(b, 0, length);
        }
    }

    /** The same, handing gRPC the whole array in one write. */
    private static final class DrainableBytes extends Sized implements Drainable {
        DrainableBytes(byte[] b, int length) {
            super(b, length);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = count - pos;
            target.write(buf, pos, n);
            pos = count;
            return n;
        }
    }
}
