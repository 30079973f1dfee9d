package io.dendro.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.storage.NodeAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeMemoTest {
    @Test
    void shouldRememberEveryNodeAcrossGrowth() {
        NodeMemo memo = new NodeMemo(4);
        Random r = new Random(7);
        Map<Long, long[]> model = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            long a = NodeAddress.of(r.nextInt(4), 64 + 8L * r.nextInt(1 << 20));
            if (r.nextInt(10) == 0) {
                memo.putBad(a);
                model.put(a, null);
            } else {
                long[] v = {r.nextInt(63), r.nextLong(), r.nextLong(), r.nextLong(1L << 40), r.nextLong(),
                        r.nextLong(1L << 30), r.nextLong()};
                memo.put(a, (int) v[0], v[1], v[2], v[4], v[5], v[6], v[3]);
                model.put(a, v);
            }
        }
        assertEquals(model.size(), memo.size());
        for (Map.Entry<Long, long[]> e : model.entrySet()) {
            int slot = memo.find(e.getKey());
            assertTrue(slot >= 0);
            long[] v = e.getValue();
            if (v == null) {
                assertTrue(memo.bad(slot));
            } else {
                assertFalse(memo.bad(slot));
                assertEquals(v[0], memo.pw(slot));
                assertEquals(v[1], memo.start(slot));
                assertEquals(v[2], memo.fingerprint(slot));
                assertEquals(v[3], memo.maxVersion(slot));
                assertEquals(v[4], memo.legacyFingerprint(slot));
                assertEquals(v[5], memo.timeSumHi(slot));
                assertEquals(v[6], memo.timeSumLo(slot));
            }
        }
        assertEquals(-1, memo.find(NodeAddress.of(9, 64)));
    }
}
