package io.dendro.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dendro.MergePolicy;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.tree.Batch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Points with payloads (documents, aggregates) through the batch's sort and merge policies and
 * the log record, against a model: a stable sort of (time, value, payload) triples, then the
 * policy's rule.
 */
class PayloadBatchTest {
    record P(long t, double v, byte[] p) {
        boolean same(P o) {
            return t == o.t && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(o.v)
                    && java.util.Arrays.equals(p, o.p);
        }
    }

    private static List<P> model(List<P> in, MergePolicy policy) {
        List<P> sorted = new ArrayList<>(in);
        sorted.sort(java.util.Comparator.comparingLong(P::t)); // List.sort is stable
        List<P> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j < sorted.size() && sorted.get(j).t() == sorted.get(i).t()) {
                j++;
            }
            List<P> group = sorted.subList(i, j);
            switch (policy) {
                case NEVER -> out.addAll(group);
                case RETAIN -> out.add(group.get(0));
                case REPLACE -> out.add(group.get(group.size() - 1));
                case EQUAL -> {
                    List<P> kept = new ArrayList<>();
                    for (P q : group) {
                        if (kept.stream().noneMatch(q::same)) {
                            kept.add(q);
                        }
                    }
                    out.addAll(kept);
                }
            }
            i = j;
        }
        return out;
    }

    private static void check(List<P> want, Batch b, String what) {
        assertEquals(want.size(), b.size, what);
        for (int i = 0; i < b.size; i++) {
            P w = want.get(i);
            assertEquals(w.t(), b.times[i], what + " point " + i);
            assertEquals(Double.doubleToRawLongBits(w.v()), Double.doubleToRawLongBits(b.values[i]), what + " " + i);
            assertArrayEquals(w.p(), b.payloads[i], what + " payload " + i);
        }
    }

    @Test
    void payloadsFollowTheirPointsThroughSortPoliciesConcatAndTheLog() {
        long seed = Long.getLong("dendro.payload.seed", System.nanoTime());
        System.out.println("PayloadBatchTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] labels = {"\"up\"", "\"down\"", "{\"s\":1}", ""};
        for (int round = 0; round < 200; round++) {
            int n = rnd.nextInt(round % 10 == 0 ? 2000 : 60);
            List<P> in = new ArrayList<>();
            long[] t = new long[n];
            double[] v = new double[n];
            byte[][] p = new byte[n][];
            for (int i = 0; i < n; i++) {
                t[i] = rnd.nextInt(round % 3 == 0 ? 3 : 40) - 5L;
                v[i] = rnd.nextInt(3);
                int k = rnd.nextInt(labels.length + 1);
                p[i] = k == labels.length ? null : labels[k].getBytes(StandardCharsets.UTF_8);
                in.add(new P(t[i], v[i], p[i]));
            }
            for (MergePolicy policy : MergePolicy.values()) {
                String what = "seed " + seed + " round " + round + " " + policy;
                Batch b = Batch.prepare(t, v, p, n, policy);
                List<P> want = model(in, policy);
                check(want, b, what);
                // split in two and concatenated: the same as one batch
                int cut = n == 0 ? 0 : rnd.nextInt(n + 1);
                Batch first = Batch.prepare(java.util.Arrays.copyOf(t, cut), java.util.Arrays.copyOf(v, cut),
                        java.util.Arrays.copyOf(p, cut), cut, policy);
                Batch second = Batch.prepare(java.util.Arrays.copyOfRange(t, cut, n),
                        java.util.Arrays.copyOfRange(v, cut, n), null, n - cut, policy);
                List<P> firstModel = model(in.subList(0, cut), policy);
                List<P> both = new ArrayList<>(firstModel);
                for (int i = cut; i < n; i++) {
                    both.add(new P(t[i], v[i], null));
                }
                check(model(both, policy), Batch.concat(List.of(first, second)), what + " concat");
                // through a log record and back
                UUID id = new UUID(rnd.nextLong(), rnd.nextLong());
                LogRecords.Insert back = LogRecords.decode(7, LogRecords.insert(id, b));
                assertEquals(id, back.stream());
                check(want, back.batch(), what + " logged");
            }
        }
    }

    @Test
    void aBatchWithoutPayloadsIsLoggedAsBefore() {
        Batch b = Batch.prepare(new long[] {3, 1, 2}, new double[] {1, 2, 3}, 3, MergePolicy.NEVER);
        assertNull(b.payloads);
        ByteBuffer rec = LogRecords.insert(UUID.randomUUID(), b);
        assertEquals(LogRecords.INSERT, rec.get(0));
        assertEquals(LogRecords.HEADER + 3 * 16, rec.remaining());
        assertNull(LogRecords.decode(1, rec).batch().payloads);
    }

    @Test
    void aMalformedPayloadRecordIsCorruption() {
        Batch b = Batch.prepare(new long[] {1, 2}, new double[] {1, 2},
                new byte[][] {"ab".getBytes(StandardCharsets.UTF_8), null}, 2, MergePolicy.NEVER);
        ByteBuffer rec = LogRecords.insert(UUID.randomUUID(), b);
        assertEquals(LogRecords.INSERT_PAYLOADS, rec.get(0));
        byte[] bytes = new byte[rec.remaining()];
        rec.get(bytes);
        ByteBuffer shorter = ByteBuffer.wrap(bytes, 0, bytes.length - 1).slice();
        assertEquals(ErrorCode.CORRUPTION, assertThrows(DendroException.class, () -> LogRecords.decode(1, shorter)).code());
        byte[] badLength = bytes.clone();
        ByteBuffer.wrap(badLength).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(LogRecords.HEADER + 32, -2);
        assertEquals(ErrorCode.CORRUPTION, assertThrows(DendroException.class,
                () -> LogRecords.decode(1, ByteBuffer.wrap(badLength))).code());
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertEquals(ErrorCode.CORRUPTION, assertThrows(DendroException.class,
                () -> LogRecords.decode(1, ByteBuffer.wrap(longer))).code());
    }
}
