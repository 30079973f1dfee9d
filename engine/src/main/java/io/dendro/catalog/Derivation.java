package io.dendro.catalog;

import io.dendro.storage.Bytes;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.NodeWriter;
import io.dendro.storage.Store;
import io.dendro.tree.Nodes;
import io.dendro.tree.RecordKind;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a derived stream is computed, and the lineage of one of its versions (docs/design/
 * derived-streams.md): the operator, its arguments, its sources (with their names) and the
 * version of each source that derived version {@code version} reflects. Each derived version has
 * its record, linked to the previous version's ({@code previous}), so the lineage of every
 * version stays readable; the stream record points at the latest.
 * <pre>
 * | kind u8 = 22 | flags u8 | reserved u16 | reserved u32 |
 * | version i64 | previous i64 | since i64 |
 * | op: u16 length, UTF-8 | args: u16 count, (key, value) strings | sources: u16 count,
 * |   (uuid msb i64, uuid lsb i64, version i64, name string) |    strings: u16 length, UTF-8
 * | until i64 |                                                   only with flag UNTIL (format 8)
 * </pre>
 * {@code since}: the derived stream covers source points from this time on ({@code MIN_TIME}
 * when it was computed over the sources' history, the sources' end at creation otherwise).
 * {@code until}: while its history is being computed in chunks (backprocessing), the derived
 * version holds the operator's output for times before {@code until} only; {@code MAX_TIME}
 * (flag clear, as every format-7 record) once it covers everything.
 */
public record Derivation(long version, long previous, long since, long until, String op, Map<String, String> args,
                         List<Source> sources) {
    /** A source: its stream, its name (empty when unnamed) and the version of it reflected. */
    public record Source(UUID uuid, String name, long version) {
    }

    static final int FLAGS = 1;
    /** Flag: an {@code until} field follows the sources (backprocessing not finished). */
    static final int UNTIL = 1;
    static final int VERSION = 8;
    static final int PREVIOUS = 16;
    static final int SINCE = 24;
    static final int BODY = 32;

    /** The same derivation for another derived version, reflecting these source versions. */
    public Derivation next(long newVersion, long previousAddress, List<Source> newSources) {
        return new Derivation(newVersion, previousAddress, since, until, op, args, newSources);
    }

    /** This derivation computed up to {@code t} (exclusive; {@code MAX_TIME}: everything). */
    public Derivation until(long t) {
        return new Derivation(version, previous, since, t, op, args, sources);
    }

    /** Whether the derived version covers every time (its backprocessing is finished). */
    public boolean complete() {
        return until == io.dendro.Time.MAX_TIME;
    }

    public long write(NodeWriter w) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        putString(body, op);
        putU16(body, args.size());
        for (Map.Entry<String, String> e : args.entrySet()) {
            putString(body, e.getKey());
            putString(body, e.getValue());
        }
        putU16(body, sources.size());
        for (Source s : sources) {
            putLong(body, s.uuid().getMostSignificantBits());
            putLong(body, s.uuid().getLeastSignificantBits());
            putLong(body, s.version());
            putString(body, s.name());
        }
        if (!complete()) {
            putLong(body, until);
        }
        byte[] b = body.toByteArray();
        MemorySegment p = w.reserve(BODY + b.length);
        p.asSlice(0, BODY).fill((byte) 0);
        p.set(Bytes.U8, 0, RecordKind.DERIVATION);
        p.set(Bytes.U8, FLAGS, (byte) (complete() ? 0 : UNTIL));
        p.set(Bytes.I64, VERSION, version);
        p.set(Bytes.I64, PREVIOUS, previous);
        p.set(Bytes.I64, SINCE, since);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, p, BODY, b.length);
        return w.lastAddress();
    }

    public static Derivation read(Store store, long address) {
        MemorySegment p = Nodes.record(store, address, RecordKind.DERIVATION, BODY);
        try {
            long[] at = {BODY};
            String op = getString(p, at);
            int na = getU16(p, at);
            Map<String, String> args = new LinkedHashMap<>();
            for (int i = 0; i < na; i++) {
                args.put(getString(p, at), getString(p, at));
            }
            int ns = getU16(p, at);
            List<Source> sources = new ArrayList<>(ns);
            for (int i = 0; i < ns; i++) {
                UUID id = new UUID(getLong(p, at), getLong(p, at));
                long v = getLong(p, at);
                sources.add(new Source(id, getString(p, at), v));
            }
            int flags = p.get(Bytes.U8, FLAGS) & 0xFF;
            if ((flags & ~UNTIL) != 0) {
                throw Nodes.corrupt(store, address, "derivation record with unknown flags " + flags);
            }
            long until = (flags & UNTIL) != 0 ? getLong(p, at) : io.dendro.Time.MAX_TIME;
            if (at[0] != p.byteSize()) {
                throw Nodes.corrupt(store, address, "derivation record with " + (p.byteSize() - at[0])
                        + " bytes after its sources");
            }
            return new Derivation(p.get(Bytes.I64, VERSION), p.get(Bytes.I64, PREVIOUS), p.get(Bytes.I64, SINCE), until,
                    op, args, sources);
        } catch (IndexOutOfBoundsException e) {
            throw Nodes.corrupt(store, address, "derivation record shorter than its fields say");
        }
    }

    /** The chain of derivation records from {@code address} back to the first, newest first. */
    public static List<Derivation> chain(Store store, long address) {
        List<Derivation> out = new ArrayList<>();
        for (long a = address; a != NodeAddress.NONE; ) {
            Derivation d = read(store, a);
            out.add(d);
            if (d.previous() != NodeAddress.NONE && out.size() > 1 << 24) {
                throw Nodes.corrupt(store, a, "derivation chain without an end");
            }
            a = d.previous();
        }
        return out;
    }

    private static void putU16(ByteArrayOutputStream o, int v) {
        o.write(v & 0xFF);
        o.write((v >>> 8) & 0xFF);
    }

    private static void putLong(ByteArrayOutputStream o, long v) {
        for (int i = 0; i < 8; i++) {
            o.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private static void putString(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + b.length + " bytes in a derivation");
        }
        putU16(o, b.length);
        o.writeBytes(b);
    }

    private static int getU16(MemorySegment p, long[] at) {
        int v = p.get(Bytes.I16, at[0]) & 0xFFFF;
        at[0] += 2;
        return v;
    }

    private static long getLong(MemorySegment p, long[] at) {
        long v = p.get(Bytes.I64, at[0]);
        at[0] += 8;
        return v;
    }

    private static String getString(MemorySegment p, long[] at) {
        int n = getU16(p, at);
        String s = new String(p.asSlice(at[0], n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        at[0] += n;
        return s;
    }
}
