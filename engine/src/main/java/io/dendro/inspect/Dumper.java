package io.dendro.inspect;

import io.dendro.catalog.Catalog;
import io.dendro.catalog.CatalogLayout;
import io.dendro.catalog.Properties;
import io.dendro.catalog.StreamRecord;
import io.dendro.catalog.VersionIndex;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.Lease;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.Geometry;
import io.dendro.tree.InternalLayout;
import io.dendro.tree.Nodes;
import io.dendro.tree.RecordKind;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.util.UUID;

/**
 * Prints a database's structures for debugging, like LMDB's {@code mdb_dump} or H2's
 * {@code MVStoreTool}: the shape of a stream's tree at one version, the registry trie, or one
 * record decoded field by field ({@link #node}). Addresses print as {@code segment:offset}.
 *
 * <p>A record that fails its checks prints as a {@code !} line with the error, and the dump goes
 * on with its siblings, so a damaged tree can be looked at. Output stops early when
 * {@code out} reports an error (a closed pipe).
 */
public final class Dumper {
    /** No depth limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    private static final int CHECK_EVERY = 1024;

    private final Store store;
    private final PrintWriter out;
    private final int depth;
    private long lines;
    private boolean stopped;

    private Dumper(Store store, PrintWriter out, int depth) {
        this.store = store;
        this.out = out;
        this.depth = depth;
    }

    /**
     * Prints the tree of stream {@code uuid} at {@code version} (0: the latest), one line per
     * node, indented by level: internal nodes with their pointwidth, start and child count, each
     * entry with its child slot, version, count, min and max, leaves with their point count and
     * first and last time. {@code depth} levels of nodes are printed (1: the root and its entries).
     *
     * @throws DendroException NO_SUCH_STREAM, NO_SUCH_VERSION, INVALID_ARGUMENT (version below
     *                         0, depth below 1), CORRUPTION when the stream record or version
     *                         index cannot be read, CLOSED
     */
    public static void tree(Store store, UUID uuid, long version, int depth, PrintWriter out) {
        checkDepth(depth);
        if (version < 0) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "version " + version + " is negative");
        }
        try (Lease lease = store.acquire()) {
            long address = Catalog.lookup(store, Catalog.readRoot(store, store.root()).trie(), uuid);
            if (address == NodeAddress.NONE) {
                throw new DendroException(ErrorCode.NO_SUCH_STREAM, "no stream with uuid " + uuid);
            }
            StreamRecord rec = StreamRecord.read(store, address);
            long latest = rec.version();
            if (version > latest) {
                throw new DendroException(ErrorCode.NO_SUCH_VERSION, "stream " + uuid + " has no version " + version
                        + "; the latest is " + latest);
            }
            long v = version == 0 ? latest : version;
            long root = v == latest ? rec.root() : VersionIndex.rootOf(store, rec.versionIndex(), latest, v);
            out.println("stream " + uuid + " version " + v + " of " + latest + " root " + NodeAddress.toString(root)
                    + (v < rec.firstRetained() ? " (dropped by retention: the oldest kept is " + rec.firstRetained()
                    + ")" : ""));
            if (root != NodeAddress.NONE) {
                new Dumper(store, out, depth).subtree("", "", root, Geometry.ROOT_PW, Geometry.ROOT_START, 1);
            }
        }
        out.flush();
    }

    /**
     * Prints the registry: the catalog root, then each trie node (depth, children, mask) and
     * bucket (depth, entries) indented by level, each bucket entry with its stream record's
     * address, version and collection. {@code depth} levels of trie records are printed.
     */
    public static void registry(Store store, int depth, PrintWriter out) {
        checkDepth(depth);
        try (Lease lease = store.acquire()) {
            long root = store.root();
            if (root == NodeAddress.NONE) {
                out.println("catalog-root none (no stream was ever created)");
            } else {
                Catalog.Root r = Catalog.readRoot(store, root);
                out.println("catalog-root " + NodeAddress.toString(root) + " streams=" + r.streams() + " trie="
                        + NodeAddress.toString(r.trie()) + " lsn=" + r.lsn() + " index="
                        + (r.indexed() ? NodeAddress.toString(r.index()) : "none"));
                if (r.trie() != NodeAddress.NONE) {
                    new Dumper(store, out, depth).trie("", "", r.trie(), 0, 1);
                }
            }
        }
        out.flush();
    }

    /**
     * Prints the record at {@code address} field by field, whatever its kind.
     *
     * @throws DendroException CORRUPTION when the record fails its checksum or bounds checks
     */
    public static void node(Store store, long address, PrintWriter out) {
        try (Lease lease = store.acquire()) {
            new NodeDecoder(store, out).decode(address);
        }
        out.flush();
    }

    private static void checkDepth(int depth) {
        if (depth < 1) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "depth " + depth + " must be at least 1");
        }
    }

    private void subtree(String prefix, String indent, long address, int pw, long start, int level) {
        if (stopped) {
            return;
        }
        MemorySegment n;
        try {
            n = Nodes.tree(store, address, pw, start);
        } catch (DendroException e) {
            failed(prefix, address, e);
            return;
        }
        String a = NodeAddress.toString(address);
        if (Nodes.isLeaf(n)) {
            io.dendro.tree.LeafPoints pts = new io.dendro.tree.LeafPoints().decode(n);
            int c = pts.count;
            line(prefix + "leaf " + a + " pw=" + pw + " start=" + start + " points=" + c + " first="
                    + pts.times[0] + " last=" + pts.times[c - 1]);
            return;
        }
        line(prefix + "internal " + a + " pw=" + pw + " start=" + start + " children=" + InternalLayout.children(n));
        int e = 0;
        for (long m = InternalLayout.mask(n); m != 0 && !stopped; m &= m - 1, e++) {
            int i = Long.numberOfTrailingZeros(m);
            long child = InternalLayout.address(n, e);
            String entry = indent + "  [" + i + "] v=" + InternalLayout.version(n, e) + " count="
                    + InternalLayout.count(n, e) + " min=" + InternalLayout.min(n, e) + " max="
                    + InternalLayout.max(n, e) + " -> ";
            if (level < depth && child != NodeAddress.NONE) {
                long childStart = Geometry.childStart(start, pw, i);
                subtree(entry, indent + "  ", child, Geometry.childPw(pw), childStart, level + 1);
            } else {
                line(entry + NodeAddress.toString(child));
            }
        }
    }

    private void trie(String prefix, String indent, long address, int d, int level) {
        if (stopped) {
            return;
        }
        MemorySegment p;
        try {
            p = store.read(address);
        } catch (DendroException e) {
            failed(prefix, address, e);
            return;
        }
        String a = NodeAddress.toString(address);
        int kind = CatalogLayout.kind(p);
        if (kind == RecordKind.CATALOG_NODE && p.byteSize() >= CatalogLayout.nodeHeaderSize()
                && p.byteSize() == CatalogLayout.nodeSize(CatalogLayout.nodeChildren(p))
                && d <= CatalogLayout.MAX_DEPTH) {
            long mask = CatalogLayout.nodeMask(p);
            line(prefix + "node " + a + " depth=" + CatalogLayout.depth(p) + " children="
                    + CatalogLayout.nodeChildren(p) + " mask=0x" + Long.toHexString(mask));
            int j = 0;
            for (long m = mask; m != 0 && j < CatalogLayout.nodeChildren(p) && !stopped; m &= m - 1, j++) {
                String entry = indent + "  [" + Long.numberOfTrailingZeros(m) + "] -> ";
                long child = CatalogLayout.nodeChild(p, j);
                if (level < depth && child != NodeAddress.NONE) {
                    trie(entry, indent + "  ", child, d + 1, level + 1);
                } else {
                    line(entry + NodeAddress.toString(child));
                }
            }
        } else if (kind == RecordKind.CATALOG_BUCKET && p.byteSize() >= CatalogLayout.bucketHeaderSize()
                && p.byteSize() == CatalogLayout.bucketSize(CatalogLayout.bucketCount(p))) {
            int count = CatalogLayout.bucketCount(p);
            line(prefix + "bucket " + a + " depth=" + CatalogLayout.depth(p) + " entries=" + count);
            for (int j = 0; j < count && !stopped; j++) {
                UUID id = new UUID(CatalogLayout.bucketMsb(p, j), CatalogLayout.bucketLsb(p, j));
                line(indent + "  " + id + " -> " + stream(CatalogLayout.bucketRecord(p, j)));
            }
        } else {
            line(prefix + a + " ! not a catalog node or bucket: a " + RecordKind.name((byte) kind) + " record of "
                    + p.byteSize() + " bytes");
        }
    }

    private String stream(long address) {
        try {
            StreamRecord rec = StreamRecord.read(store, address);
            String collection;
            try {
                collection = Properties.read(store, rec.properties()).collection();
            } catch (DendroException e) {
                collection = "! " + e.getMessage();
            }
            return "stream " + NodeAddress.toString(address) + " version=" + rec.version()
                    + " collection=" + collection;
        } catch (DendroException e) {
            return NodeAddress.toString(address) + " ! " + e.code() + ": " + e.getMessage();
        }
    }

    private void failed(String prefix, long address, DendroException e) {
        if (e.code() == ErrorCode.CLOSED) {
            throw e;
        }
        line(prefix + NodeAddress.toString(address) + " ! " + e.code() + ": " + e.getMessage());
    }

    private void line(String s) {
        out.println(s);
        if (++lines % CHECK_EVERY == 0 && out.checkError()) {
            stopped = true;
        }
    }

    /**
     * An address as people write it: {@code segment:offset} (as dumps and error messages print
     * addresses, e.g. {@code 0:4096}) or the raw 64-bit value in decimal or {@code 0x} hex.
     *
     * @throws DendroException INVALID_ARGUMENT when it is neither
     */
    public static long parseAddress(String text) {
        String s = text == null ? "" : text.strip();
        try {
            int colon = s.indexOf(':');
            if (colon >= 0) {
                return NodeAddress.of(Integer.parseInt(s.substring(0, colon)), Long.parseLong(s.substring(colon + 1)));
            }
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            return Long.parseLong(s);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "not an address: '" + text
                    + "' (expected segment:offset such as 0:4096, or a 64-bit integer)");
        }
    }
}
