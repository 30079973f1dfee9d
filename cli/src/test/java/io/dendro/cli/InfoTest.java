package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Database;
import io.dendro.DatabaseInfo;
import io.dendro.DatabaseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfoTest extends CliFixture {
    @Test
    void shouldShowTotals() {
        String a = create("a");
        String b = create("b");
        insert(a, "1,1\n2,2\n3,3\n", 1);
        insert(a, "1,1\n", 2);
        insert(b, "5,5\n", 1);
        Cli.Result r = cli.run("info");
        DatabaseInfo expected;
        try (Database d = Database.open(db, DatabaseOptions.defaults().fsync(false))) {
            expected = d.info();
        }
        List<String> lines = ok(r).lines().toList();
        assertEquals("", r.err());
        assertEquals(6, lines.size(), r::toString);
        assertEquals("directory        " + db, lines.get(0));
        assertEquals("streams          2", lines.get(1));
        assertEquals("points           5", lines.get(2));
        assertEquals("versions         3", lines.get(3));
        assertTrue(lines.get(4).startsWith("bytes on disk    " + expected.bytesOnDisk() + " ("), r::toString);
        assertEquals(String.format(java.util.Locale.ROOT, "bytes per point  %.2f", expected.bytesOnDisk() / 5.0),
                lines.get(5));
    }

    @Test
    void shouldShowAnEmptyDatabase() {
        create("a");
        List<String> lines = ok(cli.run("info")).lines().toList();
        assertEquals("points           0", lines.get(2));
        assertEquals("bytes per point  n/a", lines.get(5));
    }
}
