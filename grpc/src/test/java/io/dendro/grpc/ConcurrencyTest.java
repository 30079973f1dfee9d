package io.dendro.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.PointCursor;
import io.dendro.Time;
import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.FlushParams;
import io.dendro.grpc.v5api.InsertParams;
import io.dendro.grpc.v5api.InsertResponse;
import io.dendro.grpc.v5api.RawPoint;
import io.dendro.grpc.v5api.RawValuesParams;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many clients, each on its own connection, inserting into their own streams while reading
 * another's: every acknowledged point is there afterwards, insert versions never go back and
 * every flush makes a new, higher version.
 */
class ConcurrencyTest extends GrpcFixture {
    private static final int CLIENTS = Integer.getInteger("dendro.grpc.clients", 8);
    private static final int ROUNDS = Integer.getInteger("dendro.grpc.rounds", 60);
    private static final int BATCH = 500;

    @Test
    void shouldKeepEveryAcknowledgedPointWithVersionsThatOnlyGrow() throws Exception {
        List<UUID> streams = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            streams.add(create("load/" + c, Map.of("name", "s" + c)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int me = c;
            done.add(pool.submit(() -> client(streams.get(me), streams.get((me + 1) % CLIENTS), me)));
        }
        long reads = 0;
        for (Future<Integer> f : done) {
            reads += f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertTrue(reads > 0);
        for (int c = 0; c < CLIENTS; c++) {
            try (PointCursor cur = db.stream(streams.get(c)).values(Time.MIN_TIME, Time.MAX_TIME, 0)) {
                long i = 0;
                while (cur.next()) {
                    assertEquals(i * 10, cur.time(), "client " + c);
                    assertEquals(c * 1e6 + i, cur.value(), "client " + c);
                    i++;
                }
                assertEquals((long) ROUNDS * BATCH, i, "client " + c + " lost acknowledged points");
            }
        }
    }

    private int client(UUID mine, UUID other, int me) {
        ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
                InsecureChannelCredentials.create()).build();
        try {
            var s = BTrDBGrpc.newBlockingStub(ch);
            long lastInsert = 0;
            long lastFlush = 0;
            int reads = 0;
            long next = 0;
            for (int round = 0; round < ROUNDS; round++) {
                InsertParams.Builder b = InsertParams.newBuilder().setUuid(id(mine));
                for (int i = 0; i < BATCH; i++, next++) {
                    b.addValues(RawPoint.newBuilder().setTime(next * 10).setValue(me * 1e6 + next));
                }
                InsertResponse r = s.insert(b.build());
                ok(r.getStat());
                assertTrue(r.getVersionMajor() >= lastInsert, "insert versions never go back");
                lastInsert = r.getVersionMajor();
                if (round % 7 == 6) {
                    long v = s.flush(FlushParams.newBuilder().setUuid(id(mine)).build()).getVersionMajor();
                    assertTrue(v > lastFlush, "a flush after inserts makes a new version: " + v + " after " + lastFlush);
                    lastFlush = v;
                }
                var it = s.rawValues(RawValuesParams.newBuilder().setUuid(id(other)).setStart(Time.MIN_TIME)
                        .setEnd(Time.MAX_TIME).build());
                long prev = Long.MIN_VALUE;
                while (it.hasNext()) {
                    var m = it.next();
                    ok(m.getStat());
                    for (RawPoint p : m.getValuesList()) {
                        assertTrue(p.getTime() > prev, "a reader sees ordered, whole points");
                        prev = p.getTime();
                    }
                }
                reads++;
            }
            return reads;
        } finally {
            ch.shutdownNow();
        }
    }
}
