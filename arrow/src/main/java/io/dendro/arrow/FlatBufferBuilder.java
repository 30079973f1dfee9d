package io.dendro.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one FlatBuffer front to back, the few shapes Arrow's metadata needs: tables of scalars
 * and references, vectors of references or of 16-byte structs, strings.
 *
 * <p>FlatBuffers requires every reference ({@code uoffset}, unsigned 32-bit) to point forward,
 * so a parent is written before its children: a reference field is written as a placeholder and
 * {@link #patch(int, int)} fills it in once the child's position is known. Each table's vtable is
 * written just before the table, which points back to it with a positive {@code soffset}
 * ({@code vtable = table - soffset}).
 *
 * <p>Alignment is kept relative to the buffer start, as FlatBuffers verifiers (Arrow C++,
 * pyarrow) check it: a table starts at 4 mod 8 so that its fields, laid out after the 4-byte
 * soffset from the widest down, are each aligned to their size; a vector's length sits just
 * before 8-aligned elements. The buffer is reused from message to message ({@link #reset()}).
 */
final class FlatBufferBuilder {
    private static final int MAX_SLOTS = 16;

    private byte[] bytes = new byte[512];
    private ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    private int size;

    // the table being built: per slot, its width in bytes (0 = absent) and value
    private final int[] slotWidth = new int[MAX_SLOTS];
    private final long[] slotValue = new long[MAX_SLOTS];
    private final int[] slotPosition = new int[MAX_SLOTS];
    private int slots = -1;

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    /** Writes the root reference at 0; patch it with the root table's position. */
    int rootPlaceholder() {
        if (size != 0) {
            throw new IllegalStateException("the root reference comes first");
        }
        return putInt(0);
    }

    /** Begins a table with {@code slotCount} slots; add fields, then {@link #endTable()}. */
    void startTable(int slotCount) {
        if (slots >= 0 || slotCount > MAX_SLOTS) {
            throw new IllegalStateException("one table at a time, at most " + MAX_SLOTS + " slots");
        }
        slots = slotCount;
        Arrays.fill(slotWidth, 0, slotCount, 0);
    }

    void addLong(int slot, long value) {
        add(slot, Long.BYTES, value);
    }

    void addInt(int slot, int value) {
        add(slot, Integer.BYTES, value);
    }

    void addShort(int slot, int value) {
        add(slot, Short.BYTES, value);
    }

    void addByte(int slot, int value) {
        add(slot, Byte.BYTES, value);
    }

    /** A reference field; after {@link #endTable()}, {@link #fieldPosition(int)} tells where to patch. */
    void addReference(int slot) {
        add(slot, Integer.BYTES, 0);
    }

    private void add(int slot, int width, long value) {
        slotWidth[slot] = width;
        slotValue[slot] = value;
    }

    /** Writes the vtable and the table. @return the table's position */
    int endTable() {
        int lastSlot = -1;
        int objectSize = Integer.BYTES;
        for (int s = 0; s < slots; s++) {
            if (slotWidth[s] != 0) {
                lastSlot = s;
                objectSize += slotWidth[s];
            }
        }
        int vtableSize = Short.BYTES * (2 + lastSlot + 1);
        align(Short.BYTES, 0);
        int vtable = size;
        int table = vtable + vtableSize;
        while ((table & 7) != 4) {
            table++;
        }
        ensure(table + objectSize);
        // fields from the widest down: each lands aligned to its width, table + 4 being 8-aligned
        int at = table + Integer.BYTES;
        for (int width = Long.BYTES; width >= 1; width >>= 1) {
            for (int s = 0; s <= lastSlot; s++) {
                if (slotWidth[s] == width) {
                    slotPosition[s] = at;
                    putAt(at, width, slotValue[s]);
                    at += width;
                }
            }
        }
        view.putShort(vtable, (short) vtableSize);
        view.putShort(vtable + 2, (short) objectSize);
        for (int s = 0; s <= lastSlot; s++) {
            view.putShort(vtable + 4 + 2 * s, (short) (slotWidth[s] == 0 ? 0 : slotPosition[s] - table));
        }
        Arrays.fill(bytes, vtable + vtableSize, table, (byte) 0);
        view.putInt(table, table - vtable);
        size = table + objectSize;
        slots = -1;
        return table;
    }

    /** @return where the last table put the field of {@code slot} */
    int fieldPosition(int slot) {
        return slotPosition[slot];
    }

    /**
     * Starts a vector of {@code count} references; element i is at {@code vector + 4 + 4 * i},
     * to be patched. @return the vector's position (its length field)
     */
    int referenceVector(int count) {
        align(Integer.BYTES, 0);
        int vector = putInt(count);
        for (int i = 0; i < count; i++) {
            putInt(0);
        }
        return vector;
    }

    /**
     * Starts a vector of {@code count} 16-byte structs of two longs; the caller then writes
     * {@code 2 * count} longs with {@link #putLong(long)}. @return the vector's position
     */
    int structVector(int count) {
        align(Long.BYTES, 4);
        return putInt(count);
    }

    /** Writes a string: length, UTF-8 bytes, a terminating zero. @return its position */
    int string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        align(Integer.BYTES, 0);
        int at = putInt(utf8.length);
        ensure(size + utf8.length + 1);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        bytes[size + utf8.length] = 0;
        size += utf8.length + 1;
        return at;
    }

    /** Points the reference at {@code referencePosition} to {@code target}, which is after it. */
    void patch(int referencePosition, int target) {
        if (target <= referencePosition) {
            throw new IllegalStateException("FlatBuffer references point forward");
        }
        view.putInt(referencePosition, target - referencePosition);
    }

    int putLong(long value) {
        ensure(size + Long.BYTES);
        view.putLong(size, value);
        size += Long.BYTES;
        return size - Long.BYTES;
    }

    private int putInt(int value) {
        ensure(size + Integer.BYTES);
        view.putInt(size, value);
        size += Integer.BYTES;
        return size - Integer.BYTES;
    }

    /** Pads with zeros until {@code size % alignment == phase}. */
    void align(int alignment, int phase) {
        ensure(size + alignment);
        while (size % alignment != phase) {
            bytes[size++] = 0;
        }
    }

    private void putAt(int at, int width, long value) {
        switch (width) {
            case Long.BYTES -> view.putLong(at, value);
            case Integer.BYTES -> view.putInt(at, (int) value);
            case Short.BYTES -> view.putShort(at, (short) value);
            default -> bytes[at] = (byte) value;
        }
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, 2 * bytes.length));
            view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
