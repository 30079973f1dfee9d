package io.dendro.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A stream written by Dendro, opened up for tests that break one thing in it: where each
 * message's metadata and body start, the FlatBuffer of a message, little-endian patches.
 */
final class StreamBytes {
    final byte[] bytes;
    private final ByteBuffer view;

    StreamBytes(byte[] bytes) {
        this.bytes = bytes;
        this.view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return where message {@code index} (0-based) starts: its continuation marker */
    int messageStart(int index) {
        int at = 0;
        for (int i = 0; i < index; i++) {
            at = bodyStart(i) + (int) bodyLength(i);
        }
        return at;
    }

    int metadataStart(int index) {
        return messageStart(index) + IpcLayout.PREFIX_SIZE;
    }

    int bodyStart(int index) {
        int at = messageStart(index);
        return at + IpcLayout.PREFIX_SIZE + view.getInt(at + Integer.BYTES);
    }

    long bodyLength(int index) {
        FlatBufferReader fb = metadata(index);
        return fb.getLong(fb.root(), MetadataLayout.MESSAGE_BODY_LENGTH, 0);
    }

    /** The metadata of message {@code index}; its positions are relative to {@link #metadataStart}. */
    FlatBufferReader metadata(int index) {
        int at = messageStart(index);
        int length = view.getInt(at + Integer.BYTES);
        return new FlatBufferReader(ByteBuffer.wrap(bytes, at + IpcLayout.PREFIX_SIZE, length).slice(), "test");
    }

    /** @return the header table (Schema or RecordBatch) of message {@code index} */
    int header(int index) {
        FlatBufferReader fb = metadata(index);
        return fb.tableAt(fb.root(), MetadataLayout.MESSAGE_HEADER);
    }

    /** @return the absolute position of {@code slot} of {@code table} in message {@code index} */
    int field(int index, int table, int slot, int width) {
        int at = metadata(index).field(table, slot, width);
        if (at < 0) {
            throw new IllegalStateException("slot " + slot + " is absent");
        }
        return metadataStart(index) + at;
    }

    /** @return the absolute position of element {@code i} of the struct vector in {@code slot} */
    int struct(int index, int table, int slot, int i) {
        int vector = metadata(index).vectorAt(table, slot, MetadataLayout.STRUCT_SIZE);
        return metadataStart(index) + vector + Integer.BYTES + MetadataLayout.STRUCT_SIZE * i;
    }

    StreamBytes putLong(int at, long value) {
        view.putLong(at, value);
        return this;
    }

    StreamBytes putInt(int at, int value) {
        view.putInt(at, value);
        return this;
    }

    StreamBytes putShort(int at, int value) {
        view.putShort(at, (short) value);
        return this;
    }

    StreamBytes putByte(int at, int value) {
        bytes[at] = (byte) value;
        return this;
    }

    byte[] range(int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** A whole message: prefix, the builder's FlatBuffer padded to 8, then {@code body}. */
    static byte[] frame(FlatBufferBuilder fb, byte[] body) {
        int length = (int) IpcLayout.padded(fb.size());
        ByteBuffer message = ByteBuffer.allocate(IpcLayout.PREFIX_SIZE + length + body.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        message.putInt(IpcLayout.CONTINUATION).putInt(length).put(fb.array(), 0, fb.size());
        message.position(IpcLayout.PREFIX_SIZE + length);
        message.put(body);
        return message.array();
    }
}
