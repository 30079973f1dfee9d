package io.dendro.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dendro.Database;
import io.dendro.error.ErrorCode;
import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.CreateParams;
import io.dendro.grpc.v5api.InsertParams;
import io.dendro.grpc.v5api.InsertResponse;
import io.dendro.grpc.v5api.NearestParams;
import io.dendro.grpc.v5api.RawPoint;
import io.dendro.grpc.v5api.SQLQueryParams;
import io.dendro.grpc.v5api.StreamInfoParams;
import io.dendro.storage.Tmpfs;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that start below the face: each reaches the client with the BTrDB code of the table
 * in docs/design/btrdb-protocol.md, and the server goes on serving what it still can.
 */
class ServerSideFailuresTest {
    @TempDir
    Path tmp;

    /** The documented table, spelled out: a changed mapping must change the docs too. */
    @Test
    void shouldMapEveryErrorCodeAsDocumented() {
        Map<ErrorCode, Integer> table = new EnumMap<>(ErrorCode.class);
        table.put(ErrorCode.NO_SUCH_STREAM, 404);
        table.put(ErrorCode.NO_SUCH_VERSION, 450);
        table.put(ErrorCode.STREAM_EXISTS, 417);
        table.put(ErrorCode.INVALID_TIME_RANGE, 413);
        table.put(ErrorCode.INVALID_POINTWIDTH, 415);
        table.put(ErrorCode.INVALID_WIDTH, 421);
        table.put(ErrorCode.INVALID_VALUE, 425);
        table.put(ErrorCode.WRONG_TYPE, 425);
        table.put(ErrorCode.INVALID_ARGUMENT, 421);
        table.put(ErrorCode.HAS_DEPENDENTS, 421);
        table.put(ErrorCode.DATABASE_LOCKED, 453);
        table.put(ErrorCode.CORRUPTION, 500);
        table.put(ErrorCode.OUT_OF_SPACE, 426);
        table.put(ErrorCode.CLOSED, 402);
        table.put(ErrorCode.NOT_A_DATABASE, 500);
        table.put(ErrorCode.UNSUPPORTED_FORMAT, 500);
        table.put(ErrorCode.IO_ERROR, 432);
        table.put(ErrorCode.STALE_PROPERTY_VERSION, 423);
        table.put(ErrorCode.READ_ONLY, 403);
        table.put(ErrorCode.COMMIT_OUTCOME_UNKNOWN, 434);
        for (ErrorCode e : ErrorCode.values()) {
            assertTrue(table.containsKey(e), e + " is not in the documented table");
            assertEquals(table.get(e), BtrdbCode.of(e).code(), e.toString());
        }
    }

    private static InsertParams batch(UUID u, Random r, long from, int n) {
        InsertParams.Builder b = InsertParams.newBuilder().setUuid(Wire.bytes(u));
        for (int i = 0; i < n; i++) {
            b.addValues(RawPoint.newBuilder().setTime(from + i * 1_000L + r.nextInt(1_000)).setValue(r.nextDouble()));
        }
        return b.build();
    }

    @Test
    void shouldAnswerResourceDepletedOnAFullDiskAndKeepServingReads() throws IOException {
        Optional<Tmpfs> fs = Tmpfs.mount(tmp.resolve("mnt"), 3 << 20);
        assumeTrue(fs.isPresent(), "needs permission to mount a tmpfs (root on Linux)");
        try (Tmpfs mnt = fs.get();
             Database db = Database.open(mnt.path().resolve("db"));
             BtrdbServer server = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).log(l -> { }))) {
            ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
                    InsecureChannelCredentials.create()).build();
            try {
                var stub = BTrDBGrpc.newBlockingStub(ch);
                UUID u = UUID.randomUUID();
                assertEquals(0, stub.create(CreateParams.newBuilder().setUuid(Wire.bytes(u)).setCollection("full")
                        .build()).getStat().getCode());
                Random r = new Random(7);
                long acked = 0;
                int code = 0;
                for (int round = 0; round < 200 && code == 0; round++) {
                    InsertResponse ins = stub.insert(batch(u, r, round * 100_000_000L, 20_000));
                    code = ins.getStat().getCode();
                    if (code == 0) {
                        acked += 20_000;
                    }
                }
                assertEquals(426, code, "the disk filled up and said so");
                assertEquals(acked, db.stream(u).count(Long.MIN_VALUE >> 4, Long.MAX_VALUE >> 4, 0).value(),
                        "every acknowledged point, and nothing of the refused batch");
                assertEquals(0, stub.nearest(NearestParams.newBuilder().setUuid(Wire.bytes(u)).build()).getStat()
                        .getCode(), "reads go on");
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void shouldAnswerContextErrorOnceTheDatabaseIsClosedAndBadSqlValueForAMissingParameter() {
        Database db = Database.open(tmp.resolve("db"));
        try (BtrdbServer server = BtrdbServer.start(db, GrpcServerOptions.defaults().port(0).log(l -> { }))) {
            ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
                    InsecureChannelCredentials.create()).build();
            try {
                var stub = BTrDBGrpc.newBlockingStub(ch);
                stub.sQLQuery(SQLQueryParams.newBuilder()
                        .setQuery("select distinct(name) as name from streams where collection like $1").build())
                        .forEachRemaining(m -> assertEquals(441, m.getStat().getCode()));
                db.close();
                assertEquals(402, stub.streamInfo(StreamInfoParams.newBuilder().setUuid(Wire.bytes(UUID.randomUUID()))
                        .build()).getStat().getCode());
            } finally {
                ch.shutdownNow();
            }
        }
    }
}
