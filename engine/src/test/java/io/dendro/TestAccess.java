package io.dendro;

/** Test-only doors into package-private engine calls, for tests in other packages. */
public final class TestAccess {
    private TestAccess() {
    }

    /** Closes the files as a process crash would: buffered points stay only in the log. */
    public static void crash(Database db) {
        db.crashForTesting();
    }

    /**
     * How many leaves of the latest version of stream {@code uuid} hold their values under each
     * value codec tag (the byte after the encoded timestamps, docs/format/leaf.md).
     */
    public static java.util.Map<Integer, Integer> valueCodecTags(Database db, java.util.UUID uuid) {
        io.dendro.storage.Store store = db.core().store();
        java.util.Map<Integer, Integer> tags = new java.util.TreeMap<>();
        try (io.dendro.storage.Lease lease = store.acquire()) {
            long address = io.dendro.catalog.Catalog.lookup(store,
                    io.dendro.catalog.Catalog.readRoot(store, store.root()).trie(), uuid);
            long root = io.dendro.catalog.StreamRecord.read(store, address).root();
            if (root != io.dendro.storage.NodeAddress.NONE) {
                leafTags(store, root, io.dendro.tree.Geometry.ROOT_PW, io.dendro.tree.Geometry.ROOT_START, tags);
            }
        }
        return tags;
    }

    private static void leafTags(io.dendro.storage.Store store, long address, int pw, long start,
                                 java.util.Map<Integer, Integer> tags) {
        java.lang.foreign.MemorySegment n = io.dendro.tree.Nodes.tree(store, address, pw, start);
        if (io.dendro.tree.Nodes.isLeaf(n)) {
            long at = io.dendro.tree.LeafLayout.TIMES + io.dendro.tree.LeafLayout.timesLength(n);
            tags.merge(n.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at) & 0xFF, 1, Integer::sum);
            return;
        }
        int e = 0;
        for (long m = io.dendro.tree.InternalLayout.mask(n); m != 0; m &= m - 1, e++) {
            int i = Long.numberOfTrailingZeros(m);
            long child = io.dendro.tree.InternalLayout.address(n, e);
            if (child != io.dendro.storage.NodeAddress.NONE) {
                leafTags(store, child, io.dendro.tree.Geometry.childPw(pw), io.dendro.tree.Geometry.childStart(start, pw, i),
                        tags);
            }
        }
    }
}
