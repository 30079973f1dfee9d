package io.dendro.tree;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The column of documents of a label or graph leaf: each point's compact JSON, in point order,
 * as one LZ4 block (docs/design/value-kinds.md). Labels repeat and successive graph snapshots
 * differ by little, so a block per leaf finds the repeats that a value-at-a-time encoding cannot.
 *
 * <pre>
 *  0      1              5              9              13
 *  +------+--------------+--------------+--------------+------------------+----------+
 *  |method| count u32    | rawLength u32| storedLen u32| stored bytes     | crc32c   |
 *  +------+--------------+--------------+--------------+------------------+----------+
 * </pre>
 *
 * The raw column is {@code count} unsigned LEB128 lengths, then the documents' bytes one after
 * another. {@code method} 1 stores it as an LZ4 block ({@code lz4-java}'s pure-Java instance:
 * no native code, no JVM flag), 0 as it is, whichever is smaller. All integers little-endian; the
 * trailing CRC32C covers every byte before it. A decoder that finds the layout inconsistent
 * reports {@code CORRUPTION}.
 */
public final class DocumentColumn {
    static final int METHOD = 0;
    static final int COUNT = METHOD + 1;
    static final int RAW_LENGTH = COUNT + Integer.BYTES;
    static final int STORED_LENGTH = RAW_LENGTH + Integer.BYTES;
    static final int HEADER = STORED_LENGTH + Integer.BYTES;
    static final int TRAILER = Integer.BYTES;

    static final byte STORED = 0;
    static final byte LZ4 = 1;

    /** A raw column may not exceed this (64 MiB): far above any leaf's documents, a guard for the decoder. */
    public static final int MAX_RAW = 64 << 20;

    private static final LZ4Factory FACTORY = LZ4Factory.fastestJavaInstance();
    private static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private DocumentColumn() {
    }

    /** Encodes {@code docs[from, to)} (each a document's bytes). */
    public static byte[] encode(byte[][] docs, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += varintLength(docs[i].length) + docs[i].length;
        }
        if (total > MAX_RAW) {
            throw new IllegalArgumentException("documents of " + total + " bytes exceed a column's " + MAX_RAW);
        }
        byte[] raw = new byte[(int) total];
        int at = 0;
        for (int i = from; i < to; i++) {
            at = putVarint(raw, at, docs[i].length);
        }
        for (int i = from; i < to; i++) {
            System.arraycopy(docs[i], 0, raw, at, docs[i].length);
            at += docs[i].length;
        }
        byte[] packed = new byte[COMPRESSOR.maxCompressedLength(raw.length)];
        int n = COMPRESSOR.compress(raw, 0, raw.length, packed, 0, packed.length);
        boolean lz4 = n < raw.length;
        byte[] stored = lz4 ? packed : raw;
        int storedLength = lz4 ? n : raw.length;
        byte[] out = new byte[HEADER + storedLength + TRAILER];
        MemorySegment seg = MemorySegment.ofArray(out);
        out[METHOD] = lz4 ? LZ4 : STORED;
        seg.set(I32, COUNT, to - from);
        seg.set(I32, RAW_LENGTH, raw.length);
        seg.set(I32, STORED_LENGTH, storedLength);
        System.arraycopy(stored, 0, out, HEADER, storedLength);
        seg.set(I32, HEADER + storedLength, crc(out, 0, HEADER + storedLength));
        return out;
    }

    /** The encoded length of the column at {@code offset}: header, stored bytes and checksum. */
    public static long length(MemorySegment seg, long offset) {
        return HEADER + Integer.toUnsignedLong(seg.get(I32, offset + STORED_LENGTH)) + TRAILER;
    }

    /**
     * Decodes the column of {@code count} documents in {@code [offset, offset + length)}.
     *
     * @throws DendroException CORRUPTION when the bytes are not such a column
     */
    public static byte[][] decode(MemorySegment seg, long offset, long length, int count) {
        if (length < HEADER + TRAILER) {
            throw corrupt("shorter than its header (" + length + " bytes)");
        }
        byte[] b = seg.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        MemorySegment s = MemorySegment.ofArray(b);
        int storedLength = s.get(I32, STORED_LENGTH);
        if (storedLength < 0 || HEADER + (long) storedLength + TRAILER != length) {
            throw corrupt("stored length " + Integer.toUnsignedString(storedLength) + " does not fit " + length
                    + " bytes");
        }
        if (s.get(I32, HEADER + storedLength) != crc(b, 0, HEADER + storedLength)) {
            throw corrupt("checksum mismatch");
        }
        int n = s.get(I32, COUNT);
        int rawLength = s.get(I32, RAW_LENGTH);
        if (n != count) {
            throw corrupt("holds " + Integer.toUnsignedString(n) + " documents, the leaf " + count);
        }
        if (rawLength < 0 || rawLength > MAX_RAW) {
            throw corrupt("raw length " + Integer.toUnsignedString(rawLength));
        }
        byte[] raw;
        switch (b[METHOD]) {
            case STORED -> {
                if (rawLength != storedLength) {
                    throw corrupt("stored column of " + storedLength + " bytes says " + rawLength);
                }
                raw = java.util.Arrays.copyOfRange(b, HEADER, HEADER + storedLength);
            }
            case LZ4 -> {
                raw = new byte[rawLength];
                int got;
                try {
                    got = DECOMPRESSOR.decompress(b, HEADER, storedLength, raw, 0, rawLength);
                } catch (LZ4Exception e) {
                    throw corrupt("LZ4 block: " + e.getMessage());
                }
                if (got != rawLength) {
                    throw corrupt("LZ4 block gave " + got + " bytes, not " + rawLength);
                }
            }
            default -> throw corrupt("unknown method " + b[METHOD]);
        }
        int[] lengths = new int[n];
        int at = 0;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long v = 0;
            int shift = 0;
            while (true) {
                if (at >= raw.length || shift > 28) {
                    throw corrupt("document length " + i + " is malformed");
                }
                int x = raw[at++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    break;
                }
                shift += 7;
            }
            lengths[i] = (int) v;
            sum += v;
        }
        if (sum != raw.length - at) {
            throw corrupt("document lengths add up to " + sum + " bytes, the column holds " + (raw.length - at));
        }
        byte[][] docs = new byte[n][];
        for (int i = 0; i < n; i++) {
            docs[i] = java.util.Arrays.copyOfRange(raw, at, at + lengths[i]);
            at += lengths[i];
        }
        return docs;
    }

    private static int varintLength(int v) {
        return v < 1 << 7 ? 1 : v < 1 << 14 ? 2 : v < 1 << 21 ? 3 : v < 1 << 28 ? 4 : 5;
    }

    private static int putVarint(byte[] b, int at, int v) {
        while ((v & ~0x7f) != 0) {
            b[at++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        return at;
    }

    private static int crc(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    private static DendroException corrupt(String what) {
        return new DendroException(ErrorCode.CORRUPTION, "corrupt document column: " + what);
    }
}
