package io.dendro.bench;

import io.dendro.Database;
import io.dendro.grpc.BtrdbServer;
import io.dendro.grpc.GrpcServerOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code dendro serve --grpc-port} with the points per streamed message changed, which the
 * command line does not offer: for {@code bench/python/btrdb_client_bench.py --chunk-points N}.
 * Serves on loopback until SIGTERM or SIGINT, then stops the server and closes the database
 * (sealing its buffers), as {@code dendro serve} does.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.dendro.bench.ServeMain DIR PORT CHUNK_POINTS
 * </pre>
 */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: ServeMain DIR PORT CHUNK_POINTS");
            System.exit(2);
        }
        Database db = Database.open(Path.of(args[0]));
        BtrdbServer server = BtrdbServer.start(db, GrpcServerOptions.defaults().port(Integer.parseInt(args[1]))
                .chunkPoints(Integer.parseInt(args[2])));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            db.close();
            stopped.countDown();
        }, "serve-main-stop"));
        stopped.await();
    }
}
