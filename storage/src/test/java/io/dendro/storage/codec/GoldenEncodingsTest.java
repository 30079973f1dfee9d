package io.dendro.storage.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of docs/design/codecs.md, byte for byte (Prometheus
 * {@code testdata/index_format_v1}): decoders must keep reading these bytes whatever changes in
 * the encoders. Encoders that change their choices (a sampler, say) may produce other bytes;
 * the timestamp and XOR encoders have no choices left to change here, so their output is
 * pinned too.
 */
class GoldenEncodingsTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final long T0 = 1_500_000_000_000_000_000L;
    private static final double[] VALUES = {1.5, -0.0, 2.25, 3.0};

    private static MemorySegment bytes(String hex) {
        return MemorySegment.ofArray(HEX.parseHex(hex));
    }

    private static long[] times(String hex, int max) {
        MemorySegment s = bytes(hex);
        long[] out = new long[max];
        int n = TimestampCodec.decode(s, 0, s.byteSize(), out, 0, max);
        return java.util.Arrays.copyOf(out, n);
    }

    private static long[] valueBits(String hex) {
        MemorySegment s = bytes(hex);
        double[] out = new double[8];
        int n = ValueCodecs.decode(s, 0, s.byteSize(), out, 0, 8);
        long[] bits = new long[n];
        for (int i = 0; i < n; i++) {
            bits[i] = Double.doubleToRawLongBits(out[i]);
        }
        return bits;
    }

    private static String encodeTimes(long[] t) {
        MemorySegment s = MemorySegment.ofArray(new byte[TimestampCodec.maxEncodedSize(t.length)]);
        int len = TimestampCodec.encode(t, 0, t.length, s, 0);
        return HEX.formatHex(s.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }

    private static long[] bitsOf(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    @Test
    void shouldReadTheDocumentedTimestampExamples() {
        String irregular = "05 00 00 16 7b 0d 12 d1 14 0a 09 00 00 20 03 a1 e1 d4";
        String regular = "04 00 00 16 7b 0d 12 d1 14 0a 00 82 5e 8b bd";
        long[] t5 = {T0, T0 + 5, T0 + 10, T0 + 15, T0 + 21};
        long[] t4 = {T0, T0 + 5, T0 + 10, T0 + 15};
        assertArrayEquals(t5, times(irregular, 8));
        assertArrayEquals(t4, times(regular, 8));
        assertEquals(irregular, encodeTimes(t5));
        assertEquals(regular, encodeTimes(t4));
    }

    @Test
    void shouldReadTheDocumentedValueExamples() {
        String alp = "01 04 02 20 58 05 00 10 00 00 80 25 cb 00 00 00 00 00 00 00 00 00 01 84 3f 95 8c";
        String xor = "02 04 00 00 00 00 00 00 f8 3f 01 d0 fc df 00 78 02 c0 01 34 14 74 99 73 df";
        assertArrayEquals(bitsOf(VALUES), valueBits(alp));
        assertArrayEquals(bitsOf(VALUES), valueBits(xor));
        MemorySegment s = MemorySegment.ofArray(new byte[64]);
        int len = ValueCodecs.encode(ValueCodec.XOR, VALUES, 0, VALUES.length, s, 0);
        assertEquals(xor, HEX.formatHex(s.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
    }

    /**
     * ALP delta (tag 4), the two examples of docs/design/codecs.md: a gcd of 25 with a spike
     * (chosen by the facade), and EKG-like values with a -0.0 exception (encoded with it by name).
     * The encoder's bytes are pinned too while its choices stay as they are.
     */
    @Test
    void shouldReadTheDocumentedAlpDeltaExamples() {
        double[] spike = {12.5, 12.75, 13.0, 13.0, 12.25, 40.0, 12.5};
        double[] ekg = {0.2540, 0.2635, -0.0, 0.2600, 0.2590};
        String spikeHex = "04 07 02 00 80 78 22 03 01 00 00 01 01 80 02 ef 6d 23 c3 b6 35";
        String ekgHex = "04 05 04 04 00 fb a4 a0 c0 00 00 bd f2 13 00 00 00 00 00 00 00 00 10 03 02 4b 05";
        assertArrayEquals(bitsOf(spike), valueBits(spikeHex));
        assertArrayEquals(bitsOf(ekg), valueBits(ekgHex));
        MemorySegment s = MemorySegment.ofArray(new byte[64]);
        int len = ValueCodecs.encodeBest(spike, 0, spike.length, s, 0);
        assertEquals(spikeHex, HEX.formatHex(s.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        len = ValueCodecs.encode(ValueCodec.ALP_DELTA, ekg, 0, ekg.length, s, 0);
        assertEquals(ekgHex, HEX.formatHex(s.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
    }
}
