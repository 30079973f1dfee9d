package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;

/**
 * One codec seen through 64-bit patterns, so that one contract suite covers them all: the
 * value codecs get the patterns as raw double bits, the timestamp codec as longs.
 */
interface CodecUnderTest {
    String name();

    int maxEncodedSize(int n);

    int encode(long[] bits, int n, MemorySegment dst, long offset);

    /** Decodes; {@code verify = false} skips the checksum to exercise the structural checks. */
    int decode(MemorySegment src, long offset, long length, long[] dst, int maxCount, boolean verify);

    static CodecUnderTest timestamps() {
        return new CodecUnderTest() {
            public String name() {
                return "timestamp";
            }

            public int maxEncodedSize(int n) {
                return TimestampCodec.maxEncodedSize(n);
            }

            public int encode(long[] bits, int n, MemorySegment dst, long offset) {
                return TimestampCodec.encode(bits, 0, n, dst, offset);
            }

            public int decode(MemorySegment src, long offset, long length, long[] dst, int max, boolean verify) {
                return TimestampCodec.decode(src, offset, length, dst, 0, max, verify);
            }
        };
    }

    /** A value codec: its encoder and its decoder over doubles. */
    interface ValueEncoder {
        int encode(double[] v, int from, int n, MemorySegment dst, long offset);
    }

    interface ValueDecoder {
        int decode(MemorySegment src, long offset, long length, double[] dst, int dstOffset, int max, boolean verify);
    }

    static CodecUnderTest values(String name, java.util.function.IntUnaryOperator max, ValueEncoder enc,
                                 ValueDecoder dec) {
        return new CodecUnderTest() {
            public String name() {
                return name;
            }

            public int maxEncodedSize(int n) {
                return max.applyAsInt(n);
            }

            public int encode(long[] bits, int n, MemorySegment dst, long offset) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Double.longBitsToDouble(bits[i]);
                }
                return enc.encode(v, 0, n, dst, offset);
            }

            public int decode(MemorySegment src, long offset, long length, long[] dst, int maxCount, boolean verify) {
                double[] v = new double[dst.length];
                int n = dec.decode(src, offset, length, v, 0, maxCount, verify);
                for (int i = 0; i < n; i++) {
                    dst[i] = Double.doubleToRawLongBits(v[i]);
                }
                return n;
            }
        };
    }
}
