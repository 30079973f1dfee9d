package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
    @TempDir
    Path dir;

    private Database open() {
        return Database.open(dir, DatabaseOptions.defaults().fsync(false));
    }

    private static Set<String> collections(List<StreamInfo> l) {
        return l.stream().map(StreamInfo::collection).collect(Collectors.toSet());
    }

    @Test
    void shouldLookUpByCollectionTagsAndAnnotations() {
        try (Database db = open()) {
            db.create(UUID.randomUUID(), "sensors/pmu1", Map.of("name", "voltage", "unit", "V"), Map.of("site", "a"));
            db.create(UUID.randomUUID(), "sensors/pmu2", Map.of("name", "current", "unit", "A"), Map.of());
            db.create(UUID.randomUUID(), "sensors", Map.of("name", "voltage"), Map.of("site", "b"));
            db.create(UUID.randomUUID(), "other/x", Map.of(), Map.of());
            assertEquals(Set.of("sensors/pmu1", "sensors/pmu2", "sensors"),
                    collections(db.streams(StreamQuery.all().collectionPrefix("sensors"))));
            assertEquals(Set.of("sensors"), collections(db.streams(StreamQuery.all().collection("sensors"))));
            assertEquals(Set.of("sensors/pmu1", "sensors"),
                    collections(db.streams(StreamQuery.all().tag("name", "voltage"))));
            assertEquals(Set.of("sensors/pmu1", "sensors/pmu2"),
                    collections(db.streams(StreamQuery.all().tag("unit", null))));
            assertEquals(Set.of("sensors"), collections(db.streams(StreamQuery.all().annotation("site", "b"))));
            assertEquals(Set.of("sensors/pmu1", "sensors"),
                    collections(db.streams(StreamQuery.all().annotation("site", null))));
            assertEquals(4, db.streams(StreamQuery.all()).size());
            assertEquals(0, db.streams(StreamQuery.all().collectionPrefix("sensors/").tag("name", "nope")).size());
        }
    }

    @Test
    void shouldRejectADuplicateUuidAndChangeNothing() {
        UUID id = UUID.randomUUID();
        try (Database db = open()) {
            db.create(id, "a", Map.of("k", "v"), Map.of());
            DendroException e = assertThrows(DendroException.class, () -> db.create(id, "b", Map.of(), Map.of()));
            assertEquals(ErrorCode.STREAM_EXISTS, e.code());
            assertTrue(e.getMessage().contains(id.toString()));
            assertEquals("a", db.stream(id).collection());
            assertEquals(1, db.info().streams());
        }
    }

    @Test
    void shouldReportAnUnknownUuid() {
        try (Database db = open()) {
            UUID id = UUID.randomUUID();
            DendroException e = assertThrows(DendroException.class, () -> db.stream(id));
            assertEquals(ErrorCode.NO_SUCH_STREAM, e.code());
            assertTrue(e.getMessage().contains(id.toString()));
            assertTrue(db.find(id).isEmpty());
        }
    }

    @Test
    void shouldRejectBadProperties() {
        try (Database db = open()) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(DendroException.class,
                    () -> db.create(UUID.randomUUID(), "", Map.of(), Map.of())).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(DendroException.class,
                    () -> db.create(UUID.randomUUID(), "c", Map.of("", "v"), Map.of())).code());
            assertEquals(0, db.info().streams());
        }
    }

    @Test
    void shouldCompareAndSetAnnotations() {
        UUID id = UUID.randomUUID();
        try (Database db = open()) {
            Stream s = db.create(id, "c", Map.of(), Map.of("a", "1", "b", "2"));
            assertEquals(0, s.propertyVersion());
            assertEquals(1, s.updateAnnotations(0, Map.of("a", "10", "c", "3"), List.of("b")));
            DendroException e = assertThrows(DendroException.class,
                    () -> s.updateAnnotations(0, Map.of("a", "stale"), List.of()));
            assertEquals(ErrorCode.STALE_PROPERTY_VERSION, e.code());
            assertEquals(Map.of("a", "10", "c", "3"), s.annotations());
        }
        try (Database db = open()) {
            Stream s = db.stream(id);
            assertEquals(1, s.propertyVersion());
            assertEquals(Map.of("a", "10", "c", "3"), s.annotations());
            assertEquals(0, s.version(), "annotation updates do not make data versions");
        }
    }

    @Test
    void shouldChangeTagsAndCollectionByCompareAndSetSharingThePropertyVersionWithAnnotations() {
        UUID id = UUID.randomUUID();
        try (Database db = open()) {
            Stream s = db.create(id, "old/place", Map.of("name", "v1", "unit", "volts"), Map.of("a", "1"));
            s.insert(new long[] {1}, new double[] {2.0});
            assertEquals(1, s.updateTags(0, "new/place", Map.of("unit", "kV", "phase", "A"), List.of("name")));
            assertEquals(2, s.updateAnnotations(1, Map.of("b", "2"), List.of()));
            DendroException stale = assertThrows(DendroException.class,
                    () -> s.updateTags(1, null, Map.of("unit", "stale"), List.of()));
            assertEquals(ErrorCode.STALE_PROPERTY_VERSION, stale.code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(DendroException.class,
                    () -> s.updateTags(2, "", Map.of(), List.of())).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(DendroException.class,
                    () -> s.updateTags(2, null, Map.of("", "x"), List.of())).code());
            assertEquals(3, s.updateTags(2, null, Map.of("name", "v2"), List.of()), "null keeps the collection");
            assertEquals("new/place", s.collection());
            assertEquals(1, db.streams(StreamQuery.all().collection("new/place").tag("phase", "A")).size());
            assertTrue(db.streams(StreamQuery.all().collection("old/place")).isEmpty());
        }
        try (Database db = open()) {
            Stream s = db.stream(id);
            assertEquals(3, s.propertyVersion());
            assertEquals("new/place", s.collection());
            assertEquals(Map.of("unit", "kV", "phase", "A", "name", "v2"), s.tags());
            assertEquals(Map.of("a", "1", "b", "2"), s.annotations());
            assertEquals(List.of(new RawPoint(1, 2.0)), s.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList(),
                    "property updates keep the data");
        }
    }

    @Test
    void shouldFindEveryOneOfManyStreamsByUuidAfterReopen() {
        int n = 5000; // enough to split catalog buckets several levels deep
        Map<UUID, String> made = new HashMap<>();
        try (Database db = open()) {
            for (int i = 0; i < n; i++) {
                UUID id = i % 2 == 0 ? UUID.randomUUID() : new UUID(0, i); // random and sequential ids
                db.create(id, "c/" + i, Map.of(), Map.of());
                made.put(id, "c/" + i);
            }
        }
        try (Database db = open()) {
            assertEquals(n, db.info().streams());
            made.forEach((id, c) -> assertEquals(c, db.stream(id).collection()));
            assertEquals(n, db.streams(StreamQuery.all().collectionPrefix("c/")).size());
            assertTrue(db.find(new UUID(1, 1)).isEmpty());
        }
    }
}
