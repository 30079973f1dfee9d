package io.dendro;

import io.dendro.storage.codec.TimestampCodec;

import static io.dendro.VerifyFixture.BIG;
import static io.dendro.VerifyFixture.DENSE;
import static io.dendro.VerifyFixture.SMALL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.VerifyReport.Kind;
import io.dendro.VerifyReport.Problem;
import io.dendro.catalog.Catalog;
import io.dendro.catalog.CatalogLayout;
import io.dendro.catalog.StreamRecord;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.Geometry;
import io.dendro.tree.InternalLayout;
import io.dendro.tree.LeafLayout;
import io.dendro.tree.RecordKind;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
    @TempDir
    Path dir;

    private long totalVersions;

    @BeforeEach
    void populate() {
        totalVersions = VerifyFixture.populate(dir, 140);
    }

    private VerifyReport verify() {
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            return db.verify();
        }
    }

    private StreamRecord record(UUID id) {
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            return VerifyFixture.record(db, id);
        }
    }

    @Test
    void shouldFindNoProblemInAHealthyDatabase() {
        VerifyReport r = verify();
        assertTrue(r.isClean(), () -> String.join("\n", r.problems().stream().map(Problem::toString).toList()));
        assertEquals(5, r.streams());
        assertEquals(totalVersions, r.versions());
        assertTrue(r.nodes() > 40, "nodes " + r.nodes());
        assertTrue(r.points() > 20_000, "points " + r.points());
        assertTrue(r.bytes() > r.nodes() * (long) LeafLayout.TIMES, "bytes " + r.bytes());
    }

    @Test
    void shouldCheckEachSharedNodeOnce(@TempDir Path other) {
        int n = 20_000;
        int corrections = 30;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 1_000_000L;
            v[i] = i;
        }
        try (Database db = Database.open(other, VerifyFixture.options())) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            VerifyFixture.commit(s, t, v, MergePolicy.NEVER);
            for (int k = 0; k < corrections; k++) {
                VerifyFixture.commit(s, new long[] {t[k * 600]}, new double[] {-k}, MergePolicy.REPLACE);
            }
            VerifyReport r = db.verify();
            assertTrue(r.isClean(), r::toString);
            assertEquals(corrections + 1, r.versions());
            // each correction rewrites one leaf; checked per version it would be 31 x 20,000 points
            assertTrue(r.points() <= n + corrections * (long) Geometry.LEAF_CAPACITY, "points " + r.points());
        }
    }

    @Test
    void shouldReportProgressPerVersion() {
        List<long[]> calls = new ArrayList<>();
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            db.verify((done, total) -> calls.add(new long[] {done, total}));
        }
        assertEquals(totalVersions, calls.size());
        assertEquals(totalVersions, calls.getLast()[0]);
        assertEquals(totalVersions, calls.getLast()[1]);
    }

    @Test
    void shouldReportAFlippedByteInALeafAndGoOn() throws Exception {
        long leaf;
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            leaf = VerifyFixture.firstLeaf(db, VerifyFixture.record(db, BIG).root());
        }
        VerifyFixture.flip(dir, leaf, LeafLayout.TIMES + 3);
        VerifyReport r = verify();
        Problem p = only(r, Kind.CORRUPTION);
        assertTrue(p.file().endsWith("seg-000000.dnd"), p::toString);
        assertEquals(NodeAddress.offset(leaf), p.offset());
        assertEquals(BIG, p.stream());
        assertEquals(leaf, p.address());
        assertTrue(p.description().contains("checksum"), p::toString);
        assertTrue(p.toString().contains("offset " + NodeAddress.offset(leaf)), p::toString);
        assertEquals(5, r.streams());
        assertEquals(totalVersions, r.versions(), "every version of every stream is still walked");
        assertOnlyAbout(r, BIG);
    }

    @Test
    void shouldReportAFlippedByteInAnInternalNodeAndGoOn() throws Exception {
        long root = record(BIG).root();
        VerifyFixture.flip(dir, root, 30);
        VerifyReport r = verify();
        Problem p = only(r, Kind.CORRUPTION);
        assertEquals(NodeAddress.offset(root), p.offset());
        assertTrue(p.file().endsWith("seg-000000.dnd"), p::toString);
        assertEquals(record(BIG).version(), p.version());
        assertEquals(totalVersions, r.versions());
        assertOnlyAbout(r, BIG);
        assertTrue(r.points() > 20_000, "the older versions of the big stream are still checked");
    }

    @Test
    void shouldReportADamagedStreamRecordAndCheckTheOtherStreams() throws Exception {
        // EMPTY: opening replays the write-ahead log, which reads the record of every stream it
        // holds inserts of, and fails on a damaged one
        long addr;
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            addr = VerifyFixture.recordAddress(db, VerifyFixture.EMPTY);
        }
        VerifyFixture.flip(dir, addr, 20);
        VerifyReport r = verify();
        Problem p = only(r, Kind.CORRUPTION);
        assertEquals(NodeAddress.offset(addr), p.offset());
        assertEquals(VerifyFixture.EMPTY, p.stream());
        assertEquals(5, r.streams());
        assertEquals(totalVersions, r.versions());
    }

    @Test
    void shouldReportASummaryThatDiffersFromItsChild() throws Exception {
        long root = record(BIG).root();
        VerifyFixture.patch(dir, root, p -> {
            int at = VerifyFixture.maxField(p, 0);
            p.putDouble(at, p.getDouble(at) + 1);
        });
        VerifyReport r = verify();
        Problem p = only(r, Kind.SUMMARY);
        assertEquals(root, p.address());
        assertTrue(p.description().contains("max"), p::toString);
        assertEquals(1, r.problemCount(), r::toString);
    }

    @Test
    void shouldReportAnEntryVersionNewerThanTheVersionChecked() throws Exception {
        StreamRecord rec = record(BIG);
        VerifyFixture.patch(dir, rec.root(), p -> VerifyFixture.setEntryVersion(p, 0, rec.version() + 3));
        VerifyReport r = verify();
        Problem p = only(r, Kind.VERSION);
        assertEquals(rec.root(), p.address());
        assertEquals(rec.version(), p.version());
    }

    @Test
    void shouldReportUnsortedLeafPoints() throws Exception {
        // a two-point leaf: swapping its times changes only the sign of one delta, so the
        // re-encoded timestamps take exactly the bytes the sorted ones took
        UUID id = new UUID(9, 9);
        long leaf;
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            db.create(id, "test/two", Map.of(), Map.of()).insert(new long[] {1000, 1005}, new double[] {1, 2});
            db.flush();
            leaf = VerifyFixture.record(db, id).root();
        }
        VerifyFixture.patch(dir, leaf, p -> {
            MemorySegment seg = MemorySegment.ofBuffer(p);
            int tl = p.getInt(LeafLayout.TIMES_LENGTH);
            long[] t = new long[2];
            TimestampCodec.decode(seg, LeafLayout.TIMES, tl, t, 0, 2);
            int again = TimestampCodec.encode(new long[] {t[1], t[0]}, 0, 2, seg.asSlice(LeafLayout.TIMES, tl), 0);
            assertEquals(tl, again, "the swap re-encodes to the same length");
        });
        VerifyReport r = verify();
        Problem p = only(r, Kind.TREE);
        assertEquals(leaf, p.address());
        assertTrue(p.description().contains("before point"), p::toString);
    }


    @Test
    void shouldReportAStreamCountThatDisagreesWithTheRegistry() throws Exception {
        long root;
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            root = db.core().store().root();
        }
        VerifyFixture.patch(dir, root, p -> p.putLong(8, 6));
        VerifyReport r = verify();
        Problem p = only(r, Kind.REGISTRY);
        assertEquals(root, p.address());
        assertTrue(p.description().contains("counts 6 streams"), p::toString);
        assertEquals(totalVersions, r.versions());
    }

    @Test
    void shouldReportARegistryIndexKeyThatNoStreamGives() throws Exception {
        long index;
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            Store store = db.core().store();
            index = Catalog.readRoot(store, store.root()).index();
            assertEquals(RecordKind.INDEX_LEAF, store.read(index).get(Bytes.U8, 0), "a small registry: one leaf");
        }
        VerifyFixture.patch(dir, index, p -> { // the last key's last UUID byte
            int last = p.limit() - 1;
            p.put(last, (byte) (p.get(last) == (byte) 0xFF ? 0xFE : p.get(last) + 1));
        });
        VerifyReport r = verify();
        assertEquals(2, r.problems().size(), r::toString);
        assertTrue(r.problems().stream().allMatch(p -> p.kind() == Kind.REGISTRY), r::toString);
        assertTrue(r.problems().stream().anyMatch(p -> p.description().contains("lacks a key of stream")), r::toString);
        assertTrue(r.problems().stream().anyMatch(p -> p.description().contains("that its properties do not give")),
                r::toString);
    }

    @Test
    void shouldReportADamagedVersionIndexOnceAndStillCheckTheLatestTree() throws Exception {
        StreamRecord rec = record(SMALL);
        VerifyFixture.flip(dir, rec.versionIndex(), 12);
        VerifyReport r = verify();
        Problem p = only(r, Kind.CORRUPTION);
        assertEquals(rec.versionIndex(), p.address(), p::toString);
        assertEquals(totalVersions, r.versions());
    }

    @Test
    void shouldVerifyADenseStreamWithAnOverfullNarrowLeaf() {
        VerifyReport r = verify();
        assertTrue(r.isClean());
        assertTrue(record(DENSE).version() == 2);
    }

    @Test
    void shouldVerifyAnEmptyDatabase(@TempDir Path empty) {
        try (Database db = Database.open(empty, VerifyFixture.options())) {
            VerifyReport r = db.verify();
            assertTrue(r.isClean());
            assertEquals(0, r.streams());
            assertEquals(0, r.versions());
        }
    }

    @Test
    void shouldThrowClosedOnAClosedDatabase() {
        Database db = Database.open(dir, VerifyFixture.options());
        db.close();
        assertEquals(ErrorCode.CLOSED, assertThrows(DendroException.class, db::verify).code());
    }

    @Test
    void shouldCheckATrieOfNodesAndBucketsAndReportAWrongDepth(@TempDir Path other) throws Exception {
        long bucket;
        try (Database db = Database.open(other, VerifyFixture.options())) {
            for (int i = 0; i < 40; i++) {
                db.create(new UUID(7, i), "c" + i, Map.of(), Map.of())
                        .insert(new long[] {i}, new double[] {i});
            }
            db.flush();
            VerifyReport r = db.verify();
            assertTrue(r.isClean(), r::toString);
            assertEquals(40, r.streams());
            Store store = db.core().store();
            long trie = Catalog.readRoot(store, store.root()).trie();
            MemorySegment node = store.read(trie);
            assertEquals(RecordKind.CATALOG_NODE, node.get(Bytes.U8, 0));
            bucket = CatalogLayout.nodeChild(node, 0);
        }
        VerifyFixture.patch(other, bucket, p -> p.put(1, (byte) 3));
        try (Database db = Database.open(other, VerifyFixture.options())) {
            VerifyReport r = db.verify();
            Problem p = only(r, Kind.REGISTRY);
            assertEquals(bucket, p.address());
            assertTrue(p.description().contains("says depth 3"), p::toString);
        }
    }

    @Test
    void shouldVerifyWhileAnotherThreadInserts() throws Exception {
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            Stream s = db.stream(BIG);
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    VerifyFixture.commit(s, new long[] {VerifyFixture.BASE + i * 7_777_777L}, new double[] {i},
                            MergePolicy.NEVER);
                }
            });
            writer.start();
            int runs = 0;
            while (writer.isAlive() || runs < 2) {
                VerifyReport r = db.verify();
                assertTrue(r.isClean(), r::toString);
                runs++;
            }
            writer.join();
            assertEquals(totalVersions + 200, db.verify().versions());
        }
    }

    /** Version 1: 9000 points (more than a leaf holds) under root child 16; version 2 adds one under another child. */
    private static StreamRecord twoVersionsSharingAChild(Path where) {
        try (Database db = Database.open(where, VerifyFixture.options())) {
            Stream s = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            long[] t = new long[9000];
            double[] v = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = i * 1_000_000_000L;
                v[i] = i % 17;
            }
            VerifyFixture.commit(s, t, v, MergePolicy.NEVER);
            VerifyFixture.commit(s, new long[] {VerifyFixture.BASE}, new double[] {1}, MergePolicy.NEVER);
            return VerifyFixture.record(db, s.uuid());
        }
    }

    @Test
    void shouldCompareAnEntryWithASharedChildCheckedUnderAnOlderVersion(@TempDir Path other) throws Exception {
        StreamRecord rec = twoVersionsSharingAChild(other);
        VerifyFixture.patch(other, rec.root(), p -> p.putDouble(VerifyFixture.minField(p, 0), -1));
        try (Database db = Database.open(other, VerifyFixture.options())) {
            Problem p = only(db.verify(), Kind.SUMMARY);
            assertEquals(rec.root(), p.address());
            assertEquals(2, p.version());
            assertTrue(p.description().contains("(count 9000 in the entry)"), p::toString);
        }
    }

    @Test
    void shouldReportASharedChildReachedAtAnotherPosition(@TempDir Path other) throws Exception {
        StreamRecord rec = twoVersionsSharingAChild(other);
        VerifyFixture.patch(other, rec.root(), p -> {
            long mask = p.getLong(InternalLayout.MASK);
            long low = Long.lowestOneBit(mask);
            p.putLong(InternalLayout.MASK, mask ^ low ^ (low >>> 1)); // entry 0 moves one slot down
        });
        try (Database db = Database.open(other, VerifyFixture.options())) {
            Problem p = only(db.verify(), Kind.TREE);
            assertEquals(rec.root(), p.address());
            assertTrue(p.description().contains("was found before at pointwidth 56"), p::toString);
        }
    }

    @Test
    void shouldVerifyOnlyRetainedVersionsAndACompactedDatabase() {
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            assertEquals(131, db.stream(SMALL).setRetention(10, null));
            db.stream(BIG).obliterate();
            VerifyReport before = db.verify();
            assertTrue(before.isClean(), before::toString);
            assertEquals(4, before.streams());
            assertEquals(totalVersions - 130 - 5, before.versions());
            db.compact();
            VerifyReport after = db.verify();
            assertTrue(after.isClean(), after::toString);
            assertEquals(before.versions(), after.versions());
            assertEquals(before.points(), after.points());
            assertTrue(after.bytes() <= before.bytes(), after + "\n" + before);
        }
        try (Database db = Database.open(dir, VerifyFixture.options())) {
            assertTrue(db.verify().isClean());
        }
    }

    private static Problem only(VerifyReport r, Kind kind) {
        assertEquals(1, r.problems().size(), r::toString);
        Problem p = r.problems().getFirst();
        assertEquals(kind, p.kind(), p::toString);
        assertFalse(r.isClean());
        return p;
    }

    private static void assertOnlyAbout(VerifyReport r, UUID stream) {
        for (Problem p : r.problems()) {
            assertEquals(stream, p.stream(), p::toString);
        }
    }
}
