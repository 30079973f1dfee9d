package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams created in bulk (one commit, all or none) and Datastream's ensure_stream. */
class BulkAndEnsureTest {
    @TempDir
    Path dir;

    @Test
    void bulkCreationIsOneCommitOfAllOrNone() {
        List<StreamSpec> specs = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            specs.add(new StreamSpec(UUID.randomUUID(), "bulk/" + (i % 10), Map.of("i", Integer.toString(i)), Map.of(),
                    i % 3 == 0 ? StreamKind.NOMINAL : StreamKind.NUMERIC));
        }
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            List<Stream> made = db.createAll(specs);
            assertEquals(5_000, made.size());
            assertEquals(StreamKind.NOMINAL, made.get(3).kind());
            // one taken UUID refuses the whole batch
            List<StreamSpec> more = List.of(StreamSpec.of("bulk/x", Map.of(), Map.of()), specs.get(7));
            assertEquals(ErrorCode.STREAM_EXISTS, assertThrows(DendroException.class, () -> db.createAll(more)).code());
            UUID twice = UUID.randomUUID();
            assertEquals(ErrorCode.STREAM_EXISTS, assertThrows(DendroException.class, () -> db.createAll(List.of(
                    new StreamSpec(twice, "c", Map.of(), Map.of(), StreamKind.NUMERIC),
                    new StreamSpec(twice, "c", Map.of(), Map.of(), StreamKind.NUMERIC)))).code());
            assertTrue(db.find(more.get(0).uuid()).isEmpty());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(DendroException.class, () -> db.createAll(List.of(
                    new StreamSpec(UUID.randomUUID(), "", Map.of(), Map.of(), StreamKind.NUMERIC)))).code());
            // a second batch merges into the existing registry trie
            List<StreamSpec> second = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                second.add(StreamSpec.of("bulk/second", Map.of(), Map.of()));
            }
            db.createAll(second);
            specs.addAll(second);
        }
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            assertEquals(8_000, db.streams(StreamQuery.all().collectionPrefix("bulk/")).size());
            assertEquals(500, db.streams(StreamQuery.all().collection("bulk/3")).size());
            for (StreamSpec spec : specs) {
                assertEquals(spec.collection(), db.stream(spec.uuid()).collection());
            }
            assertEquals(0, db.verify().problems().size());
        }
    }

    @Test
    void ensureFindsOrCreatesExactlyOnce() throws Exception {
        try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false))) {
            StreamQuery q = StreamQuery.all().tag("name", "temperature").tag("site", "lab");
            Stream a = db.ensure(q, StreamSpec.of("env", Map.of("name", "temperature", "site", "lab"), Map.of()));
            Stream b = db.ensure(q, StreamSpec.of("env", Map.of("name", "temperature", "site", "lab"), Map.of()));
            assertEquals(a.uuid(), b.uuid());
            // concurrent callers get one stream
            StreamQuery q2 = StreamQuery.all().tag("name", "humidity");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<UUID>> fs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                fs.add(pool.submit(() -> db.ensure(q2, StreamSpec.of("env", Map.of("name", "humidity"), Map.of())).uuid()));
            }
            Set<UUID> got = new HashSet<>();
            for (Future<UUID> f : fs) {
                got.add(f.get());
            }
            pool.shutdown();
            assertEquals(1, got.size());
            db.create(UUID.randomUUID(), "env", Map.of("name", "humidity"), Map.of());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(DendroException.class,
                    () -> db.ensure(q2, StreamSpec.of("env", Map.of("name", "humidity"), Map.of()))).code());
        }
    }
}
