package io.dendro.bench.codec;

import io.dendro.storage.codec.ValueCodecs;
import io.dendro.testdata.SharedData;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bits per value of {@link ValueCodecs#encodeBest} on every real series (the ALP samples, the
 * NAB series, the EKG), cut into leaves of 1,024 and of 8,192 points (the tree's leaf
 * capacity), with how many leaves took each tag. Uses only what every Dendro since format 3
 * has, so that the same source measures an older build: compile it against each build's
 * {@code storage/target/classes} and {@code test-classes} and run
 * <pre>
 * java -Ddendro.shared=/path/to/shared/data -cp ... io.dendro.bench.codec.BestSizes
 * </pre>
 * Prints a Markdown table.
 */
public final class BestSizes {
    private BestSizes() {
    }

    public static void main(String[] args) {
        List<SharedData.Series> all = new ArrayList<>(SharedData.alpSamples());
        all.addAll(SharedData.nab());
        all.add(SharedData.ekg());
        System.out.println("| series | n | bits/value, leaves of 1024 | tags 1/2/3/4 | bits/value, leaves of 8192 | tags 1/2/3/4 |");
        System.out.println("|---|---:|---:|---|---:|---|");
        long n = 0;
        long[] total = new long[2];
        for (SharedData.Series s : all) {
            StringBuilder row = new StringBuilder("| " + s.name() + " | " + s.values().length);
            int k = 0;
            for (int leaf : new int[] {1024, 8192}) {
                long[] tags = new long[5];
                long bytes = size(s.values(), leaf, tags);
                total[k++] += bytes;
                row.append(String.format(Locale.ROOT, " | %.3f | %d/%d/%d/%d", bytes * 8.0 / s.values().length,
                        tags[1], tags[2], tags[3], tags[4]));
            }
            n += s.values().length;
            System.out.println(row + " |");
        }
        System.out.printf(Locale.ROOT, "%nAll together: %.3f bits/value (leaves of 1024), %.3f (leaves of 8192)%n",
                total[0] * 8.0 / n, total[1] * 8.0 / n);
    }

    static long size(double[] v, int leaf, long[] tags) {
        MemorySegment b = MemorySegment.ofArray(new byte[ValueCodecs.maxEncodedSize(leaf)]);
        long bytes = 0;
        for (int from = 0; from < v.length; from += leaf) {
            int len = ValueCodecs.encodeBest(v, from, Math.min(leaf, v.length - from), b, 0);
            bytes += len;
            tags[b.get(ValueLayout.JAVA_BYTE, 0)]++;
        }
        return bytes;
    }
}
