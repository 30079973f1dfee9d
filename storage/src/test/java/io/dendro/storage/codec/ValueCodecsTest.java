package io.dendro.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The facade keeps the smallest encoding, and each codec wins where it should. */
class ValueCodecsTest {
    static Stream<Inputs.Case> shapes() {
        List<Inputs.Case> all = new ArrayList<>(Inputs.doubles(11));
        all.addAll(Inputs.real());
        return all.stream().filter(c -> c.bits().length <= 4100);
    }

    private static double[] doubles(long[] bits) {
        double[] v = new double[bits.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.longBitsToDouble(bits[i]);
        }
        return v;
    }

    private static MemorySegment buffer(int n) {
        return MemorySegment.ofArray(new byte[AlpCodec.maxEncodedSize(n) + XorCodec.maxEncodedSize(n)]);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void shouldKeepTheSmallestOfTheFourEncodings(Inputs.Case c) {
        double[] v = doubles(c.bits());
        int n = v.length;
        MemorySegment seg = buffer(n);
        int alp = AlpCodec.encode(v, 0, n, seg, 0);
        int delta = AlpDeltaCodec.encode(v, 0, n, seg, 0);
        int xor = XorCodec.encode(v, 0, n, seg, 0);
        int raw = RawCodec.encodedSize(n);
        int best = ValueCodecs.encodeBest(v, 0, n, seg, 0);
        String sizes = c + ": ALP " + alp + ", ALP delta " + delta + ", XOR " + xor + ", raw " + raw;
        assertEquals(1 + Math.min(Math.min(alp, delta), Math.min(xor, raw)), best, sizes);
        ValueCodec chosen = ValueCodecs.codec(seg, 0, best);
        ValueCodec expected = alp <= delta && alp <= xor && alp <= raw ? ValueCodec.ALP
                : delta <= xor && delta <= raw ? ValueCodec.ALP_DELTA : xor <= raw ? ValueCodec.XOR : ValueCodec.RAW;
        assertEquals(expected, chosen, sizes);
        assertTrue(best <= ValueCodecs.maxEncodedSize(n));
    }

    /**
     * ALP's pass plans ALP delta's bytes exactly, so the facade never encodes it to lose, and
     * what it then writes from the plan is byte for byte what ALP delta's own encoder writes.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void shouldPlanAlpDeltaExactlyDuringAlpsPass(Inputs.Case c) {
        double[] v = doubles(c.bits());
        int n = v.length;
        int size = AlpCodec.maxEncodedSize(n) + AlpDeltaCodec.maxEncodedSize(n);
        MemorySegment alp = MemorySegment.ofArray(new byte[size]);
        AlpCodec.encode(v, 0, n, alp, 0, size, true);
        long planned = RawCodec.varintBytes(n) + (Scratch.get().deltaBits + 7) / 8 + Trailer.BYTES;
        MemorySegment fromPlan = MemorySegment.ofArray(new byte[size]);
        int written = AlpDeltaCodec.encodePlanned(v, 0, n, fromPlan, 0, size);
        MemorySegment own = MemorySegment.ofArray(new byte[size]);
        int delta = AlpDeltaCodec.encode(v, 0, n, own, 0);
        assertEquals(delta, planned, c.toString());
        assertEquals(delta, written, c.toString());
        assertEquals(-1L, own.asSlice(0, delta).mismatch(fromPlan.asSlice(0, written)), c + ": bytes from the plan");
    }

    private static ValueCodec chosen(double[] v) {
        MemorySegment seg = buffer(v.length);
        int len = ValueCodecs.encodeBest(v, 0, v.length, seg, 0);
        return ValueCodecs.codec(seg, 0, len);
    }

    @Test
    void shouldChooseAlpForDecimalsXorForSmoothFullPrecisionAndRawForNoise() {
        double[] dec = new double[1024];
        double[] smooth = new double[1024];
        double[] noise = new double[1024];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < dec.length; i++) {
            dec[i] = Math.round((20 + r.nextGaussian()) * 100) / 100.0;
            smooth[i] = (double) (float) Math.sin(i / 100.0); // float precision: XOR's trailing zeros
            noise[i] = Double.longBitsToDouble(r.nextLong());
        }
        assertEquals(ValueCodec.ALP, chosen(dec));
        assertEquals(ValueCodec.XOR, chosen(smooth));
        assertEquals(ValueCodec.RAW, chosen(noise));
    }

    @Test
    void shouldChooseAlpDeltaForASmoothFinelySampledDecimalSignal() {
        double[] ekg = new double[1024];
        for (int i = 0; i < ekg.length; i++) { // 4 decimals in steps of 0.0005, slow with a sharp spike
            ekg[i] = Math.round((0.25 + 0.1 * Math.sin(i / 40.0) + (i % 300 == 150 ? 1.2 : 0)) * 2000) / 2000.0;
        }
        assertEquals(ValueCodec.ALP_DELTA, chosen(ekg));
    }

    @Test
    void shouldKeepASpikeAmongZerosFromWideningEveryValue() {
        double[] v = new double[1024];
        v[100] = 123456.78;
        v[900] = -98765.4;
        MemorySegment seg = buffer(v.length);
        int len = AlpCodec.encode(v, 0, v.length, seg, 0);
        assertTrue(len < 40, len + " bytes");
    }

    @Test
    void shouldStoreNegativeZeroAndSubnormalsAsAlpExceptions() {
        double[] v = new double[1024];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 100 == 0 ? -0.0 : i % 101 == 0 ? Double.MIN_VALUE : i * 0.5;
        }
        MemorySegment seg = buffer(v.length);
        int len = AlpCodec.encode(v, 0, v.length, seg, 0);
        double[] back = new double[v.length];
        AlpCodec.decode(seg, 0, len, back, 0, v.length);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back[i]), "value " + i);
        }
        // 5115 needs 13 bits; 21 exceptions of 74 bits
        assertTrue(len * 8.0 / v.length < 13 + 21 * 74.0 / 1024 + 0.5, len + " bytes");
    }
}
