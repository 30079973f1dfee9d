package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry lookups through the index against a brute-force model: random streams created one
 * by one and in bulk (collections with shared prefixes, values with 0x00, long values past the
 * index's cut), tag and annotation updates, obliterations, derived streams, compaction, crashes
 * and reopens; after each phase every query kind (collection exact and prefix, tag, annotation,
 * lookups including the ones a missing key matches, combinations) gives exactly the model's
 * streams, and the verifier finds the index exactly right. Seed: {@code -Ddendro.registry.seed}.
 */
class RegistryIndexModelTest {
    @TempDir
    Path dir;

    private record Props(String collection, Map<String, String> tags, Map<String, String> annotations) {
    }

    private final Map<UUID, Props> model = new HashMap<>();
    private final Map<UUID, UUID> derivedFrom = new HashMap<>();
    private Random rnd;

    private Database open() {
        return Database.open(dir, DatabaseOptions.defaults().fsync(false));
    }

    @Test
    void shouldAnswerEveryQueryAsTheModelDoes() {
        long seed = Long.getLong("dendro.registry.seed", System.nanoTime());
        System.out.println("RegistryIndexModelTest seed " + seed + " (-Ddendro.registry.seed=" + seed + ")");
        rnd = new Random(seed);
        Database db = open();
        try {
            for (int phase = 0; phase < 12; phase++) {
                int ops = 40 + rnd.nextInt(80);
                for (int i = 0; i < ops; i++) {
                    step(db);
                }
                String where = "phase " + phase + " seed " + seed;
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        db.close();
                        db = open();
                    }
                    case 1 -> db.compact();
                    case 2 -> {
                        db.crashForTesting();
                        db = open();
                    }
                    default -> {
                    }
                }
                queries(db, where);
                VerifyReport r = db.verify();
                assertTrue(r.isClean(), where + ": " + r);
            }
        } finally {
            db.close();
        }
    }

    private void step(Database db) {
        int op = rnd.nextInt(10);
        List<UUID> ids = new ArrayList<>(model.keySet());
        if (op < 3 || ids.isEmpty()) {
            UUID id = UUID.randomUUID();
            Props p = props();
            db.create(id, p.collection(), p.tags(), p.annotations());
            model.put(id, p);
        } else if (op == 3) {
            List<StreamSpec> specs = new ArrayList<>();
            for (int i = 0, n = 1 + rnd.nextInt(300); i < n; i++) {
                Props p = props();
                specs.add(new StreamSpec(UUID.randomUUID(), p.collection(), p.tags(), p.annotations(),
                        StreamKind.NUMERIC));
            }
            db.createAll(specs);
            specs.forEach(s -> model.put(s.uuid(), new Props(s.collection(), s.tags(), s.annotations())));
        } else if (op == 4 || op == 5) {
            UUID id = ids.get(rnd.nextInt(ids.size()));
            Stream s = db.stream(id);
            Props p = model.get(id);
            Map<String, String> set = Map.of(key(), value());
            List<String> remove = p.annotations().isEmpty() || rnd.nextBoolean() ? List.of()
                    : List.of(new ArrayList<>(p.annotations().keySet()).get(0));
            remove = remove.stream().filter(k -> !set.containsKey(k)).toList();
            s.updateAnnotations(s.propertyVersion(), set, remove);
            Map<String, String> a = new LinkedHashMap<>(p.annotations());
            remove.forEach(a::remove);
            a.putAll(set);
            model.put(id, new Props(p.collection(), p.tags(), a));
        } else if (op == 6) {
            UUID id = ids.get(rnd.nextInt(ids.size()));
            Stream s = db.stream(id);
            Props p = model.get(id);
            String c = rnd.nextBoolean() ? null : collection();
            Map<String, String> set = Map.of(key(), value());
            s.updateTags(s.propertyVersion(), c, set, List.of());
            Map<String, String> t = new LinkedHashMap<>(p.tags());
            t.putAll(set);
            model.put(id, new Props(c == null ? p.collection() : c, t, p.annotations()));
        } else if (op == 7) {
            UUID id = ids.get(rnd.nextInt(ids.size()));
            if (!derivedFrom.containsValue(id)) {
                db.stream(id).obliterate();
                model.remove(id);
                derivedFrom.remove(id);
            }
        } else if (op == 8) {
            UUID src = ids.get(rnd.nextInt(ids.size()));
            if (!derivedFrom.containsKey(src)) { // numeric sources only: created streams are numeric
                UUID id = UUID.randomUUID();
                Props p = props();
                db.derive(id, p.collection(), p.tags(), p.annotations(), "derivative", List.of(src),
                        java.util.Arrays.asList((String) null), Map.of(), true);
                model.put(id, p);
                derivedFrom.put(id, src);
            }
        } else {
            UUID id = ids.get(rnd.nextInt(ids.size()));
            if (!derivedFrom.containsKey(id)) {
                db.stream(id).insert(new long[] {rnd.nextInt(1000)}, new double[] {rnd.nextDouble()});
            }
        }
    }

    private String collection() {
        String[] roots = {"sensors", "sensors/", "sensorsX", "plant\0a", "plant", "ü/≈", "z"};
        String c = roots[rnd.nextInt(roots.length)];
        if (rnd.nextBoolean()) {
            c = c + "/pmu" + rnd.nextInt(8);
        }
        if (rnd.nextInt(40) == 0) {
            c = c + "/" + "long".repeat(70) + rnd.nextInt(3);
        }
        return c;
    }

    private String key() {
        String[] keys = {"name", "unit", "site", "title", "k\0", "visualization"};
        return keys[rnd.nextInt(keys.length)];
    }

    private String value() {
        String[] values = {"V", "A", "stream one", "Stream Two", "\0", "5", "{\"value_downsamplers\":[\"mean\",\"min\"]}",
            "x".repeat(300), "x".repeat(299) + "y", ""};
        return values[rnd.nextInt(values.length)];
    }

    private Props props() {
        Map<String, String> t = new LinkedHashMap<>();
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = rnd.nextInt(3); i > 0; i--) {
            t.put(key(), value());
        }
        for (int i = rnd.nextInt(3); i > 0; i--) {
            a.put(key(), value());
        }
        return new Props(collection(), t, a);
    }

    private void queries(Database db, String where) {
        List<StreamQuery> qs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            StreamQuery q = StreamQuery.all();
            int parts = 1 + rnd.nextInt(2);
            for (int j = 0; j < parts; j++) {
                switch (rnd.nextInt(8)) {
                    case 0 -> q.collection(collection());
                    case 1 -> {
                        String c = collection();
                        q.collectionPrefix(c.substring(0, rnd.nextInt(c.length() + 1)));
                    }
                    case 2 -> q.tag(key(), rnd.nextBoolean() ? null : value());
                    case 3 -> q.annotation(key(), rnd.nextBoolean() ? null : value());
                    case 4 -> q.where(key() .replace("\0", "") + "__icontains", "stream");
                    case 5 -> q.where(key().replace("\0", "") + "__exists", rnd.nextBoolean() ? "true" : "false");
                    case 6 -> q.where(key().replace("\0", "") + "__nin", "V", "A");
                    default -> q.where("visualization__value_downsamplers__all", "mean,min");
                }
            }
            qs.add(q);
        }
        qs.add(StreamQuery.all());
        for (StreamQuery q : qs) {
            Set<UUID> want = new TreeSet<>();
            model.forEach((id, p) -> {
                if (q.matches(p.collection(), p.tags(), p.annotations())) {
                    want.add(id);
                }
            });
            List<StreamInfo> got = db.streams(q);
            Set<UUID> gotIds = got.stream().map(StreamInfo::uuid).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(want.size(), got.size(), where + ": " + q + " listed a stream twice or missed one");
            assertEquals(want, gotIds, where + ": " + q);
            for (StreamInfo s : got) {
                assertEquals(model.get(s.uuid()).collection(), s.collection(), where);
            }
        }
    }
}
