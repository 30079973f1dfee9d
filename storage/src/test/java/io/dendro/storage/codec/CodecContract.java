package io.dendro.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.testdata.SharedData;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of every codec (Prometheus {@code TestChunk} over every encoding): whatever it
 * is given, it gives back bit for bit, within its size bound, from any offset of a segment;
 * whatever damaged bytes it is given, it either decodes the exact original or throws a
 * {@code CORRUPTION} {@link DendroException}, and never hangs or throws anything else.
 * A new codec gets a three-line subclass.
 */
abstract class CodecContract {
    /** Odd, so that encodings start unaligned. */
    private static final long OFFSET = 13;

    /** The codec under test. */
    abstract CodecUnderTest codec();

    static Stream<Inputs.Case> shapes() {
        List<Inputs.Case> all = new ArrayList<>(Inputs.doubles(1));
        all.addAll(Inputs.times(2));
        return all.stream();
    }

    /** The real series, or one placeholder that skips the test when the data is missing. */
    static Stream<Inputs.Case> realSeries() {
        List<Inputs.Case> real = Inputs.real();
        return real.isEmpty() ? Stream.of(new Inputs.Case("missing " + SharedData.dir(), null)) : real.stream();
    }

    /** Encodes at {@link #OFFSET} of a segment of exactly the bound; returns the encoding. */
    private MemorySegment encode(long[] bits) {
        CodecUnderTest c = codec();
        int max = c.maxEncodedSize(bits.length);
        MemorySegment seg = MemorySegment.ofArray(new byte[(int) OFFSET + max]);
        int len = c.encode(bits, bits.length, seg, OFFSET);
        assertTrue(len > 0 && len <= max, c.name() + ": " + len + " bytes, bound " + max);
        return seg.asSlice(OFFSET, len);
    }

    private long[] decode(MemorySegment enc, int maxCount, boolean verify) {
        long[] out = new long[maxCount];
        int n = codec().decode(enc, 0, enc.byteSize(), out, maxCount, verify);
        return Arrays.copyOf(out, n);
    }

    private void assertRoundTrip(Inputs.Case c) {
        MemorySegment enc = encode(c.bits());
        long[] back = decode(enc, c.bits().length, true);
        assertBitsEqual(c, back);
    }

    private static void assertBitsEqual(Inputs.Case c, long[] back) {
        assertEquals(c.bits().length, back.length, c + ": count");
        for (int i = 0; i < back.length; i++) {
            if (back[i] != c.bits()[i]) {
                fail(c + ": value " + i + " is " + Long.toHexString(back[i]) + ", expected "
                        + Long.toHexString(c.bits()[i]));
            }
        }
    }

    private static void assertCorruption(Runnable r) {
        DendroException e = assertThrows(DendroException.class, r::run);
        assertEquals(ErrorCode.CORRUPTION, e.code(), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void shouldRoundTripEveryShapeBitForBit(Inputs.Case c) {
        assertRoundTrip(c);
    }

    @ParameterizedTest
    @MethodSource("realSeries")
    void shouldRoundTripRealSeriesBitForBit(Inputs.Case c) {
        Assumptions.assumeTrue(c.bits() != null, () -> "SKIPPED: " + c.name());
        assertRoundTrip(c);
        for (int from = 0; from < c.bits().length; from += 1024) { // leaf-sized pieces
            long[] leaf = Arrays.copyOfRange(c.bits(), from, Math.min(c.bits().length, from + 1024));
            assertRoundTrip(new Inputs.Case(c.name() + " @" + from, leaf));
        }
    }

    @Test
    void shouldDecodeFromANativeSegmentAtAnyOffset() {
        long[] bits = Inputs.find(Inputs.doubles(3), "3 decimals", 1025);
        MemorySegment enc = encode(bits);
        try (Arena arena = Arena.ofConfined()) {
            for (long off : new long[] {0, 1, 7, 8, 4093}) {
                MemorySegment seg = arena.allocate(off + enc.byteSize() + 5);
                MemorySegment.copy(enc, 0, seg, off, enc.byteSize());
                long[] out = new long[bits.length];
                assertEquals(bits.length, codec().decode(seg, off, enc.byteSize(), out, bits.length, true));
                assertBitsEqual(new Inputs.Case("native @" + off, bits), out);
            }
        }
    }

    @Test
    void shouldRejectMoreValuesThanTheCallerAllows() {
        long[] bits = Inputs.find(Inputs.times(4), "120 Hz jitter 1 us", 257);
        MemorySegment enc = encode(bits);
        assertCorruption(() -> decode(enc, bits.length - 1, true));
        assertCorruption(() -> decode(enc, 0, true));
    }

    @Test
    void shouldRejectAHugeClaimedCountWithoutAllocating() {
        for (long claimed : new long[] {Integer.MAX_VALUE, 1L << 40, -1L}) {
            MemorySegment seg = MemorySegment.ofArray(new byte[64]);
            BitWriter w = new BitWriter(seg, 0, 64);
            if (codec().name().startsWith("best")) {
                w.write(ValueCodec.ALP.tag(), 8);
            }
            w.writeVarint(claimed);
            w.write(0, 64);
            int len = w.finish();
            assertCorruption(() -> decode(seg.asSlice(0, len), 1000, false));
        }
    }

    @Test
    void shouldRejectTrailingAndMissingBytes() {
        long[] bits = Inputs.find(Inputs.doubles(5), "full precision", 130);
        MemorySegment enc = encode(bits);
        MemorySegment longer = MemorySegment.ofArray(new byte[(int) enc.byteSize() + 1]);
        MemorySegment.copy(enc, 0, longer, 0, enc.byteSize());
        assertCorruption(() -> decode(longer, bits.length, true));
        assertCorruption(() -> decode(longer, bits.length, false));
        for (long len = 0; len < enc.byteSize(); len++) {
            MemorySegment cut = enc.asSlice(0, len);
            assertCorruption(() -> decode(cut, bits.length, true));
        }
    }

    @Test
    void shouldRejectACallerRangeOutsideTheSegment() {
        MemorySegment enc = encode(new long[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class,
                () -> codec().decode(enc, 1, enc.byteSize(), new long[3], 3, true));
    }

    @Test
    void shouldThrowIllegalArgumentWhenTheDestinationIsTooSmall() {
        long[] bits = Inputs.find(Inputs.doubles(6), "any bits", 1000);
        MemorySegment small = MemorySegment.ofArray(new byte[10]);
        assertThrows(IllegalArgumentException.class, () -> codec().encode(bits, bits.length, small, 0));
    }

    /** The inputs the fuzz test damages: small, medium and leaf-sized, of several shapes. */
    private static List<long[]> fuzzInputs() {
        List<long[]> out = new ArrayList<>();
        for (Inputs.Case c : Inputs.doubles(7)) {
            int n = c.bits().length;
            if ((n == 3 || n == 130 || n == 1024) && (c.name().contains("decimals") || c.name().contains("precision")
                    || c.name().contains("NaN") || c.name().contains("constant runs"))) {
                out.add(c.bits());
            }
        }
        for (Inputs.Case c : Inputs.times(8)) {
            int n = c.bits().length;
            if ((n == 3 || n == 257) && !c.name().equals("all equal")) {
                out.add(c.bits());
            }
        }
        return out;
    }

    /**
     * Flips bits, overwrites bytes, truncates and extends encodings many times: with the
     * checksum, each decode gives the exact original or CORRUPTION; without it (to exercise the
     * structural checks alone), each decode returns normally or throws CORRUPTION. Never
     * anything else, and never slowly.
     */
    @Test
    void shouldDecodeDamagedEncodingsToTheOriginalOrACorruptionError() {
        int rounds = Integer.getInteger("dendro.codec.fuzz.rounds", 300);
        long seed = Long.getLong("dendro.codec.fuzz.seed", System.nanoTime());
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            SplittableRandom r = new SplittableRandom(seed);
            for (long[] bits : fuzzInputs()) {
                MemorySegment enc = encode(bits);
                byte[] original = enc.toArray(ValueLayout.JAVA_BYTE);
                for (int k = 0; k < rounds; k++) {
                    byte[] bad = damage(original, r);
                    for (boolean verify : new boolean[] {true, false}) {
                        try {
                            long[] back = decode(MemorySegment.ofArray(bad), bits.length + 8, verify);
                            if (verify && !Arrays.equals(back, bits)) {
                                fail("seed " + seed + ": a damaged encoding decoded to different values");
                            }
                        } catch (DendroException e) {
                            assertEquals(ErrorCode.CORRUPTION, e.code(), "seed " + seed + ": " + e);
                        } catch (RuntimeException e) {
                            throw new AssertionError("seed " + seed + ", verify " + verify + ": "
                                    + codec().name() + " threw " + e, e);
                        }
                    }
                }
            }
        }, () -> "seed " + seed + ": decoding damaged input took too long");
    }

    private static byte[] damage(byte[] original, SplittableRandom r) {
        byte[] b = original.clone();
        switch (r.nextInt(5)) {
            case 0 -> { // flip one to three bits
                for (int i = r.nextInt(1, 4); i > 0; i--) {
                    int bit = r.nextInt(b.length * 8);
                    b[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
            }
            case 1 -> { // overwrite a few bytes with random ones
                for (int i = r.nextInt(1, 4); i > 0; i--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncate
            case 3 -> { // extend with garbage
                int extra = r.nextInt(1, 9);
                b = Arrays.copyOf(b, b.length + extra);
                for (int i = b.length - extra; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
            }
            default -> { // a run of 0xFF or 0x00 from a random place
                int at = r.nextInt(b.length);
                Arrays.fill(b, at, Math.min(b.length, at + r.nextInt(1, 16)), (byte) (r.nextBoolean() ? -1 : 0));
            }
        }
        return b;
    }
}
