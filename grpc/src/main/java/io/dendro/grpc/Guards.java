package io.dendro.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The checks every call passes before it reaches the service: the API key, then the limits. */
final class Guards {
    private Guards() {
    }

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * With a key configured, every call must carry {@code authorization: Bearer KEY}; anything
     * else is UNAUTHENTICATED "invalid api key" (compared in constant time).
     */
    static final class ApiKey implements ServerInterceptor {
        private final byte[] expected;
        private final Consumer<String> log;

        ApiKey(String key, Consumer<String> log) {
            this.expected = ("Bearer " + key).getBytes(StandardCharsets.UTF_8);
            this.log = log;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            String given = headers.get(AUTHORIZATION);
            byte[] g = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, g)) {
                log.accept("grpc " + call.getMethodDescriptor().getBareMethodName()
                        + " refused: invalid api key" + (given == null ? " (none given)" : ""));
                call.close(Status.UNAUTHENTICATED.withDescription("invalid api key"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            return next.startCall(call, headers);
        }
    }

    /**
     * At most {@code maxCalls} calls in flight (more are RESOURCE_EXHAUSTED at once, never
     * queued without bound), and a deadline per call: the call's context is cancelled when it
     * passes, which ends a streamed answer and frees its cursor.
     */
    static final class Limits implements ServerInterceptor, AutoCloseable {
        private final int maxCalls;
        private final long timeoutNanos;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dendro-grpc-deadlines");
            t.setDaemon(true);
            return t;
        });

        Limits(int maxCalls, long timeoutNanos) {
            this.maxCalls = maxCalls;
            this.timeoutNanos = timeoutNanos;
        }

        int inFlight() {
            return inFlight.get();
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            if (inFlight.incrementAndGet() > maxCalls) {
                inFlight.decrementAndGet();
                call.close(Status.RESOURCE_EXHAUSTED.withDescription(
                        "too many calls in flight (the server's limit is " + maxCalls + ")"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                }
            };
            ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    release.run();
                    super.close(status, trailers);
                }
            };
            Context.CancellableContext ctx = Context.current().withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS, timer);
            ServerCall.Listener<Q> inner;
            try {
                inner = Contexts.interceptCall(ctx, counted, headers, next);
            } catch (RuntimeException e) {
                release.run();
                ctx.cancel(null);
                throw e;
            }
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(inner) {
                @Override
                public void onComplete() {
                    try {
                        super.onComplete();
                    } finally {
                        release.run();
                        ctx.cancel(null);
                    }
                }

                @Override
                public void onCancel() {
                    try {
                        super.onCancel();
                    } finally {
                        release.run();
                        ctx.cancel(null);
                    }
                }
            };
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
