package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dendro.error.ErrorCode;
import io.dendro.storage.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every command that only reads opens the database read-only: it works on a read-only file
 * system and on a full disk, and changes no file; commands that write say READ_ONLY there.
 */
class ReadOnlyCommandsTest extends CliFixture {

    /** Every read command with arguments that make it print something. */
    static final List<String[]> READS = List.of(
            new String[] {"values", "--uuid", ID, "--start", "0", "--end", "10000"},
            new String[] {"aligned-windows", "--uuid", ID, "--start", "0", "--end", "4096", "--pointwidth", "10"},
            new String[] {"windows", "--uuid", ID, "--start", "0", "--end", "4000", "--width", "1000"},
            new String[] {"nearest", "--uuid", ID, "--time", "1200"},
            new String[] {"earliest", "--uuid", ID},
            new String[] {"latest", "--uuid", ID},
            new String[] {"count", "--uuid", ID},
            new String[] {"version", "--uuid", ID},
            new String[] {"changes", "--uuid", ID, "--from", "1", "--to", "2"},
            new String[] {"streams"},
            new String[] {"info"},
            new String[] {"verify"},
            new String[] {"dump", "--uuid", ID},
            new String[] {"dump", "--registry"});

    private static void load(Cli cli) {
        ok(cli.run("create", "--collection", "c", "--uuid", ID));
        assertOk(cli.runWithInput("1000,1\n1500,2\n2000,3\n", "insert", "--uuid", ID), "1\n");
        assertOk(cli.runWithInput("3000,4\n", "insert", "--uuid", ID), "2\n");
    }

    private static String listing(Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                b.append(p.getFileName()).append(' ').append(Files.size(p)).append(' ')
                        .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void shouldRunEveryReadCommandWithoutChangingAFile() throws IOException {
        load(cli);
        Files.delete(db.resolve("dendro.lock")); // a read must not even create the lock file
        String before = listing(db);
        for (String[] read : READS) {
            ok(cli.run(read[0], java.util.Arrays.copyOfRange(read, 1, read.length)));
        }
        assertEquals(before, listing(db));
    }

    @Test
    void shouldReadFromAReadOnlyFileSystemAndRefuseWrites() throws IOException {
        Optional<Tmpfs> fs = Tmpfs.mount(dir.resolve("mnt"), 16 << 20);
        assumeTrue(fs.isPresent(), "needs permission to mount a tmpfs (root on Linux)");
        try (Tmpfs mnt = fs.get()) {
            Cli cli = new Cli(mnt.path().resolve("db"));
            load(cli);
            String count = ok(cli.run("count", "--uuid", ID));
            mnt.readOnly();
            for (String[] read : READS) {
                ok(cli.run(read[0], java.util.Arrays.copyOfRange(read, 1, read.length)));
            }
            assertEquals(count, ok(cli.run("count", "--uuid", ID)));
            assertFails(cli.runWithInput("5000,5\n", "insert", "--uuid", ID), ErrorCode.READ_ONLY, "read-only file system");
            assertFails(cli.run("create", "--collection", "d"), ErrorCode.READ_ONLY, "read-only file system");
        }
    }
}
