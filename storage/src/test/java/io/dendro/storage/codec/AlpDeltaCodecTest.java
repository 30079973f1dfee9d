package io.dendro.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ALP delta beyond the codec contract: random signals of every kind round-trip bit for bit
 * (each seed printed, {@code -Ddendro.codec.delta.seed} to repeat one), the gcd is the true one,
 * differences that wrap a long come back exactly, and every truncation and single-byte change of
 * small encodings decodes to the original or fails with {@code CORRUPTION}.
 */
class AlpDeltaCodecTest {
    private static final double[] SPECIALS = {-0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL / 3,
        Double.NaN, Double.longBitsToDouble(0x7ff0_0000_0000_0001L), Double.longBitsToDouble(0xfff8_dead_beef_0001L),
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, Math.PI, 1e300};

    private static MemorySegment encode(double[] v) {
        MemorySegment seg = MemorySegment.ofArray(new byte[AlpDeltaCodec.maxEncodedSize(v.length)]);
        int len = AlpDeltaCodec.encode(v, 0, v.length, seg, 0);
        return seg.asSlice(0, len);
    }

    private static void assertRoundTrip(double[] v, String what) {
        MemorySegment enc = encode(v);
        double[] back = new double[v.length];
        assertEquals(v.length, AlpDeltaCodec.decode(enc, 0, enc.byteSize(), back, 0, v.length), what);
        for (int i = 0; i < v.length; i++) {
            if (Double.doubleToRawLongBits(v[i]) != Double.doubleToRawLongBits(back[i])) {
                fail(what + ": value " + i + " is " + back[i] + ", expected " + v[i]);
            }
        }
        MemorySegment best = MemorySegment.ofArray(new byte[ValueCodecs.maxEncodedSize(v.length)]);
        int len = ValueCodecs.encodeBest(v, 0, v.length, best, 0);
        double[] back2 = new double[v.length];
        ValueCodecs.decode(best, 0, len, back2, 0, v.length);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back2[i]), what + ": best, " + i);
        }
    }

    /** A random signal of one of several kinds. */
    private static double[] signal(SplittableRandom r, int n, int kind) {
        double[] v = new double[n];
        int k = r.nextInt(0, 7);
        double p = Math.pow(10, k);
        double step = r.nextInt(1, 50);
        double level = r.nextDouble(-1e4, 1e4);
        for (int i = 0; i < n; i++) {
            v[i] = switch (kind) {
                case 0 -> Math.round(r.nextDouble(-1000, 1000) * p) / p; // random decimals
                case 1 -> Math.round((level + 30 * Math.sin(i / 40.0)) * p / step) * step / p; // smooth, gcd step
                case 2 -> Math.round((Math.sin(i / 25.0) + (i % 333 == 7 ? 900 : 0)) * p) / p; // spikes
                case 3 -> r.nextInt(8) == 0 ? SPECIALS[r.nextInt(SPECIALS.length)] : Math.round(level * p + i) / p;
                case 4 -> level; // all equal
                case 5 -> (double) (r.nextLong(-1000, 1000) * (1L << r.nextInt(20, 50)) * 3); // huge gcds
                default -> Math.round(r.nextGaussian() * p) / p + (r.nextInt(50) == 0 ? r.nextDouble() : 0);
            };
        }
        return v;
    }

    @Test
    void shouldRoundTripRandomSignalsOfEveryKindBitForBit() {
        long seed = Long.getLong("dendro.codec.delta.seed", System.nanoTime());
        System.out.println("AlpDeltaCodecTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 400; round++) {
            int n = switch (round % 4) {
                case 0 -> r.nextInt(1, 1025);
                case 1 -> r.nextInt(1, 5);
                case 2 -> 1024 * r.nextInt(1, 4) + r.nextInt(-1, 2);
                default -> r.nextInt(1025, 5000);
            };
            int kind = r.nextInt(7);
            assertRoundTrip(signal(r, n, kind), "seed " + seed + ", round " + round + ", kind " + kind + ", n " + n);
        }
    }

    /** The gcd is the true one: a sample that suggests a larger one is checked against every difference. */
    @Test
    void shouldFindTheTrueGcdOfTheDifferences() {
        long seed = Long.getLong("dendro.codec.delta.seed", System.nanoTime());
        System.out.println("AlpDeltaCodecTest gcd seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        long[] q = new long[AlpCodec.VECTOR];
        for (int round = 0; round < 2000; round++) {
            int len = r.nextInt(1, AlpCodec.VECTOR + 1);
            long g = switch (round % 4) {
                case 0 -> r.nextLong(1, 100);
                case 1 -> 1L << r.nextInt(62);
                case 2 -> r.nextLong(1, 1L << 40);
                default -> 5;
            };
            long bound = Long.MAX_VALUE / g;
            for (int i = 1; i < len; i++) {
                q[i] = r.nextInt(10) == 0 ? 0 : r.nextLong(-Math.min(bound, 1000), Math.min(bound, 1000) + 1) * g;
            }
            if (len > 2 && r.nextBoolean()) { // one outlier that only a full pass sees
                q[r.nextInt(1, len)] = g * r.nextLong(1, 100) + (g > 1 ? r.nextLong(1, g) : 0);
            }
            BigInteger want = BigInteger.ZERO;
            for (int i = 1; i < len; i++) {
                want = want.gcd(BigInteger.valueOf(q[i]));
            }
            long expected = want.signum() == 0 ? 1 : want.longValueExact();
            assertEquals(expected, AlpDeltaCodec.gcd(q, 0, len), "seed " + seed + ", round " + round);
        }
    }

    @Test
    void shouldRoundTripDifferencesThatWrapALong() {
        double big = 0x1p62; // ALP's largest integer, exact with e = f = 0
        double[][] cases = {
            {big, -big, big, -big, 0, big},
            {-big, big, 1.0, -big, big - 1024, -big},
            {big, -big, big, big, big},
            {big, 3.0, -big, 12.0, big - 4096, -big + 4096},
        };
        for (double[] v : cases) {
            assertRoundTrip(v, Arrays.toString(v));
            double[] tiled = new double[3000];
            for (int i = 0; i < tiled.length; i++) {
                tiled[i] = v[i % v.length];
            }
            assertRoundTrip(tiled, "tiled " + Arrays.toString(v));
        }
    }

    @Test
    void shouldRoundTripVectorsOfOnlyExceptionsAndExceptionsAtTheEnds() {
        double[] only = new double[1030];
        for (int i = 0; i < only.length; i++) {
            only[i] = SPECIALS[i % SPECIALS.length];
        }
        assertRoundTrip(only, "only exceptions");
        double[] ends = new double[2048];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = i % 1024 < 3 || i % 1024 > 1020 ? -0.0 : 0.0005 * (i % 700);
        }
        assertRoundTrip(ends, "exceptions at both ends of each vector");
    }

    @Test
    void shouldTakeFewBitsOnASmoothDecimalSignalWithAStep() {
        double[] v = new double[1024];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round((0.25 + 0.3 * Math.sin(i / 100.0)) * 2000) / 2000.0;
        }
        int delta = (int) encode(v).byteSize();
        MemorySegment a = MemorySegment.ofArray(new byte[AlpCodec.maxEncodedSize(v.length)]);
        int alp = AlpCodec.encode(v, 0, v.length, a, 0);
        // range 1200 steps of 5 (13 bits in ALP); differences within ±6 steps (zigzag: 4 bits) after
        // the gcd, a few patches, and the 6 exceptions (74 bits each) of ALP's choice (e 14, f 10)
        assertTrue(delta * 8.0 / v.length < 4.7, delta + " bytes");
        assertTrue(alp * 8.0 / v.length > 12.5, alp + " bytes");
    }

    /** Small encodings with every field in use: patches, exceptions, a gcd, two vectors. */
    private static double[][] smallInputs() {
        double[] a = {0.2540, 0.2635, -0.0, 0.2600, 1.7500, 0.2590, Double.NaN, 0.2585};
        double[] b = new double[1030];
        for (int i = 0; i < b.length; i++) {
            b[i] = i == 500 ? Double.MIN_VALUE : Math.round((Math.sin(i / 9.0) + (i % 200 == 0 ? 40 : 0)) * 200) / 200.0;
        }
        return new double[][] {a, {7.5}, {-3.25, -3.25, -3.25}, b};
    }

    @Test
    void shouldDecodeEveryTruncationAndEveryByteChangeToTheOriginalOrCorruption() {
        for (double[] v : smallInputs()) {
            byte[] enc = encode(v).toArray(ValueLayout.JAVA_BYTE);
            for (int len = 0; len < enc.length; len++) {
                byte[] cut = Arrays.copyOf(enc, len);
                for (boolean verify : new boolean[] {true, false}) {
                    DendroException e = assertThrows(DendroException.class, () -> decode(cut, v.length, verify),
                            "cut to " + cut.length + " of " + enc.length);
                    assertEquals(ErrorCode.CORRUPTION, e.code());
                }
            }
            int[] changes = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF, 0x55};
            for (int at = 0; at < enc.length; at++) {
                for (int x : changes) {
                    for (int set = 0; set < 2; set++) {
                        byte[] bad = enc.clone();
                        bad[at] = set == 0 ? (byte) (bad[at] ^ x) : (byte) x;
                        if (Arrays.equals(bad, enc)) {
                            continue;
                        }
                        for (boolean verify : new boolean[] {true, false}) {
                            try {
                                double[] back = decode(bad, v.length, verify);
                                if (verify) {
                                    fail("byte " + at + " changed to " + bad[at] + " decoded to " + Arrays.toString(back));
                                }
                            } catch (DendroException e) {
                                assertEquals(ErrorCode.CORRUPTION, e.code(), e.getMessage());
                            } catch (RuntimeException e) {
                                throw new AssertionError("byte " + at + " changed, verify " + verify + ": " + e, e);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldRejectAZeroGcdAndAnOverflowingDifference() {
        for (long[] fields : new long[][] {{0, 3}, {(1L << 62) + 1, 4}}) {
            MemorySegment seg = MemorySegment.ofArray(new byte[64]);
            BitWriter w = new BitWriter(seg, 0, 64);
            w.writeVarint(2); // n
            w.write(0, 5); // e
            w.write(0, 5); // f
            w.write(0, 11); // ec
            w.writeVarint(0); // first
            w.writeVarint(fields[0]); // g
            w.write(7, 7); // w
            w.writeVarint(Zigzag.encode(fields[1])); // ref
            w.write(0, 11); // pc
            w.write(0, 7); // u[1]
            int len = Trailer.append(seg, 0, w.finish(), 64);
            byte[] bytes = seg.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
            DendroException e = assertThrows(DendroException.class, () -> decode(bytes, 2, true));
            assertEquals(ErrorCode.CORRUPTION, e.code());
            assertTrue(e.getMessage().contains(fields[0] == 0 ? "gcd" : "overflows"), e.getMessage());
        }
    }

    /** A patch must lie at a difference's position, 1..len-1, even with a valid checksum. */
    @Test
    void shouldRejectPatchPositionsOutsideTheDifferences() {
        for (int position : new int[] {0, 3, 1023}) {
            MemorySegment seg = MemorySegment.ofArray(new byte[64]);
            BitWriter w = new BitWriter(seg, 0, 64);
            w.writeVarint(3); // n
            w.write(0, 5); // e
            w.write(0, 5); // f
            w.write(0, 11); // ec
            w.writeVarint(0); // first
            w.writeVarint(1); // g
            w.write(0, 7); // w: the two differences take no bits
            w.writeVarint(0); // ref
            w.write(1, 11); // pc
            w.write(1, 7); // hw
            w.write(position, 10);
            w.write(1, 1);
            int len = Trailer.append(seg, 0, w.finish(), 64);
            byte[] bytes = seg.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
            for (boolean verify : new boolean[] {true, false}) {
                DendroException e = assertThrows(DendroException.class, () -> decode(bytes, 3, verify), "" + position);
                assertEquals(ErrorCode.CORRUPTION, e.code());
                assertTrue(e.getMessage().contains("patch position " + position), e.getMessage());
            }
        }
    }

    /** An exception must lie inside its vector, positions strictly increasing, even with a valid checksum. */
    @Test
    void shouldRejectExceptionPositionsOutsideTheVector() {
        for (int[] positions : new int[][] {{3}, {1023}, {1, 1}, {2, 0}}) {
            MemorySegment seg = MemorySegment.ofArray(new byte[64]);
            BitWriter w = new BitWriter(seg, 0, 64);
            w.writeVarint(3); // n
            w.write(0, 5); // e
            w.write(0, 5); // f
            w.write(positions.length, 11); // ec
            w.writeVarint(0); // first
            w.writeVarint(1); // g
            w.write(0, 7); // w
            w.writeVarint(0); // ref
            w.write(0, 11); // pc
            for (int position : positions) {
                w.write(position, 10);
                w.write(Double.doubleToRawLongBits(-0.0), 64);
            }
            int len = Trailer.append(seg, 0, w.finish(), 64);
            byte[] bytes = seg.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
            for (boolean verify : new boolean[] {true, false}) {
                DendroException e = assertThrows(DendroException.class, () -> decode(bytes, 3, verify),
                        Arrays.toString(positions));
                assertEquals(ErrorCode.CORRUPTION, e.code());
                assertTrue(e.getMessage().contains("exception position"), e.getMessage());
            }
        }
    }

    private static double[] decode(byte[] bytes, int max, boolean verify) {
        double[] out = new double[max + 8];
        int n = AlpDeltaCodec.decode(MemorySegment.ofArray(bytes), 0, bytes.length, out, 0, max + 8, verify);
        return Arrays.copyOf(out, n);
    }
}
