package io.dendro.grpc;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/**
 * Streams a response one bounded message at a time, only as fast as the client reads: a
 * message is produced when the transport is ready for it (gRPC's flow control), so nothing is
 * materialised whole and a slow client holds one message, not the result. When the client
 * cancels, disconnects or the call's deadline passes, the source (and the cursor it holds) is
 * closed at once.
 */
final class Chunks<M> {
    /** Produces the response messages; {@code next()} returns null after the last one. */
    interface Source<M> extends AutoCloseable {
        M next();

        @Override
        void close();
    }

    private final ServerCallStreamObserver<M> out;
    private final Function<RuntimeException, M> failure;
    private final Context context = Context.current();
    private final java.util.concurrent.atomic.AtomicInteger open;
    private Source<M> source;
    private boolean done;

    private Chunks(ServerCallStreamObserver<M> out, Function<RuntimeException, M> failure,
                   java.util.concurrent.atomic.AtomicInteger open) {
        this.out = out;
        this.failure = failure;
        this.open = open;
    }

    /**
     * Opens the source and streams it. A failure while opening or producing sends one last
     * message built by {@code failure} (the BTrDB status) and completes the call. {@code open}
     * counts the sources open now (cursors held for clients).
     */
    static <M> void stream(StreamObserver<M> observer, java.util.function.Supplier<Source<M>> opener,
                           Function<RuntimeException, M> failure, java.util.concurrent.atomic.AtomicInteger open) {
        Chunks<M> c = new Chunks<>((ServerCallStreamObserver<M>) observer, failure, open);
        c.out.setOnCancelHandler(c::cancelled);
        c.out.setOnReadyHandler(c::drain);
        c.context.addListener(ctx -> c.expired(), Runnable::run);
        synchronized (c) {
            try {
                c.source = opener.get();
                open.incrementAndGet();
            } catch (RuntimeException e) {
                c.fail(e);
                return;
            }
        }
        c.drain();
    }

    private synchronized void drain() {
        if (done || source == null) {
            return;
        }
        try {
            while (out.isReady()) {
                if (context.isCancelled()) { // deadline passed (the cancel handler closes the source)
                    return;
                }
                M m = source.next();
                if (m == null) {
                    finish();
                    out.onCompleted();
                    return;
                }
                out.onNext(m);
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        finish();
        if (!out.isCancelled()) {
            out.onNext(failure.apply(e));
            out.onCompleted();
        }
    }

    /** The call's context ended: its deadline passed (or the client went away). */
    private synchronized void expired() {
        if (done) {
            return;
        }
        finish();
        if (!out.isCancelled()) {
            out.onError(io.grpc.Status.DEADLINE_EXCEEDED
                    .withDescription("the call ran past the server's time limit per call")
                    .asRuntimeException());
        }
    }

    private synchronized void cancelled() {
        finish();
    }

    private void finish() {
        if (!done) {
            done = true;
            if (source != null) {
                open.decrementAndGet();
                source.close();
            }
        }
    }
}
