package io.dendro.inspect;

import io.dendro.Time;
import io.dendro.catalog.Catalog;
import io.dendro.catalog.CatalogLayout;
import io.dendro.catalog.Properties;
import io.dendro.catalog.StreamRecord;
import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import io.dendro.tree.Format4Summary;
import io.dendro.tree.Geometry;
import io.dendro.tree.InternalLayout;
import io.dendro.tree.TimeSum;
import io.dendro.tree.LeafLayout;
import io.dendro.tree.RecordKind;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Decodes one record field by field for {@link Dumper#node}: the record framing, then the
 * payload by its kind (docs/format/). Fields that a damaged record does not hold are not read:
 * entries stop where the payload ends, and a payload too short for its header prints as hex.
 */
final class NodeDecoder {
    private static final int HEX_LIMIT = 4096;

    private final Store store;
    private final PrintWriter out;

    NodeDecoder(Store store, PrintWriter out) {
        this.store = store;
        this.out = out;
    }

    void decode(long address) {
        MemorySegment p = store.read(address);
        field("address", NodeAddress.toString(address) + " (" + address + ")");
        field("file", store.fileOf(address) + " offset " + NodeAddress.offset(address));
        field("payload", p.byteSize() + " bytes, checksum ok");
        int kind = CatalogLayout.kind(p);
        field("kind", kind + " (" + RecordKind.name((byte) kind) + ")");
        switch (kind) {
            case RecordKind.INTERNAL -> internal(p);
            case RecordKind.LEAF -> leaf(p);
            case RecordKind.VERSION_LEAF, RecordKind.VERSION_NODE -> version(p, kind == RecordKind.VERSION_LEAF);
            case RecordKind.CATALOG_ROOT -> catalogRoot(p, address);
            case RecordKind.CATALOG_NODE -> catalogNode(p);
            case RecordKind.CATALOG_BUCKET -> bucket(p);
            case RecordKind.INDEX_LEAF, RecordKind.INDEX_NODE -> indexRecord(p, address, kind == RecordKind.INDEX_LEAF);
            case RecordKind.STREAM -> stream(p, address);
            case RecordKind.PROPERTIES -> properties(address);
            default -> hex(p);
        }
    }

    private void internal(MemorySegment p) {
        if (p.byteSize() < InternalLayout.COLUMNS) {
            hex(p);
            return;
        }
        int pw = InternalLayout.pointwidth(p);
        long start = InternalLayout.start(p);
        header(p, pw, start);
        int spread = InternalLayout.spread(p);
        field("spread", spread + (spread == InternalLayout.SPREAD_M2 ? " (format 4: the fourth column is M2)"
                : spread == InternalLayout.SPREAD_SIGMA ? " (format 5: the fourth column is the stddev)"
                : spread == InternalLayout.SPREAD_SIGMA_SUMS
                ? " (formats 6 and 7: the fourth column is the stddev; null counts and time sums; format 7: extra samples and the kind's section)" : " (UNKNOWN)"));
        boolean sums = spread == InternalLayout.SPREAD_SIGMA_SUMS;
        field("children", Integer.toString(InternalLayout.children(p)));
        field("mask", String.format("0x%016x", InternalLayout.mask(p)));
        field("columns", "address base " + NodeAddress.toString(p.get(Bytes.I64, InternalLayout.ADDRESS_BASE))
                + " width " + InternalLayout.addressWidth(p) + ", version base " + p.get(Bytes.I64, InternalLayout.VERSION_BASE)
                + " width " + InternalLayout.versionWidth(p) + ", cumulative count width " + InternalLayout.countWidth(p)
                + ", cumulative nulls width " + InternalLayout.nullsWidth(p) + ", time sum width "
                + InternalLayout.timeSumWidth(p) + ", cumulative extra samples width " + InternalLayout.extraWidth(p)
                + ", kind section " + InternalLayout.kindBytes(p) + " bytes");
        if (InternalLayout.extraWidth(p) > 8 || InternalLayout.addressWidth(p) > 8 || InternalLayout.versionWidth(p) > 8 || InternalLayout.countWidth(p) > 8
                || InternalLayout.nullsWidth(p) > 8 || InternalLayout.timeSumWidth(p) > InternalLayout.MAX_TIME_SUM_WIDTH
                || InternalLayout.children(p) < 0 || InternalLayout.children(p) > Geometry.FANOUT
                || InternalLayout.expectedSize(p) != p.byteSize()) {
            out.println("entries: the header's widths and child count do not match the payload's "
                    + p.byteSize() + " bytes");
            return;
        }
        int e = 0;
        for (long m = InternalLayout.mask(p); m != 0 && e < InternalLayout.children(p); m &= m - 1, e++) {
            int i = Long.numberOfTrailingZeros(m);
            long count = InternalLayout.count(p, e);
            double column = InternalLayout.spreadColumn(p, e);
            String childStart = pw >= Geometry.FANOUT_BITS ? Long.toString(Geometry.childStart(start, pw, i)) : "?";
            out.println("entry " + e + ": child " + i + " start=" + childStart + " address="
                    + NodeAddress.toString(InternalLayout.address(p, e)) + " version=" + InternalLayout.version(p, e)
                    + " count=" + count + " min=" + InternalLayout.min(p, e) + " max="
                    + InternalLayout.max(p, e) + " mean=" + InternalLayout.mean(p, e)
                    + (spread != InternalLayout.SPREAD_M2 ? " stddev=" + column
                    : " m2=" + column + " stddev=" + (count > 0 ? Format4Summary.stddev(column, count) : Double.NaN))
                    + (sums ? " nulls=" + InternalLayout.nulls(p, e) + " timeSum="
                    + TimeSum.toString(InternalLayout.timeSumHi(p, e), InternalLayout.timeSumLo(p, e)) : "")
                    + (InternalLayout.extraWidth(p) > 0 ? " extra=" + InternalLayout.extra(p, e) : "")
                    + kindText(p, e));
        }
    }

    private void leaf(MemorySegment p) {
        if (p.byteSize() < LeafLayout.TIMES) {
            hex(p);
            return;
        }
        header(p, LeafLayout.pointwidth(p), LeafLayout.start(p));
        int count = LeafLayout.count(p);
        field("count", Integer.toString(count));
        int tl = LeafLayout.timesLength(p);
        field("timesLength", Integer.toString(tl));
        if (count < 0 || tl < 0 || LeafLayout.TIMES + (long) tl > p.byteSize()) {
            out.println("(the payload does not hold " + count + " points)");
            return;
        }
        field("valuesLength", Long.toString(LeafLayout.valuesLength(p)));
        if (LeafLayout.hasPayloads(p)) {
            field("payloadsLength", Long.toString(p.byteSize() - LeafLayout.payloadsAt(p)));
        }
        io.dendro.tree.LeafPoints pts;
        try {
            pts = new io.dendro.tree.LeafPoints().decode(p);
        } catch (io.dendro.error.DendroException e) {
            out.println("(cannot decode: " + e.getMessage() + ")");
            return;
        }
        for (int i = 0; i < pts.count; i++) {
            out.println("point " + i + ": " + pts.times[i] + " " + pts.values[i] + payloadText(pts.payload(i)));
        }
    }

    /** An entry's label table or edge statistics, as dump prints them (nothing for a numeric node). */
    private static String kindText(MemorySegment p, int e) {
        int kind = InternalLayout.valueKind(p);
        if (kind == io.dendro.tree.ValueKind.NOMINAL.id()) {
            io.dendro.tree.LabelTable t = new io.dendro.tree.LabelTable();
            try {
                InternalLayout.labels(p, e, t);
            } catch (io.dendro.error.DendroException x) {
                return " labels=(" + x.getMessage() + ")";
            }
            return " labels=" + t;
        }
        if (kind == io.dendro.tree.ValueKind.GRAPH.id()) {
            return " edgesMin=" + InternalLayout.edgesMin(p, e) + " edgesMax=" + InternalLayout.edgesMax(p, e)
                    + " edgesSum=" + InternalLayout.edgesSum(p, e);
        }
        return "";
    }

    /** A point's payload as dump prints it: nothing, an aggregate's fields, or the document. */
    private static String payloadText(byte[] p) {
        if (p == null) {
            return "";
        }
        if (io.dendro.tree.AggregatePayload.is(p)) {
            return " aggregate count=" + io.dendro.tree.AggregatePayload.count(p) + " min="
                    + io.dendro.tree.AggregatePayload.min(p) + " max=" + io.dendro.tree.AggregatePayload.max(p)
                    + " stddev=" + io.dendro.tree.AggregatePayload.stddev(p);
        }
        if (io.dendro.tree.GraphPayload.is(p)) {
            return " edges=" + io.dendro.tree.GraphPayload.edges(p) + " " + io.dendro.tree.GraphPayload.json(p);
        }
        return " " + new String(p, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void header(MemorySegment p, int pw, long start) {
        field("value kind", Byte.toString(p.get(Bytes.U8, InternalLayout.VALUE_KIND)));
        field("pointwidth", Integer.toString(pw));
        if (CatalogLayout.kind(p) == RecordKind.LEAF) {
            field("flags", LeafLayout.flags(p) + (LeafLayout.hasPayloads(p) ? " (payloads)" : ""));
        }
        boolean storable = start >= Time.MIN_TIME && start < Time.MAX_TIME;
        field("start", start + (storable ? " (" + Time.format(start) + ")" : ""));
        if (pw < 63) {
            field("end", Long.toString(start + (1L << pw)));
        }
    }

    private void version(MemorySegment p, boolean leaf) {
        if (p.byteSize() < CatalogLayout.versionHeaderSize()) {
            hex(p);
            return;
        }
        int count = CatalogLayout.versionCount(p);
        field("count", Integer.toString(count));
        field("reserved", CatalogLayout.versionReservedZero(p) ? "zero" : "NOT ZERO");
        for (int j = 0; j < count; j++) {
            if ((leaf ? CatalogLayout.versionLeafSize(j + 1) : CatalogLayout.versionNodeSize(j + 1)) > p.byteSize()) {
                out.println("entry " + j + ": past the end of the payload");
                return;
            }
            if (leaf) {
                long t = CatalogLayout.versionCommitTime(p, j);
                out.println("entry " + j + ": root=" + NodeAddress.toString(CatalogLayout.versionRoot(p, j))
                        + " commitTime=" + t + " (" + Time.format(t) + ")");
            } else {
                out.println("child " + j + ": " + NodeAddress.toString(CatalogLayout.versionChild(p, j)));
            }
        }
    }

    private void catalogRoot(MemorySegment p, long address) {
        if (p.byteSize() < CatalogLayout.ROOT_SIZE_BEFORE_INDEX) {
            hex(p);
            return;
        }
        Catalog.Root r = Catalog.readRoot(store, address);
        field("reserved", CatalogLayout.rootReservedZero(p) ? "zero" : "NOT ZERO");
        field("streams", Long.toString(r.streams()));
        field("trie", NodeAddress.toString(r.trie()));
        field("lsn", Long.toString(r.lsn()));
        field("index", r.indexed() ? NodeAddress.toString(r.index()) : "none (a root written before format 8)");
    }

    private void indexRecord(MemorySegment p, long address, boolean leaf) {
        field("reserved", CatalogLayout.indexReservedZero(p) ? "zero" : "NOT ZERO");
        if (leaf) {
            byte[][] keys = CatalogLayout.indexLeafKeys(store, address, p);
            field("keys", Integer.toString(keys.length));
            for (int j = 0; j < keys.length; j++) {
                out.println("key " + j + ": " + indexKey(keys[j]));
            }
        } else {
            CatalogLayout.IndexChild[] cs = CatalogLayout.indexChildren(store, address, p);
            field("children", Integer.toString(cs.length));
            for (int j = 0; j < cs.length; j++) {
                out.println("child " + j + ": " + NodeAddress.toString(cs[j].address()) + " keys=" + cs[j].keys()
                        + " first=" + indexKey(cs[j].first()));
            }
        }
    }

    /** A registry index key as text: its kind, terms (0x00 escapes shown as \0), creation time and UUID. */
    private static String indexKey(byte[] k) {
        if (k.length < 1 + io.dendro.catalog.IndexKeys.SUFFIX) {
            return java.util.HexFormat.of().formatHex(k);
        }
        String kind = switch (k[0]) {
            case io.dendro.catalog.IndexKeys.COLLECTION -> "collection";
            case io.dendro.catalog.IndexKeys.TAG -> "tag";
            case io.dendro.catalog.IndexKeys.ANNOTATION -> "annotation";
            case io.dendro.catalog.IndexKeys.DERIVED -> "derived";
            default -> "kind " + k[0];
        };
        int end = k.length - io.dendro.catalog.IndexKeys.SUFFIX;
        StringBuilder terms = new StringBuilder();
        if (k[0] == io.dendro.catalog.IndexKeys.DERIVED && end == 17) {
            terms.append("source=").append(new java.util.UUID(be(k, 1), be(k, 9)));
        } else {
            java.io.ByteArrayOutputStream part = new java.io.ByteArrayOutputStream();
            for (int i = 1; i < end; i++) {
                if (k[i] == 0 && i + 1 < end && (k[i + 1] == 1 || k[i + 1] == 2)) {
                    terms.append(terms.isEmpty() ? "" : " = ").append('"')
                            .append(part.toString(java.nio.charset.StandardCharsets.UTF_8)).append('"')
                            .append(k[i + 1] == 2 ? "(cut)" : "");
                    part.reset();
                    i++;
                } else if (k[i] == 0 && i + 1 < end && k[i + 1] == (byte) 0xFF) {
                    part.write(0);
                    i++;
                } else {
                    part.write(k[i]);
                }
            }
        }
        return kind + " " + terms + " created=" + io.dendro.catalog.IndexKeys.created(k) + " stream="
                + io.dendro.catalog.IndexKeys.uuid(k);
    }

    private static long be(byte[] k, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (k[o + i] & 0xFF);
        }
        return v;
    }

    private void catalogNode(MemorySegment p) {
        if (p.byteSize() < CatalogLayout.nodeHeaderSize()) {
            hex(p);
            return;
        }
        field("depth", Integer.toString(CatalogLayout.depth(p)));
        field("reserved", CatalogLayout.trieReservedZero(p) ? "zero" : "NOT ZERO");
        int children = CatalogLayout.nodeChildren(p);
        long mask = CatalogLayout.nodeMask(p);
        field("children", Integer.toString(children));
        field("mask", String.format("0x%016x", mask));
        int j = 0;
        for (long m = mask; m != 0; m &= m - 1, j++) {
            if (CatalogLayout.nodeSize(j + 1) > p.byteSize()) {
                out.println("child " + j + ": past the end of the payload");
                return;
            }
            out.println("chunk " + Long.numberOfTrailingZeros(m) + ": "
                    + NodeAddress.toString(CatalogLayout.nodeChild(p, j)));
        }
    }

    private void bucket(MemorySegment p) {
        if (p.byteSize() < CatalogLayout.bucketHeaderSize()) {
            hex(p);
            return;
        }
        int count = CatalogLayout.bucketCount(p);
        field("depth", Integer.toString(CatalogLayout.depth(p)));
        field("reserved", CatalogLayout.trieReservedZero(p) ? "zero" : "NOT ZERO");
        field("count", Integer.toString(count));
        for (int j = 0; j < count; j++) {
            if (CatalogLayout.bucketSize(j + 1) > p.byteSize()) {
                out.println("entry " + j + ": past the end of the payload");
                return;
            }
            UUID id = new UUID(CatalogLayout.bucketMsb(p, j), CatalogLayout.bucketLsb(p, j));
            out.println("entry " + j + ": " + id + " hash=" + String.format(Locale.ROOT, "0x%016x", Catalog.hash(id))
                    + " record=" + NodeAddress.toString(CatalogLayout.bucketRecord(p, j)));
        }
    }

    private void stream(MemorySegment p, long address) {
        if (p.byteSize() != CatalogLayout.STREAM_SIZE && p.byteSize() != CatalogLayout.STREAM_SIZE - 8) {
            hex(p);
            return;
        }
        StreamRecord r = StreamRecord.read(store, address);
        field("value kind", Byte.toString(r.valueKind()));
        field("reserved", CatalogLayout.streamReservedZero(p) ? "zero" : "NOT ZERO");
        field("uuid", r.uuid().toString());
        field("properties", NodeAddress.toString(r.properties()));
        field("version", Long.toString(r.version()));
        field("root", NodeAddress.toString(r.root()));
        field("version index", NodeAddress.toString(r.versionIndex()));
        field("created", r.created() + " (" + Time.format(r.created()) + ")");
        field("applied lsn", Long.toString(r.appliedLsn()));
        field("retain vers.", Long.toString(r.retainVersions()));
        field("retain nanos", Long.toString(r.retainNanos()));
        field("first kept", Long.toString(r.firstRetained()));
        field("derivation", r.isDerived() ? NodeAddress.toString(r.derivation()) : "none");
    }

    private void properties(long address) {
        MemorySegment p = store.read(address);
        field("reserved", CatalogLayout.propertiesReservedZero(p) ? "zero" : "NOT ZERO");
        Properties props = Properties.read(store, address);
        field("prop version", Long.toString(props.propertyVersion()));
        field("collection", props.collection());
        for (Map.Entry<String, String> e : props.tags().entrySet()) {
            out.println("tag " + e.getKey() + "=" + e.getValue());
        }
        for (Map.Entry<String, String> e : props.annotations().entrySet()) {
            out.println("annotation " + e.getKey() + "=" + e.getValue());
        }
    }

    private void hex(MemorySegment p) {
        byte[] b = p.asSlice(0, Math.min(p.byteSize(), HEX_LIMIT)).toArray(Bytes.U8);
        HexFormat h = HexFormat.of();
        for (int i = 0; i < b.length; i += 16) {
            out.println(String.format(Locale.ROOT, "%08x: ", i) + h.formatHex(b, i, Math.min(b.length, i + 16)));
        }
        if (p.byteSize() > HEX_LIMIT) {
            out.println("... " + (p.byteSize() - HEX_LIMIT) + " more bytes");
        }
    }

    private void field(String name, String value) {
        out.println(String.format(Locale.ROOT, "%-13s %s", name, value));
    }
}
