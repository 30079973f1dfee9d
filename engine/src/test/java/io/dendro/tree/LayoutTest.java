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
        assertEquals(24, InternalLayout.ENTRIES);
        assertEquals(56, InternalLayout.entrySize(ValueKind.NUMERIC));
        assertEquals(24 + 3 * 56, InternalLayout.size(ValueKind.NUMERIC, 3));
        assertEquals(24 + 2 * 56, InternalLayout.entry(2));
        assertEquals(40, Summary.BYTES);
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
        for (int lo = 0; lo < xs.length; lo += 37) {
            Summary part = new Summary();
            part.ofValues(xs, lo, Math.min(xs.length, lo + 37));
            merged.merge(part.count, part.min, part.max, part.mean, part.m2);
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
        assertEquals(whole.stddev(), added.stddev(), 1e-6);
        assertEquals(1.0, whole.stddev(), 0.05);
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
