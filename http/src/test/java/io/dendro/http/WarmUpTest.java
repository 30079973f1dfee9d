package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.StreamKind;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's warm-up: one plot of the first numeric stream, in the background, and nothing when told not to. */
class WarmUpTest extends HttpFixture {
    @Test
    void shouldReadAPlotOfTheFirstNumericStreamOnlyWhenThereIsOne() throws Exception {
        assertEquals(0L, server.warmedUp.get(30, TimeUnit.SECONDS), "an empty database: nothing to read");
        Stream labels = db.create(new UUID(0, 1), "w/labels", Map.of(), Map.of(), StreamKind.NOMINAL);
        labels.insertDocuments(new long[] {1, 2}, new String[] {"\"a\"", "\"b\""}, MergePolicy.NEVER, Durability.SYNC);
        restart(options());
        assertEquals(0L, server.warmedUp.get(30, TimeUnit.SECONDS), "labels are not plotted as windows");
        Stream s = db.create(new UUID(0, 2), "w/num", Map.of(), Map.of());
        int n = 50_000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_767_225_600_000_000_000L + i * 1_000_000L;
            v[i] = Math.sin(i / 100.0);
        }
        s.insert(t, v, MergePolicy.NEVER);
        s.flush();
        restart(options());
        long windows = server.warmedUp.get(30, TimeUnit.SECONDS);
        assertTrue(windows >= 500 && windows <= 2000, windows + " windows for about 1,000 pixels");
        assertEquals(200, get("/plot/v1/streams").status(), "serving meanwhile");
        restart(options().warmUp(false));
        assertEquals(0L, server.warmedUp.getNow(-1L), "off: done at once, nothing read");
    }

    private void restart(HttpServerOptions o) {
        server.close();
        server = DendroHttpServer.start(db, o);
    }
}
