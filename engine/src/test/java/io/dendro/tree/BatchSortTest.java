package io.dendro.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Batch#sort}, a stable natural merge sort, against a stable sort of indices, on shapes with runs and ties. */
class BatchSortTest {
    @Test
    void shouldSortStablyWhateverTheRuns() {
        long seed = System.nanoTime();
        System.out.println("BatchSortTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 3000; k++) {
            int n = r.nextInt(k < 100 ? 8 : 3000);
            long[] t = new long[n];
            int shape = r.nextInt(5);
            int runs = 1 + r.nextInt(6);
            for (int i = 0; i < n; i++) {
                t[i] = switch (shape) {
                    case 0 -> r.nextInt(10); // many ties
                    case 1 -> n - i; // descending: n runs
                    case 2 -> (long) (i % Math.max(1, n / runs)) * 3 + r.nextInt(2); // a few ascending runs
                    case 3 -> i; // sorted
                    default -> r.nextLong(); // random
                };
            }
            double[] v = IntStream.range(0, n).asDoubleStream().toArray(); // each point's original index
            Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            long[] orig = t.clone();
            Arrays.sort(order, Comparator.comparingLong((Integer i) -> orig[i])); // stable
            long[] wantT = Arrays.stream(order).mapToLong(i -> orig[i]).toArray();
            double[] wantV = Arrays.stream(order).mapToDouble(i -> i).toArray();
            Batch.sort(t, v, n);
            assertArrayEquals(wantT, t, "seed " + seed + " case " + k);
            assertArrayEquals(wantV, v, "seed " + seed + " case " + k + ": ties keep their order");
        }
    }
}
