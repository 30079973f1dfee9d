package io.dendro.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A response message already in protobuf's wire format. The hot streamed answer, RawValues,
 * writes its points straight from the cursor's arrays into bytes here (20 bytes a point)
 * instead of building a {@code RawPoint} object per point; the bytes are exactly what the
 * generated message would serialise to (explicit zero fields included, which every parser
 * accepts), so clients see BTrDB's {@code RawValuesResponse}.
 *
 * <pre>
 * RawValuesResponse  = [0x0A len Status] [0x10 varint versionMajor] (0x22 0x12 RawPoint)*
 * RawPoint (18 bytes) = 0x09 fixed64 time, 0x11 double value     (little-endian)
 * </pre>
 */
final class Precoded {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Bytes per point: the field key and length of the RawPoint, then its two 9-byte fields. */
    static final int POINT_BYTES = 2 + 9 + 9;

    final byte[] bytes;
    final int length;

    private Precoded(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    static Precoded of(MessageLite message) {
        byte[] b = message.toByteArray();
        return new Precoded(b, b.length);
    }

    /** A RawValuesResponse with status OK, {@code version} and the first {@code n} points. */
    static Precoded rawValues(long version, long[] times, double[] values, int n) {
        byte[] b = new byte[2 + 1 + 10 + n * POINT_BYTES];
        int at = 0;
        b[at++] = 0x0A; // stat: an empty Status (code 0)
        b[at++] = 0x00;
        if (version != 0) {
            b[at++] = 0x10;
            at = varint(b, at, version);
        }
        for (int i = 0; i < n; i++) {
            b[at] = 0x22; // values, length-delimited
            b[at + 1] = 18;
            b[at + 2] = 0x09; // time, fixed64
            LONG.set(b, at + 3, times[i]);
            b[at + 11] = 0x11; // value, double
            LONG.set(b, at + 12, Double.doubleToRawLongBits(values[i]));
            at += POINT_BYTES;
        }
        return new Precoded(b, at);
    }

    private static int varint(byte[] b, int at, long v) {
        while ((v & ~0x7FL) != 0) {
            b[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        return at;
    }

    /** Sends precoded bytes as they are; a server never parses its own responses. */
    static final class Marshaller implements MethodDescriptor.Marshaller<Precoded> {
        @Override
        public InputStream stream(Precoded value) {
            return new Sized(value.bytes, value.length);
        }

        @Override
        public Precoded parse(InputStream stream) {
            throw new UnsupportedOperationException("a precoded response is never parsed");
        }
    }

    /** Tells gRPC the length up front, so that it frames the message without buffering it twice. */
    private static final class Sized extends ByteArrayInputStream implements KnownLength {
        Sized(byte[] b, int length) {
            super(b, 0, length);
        }
    }
}
