package io.dendro.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.storage.NodeAddress;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.storage.StoreOptions;
import io.dendro.tree.RecordKind;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry index's B+-tree against a sorted set: random batches of adds and removes
 * (clustered like new streams at a term's end, and scattered), then every key in order, counts
 * and scans of random ranges, and the shape rules (no one-child node, node key counts and first
 * keys right). Seed: {@code -Ddendro.index.seed}.
 */
class RegistryIndexTest {
    @TempDir
    Path dir;

    private static final java.util.Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    @Test
    void shouldMatchASortedSetUnderRandomBatches() {
        long seed = Long.getLong("dendro.index.seed", System.nanoTime());
        System.out.println("RegistryIndexTest seed " + seed + " (-Ddendro.index.seed=" + seed + ")");
        Random rnd = new Random(seed);
        TreeSet<byte[]> model = new TreeSet<>(ORDER);
        try (Store store = Store.open(dir, StoreOptions.defaults().withFsync(false))) {
            long root = NodeAddress.NONE;
            for (int round = 0; round < 60; round++) {
                RegistryIndex.Changes ch = new RegistryIndex.Changes();
                TreeSet<byte[]> touched = new TreeSet<>(ORDER);
                int n = rnd.nextInt(4) == 0 ? 2000 + rnd.nextInt(3000) : rnd.nextInt(60);
                for (int i = 0; i < n; i++) {
                    if (!model.isEmpty() && rnd.nextInt(3) == 0) {
                        byte[] k = pick(model, rnd);
                        if (touched.add(k)) {
                            ch.remove(k);
                            model.remove(k);
                        }
                    } else {
                        byte[] k = key(rnd, round);
                        if (touched.add(k)) {
                            ch.add(k);
                            model.add(k);
                        }
                    }
                }
                if (rnd.nextInt(5) == 0 && !model.isEmpty()) { // no-ops: a present key added, an absent one removed
                    byte[] present = pick(model, rnd);
                    if (touched.add(present)) {
                        ch.add(present);
                    }
                    byte[] absent = key(rnd, 999);
                    if (!model.contains(absent) && touched.add(absent)) {
                        ch.remove(absent);
                    }
                }
                NodeWriter w = store.newWriter();
                long next = RegistryIndex.update(store, w, root, ch);
                store.commit(w, next);
                root = next;
                check(store, root, model, rnd, "round " + round + " seed " + seed);
            }
            // removing everything leaves an empty index
            RegistryIndex.Changes all = new RegistryIndex.Changes();
            model.forEach(all::remove);
            NodeWriter w = store.newWriter();
            root = RegistryIndex.update(store, w, root, all);
            store.commit(w, root);
            assertEquals(NodeAddress.NONE, root);
        }
    }

    @Test
    void shouldBuildTheSameKeysAsUpdatesDo() {
        Random rnd = new Random(7);
        TreeSet<byte[]> model = new TreeSet<>(ORDER);
        for (int i = 0; i < 20_000; i++) {
            model.add(key(rnd, i % 50));
        }
        try (Store store = Store.open(dir, StoreOptions.defaults().withFsync(false))) {
            NodeWriter w = store.newWriter();
            long root = RegistryIndex.build(w, new ArrayList<>(model));
            store.commit(w, root);
            check(store, root, model, rnd, "build");
        }
    }

    @Test
    void shouldRefuseAKeyBothAddedAndRemoved() {
        byte[] k = {1, 2, 3};
        RegistryIndex.Changes ch = new RegistryIndex.Changes().add(k).remove(k.clone());
        try (Store store = Store.open(dir, StoreOptions.defaults().withFsync(false))) {
            assertThrows(IllegalArgumentException.class,
                    () -> RegistryIndex.update(store, store.newWriter(), NodeAddress.NONE, ch));
        }
    }

    @Test
    void shouldEncodeKeysThatSortAndMatchAsTheirStrings() {
        UUID a = new UUID(1, 2);
        Properties p = new Properties("sensors/a\0b", Map.of("unit", "V"), Map.of("note", "x".repeat(300)), 0);
        List<byte[]> keys = IndexKeys.of(a, 5, p, List.of(new UUID(9, 9), new UUID(9, 9)));
        assertEquals(4, keys.size(), "collection, tag, annotation, one source (given twice)");
        for (byte[] k : keys) {
            assertEquals(a, IndexKeys.uuid(k));
            assertEquals(5, IndexKeys.created(k));
        }
        assertTrue(in(IndexKeys.collectionPrefix("sensors/a"), keys.get(0)));
        assertTrue(in(IndexKeys.collectionPrefix("sensors/a\0"), keys.get(0)));
        assertTrue(in(IndexKeys.collection("sensors/a\0b"), keys.get(0)));
        assertTrue(!in(IndexKeys.collection("sensors/a"), keys.get(0)));
        assertTrue(!in(IndexKeys.collectionPrefix("sensors/a\0c"), keys.get(0)));
        assertTrue(in(IndexKeys.tag("unit", "V"), keys.get(1)));
        assertTrue(in(IndexKeys.tag("unit", null), keys.get(1)));
        assertTrue(!in(IndexKeys.tag("uni", null), keys.get(1)));
        assertTrue(!in(IndexKeys.tag("unit", "VV"), keys.get(1)));
        assertTrue(in(IndexKeys.annotation("note", "x".repeat(300)), keys.get(2)), "a cut value still finds itself");
        assertTrue(in(IndexKeys.annotation("note", "x".repeat(299) + "y"), keys.get(2)),
                "past the cut, values share a range (the lookup checks each stream)");
        assertTrue(!in(IndexKeys.annotation("note", "x".repeat(200)), keys.get(2)));
        assertTrue(in(IndexKeys.derivedFrom(new UUID(9, 9)), keys.get(3)));
        assertEquals(new UUID(9, 9), IndexKeys.source(keys.get(3)));
        // a prefix ending in a lone high surrogate still finds the pair
        byte[] emoji = IndexKeys.of(a, 5, new Properties("x\uD83D\uDE00", Map.of(), Map.of(), 0)).get(0);
        assertTrue(in(IndexKeys.collectionPrefix("x\uD83D"), emoji));
        // later creation sorts later within a term
        byte[] early = IndexKeys.of(new UUID(-1, -1), -3, p).get(1);
        byte[] late = IndexKeys.of(new UUID(0, 0), 4, p).get(1);
        assertTrue(Arrays.compareUnsigned(early, late) < 0);
    }

    private static boolean in(IndexKeys.Range r, byte[] k) {
        return Arrays.compareUnsigned(k, r.lo()) >= 0 && Arrays.compareUnsigned(k, r.hi()) < 0;
    }

    /** A key of a few terms with shared prefixes, a creation time that grows with the round, a UUID. */
    private static byte[] key(Random rnd, int round) {
        String term = "term" + rnd.nextInt(rnd.nextBoolean() ? 3 : 400);
        if (rnd.nextInt(50) == 0) {
            term = term + "-" + "long".repeat(100 + rnd.nextInt(300));
        }
        Properties p = new Properties(term, Map.of(), Map.of(), 0);
        return IndexKeys.of(new UUID(rnd.nextLong(), rnd.nextLong()), round * 1000L + rnd.nextInt(1000), p).get(0);
    }

    private static byte[] pick(TreeSet<byte[]> model, Random rnd) {
        byte[] probe = key(rnd, rnd.nextInt(60));
        byte[] k = model.ceiling(probe);
        return k != null ? k : model.first();
    }

    private static void check(Store store, long root, TreeSet<byte[]> model, Random rnd, String where) {
        List<byte[]> all = RegistryIndex.all(store, root);
        assertEquals(model.size(), all.size(), where);
        int i = 0;
        for (byte[] k : model) {
            assertTrue(Arrays.equals(k, all.get(i++)), where + ": key " + (i - 1));
        }
        if (root != NodeAddress.NONE) {
            assertEquals(model.size(), shape(store, root, null, null, where), where);
        }
        List<byte[]> list = new ArrayList<>(model);
        for (int q = 0; q < 30 && !list.isEmpty(); q++) {
            byte[] lo = rnd.nextBoolean() ? list.get(rnd.nextInt(list.size())) : key(rnd, rnd.nextInt(60));
            byte[] hi = rnd.nextBoolean() ? list.get(rnd.nextInt(list.size())) : key(rnd, rnd.nextInt(60));
            if (Arrays.compareUnsigned(lo, hi) > 0) {
                byte[] t = lo;
                lo = hi;
                hi = t;
            }
            int expected = model.subSet(lo, true, hi, false).size();
            assertEquals(expected, RegistryIndex.count(store, root, lo, hi), where + ": count");
            List<byte[]> seen = new ArrayList<>();
            int limit = rnd.nextInt(3) == 0 ? 5 : Integer.MAX_VALUE;
            RegistryIndex.scan(store, root, lo, hi, k -> {
                seen.add(k);
                return seen.size() < limit;
            });
            List<byte[]> want = new ArrayList<>(model.subSet(lo, true, hi, false));
            want = want.subList(0, Math.min(want.size(), limit));
            assertEquals(want.size(), seen.size(), where + ": scan");
            for (int j = 0; j < want.size(); j++) {
                assertTrue(Arrays.equals(want.get(j), seen.get(j)), where + ": scan key " + j);
            }
        }
    }

    /** Checks a subtree's shape; returns its key count. */
    private static long shape(Store store, long addr, byte[] first, byte[] next, String where) {
        MemorySegment p = store.read(addr);
        if (p.get(io.dendro.storage.Bytes.U8, 0) == RecordKind.INDEX_LEAF) {
            byte[][] keys = RegistryIndex.leafKeys(store, addr, p);
            assertTrue(keys.length > 0, where + ": empty leaf");
            if (first != null) {
                assertTrue(Arrays.equals(first, keys[0]), where + ": a node's first key is its child's");
            }
            if (next != null) {
                assertTrue(Arrays.compareUnsigned(keys[keys.length - 1], next) < 0, where + ": leaf past its range");
            }
            return keys.length;
        }
        RegistryIndex.Child[] cs = RegistryIndex.children(store, addr, p);
        assertTrue(cs.length >= 2, where + ": a node of " + cs.length + " child");
        if (first != null) {
            assertTrue(Arrays.equals(first, cs[0].first()), where + ": node first key");
        }
        long total = 0;
        for (int i = 0; i < cs.length; i++) {
            byte[] nx = i + 1 < cs.length ? cs[i + 1].first() : next;
            long n = shape(store, cs[i].address(), cs[i].first(), nx, where);
            assertEquals(cs[i].keys(), n, where + ": a child's key count");
            total += n;
        }
        return total;
    }
}
