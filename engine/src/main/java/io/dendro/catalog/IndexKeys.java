package io.dendro.catalog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The keys of the registry index ({@link RegistryIndex}, docs/format/registry-index.md). Each
 * stream has one key for its collection, one per tag and one per annotation:
 * <pre>
 * collection : 0x01 | part(collection)                  | created | uuid
 * tag        : 0x02 | part(key) | part(value)           | created | uuid
 * annotation : 0x03 | part(key) | part(value)           | created | uuid
 * derived    : 0x04 | source uuid                       | created | uuid      (one per source of a derived stream)
 * </pre>
 * {@code part(s)}: the UTF-8 bytes of {@code s}, cut to their first {@link #CAP} bytes, with each
 * 0x00 written 0x00 0xFF, then 0x00 0x01 (or 0x00 0x02 when cut). So parts sort as their strings'
 * bytes do, a shorter string before its extensions, and a collection prefix is a key prefix.
 * {@code created}: the stream record's creation time, 8 bytes big-endian with the sign bit
 * flipped, so that streams created later sort later within a term and a batch of new streams
 * lands at each term's end; {@code uuid}: 16 bytes big-endian. Keys name candidates: a lookup
 * checks each stream it finds against the whole query, so cut parts only widen a range.
 */
public final class IndexKeys {
    public static final byte COLLECTION = 1;
    public static final byte TAG = 2;
    public static final byte ANNOTATION = 3;
    public static final byte DERIVED = 4;
    /** Bytes of a string a key keeps. */
    public static final int CAP = 256;
    /** The bytes after the terms: creation time and UUID. */
    public static final int SUFFIX = 24;

    private IndexKeys() {
    }

    /** The keys of a stream's collection, tags and annotations (not of its sources). */
    public static List<byte[]> of(UUID uuid, long created, Properties p) {
        return of(uuid, created, p, List.of());
    }

    /** Every key of a stream: its properties' and, for a derived stream, one per distinct source. */
    public static List<byte[]> of(UUID uuid, long created, Properties p, List<UUID> sources) {
        List<byte[]> out = new ArrayList<>(1 + p.tags().size() + p.annotations().size() + sources.size());
        out.add(key(COLLECTION, uuid, created, null, p.collection()));
        p.tags().forEach((k, v) -> out.add(key(TAG, uuid, created, null, k, v)));
        p.annotations().forEach((k, v) -> out.add(key(ANNOTATION, uuid, created, null, k, v)));
        for (UUID s : new java.util.LinkedHashSet<>(sources)) {
            out.add(key(DERIVED, uuid, created, s));
        }
        return out;
    }

    private static byte[] key(byte type, UUID uuid, long created, UUID source, String... parts) {
        byte[][] utf8 = new byte[parts.length][];
        int size = 1 + (source != null ? 16 : 0) + SUFFIX;
        for (int i = 0; i < parts.length; i++) {
            utf8[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            size += escapedLength(utf8[i]) + 2;
        }
        byte[] k = new byte[size];
        k[0] = type;
        int o = 1;
        if (source != null) {
            o = putLong(k, o, source.getMostSignificantBits());
            o = putLong(k, o, source.getLeastSignificantBits());
        }
        for (byte[] u : utf8) {
            o = escape(k, o, u);
            k[o++] = 0;
            k[o++] = (byte) (u.length > CAP ? 2 : 1);
        }
        o = putLong(k, o, created ^ Long.MIN_VALUE);
        o = putLong(k, o, uuid.getMostSignificantBits());
        putLong(k, o, uuid.getLeastSignificantBits());
        return k;
    }

    /** The length of {@code u}'s first {@link #CAP} bytes with each 0x00 doubled. */
    private static int escapedLength(byte[] u) {
        int n = Math.min(u.length, CAP);
        int len = n;
        for (int i = 0; i < n; i++) {
            if (u[i] == 0) {
                len++;
            }
        }
        return len;
    }

    /** Writes {@code u}'s first {@link #CAP} bytes, each 0x00 as 0x00 0xFF, at {@code o}; returns the end. */
    private static int escape(byte[] k, int o, byte[] u) {
        int n = Math.min(u.length, CAP);
        for (int i = 0; i < n; i++) {
            k[o++] = u[i];
            if (u[i] == 0) {
                k[o++] = (byte) 0xFF;
            }
        }
        return o;
    }

    private static int putLong(byte[] k, int o, long v) {
        for (int i = 7; i >= 0; i--) {
            k[o++] = (byte) (v >>> (8 * i));
        }
        return o;
    }

    private static void uuid(ByteArrayOutputStream b, UUID uuid) {
        for (long half : new long[] {uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()}) {
            for (int i = 7; i >= 0; i--) {
                b.write((int) (half >>> (8 * i)));
            }
        }
    }

    /** Writes {@code s}'s part, or (without {@code end}) only its escaped bytes, a prefix of it. */
    private static void part(ByteArrayOutputStream b, String s, boolean end) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(u.length, CAP);
        for (int i = 0; i < n; i++) {
            b.write(u[i]);
            if (u[i] == 0) {
                b.write(0xFF);
            }
        }
        if (end) {
            b.write(0);
            b.write(u.length > CAP ? 2 : 1);
        }
    }

    /** The UUID a key ends with. */
    public static UUID uuid(byte[] key) {
        int o = key.length - 16;
        return new UUID(be(key, o), be(key, o + 8));
    }

    /** The creation time a key holds. */
    public static long created(byte[] key) {
        return be(key, key.length - SUFFIX) ^ Long.MIN_VALUE;
    }

    private static long be(byte[] k, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (k[o + i] & 0xFF);
        }
        return v;
    }

    /** A range of keys {@code [lo, hi)}. */
    public record Range(byte[] lo, byte[] hi) {
    }

    /** Every key that starts with {@code prefix}. */
    public static Range prefix(byte[] prefix) {
        byte[] hi = prefix.clone();
        int i = hi.length - 1;
        while (i >= 0 && hi[i] == (byte) 0xFF) {
            i--;
        }
        if (i < 0) {
            throw new IllegalArgumentException("no key range above an all-0xFF prefix");
        }
        hi = java.util.Arrays.copyOf(hi, i + 1);
        hi[i]++;
        return new Range(prefix, hi);
    }

    private static byte[] terms(byte type, boolean endLast, String... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        b.write(type);
        for (int i = 0; i < parts.length; i++) {
            part(b, parts[i], i < parts.length - 1 || endLast);
        }
        return b.toByteArray();
    }

    /** Streams whose collection is {@code c}. */
    public static Range collection(String c) {
        return prefix(terms(COLLECTION, true, c));
    }

    /**
     * Streams whose collection starts with {@code p} (a candidate range: a cut prefix, or one
     * without a trailing lone high surrogate, which UTF-8 cannot encode alone, is wider).
     */
    public static Range collectionPrefix(String p) {
        if (!p.isEmpty() && Character.isHighSurrogate(p.charAt(p.length() - 1))) {
            p = p.substring(0, p.length() - 1);
        }
        return prefix(terms(COLLECTION, false, p));
    }

    /** Streams with tag {@code key}, of value {@code value} unless that is null. */
    public static Range tag(String key, String value) {
        return value == null ? prefix(terms(TAG, true, key)) : prefix(terms(TAG, true, key, value));
    }

    /** The streams derived from {@code source}. */
    public static Range derivedFrom(UUID source) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(17);
        b.write(DERIVED);
        uuid(b, source);
        return prefix(b.toByteArray());
    }

    /** Every derived stream's keys. */
    public static Range derived() {
        return prefix(new byte[] {DERIVED});
    }

    /** The source a {@link #DERIVED} key names. */
    public static UUID source(byte[] key) {
        return new UUID(be(key, 1), be(key, 9));
    }

    /** Streams with annotation {@code key}, of value {@code value} unless that is null. */
    public static Range annotation(String key, String value) {
        return value == null ? prefix(terms(ANNOTATION, true, key)) : prefix(terms(ANNOTATION, true, key, value));
    }
}
