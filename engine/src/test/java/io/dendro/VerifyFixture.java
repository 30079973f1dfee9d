package io.dendro;

import io.dendro.catalog.Catalog;
import io.dendro.catalog.StreamRecord;
import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.InternalLayout;
import io.dendro.tree.Nodes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/** A database with varied streams for the verifier's tests, and ways to damage its records. */
final class VerifyFixture {
    static final long BASE = 1_700_000_000_000_000_000L;
    /** Many small unsorted inserts with duplicates, every merge policy: a version index of height 1. */
    static final UUID SMALL = new UUID(0, 1);
    /** One big sorted insert, then a few overlapping corrections: internal nodes over full leaves. */
    static final UUID BIG = new UUID(0, 2);
    /** Many points at one timestamp (a pointwidth-2 leaf past capacity), negative times, -0.0. */
    static final UUID DENSE = new UUID(0, 3);
    /** Inserts and deletes: shared roots, a version with an empty tree, internal nodes left small. */
    static final UUID DELETED = new UUID(0, 5);
    /** Created, never written. */
    static final UUID EMPTY = new UUID(0, 4);

    private VerifyFixture() {
    }

    static DatabaseOptions options() {
        return DatabaseOptions.defaults().fsync(false);
    }

    /** Fills {@code dir}; returns the total number of versions. */
    static long populate(Path dir, int smallInserts) {
        return populate(dir, smallInserts, options());
    }

    /** Fills {@code dir} opened with {@code options}; returns the total number of versions. */
    static long populate(Path dir, int smallInserts, DatabaseOptions options) {
        Random r = new Random(42);
        try (Database db = Database.open(dir, options)) {
            Stream small = db.create(SMALL, "test/small", Map.of("unit", "V"), Map.of("a", "1"));
            List<Long> seen = new ArrayList<>();
            for (int i = 0; i < smallInserts; i++) {
                int n = 1 + r.nextInt(40);
                long[] t = new long[n];
                double[] v = new double[n];
                for (int k = 0; k < n; k++) {
                    t[k] = !seen.isEmpty() && r.nextInt(4) == 0 ? seen.get(r.nextInt(seen.size()))
                            : BASE + r.nextLong(1_000_000_000_000L);
                    v[k] = r.nextInt(10) == 0 ? -0.0 : r.nextGaussian() * 1e3;
                    seen.add(t[k]);
                }
                commit(small, t, v, MergePolicy.values()[i % MergePolicy.values().length]);
            }
            Stream big = db.create(BIG, "test/big", Map.of(), Map.of());
            int n = 20_000;
            long[] t = new long[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = BASE + i * 1_000_000L;
                v[i] = Math.sin(i / 50.0) * 100 + 7200;
            }
            commit(big, t, v, MergePolicy.NEVER);
            for (int k = 0; k < 4; k++) {
                long[] ct = {t[r.nextInt(n)], t[r.nextInt(n)], BASE - 5, t[n - 1] + 1};
                double[] cv = {1, 2, 3, 4};
                commit(big, ct, cv, k % 2 == 0 ? MergePolicy.REPLACE : MergePolicy.EQUAL);
            }
            Stream dense = db.create(DENSE, "test/dense", Map.of(), Map.of());
            long[] dt = new long[1500];
            double[] dv = new double[dt.length];
            for (int i = 0; i < dt.length; i++) {
                dt[i] = i < 1300 ? -1_000_000L : -1_000_000L + i;
                dv[i] = i % 3 == 0 ? -0.0 : i;
            }
            commit(dense, dt, dv, MergePolicy.NEVER);
            commit(dense, new long[] {Time.MIN_TIME, Time.MAX_TIME - 1}, new double[] {Double.MIN_VALUE, -1e300},
                    MergePolicy.NEVER);
            Stream deleted = db.create(DELETED, "test/deleted", Map.of(), Map.of());
            commit(deleted, t, v, MergePolicy.NEVER);
            deleted.delete(t[100], t[5000]);            // rewrites leaves, drops whole subtrees
            deleted.delete(Time.MIN_TIME, Time.MIN_TIME + 1); // removes nothing: the same root again
            deleted.delete(t[n / 2], Time.MAX_TIME);
            deleted.delete(Time.MIN_TIME, Time.MAX_TIME);  // removes everything: an empty tree
            commit(deleted, new long[] {BASE}, new double[] {1}, MergePolicy.NEVER);
            db.create(EMPTY, "test/empty", Map.of(), Map.of());
            long total = 0;
            for (UUID id : new UUID[] {SMALL, BIG, DENSE, DELETED, EMPTY}) {
                total += record(db, id).version();
            }
            if (total != smallInserts + 5 + 2 + 6) {
                throw new AssertionError("expected one version per insert and delete, found " + total);
            }
            return total;
        }
    }

    /** Inserts and commits the batch as a version of its own (inserts are buffered otherwise). */
    static long commit(Stream s, long[] t, double[] v, MergePolicy policy) {
        s.insert(t, v, policy);
        return s.flush();
    }

    /** The stream record of {@code id}. */
    static StreamRecord record(Database db, UUID id) {
        Store store = db.core().store();
        long addr = Catalog.lookup(store, Catalog.readRoot(store, store.root()).trie(), id);
        return StreamRecord.read(store, addr);
    }

    /** The address of the stream record of {@code id}. */
    static long recordAddress(Database db, UUID id) {
        Store store = db.core().store();
        return Catalog.lookup(store, Catalog.readRoot(store, store.root()).trie(), id);
    }

    /** The first leaf under {@code root}, following entry 0 of each internal node. */
    static long firstLeaf(Database db, long root) {
        Store store = db.core().store();
        long addr = root;
        MemorySegment n = store.read(addr);
        while (!Nodes.isLeaf(n)) {
            addr = InternalLayout.address(n, 0);
            n = store.read(addr);
        }
        return addr;
    }

    /** XORs one byte of the payload of the record at {@code address} (the database must be closed). */
    static void flip(Path dir, long address, int payloadOffset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(segment(dir, address).toFile(), "rw")) {
            long pos = NodeAddress.offset(address) + 8 + payloadOffset;
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x10);
        }
    }

    /**
     * Rewrites the payload of the record at {@code address} with {@code edit} and fixes its
     * CRC32C (length, payload, then the address, little-endian), so that only the structural
     * checks can find the change.
     */
    static void patch(Path dir, long address, Consumer<ByteBuffer> edit) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(segment(dir, address).toFile(), "rw")) {
            long off = NodeAddress.offset(address);
            byte[] head = new byte[8];
            f.seek(off);
            f.readFully(head);
            int len = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
            byte[] payload = new byte[len];
            f.readFully(payload);
            ByteBuffer p = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            edit.accept(p);
            CRC32C crc = new CRC32C();
            crc.update(head, 4, 4);
            crc.update(payload);
            crc.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, address).array());
            ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) crc.getValue());
            f.seek(off);
            f.write(head);
            f.write(payload);
        }
    }

    static Path segment(Path dir, long address) {
        return dir.resolve(String.format("seg-%06d.dnd", NodeAddress.segment(address)));
    }

    /** Offset inside an internal node payload of entry {@code e}'s min. */
    static int minField(ByteBuffer payload, int e) {
        return (int) InternalLayout.minOffset(MemorySegment.ofBuffer(payload), e);
    }

    /** Offset inside an internal node payload of entry {@code e}'s max. */
    static int maxField(ByteBuffer payload, int e) {
        return (int) InternalLayout.maxOffset(MemorySegment.ofBuffer(payload), e);
    }

    /**
     * Sets entry {@code e}'s version in an internal node payload: the base of a one-child node,
     * else the packed column (which must be wide enough for {@code version} minus the base).
     */
    static void setEntryVersion(ByteBuffer payload, int e, long version) {
        MemorySegment n = MemorySegment.ofBuffer(payload);
        int width = InternalLayout.versionWidth(n);
        if (InternalLayout.children(n) == 1 && width == 0) { // the base alone is the version
            payload.putLong(InternalLayout.VERSION_BASE, version);
            return;
        }
        long delta = version - payload.getLong(InternalLayout.VERSION_BASE);
        if (width == 0 || (width < 8 && delta >>> (8 * width) != 0)) {
            throw new IllegalStateException("version column of width " + width + " cannot hold " + delta);
        }
        int at = InternalLayout.COLUMNS + InternalLayout.children(n) * InternalLayout.addressWidth(n) + e * width;
        for (int b = 0; b < width; b++) {
            payload.put(at + b, (byte) (delta >>> (8 * b)));
        }
    }

    static double f64(MemorySegment n, long off) {
        return n.get(Bytes.F64, off);
    }
}
