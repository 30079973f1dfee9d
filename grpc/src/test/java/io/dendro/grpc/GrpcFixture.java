package io.dendro.grpc;

import com.google.protobuf.ByteString;
import io.dendro.Database;
import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.CreateParams;
import io.dendro.grpc.v5api.InsertParams;
import io.dendro.grpc.v5api.KeyOptValue;
import io.dendro.grpc.v5api.MergePolicy;
import io.dendro.grpc.v5api.OptValue;
import io.dendro.grpc.v5api.RawPoint;
import io.dendro.grpc.v5api.Status;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A database served on a free loopback port, and a plain-text channel with a blocking stub. */
abstract class GrpcFixture {
    @TempDir
    Path dir;
    Database db;
    BtrdbServer server;
    ManagedChannel channel;
    BTrDBGrpc.BTrDBBlockingStub stub;
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

    GrpcServerOptions options() {
        return GrpcServerOptions.defaults().port(0).log(log::add);
    }

    @BeforeEach
    void startServer() {
        db = Database.open(dir.resolve("db"));
        server = BtrdbServer.start(db, options());
        channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", server.port(),
                InsecureChannelCredentials.create()).maxInboundMessageSize(256 << 20).flowControlWindow(8 << 20).build();
        stub = BTrDBGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        db.close();
    }

    static ByteString id(UUID u) {
        return Wire.bytes(u);
    }

    static KeyOptValue kv(String k, String v) {
        return KeyOptValue.newBuilder().setKey(k).setVal(OptValue.newBuilder().setValue(v)).build();
    }

    static KeyOptValue key(String k) {
        return KeyOptValue.newBuilder().setKey(k).build();
    }

    UUID create(String collection, Map<String, String> tags) {
        UUID u = UUID.randomUUID();
        CreateParams.Builder b = CreateParams.newBuilder().setUuid(id(u)).setCollection(collection);
        tags.forEach((k, v) -> b.addTags(kv(k, v)));
        ok(stub.create(b.build()).getStat());
        return u;
    }

    long insert(UUID u, MergePolicy policy, long[] times, double[] values) {
        InsertParams.Builder b = InsertParams.newBuilder().setUuid(id(u)).setMergePolicy(policy);
        for (int i = 0; i < times.length; i++) {
            b.addValues(RawPoint.newBuilder().setTime(times[i]).setValue(values[i]));
        }
        var r = stub.insert(b.build());
        ok(r.getStat());
        return r.getVersionMajor();
    }

    static void ok(Status s) {
        assertEquals(0, s.getCode(), () -> "status " + s.getCode() + ": " + s.getMsg());
    }

    static void code(int expected, Status s) {
        assertEquals(expected, s.getCode(), () -> "expected " + expected + ", got " + s.getCode() + ": " + s.getMsg());
    }

    static List<RawPoint> points(long[] t, double[] v) {
        java.util.ArrayList<RawPoint> out = new java.util.ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            out.add(RawPoint.newBuilder().setTime(t[i]).setValue(v[i]).build());
        }
        return out;
    }
}
