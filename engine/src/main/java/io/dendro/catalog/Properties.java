package io.dendro.catalog;

import io.dendro.storage.Bytes;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.tree.Nodes;
import io.dendro.tree.RecordKind;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream's collection, tags and annotations, with the property version that annotation
 * updates compare-and-set on. Strings are {@code u32 length + UTF-8 bytes}; maps are a
 * {@code u32 count} then (key, value) string pairs in key order.
 * <pre>
 * | kind u8 = 21 | reserved u8 [7] | property version i64 | collection str | tags map | annotations map |
 * </pre>
 */
public record Properties(String collection, Map<String, String> tags, Map<String, String> annotations,
                         long propertyVersion) {
    static final int VERSION = 8;
    static final int BODY = VERSION + 8;

    public Properties {
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public long write(NodeWriter w) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        putString(body, collection);
        putMap(body, tags);
        putMap(body, annotations);
        byte[] b = body.toByteArray();
        MemorySegment p = w.reserve(BODY + b.length);
        p.asSlice(0, BODY).fill((byte) 0);
        p.set(Bytes.U8, 0, RecordKind.PROPERTIES);
        p.set(Bytes.I64, VERSION, propertyVersion);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, p, BODY, b.length);
        return w.lastAddress();
    }

    public static Properties read(Store store, long address) {
        MemorySegment p = Nodes.record(store, address, RecordKind.PROPERTIES, BODY);
        Reader r = new Reader(store, address, p, BODY);
        String c = r.string();
        Map<String, String> t = r.map();
        Map<String, String> a = r.map();
        if (r.pos != p.byteSize()) {
            throw Nodes.corrupt(store, address, "trailing bytes in a properties record");
        }
        return new Properties(c, t, a, p.get(Bytes.I64, VERSION));
    }

    private static void putString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        out.write(n);
        out.write(n >>> 8);
        out.write(n >>> 16);
        out.write(n >>> 24);
        out.write(b, 0, n);
    }

    private static void putMap(ByteArrayOutputStream out, Map<String, String> m) {
        int n = m.size();
        out.write(n);
        out.write(n >>> 8);
        out.write(n >>> 16);
        out.write(n >>> 24);
        for (Map.Entry<String, String> e : m.entrySet()) {
            putString(out, e.getKey());
            putString(out, e.getValue());
        }
    }

    private static final class Reader {
        private final Store store;
        private final long address;
        private final MemorySegment p;
        long pos;

        Reader(Store store, long address, MemorySegment p, long pos) {
            this.store = store;
            this.address = address;
            this.p = p;
            this.pos = pos;
        }

        int u32() {
            if (pos + 4 > p.byteSize()) {
                throw Nodes.corrupt(store, address, "properties record cut short");
            }
            int v = p.get(Bytes.I32, pos);
            pos += 4;
            if (v < 0 || v > p.byteSize()) {
                throw Nodes.corrupt(store, address, "properties record with bad length " + v);
            }
            return v;
        }

        String string() {
            int n = u32();
            if (pos + n > p.byteSize()) {
                throw Nodes.corrupt(store, address, "properties record cut short");
            }
            byte[] b = p.asSlice(pos, n).toArray(Bytes.U8);
            pos += n;
            return new String(b, StandardCharsets.UTF_8);
        }

        Map<String, String> map() {
            int n = u32();
            Map<String, String> m = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                String k = string();
                m.put(k, string());
            }
            return m;
        }
    }
}
