package io.dendro.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one FlatBuffer (an Arrow message's metadata) with every position checked against its
 * length before use, so that any bytes give either values or an {@link ArrowFormatException}.
 *
 * <p>The encoding, little-endian throughout:
 * <pre>
 * buffer  : | uoffset u32 to the root table | ... |
 * table   : | soffset s32 (vtable = table - soffset) | fields ... |
 * vtable  : | vtable size u16 | table size u16 | field offset u16 per slot (0 = absent) |
 * reference field : uoffset u32, target = field position + uoffset
 * vector  : | count u32 | elements ... |        string: a vector of bytes (then a zero)
 * union   : two slots, the type (u8) then a reference to the table
 * </pre>
 * A table is an {@code int} position; nothing is allocated but decoded strings. Strings are
 * charged to a budget of the metadata length plus {@value #STRING_SLACK} bytes, so that many
 * references to one long string (legal FlatBuffers, never written by Arrow) cannot make a small
 * input decode into gigabytes of names.
 */
final class FlatBufferReader {
    static final int STRING_SLACK = 64 * 1024;

    private final ByteBuffer buf;
    private final int limit;
    private final String what;
    private long stringBudget;

    /**
     * @param metadata the FlatBuffer, from position 0 to its limit; read with absolute gets only
     * @param what     names the message in errors ("message 3")
     */
    FlatBufferReader(ByteBuffer metadata, String what) {
        this.buf = metadata.order(ByteOrder.LITTLE_ENDIAN);
        this.limit = metadata.limit();
        this.what = what;
        this.stringBudget = (long) limit + STRING_SLACK;
    }

    /** @return the root table */
    int root() {
        check(0, Integer.BYTES, "root offset");
        return table(uoffsetTarget(0), "root table");
    }

    /** @return position of {@code slot}'s field of {@code width} bytes in {@code table}, or -1 if absent */
    int field(int table, int slot, int width) {
        int vtable = vtable(table);
        int vtableSize = Short.toUnsignedInt(buf.getShort(vtable));
        int entry = Short.BYTES * (2 + slot);
        if (entry + Short.BYTES > vtableSize) {
            return -1;
        }
        int offset = Short.toUnsignedInt(buf.getShort(vtable + entry));
        if (offset == 0) {
            return -1;
        }
        int objectSize = Short.toUnsignedInt(buf.getShort(vtable + Short.BYTES));
        if (offset < Integer.BYTES || offset + width > objectSize) {
            throw error("field " + slot + " of the table at " + table + " lies outside it");
        }
        return table + offset;
    }

    long getLong(int table, int slot, long absent) {
        int at = field(table, slot, Long.BYTES);
        return at < 0 ? absent : buf.getLong(at);
    }

    int getInt(int table, int slot, int absent) {
        int at = field(table, slot, Integer.BYTES);
        return at < 0 ? absent : buf.getInt(at);
    }

    short getShort(int table, int slot, short absent) {
        int at = field(table, slot, Short.BYTES);
        return at < 0 ? absent : buf.getShort(at);
    }

    /** @return the unsigned byte, or {@code absent} */
    int getByte(int table, int slot, int absent) {
        int at = field(table, slot, Byte.BYTES);
        return at < 0 ? absent : Byte.toUnsignedInt(buf.get(at));
    }

    boolean getBool(int table, int slot) {
        return getByte(table, slot, 0) != 0;
    }

    /** @return the table referenced by {@code slot}, or -1 if absent */
    int tableAt(int table, int slot) {
        int at = field(table, slot, Integer.BYTES);
        return at < 0 ? -1 : table(uoffsetTarget(at), "table");
    }

    /**
     * @return the vector referenced by {@code slot} (its count field), or -1 if absent; its
     *         {@code count * elementSize} bytes are known to lie within the buffer
     */
    int vectorAt(int table, int slot, int elementSize) {
        int at = field(table, slot, Integer.BYTES);
        if (at < 0) {
            return -1;
        }
        int vector = uoffsetTarget(at);
        check(vector, Integer.BYTES, "vector length");
        long count = Integer.toUnsignedLong(buf.getInt(vector));
        check(vector + Integer.BYTES, count * elementSize, "vector of " + count + " elements");
        return vector;
    }

    /** @return the number of elements of a vector from {@link #vectorAt} */
    int vectorLength(int vector) {
        return buf.getInt(vector);
    }

    /** @return the table that element {@code index} of a vector of references points to */
    int tableIn(int vector, int index) {
        return table(uoffsetTarget(vector + Integer.BYTES + Integer.BYTES * index), "table in a vector");
    }

    /** @return the string referenced by {@code slot}, or null if absent; malformed UTF-8 becomes U+FFFD */
    String string(int table, int slot) {
        int vector = vectorAt(table, slot, 1);
        if (vector < 0) {
            return null;
        }
        int length = buf.getInt(vector);
        stringBudget -= length;
        if (stringBudget < 0) {
            throw error("its strings add up to more than the metadata could hold");
        }
        byte[] utf8 = new byte[length];
        buf.get(vector + Integer.BYTES, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    long getLongAt(int position) {
        return buf.getLong(position);
    }

    ArrowFormatException error(String message) {
        return new ArrowFormatException(what + ": malformed metadata: " + message);
    }

    private int table(int table, String name) {
        check(table, Integer.BYTES, name);
        vtable(table);
        return table;
    }

    private int vtable(int table) {
        check(table, Integer.BYTES, "table");
        long vtable = (long) table - buf.getInt(table);
        check(vtable, 2 * Short.BYTES, "vtable");
        int vtableSize = Short.toUnsignedInt(buf.getShort((int) vtable));
        int objectSize = Short.toUnsignedInt(buf.getShort((int) vtable + Short.BYTES));
        if (vtableSize < 2 * Short.BYTES || (vtableSize & 1) != 0) {
            throw error("vtable size " + vtableSize + " at " + vtable);
        }
        check(vtable, vtableSize, "vtable");
        if (objectSize < Integer.BYTES) {
            throw error("table size " + objectSize + " at " + table);
        }
        check(table, objectSize, "table");
        return (int) vtable;
    }

    private int uoffsetTarget(int at) {
        long target = at + Integer.toUnsignedLong(buf.getInt(at));
        check(target, 0, "reference");
        return (int) target;
    }

    private void check(long position, long length, String name) {
        if (position < 0 || length < 0 || position + length > limit) {
            throw error(name + " at " + position + " (+" + length + ") beyond its " + limit + " bytes");
        }
    }
}
