package io.dendro.bench;

import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.RawValuesParams;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * RawValues read in place, for {@link GrpcBenchmark#valuesGrpcInPlace}: the client keeps each
 * response as the bytes that came off the wire and walks protobuf's encoding itself, instead of
 * building a {@code RawPoint} object per point as the generated parser does. It separates what
 * the generated Java client costs from what the server and the transport cost.
 *
 * <pre>
 * RawValuesResponse = (key value)*, keys: 0x0A stat (len), 0x10 versionMajor (varint),
 *                     0x18 versionMinor (varint), 0x22 RawPoint (len)
 * RawPoint          = 0x09 time (fixed64), 0x11 value (double, fixed64); either may be absent (0)
 * </pre>
 * Any other field is skipped by its wire type, as a protobuf parser does.
 */
final class RawValuesWire {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** RawValues with the response left as bytes. */
    static final MethodDescriptor<RawValuesParams, byte[]> METHOD = BTrDBGrpc.getRawValuesMethod()
            .toBuilder(BTrDBGrpc.getRawValuesMethod().getRequestMarshaller(), new Bytes()).build();

    private RawValuesWire() {
    }

    /** What a scan adds up. */
    static final class Sum {
        long points;
        double values;
        long times;
        /** Whether a response carried a non-empty Status (a failure: OK is sent empty). */
        boolean failed;
    }

    /** Adds the points of one RawValuesResponse into {@code sum}. */
    static void scan(byte[] b, Sum sum) {
        int at = 0;
        while (at < b.length) {
            long key = b[at++];
            if (key < 0) { // keys of fields 1 to 15 fit one byte; anything else is not ours
                throw new IllegalStateException("unexpected key at " + (at - 1));
            }
            int type = (int) (key & 7);
            if (key == 0x22) {
                int len = b[at++];
                if (len < 0) {
                    throw new IllegalStateException("a RawPoint longer than 127 bytes at " + (at - 1));
                }
                point(b, at, at + len, sum);
                at += len;
            } else if (key == 0x0A) {
                if (b[at++] != 0) { // OK is sent as an empty Status; anything else is a failure
                    sum.failed = true;
                    return;
                }
            } else {
                at = skip(b, at, type);
            }
        }
    }

    private static void point(byte[] b, int at, int end, Sum sum) {
        long time = 0;
        double value = 0;
        while (at < end) {
            int key = b[at++];
            if (key == 0x09) {
                time = (long) LONG.get(b, at);
                at += 8;
            } else if (key == 0x11) {
                value = Double.longBitsToDouble((long) LONG.get(b, at));
                at += 8;
            } else {
                at = skip(b, at, key & 7);
            }
        }
        sum.points++;
        sum.times += time;
        sum.values += value;
    }

    private static int skip(byte[] b, int at, int type) {
        switch (type) {
            case 0 -> {
                while (b[at++] < 0) {
                    // continuation bit set: more bytes of the varint
                }
                return at;
            }
            case 1 -> {
                return at + 8;
            }
            case 2 -> {
                long len = 0;
                int shift = 0;
                byte x;
                do {
                    x = b[at++];
                    len |= (long) (x & 0x7F) << shift;
                    shift += 7;
                } while (x < 0);
                return at + (int) len;
            }
            case 5 -> {
                return at + 4;
            }
            default -> throw new IllegalStateException("wire type " + type + " at " + at);
        }
    }

    /** Keeps a message as its bytes. */
    static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try { // gRPC's message streams know their length: one copy, no growing buffers
                int known = stream instanceof io.grpc.KnownLength ? stream.available() : -1;
                if (known >= 0) {
                    byte[] b = new byte[known];
                    stream.readNBytes(b, 0, known);
                    return b;
                }
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
