package io.dendro.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dendro.MergePolicy;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayoutTest {
    @Test
    void shouldPlaceInternalNodeFieldsWhereTheFormatPageSays() {
        assertEquals(4, InternalLayout.CHILDREN);
        assertEquals(8, InternalLayout.START);
        assertEquals(16, InternalLayout.MASK);
        assertEquals(24, InternalLayout.ADDRESS_BASE);
        assertEquals(32, InternalLayout.VERSION_BASE);
        assertEquals(40, InternalLayout.ADDRESS_WIDTH);
        assertEquals(43, InternalLayout.NULLS_WIDTH);
        assertEquals(44, InternalLayout.TIME_SUM_WIDTH);
        assertEquals(45, InternalLayout.EXTRA_WIDTH);
        assertEquals(46, InternalLayout.KIND_BYTES);
        assertEquals(48, InternalLayout.COLUMNS);
        // format 6: 3 children, widths 3, 1, 2, 0 nulls, 12-byte time sums: 48 + 54 -> 104, then 3 * 32
        assertEquals(104 + 96, InternalLayout.size(3, 3, 1, 2, 0, 12));
        // format 7: the same with 2-byte extra samples: 48 + 60 -> 112, then 3 * 32
        assertEquals(112 + 96, InternalLayout.size(3, 3, 1, 2, 0, 12, 2));
        assertEquals(20, LeafLayout.VALUES_LENGTH);
        assertEquals(3, LeafLayout.FLAGS);
        assertEquals(0, InternalLayout.width128(0, 0));
        assertEquals(8, InternalLayout.width128(0, -1L));
        assertEquals(9, InternalLayout.width128(1, 0));
        assertEquals(16, InternalLayout.width128(-1L, 0));
        // 3 children, 3-byte addresses, 1-byte versions, 2-byte counts: 48 + 18 -> 72, then 3 * 32
        assertEquals(72 + 96, InternalLayout.size(3, 3, 1, 2));
        assertEquals(48 + 64 * 32, InternalLayout.size(64, 0, 0, 0));
        assertEquals(0, InternalLayout.width(0));
        assertEquals(1, InternalLayout.width(255));
        assertEquals(2, InternalLayout.width(256));
        assertEquals(8, InternalLayout.width(-1L));
        assertEquals(40, Summary.BYTES);
    }

    /** A sink that keeps one record in memory. */
    private static final class OneRecord implements io.dendro.storage.RecordSink {
        java.lang.foreign.MemorySegment payload;

        @Override
        public java.lang.foreign.MemorySegment reserve(int payloadLength) {
            payload = java.lang.foreign.MemorySegment.ofArray(new byte[payloadLength]);
            return payload;
        }

        @Override
        public long lastAddress() {
            return 8;
        }
    }

    @Test
    void shouldReadBackEveryEntryOfRandomNodesExactly() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 2000; round++) {
            Entries e = new Entries();
            e.mask = rnd.nextInt(4) == 0 ? -1L : rnd.nextLong() | 1L << rnd.nextInt(64);
            int timeSumWidth = rnd.nextInt(17); // the widest sum of the node, 0..16 bytes
            long base = switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextLong() & ~7L;            // anywhere, overlay (negative) addresses included
                case 1 -> (5L << 44) | (rnd.nextInt(1 << 20) * 8L);
                default -> 8;
            };
            int spread = new int[] {0, 8, 1 << 20, Integer.MAX_VALUE}[rnd.nextInt(4)];
            long version = 1 + rnd.nextInt(1 << 20);
            for (int i = 0; i < 64; i++) {
                if ((e.mask & (1L << i)) != 0) {
                    e.count[i] = rnd.nextInt(3) == 0 ? 1 : 1 + (rnd.nextLong() >>> (8 + rnd.nextInt(50)));
                    e.min[i] = rnd.nextGaussian();
                    e.max[i] = e.min[i] + rnd.nextDouble();
                    e.mean[i] = rnd.nextBoolean() ? -0.0 : e.min[i] + rnd.nextDouble();
                    e.sigma[i] = rnd.nextBoolean() ? Double.MIN_VALUE : rnd.nextDouble() * 1e9;
                    e.address[i] = rnd.nextInt(8) == 0 ? rnd.nextLong() & ~7L : base + (spread == 0 ? 0 : rnd.nextInt(spread) & ~7L);
                    e.version[i] = version - (rnd.nextBoolean() ? 0 : rnd.nextInt((int) version));
                    e.nulls[i] = rnd.nextInt(4) == 0 ? rnd.nextLong() >>> (8 + rnd.nextInt(56)) : 0;
                    randomTimeSum(rnd, e, i, timeSumWidth);
                }
            }
            e.known = e.mask;
            OneRecord out = new OneRecord();
            InternalLayout.write(out, 44, 1L << 50, e, a -> a);
            java.lang.foreign.MemorySegment n = out.payload;
            int children = Long.bitCount(e.mask);
            String where = "seed " + seed + " round " + round;
            assertEquals(InternalLayout.expectedSize(n), n.byteSize(), where);
            assertEquals(children, InternalLayout.children(n), where);
            assertEquals(timeSumWidth, InternalLayout.timeSumWidth(n), where);
            assertEquals(true, InternalLayout.hasTimeSums(n), where);
            assertEquals(e.mask, InternalLayout.mask(n), where);
            int k = 0;
            long cumulative = 0;
            long[] counts = new long[children];
            for (long m = e.mask; m != 0; m &= m - 1, k++) {
                int i = Long.numberOfTrailingZeros(m);
                cumulative += e.count[i];
                counts[k] = e.count[i];
                assertEquals(e.address[i], InternalLayout.address(n, k), where);
                assertEquals(e.version[i], InternalLayout.version(n, k), where);
                assertEquals(e.count[i], InternalLayout.count(n, k), where);
                assertEquals(cumulative, InternalLayout.cumulativeCount(n, k), where);
                assertEquals(Double.doubleToRawLongBits(e.min[i]), Double.doubleToRawLongBits(InternalLayout.min(n, k)), where);
                assertEquals(Double.doubleToRawLongBits(e.max[i]), Double.doubleToRawLongBits(InternalLayout.max(n, k)), where);
                assertEquals(Double.doubleToRawLongBits(e.mean[i]), Double.doubleToRawLongBits(InternalLayout.mean(n, k)), where);
                assertEquals(Double.doubleToRawLongBits(e.sigma[i]), Double.doubleToRawLongBits(InternalLayout.sigma(n, k)), where);
                assertEquals(e.nulls[i], InternalLayout.nulls(n, k), where);
                assertEquals(e.timeSumHi[i], InternalLayout.timeSumHi(n, k), where);
                assertEquals(e.timeSumLo[i], InternalLayout.timeSumLo(n, k), where);
            }
            int a = rnd.nextInt(children);
            int b = a + rnd.nextInt(children - a);
            long want = 0;
            for (int j = a; j <= b; j++) {
                want += counts[j];
            }
            assertEquals(want, InternalLayout.count(n, a, b), where);
            assertEquals(InternalLayout.SPREAD_SIGMA_SUMS, InternalLayout.spread(n), where);
            Entries back = Entries.read(n);
            assertArrayEquals(e.address, back.address, where);
            assertArrayEquals(e.count, back.count, where);
            assertArrayEquals(e.nulls, back.nulls, where);
            assertArrayEquals(e.timeSumHi, back.timeSumHi, where);
            assertArrayEquals(e.timeSumLo, back.timeSumLo, where);
            assertEquals(e.mask, back.known, where);
            // compaction's copy: new addresses, every other byte as it was
            long[] moved = new long[children];
            for (int j = 0; j < children; j++) {
                moved[j] = (3L << 44) + 8L * rnd.nextInt(1 << 30);
            }
            OneRecord copy = new OneRecord();
            InternalLayout.rewrite(copy, n, moved);
            assertEquals(InternalLayout.expectedSize(copy.payload), copy.payload.byteSize(), where);
            for (int j = 0; j < children; j++) {
                assertEquals(moved[j], InternalLayout.address(copy.payload, j), where);
                assertEquals(InternalLayout.version(n, j), InternalLayout.version(copy.payload, j), where);
                assertEquals(InternalLayout.cumulativeCount(n, j), InternalLayout.cumulativeCount(copy.payload, j), where);
                assertEquals(InternalLayout.nulls(n, j), InternalLayout.nulls(copy.payload, j), where);
                assertEquals(InternalLayout.timeSumHi(n, j), InternalLayout.timeSumHi(copy.payload, j), where);
                assertEquals(InternalLayout.timeSumLo(n, j), InternalLayout.timeSumLo(copy.payload, j), where);
            }
            long from = InternalLayout.minOffset(n, 0);
            long to = InternalLayout.minOffset(copy.payload, 0);
            assertEquals(-1L, n.asSlice(from).mismatch(copy.payload.asSlice(to)), where + ": summary columns copied");
            assertEquals(-1L, n.asSlice(0, 4).mismatch(copy.payload.asSlice(0, 4)), where + ": kind, pointwidth, spread");
        }
    }

    @Test
    void shouldReadFormat4NodesAsStandardDeviationsAndCopyThemAsFormat4() {
        Entries e = new Entries();
        e.mask = (1L << 5) | (1L << 9);
        long[] counts = {1025, 10};
        double[] m2 = {89740800.0, 82.5};
        int k = 0;
        for (long m = e.mask; m != 0; m &= m - 1, k++) {
            int i = Long.numberOfTrailingZeros(m);
            e.address[i] = 4096 + 4096L * k;
            e.version[i] = 1 + k;
            e.count[i] = counts[k];
            e.min[i] = 0;
            e.max[i] = 2000;
            e.mean[i] = 512;
            e.sigma[i] = m2[k]; // written where a format-4 node holds M2
        }
        e.known = e.mask; // time sums 0: width 0, as in a format-4 node
        OneRecord out = new OneRecord();
        InternalLayout.write(out, 50, 0x14d0000000000000L, e, a -> a);
        java.lang.foreign.MemorySegment n = out.payload;
        n.set(io.dendro.storage.Bytes.U8, InternalLayout.SPREAD, InternalLayout.SPREAD_M2); // now a format-4 node
        for (int j = 0; j < 2; j++) {
            assertEquals(m2[j], InternalLayout.spreadColumn(n, j), 0);
            assertEquals(Math.sqrt(m2[j] / counts[j]), InternalLayout.sigma(n, j), 0);
        }
        OneRecord copy = new OneRecord();
        InternalLayout.rewrite(copy, n, new long[] {8, 16});
        assertEquals(InternalLayout.SPREAD_M2, InternalLayout.spread(copy.payload), "a copied format-4 node stays one");
        assertEquals(false, InternalLayout.hasTimeSums(copy.payload));
        assertEquals(0, InternalLayout.nulls(copy.payload, 1));
        assertEquals(m2[1], InternalLayout.spreadColumn(copy.payload, 1), 0);
        Summary s = new Summary();
        s.merge(copy.payload, 0);
        assertEquals(Math.sqrt(m2[0] / counts[0]), s.stddev(), 1e-9);
    }

    /**
     * A time sum for child {@code i} of at most {@code width} bytes: zero, small, near
     * {@code 2^94} (the design's largest) or all ones at the width; one child takes the width whole.
     */
    private static void randomTimeSum(Random rnd, Entries e, int i, int width) {
        long hi;
        long lo;
        switch (rnd.nextInt(4)) {
            case 0 -> { hi = 0; lo = 0; }
            case 1 -> { hi = 0; lo = rnd.nextLong() >>> rnd.nextInt(64); }
            case 2 -> { hi = (1L << 30) - 1 - rnd.nextInt(3); lo = rnd.nextLong(); } // just below 2^94
            default -> { hi = -1L; lo = -1L; }
        }
        if (i == Long.numberOfTrailingZeros(e.mask)) { // all ones at the width
            hi = -1L;
            lo = -1L;
        }
        if (width <= 8) { // cut to the width
            hi = 0;
            lo &= width == 0 ? 0 : -1L >>> (64 - 8 * width);
        } else {
            hi &= -1L >>> (64 - 8 * (width - 8));
        }
        e.timeSumHi[i] = hi;
        e.timeSumLo[i] = lo;
    }

    @Test
    void shouldRoundTripTimeSumsNear2To94() {
        Entries e = new Entries();
        e.mask = 0b1011;
        long[][] sums = {{(1L << 30) - 1, -1L}, {0, 0}, {1L << 29, 12345}};
        int k = 0;
        for (long m = e.mask; m != 0; m &= m - 1, k++) {
            int i = Long.numberOfTrailingZeros(m);
            e.address[i] = 8 + 8L * k;
            e.version[i] = 1;
            e.count[i] = 1L << 32;
            e.timeSumHi[i] = sums[k][0];
            e.timeSumLo[i] = sums[k][1];
        }
        e.known = e.mask;
        OneRecord out = new OneRecord();
        InternalLayout.write(out, 62, Geometry.ROOT_START, e, a -> a);
        java.lang.foreign.MemorySegment n = out.payload;
        assertEquals(12, InternalLayout.timeSumWidth(n)); // 94 bits
        assertEquals(0, InternalLayout.nullsWidth(n));
        for (int j = 0; j < 3; j++) {
            assertEquals(sums[j][0], InternalLayout.timeSumHi(n, j));
            assertEquals(sums[j][1], InternalLayout.timeSumLo(n, j));
        }
        TimeSum t = new TimeSum();
        t.addEntry(n, 0, 0, 0);
        t.addEntry(n, 2, 0, 0);
        t.addProduct(1L << 40, 1L << 62);
        assertEquals(java.math.BigInteger.ONE.shiftLeft(94).subtract(java.math.BigInteger.ONE)
                .add(java.math.BigInteger.ONE.shiftLeft(93)).add(java.math.BigInteger.valueOf(12345))
                .add(java.math.BigInteger.ONE.shiftLeft(102)).toString(), t.toString());
    }

    @Test
    void shouldNumberOnlyPresentChildren() {
        long mask = (1L << 3) | (1L << 10) | (1L << 63);
        assertEquals(0, InternalLayout.entryOf(mask, 3));
        assertEquals(1, InternalLayout.entryOf(mask, 10));
        assertEquals(2, InternalLayout.entryOf(mask, 63));
        assertEquals(-1, InternalLayout.entryOf(mask, 4));
    }

    @Test
    void shouldPlaceLeafFieldsWhereTheFormatPageSays() {
        assertEquals(4, LeafLayout.COUNT);
        assertEquals(8, LeafLayout.START);
        assertEquals(16, LeafLayout.TIMES_LENGTH);
        assertEquals(24, LeafLayout.TIMES);
    }

    @Test
    void shouldCoverTheTimeRangeWithSixBitsPerLevel() {
        assertEquals(Geometry.ROOT_START + (1L << 62), (48L << 56));
        assertEquals(56, Geometry.childPw(62));
        assertEquals(63, Geometry.childIndex(Geometry.ROOT_START, 62, (48L << 56) - 2));
        assertEquals(0, Geometry.childIndex(Geometry.ROOT_START, 62, Geometry.ROOT_START));
        assertEquals(16, Geometry.childIndex(Geometry.ROOT_START, 62, 0)); // 0 ns is child 16 of the root
        int levels = 0;
        for (int pw = Geometry.ROOT_PW; pw >= Geometry.MIN_PW; pw -= Geometry.FANOUT_BITS) {
            levels++;
        }
        assertEquals(11, levels);
    }

    @Test
    void shouldMergeSummariesStablyAndExactly() {
        Random r = new Random(1);
        double[] xs = new double[10_000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 1e9 + r.nextGaussian(); // a large offset: a sum of squares would cancel every digit
        }
        Summary whole = new Summary();
        whole.ofValues(xs, 0, xs.length);
        Summary merged = new Summary();
        Summary viaSigma = new Summary();
        for (int lo = 0; lo < xs.length; lo += 37) {
            Summary part = new Summary();
            part.ofValues(xs, lo, Math.min(xs.length, lo + 37));
            merged.merge(part);
            viaSigma.merge(part.count, part.min, part.max, part.mean, part.sigma());
        }
        Summary added = new Summary();
        for (double x : xs) {
            added.add(x);
        }
        assertEquals(whole.count, merged.count);
        assertEquals(whole.min, merged.min, 0);
        assertEquals(whole.max, merged.max, 0);
        assertEquals(whole.mean, merged.mean, 1e-5); // a few ulps of 1e9
        // With a mean 1e9 times the spread, differences of means keep ~7 digits: 1e-6 here, where
        // a plain sum of squares (1e22, rounding error ~1e6) would leave no digit of M2 (1e4).
        assertEquals(whole.stddev(), merged.stddev(), 1e-6);
        assertEquals(whole.stddev(), viaSigma.stddev(), 1e-6);
        assertEquals(whole.mean, viaSigma.mean, 1e-5);
        assertEquals(whole.stddev(), added.stddev(), 1e-6);
        assertEquals(1.0, whole.stddev(), 0.05);
    }

    @Test
    void shouldKeepTheMeanFiniteWhenTheSumWouldOverflow() {
        Summary s = new Summary();
        s.ofValues(new double[] {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}, 0, 3);
        assertEquals(Double.MAX_VALUE, s.mean, Double.MAX_VALUE * 1e-15);
        s.ofValues(new double[] {1.5, 2.5}, 0, 2);
        assertEquals(2.0, s.mean, 0);
    }

    @Test
    void shouldSortStablyAndReduceByPolicy() {
        long[] t = {5, 3, 5, 1, 3, 5};
        double[] v = {1, 2, 3, 4, 5, 1};
        Batch never = Batch.prepare(t, v, t.length, MergePolicy.NEVER);
        assertArrayEquals(new long[] {1, 3, 3, 5, 5, 5}, never.times);
        assertArrayEquals(new double[] {4, 2, 5, 1, 3, 1}, never.values);
        Batch equal = Batch.prepare(t, v, t.length, MergePolicy.EQUAL);
        assertEquals(5, equal.size); // the second (5, 1.0) goes
        Batch retain = Batch.prepare(t, v, t.length, MergePolicy.RETAIN);
        assertEquals(3, retain.size);
        assertArrayEquals(new double[] {4, 2, 1}, java.util.Arrays.copyOf(retain.values, 3));
        Batch replace = Batch.prepare(t, v, t.length, MergePolicy.REPLACE);
        assertArrayEquals(new double[] {4, 5, 1}, java.util.Arrays.copyOf(replace.values, 3));
        assertArrayEquals(new long[] {5, 3, 5, 1, 3, 5}, t, "the caller's arrays are untouched");
    }
}
