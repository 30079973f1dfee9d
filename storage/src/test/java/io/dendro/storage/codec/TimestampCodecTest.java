package io.dendro.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What each timestamp shape costs: the promises of {@link TimestampCodec}'s Javadoc. */
class TimestampCodecTest {
    private static final long BASE = 1_767_225_600_000_000_000L;
    private static final long P = 8_333_333L;

    private static int size(long[] t) {
        MemorySegment seg = MemorySegment.ofArray(new byte[TimestampCodec.maxEncodedSize(t.length)]);
        int len = TimestampCodec.encode(t, 0, t.length, seg, 0);
        long[] back = new long[t.length];
        assertEquals(t.length, TimestampCodec.decode(seg, 0, len, back, 0, t.length));
        assertEquals(java.util.Arrays.toString(t), java.util.Arrays.toString(back));
        return len;
    }

    private static long[] regular(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = BASE + i * P;
        }
        return t;
    }

    @Test
    void shouldEncodeRegularSamplingInAHeaderWhateverTheCount() {
        // count 2 + first time 8 + first delta 4 + the regular bit 1 + CRC 4
        assertEquals(19, size(regular(1024)));
        assertEquals(20, size(regular(100_000)));
    }

    @Test
    void shouldKeepOneGapFromWideningItsBlock() {
        long[] t = regular(1024);
        for (int i = 500; i < t.length; i++) {
            t[i] += 3_600_000_000_000L; // one hour missing
        }
        // eight block headers (23 bits each), two exceptions of 7 + 31 bits
        assertTrue(size(t) <= 19 + 8 * 3 + 10, "size " + size(t));
    }

    @Test
    void shouldCostTheBitsOfTheJitterSpread() {
        SplittableRandom r = new SplittableRandom(1);
        long[] t = regular(1024);
        for (int i = 0; i < t.length; i++) {
            t[i] += r.nextLong(-1000, 1001);
        }
        // deltas spread over 4001 ns: 12 bits each, plus headers
        double bits = size(t) * 8.0 / t.length;
        assertTrue(bits < 12.5, bits + " bits per timestamp");
    }

    @Test
    void shouldEncodeAFewRepeatedTimesAsExceptions() {
        long[] t = new long[1032];
        for (int i = 0, k = 0; i < t.length; i++, k++) {
            t[i] = BASE + k * P;
            if (i % 128 == 64) { // one point in 128 shares the time of the next
                t[++i] = t[i - 1];
            }
        }
        // nine block headers, and per repeat two exceptions of 7 + 24 bits
        assertTrue(size(t) <= 19 + 9 * 3 + 9 * 8, "size " + size(t));
    }

    @Test
    void shouldPayForEveryRepeatWhenMostTimesRepeat() {
        long[] t = new long[1024];
        for (int i = 0; i < t.length; i++) {
            t[i] = BASE + i / 4 * 1_000_000L; // four points per time: a 1 in 4 exception
        }
        assertTrue(size(t) * 8.0 / t.length < 8, "size " + size(t));
    }

    @Test
    void shouldTakeDeltaOfDeltaWhenThePeriodDrifts() {
        long[] t = new long[1024];
        long d = 1_000_000;
        for (int i = 1; i < t.length; i++) {
            d += 1_000; // the period grows steadily: delta-of-delta is constant
            t[i] = t[i - 1] + d;
        }
        // block headers only (34 bits: the reference is 2000), no packed bits
        assertTrue(size(t) <= 19 + 8 * 5, "size " + size(t));
    }

    @Test
    void shouldDecodeJustThePrefixThatPlacesABound() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 500; round++) {
            int n = 1 + r.nextInt(1500);
            long[] t = new long[n];
            long time = BASE;
            boolean regular = r.nextInt(4) == 0;
            for (int i = 0; i < n; i++) {
                t[i] = time;
                time += regular ? P : r.nextInt(3) == 0 ? 0 : P + r.nextInt(2001) - 1000;
            }
            MemorySegment seg = MemorySegment.ofArray(new byte[TimestampCodec.maxEncodedSize(n)]);
            int len = TimestampCodec.encode(t, 0, n, seg, 0);
            long stopAt = t[0] - 5 + (long) (r.nextDouble() * (t[n - 1] - t[0] + 10));
            long[] back = new long[n];
            int got = TimestampCodec.decodePrefix(seg, 0, len, back, 0, n, stopAt);
            String where = "seed " + seed + " round " + round + " n " + n + " stopAt " + stopAt;
            assertTrue(got >= 1 && got <= n, where);
            for (int i = 0; i < got; i++) {
                assertEquals(t[i], back[i], where);
            }
            if (got < n) {
                assertTrue(back[got - 1] >= stopAt, where);
            }
        }
    }

    @Test
    void shouldCountTheTimestampsBelowABoundWithOrWithoutDecoding() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 2000; round++) {
            int n = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 1 + r.nextInt(1500);
            long[] t = new long[n];
            long time = BASE;
            int shape = r.nextInt(4); // regular, one repeated time, irregular with repeats, a gap
            for (int i = 0; i < n; i++) {
                t[i] = time;
                time += switch (shape) {
                    case 0 -> P;
                    case 1 -> 0;
                    case 2 -> r.nextInt(3) == 0 ? 0 : P + r.nextInt(2001) - 1000;
                    default -> i == n / 2 ? 1_000 * P : P;
                };
            }
            MemorySegment seg = MemorySegment.ofArray(new byte[TimestampCodec.maxEncodedSize(n)]);
            int len = TimestampCodec.encode(t, 0, n, seg, 0);
            long[] scratch = new long[n];
            for (int q = 0; q < 5; q++) {
                long bound = q == 0 ? t[r.nextInt(n)] : q == 1 ? t[r.nextInt(n)] + 1
                        : t[0] - 5 + (long) (r.nextDouble() * (t[n - 1] - t[0] + 10));
                int expected = 0;
                while (expected < n && t[expected] < bound) {
                    expected++;
                }
                assertEquals(expected, TimestampCodec.countBelow(seg, 0, len, scratch, 0, n, bound),
                        "seed " + seed + " round " + round + " shape " + shape + " n " + n + " bound " + bound);
            }
        }
    }
}
