package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.ErrorCode;
import java.io.RandomAccessFile;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerifyAndDumpTest extends CliFixture {
    private static final Pattern ROOT = Pattern.compile("root (\\d+):(\\d+)");

    private String a;
    private String b;

    @BeforeEach
    void load() {
        cli = new Cli(db);
        a = create("test/a");
        b = create("test/b");
        // more points than a leaf holds (Geometry.LEAF_CAPACITY), so that the tree has internal nodes
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 9000; i++) {
            csv.append(1_000_000_000L * i).append(',').append(i % 17).append('\n');
        }
        insert(a, csv.toString(), 1);
        insert(a, "5,5\n1,1\n5,6\n", 2);
        insert(b, "7,7\n", 1);
    }

    @Test
    void shouldVerifyACleanDatabase() {
        Cli.Result r = cli.run("verify");
        List<String> lines = ok(r).lines().toList();
        assertEquals("", r.err());
        assertEquals(7, lines.size(), r::toString);
        assertEquals("streams        2", lines.get(0));
        assertEquals("versions       3", lines.get(1));
        assertTrue(lines.get(2).matches("nodes +\\d+"), r::toString);
        assertTrue(lines.get(4).startsWith("bytes checked  "), r::toString);
        assertTrue(lines.get(5).startsWith("time           "), r::toString);
        assertEquals("problems       0", lines.get(6));
    }

    @Test
    void shouldExitOneAndNameTheFileAndOffsetOfADamagedNode() throws Exception {
        long offset = rootOffset(ok(cli.run("dump", "--uuid", a)));
        try (RandomAccessFile f = new RandomAccessFile(db.resolve("seg-000000.dnd").toFile(), "rw")) {
            f.seek(offset + 40);
            int x = f.read();
            f.seek(offset + 40);
            f.write(x ^ 1);
        }
        Cli.Result r = cli.run("verify");
        assertEquals(Main.FAILURE, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("streams        2", lines.get(0));
        assertEquals("versions       3", lines.get(1));
        assertEquals("problems       1", lines.get(6));
        String p = lines.get(7);
        assertTrue(p.startsWith("CORRUPTION " + db.resolve("seg-000000.dnd") + " offset " + offset + ", stream " + a
                + " version 2 node 0:" + offset + ": "), p);
        assertTrue(p.contains("checksum"), p);
        String dump = ok(cli.run("dump", "--uuid", a));
        assertTrue(dump.lines().toList().get(1).startsWith("0:" + offset + " ! CORRUPTION: "), dump);
    }

    @Test
    void shouldDumpATreeWithItsRootAndLeaves() {
        String out = ok(cli.run("dump", "--uuid", a));
        List<String> lines = out.lines().toList();
        long offset = rootOffset(out);
        assertTrue(lines.get(0).startsWith("stream " + a + " version 2 of 2 root 0:" + offset), out);
        assertTrue(lines.get(1).startsWith("internal 0:" + offset + " pw=62 "), out);
        assertTrue(out.contains("-> leaf "), out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("    [") || l.startsWith("      [")), out);
        String v1 = ok(cli.run("dump", "--uuid", a, "--version", "1", "--depth", "1"));
        assertTrue(v1.startsWith("stream " + a + " version 1 of 2 root "), v1);
        String entry = "  \\[\\d+] v=1 count=\\d+ min=\\S+ max=\\S+ -> \\d+:\\d+";
        assertTrue(v1.lines().skip(2).allMatch(l -> l.matches(entry)), v1);
        String small = ok(cli.run("dump", "--uuid", b));
        assertTrue(small.lines().toList().get(1).matches("leaf \\d+:\\d+ pw=62 start=-1152921504606846976 points=1 "
                + "first=7 last=7"), small);
    }

    @Test
    void shouldDecodeOneNodeFieldByField() {
        long offset = rootOffset(ok(cli.run("dump", "--uuid", a)));
        String out = ok(cli.run("dump", "--node", "0:" + offset));
        assertTrue(out.contains("kind          1 (internal)"), out);
        assertTrue(out.contains("pointwidth    62"), out);
        assertTrue(out.contains("entry 0: child "), out);
        assertEquals(out, ok(cli.run("dump", "--node", Long.toString(offset))));
        String leafLine = ok(cli.run("dump", "--uuid", b)).lines().toList().get(1);
        String leaf = ok(cli.run("dump", "--node", leafLine.split(" ")[1]));
        assertTrue(leaf.contains("kind          2 (leaf)"), leaf);
        assertTrue(leaf.contains("point 0: 7 7.0"), leaf);
    }

    @Test
    void shouldDumpTheRegistry() {
        String out = ok(cli.run("dump", "--registry"));
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).matches("catalog-root \\d+:\\d+ streams=2 trie=\\d+:\\d+ lsn=\\d+ index=\\d+:\\d+"), out);
        assertTrue(lines.get(1).matches("bucket \\d+:\\d+ depth=0 entries=2"), out);
        assertTrue(out.contains("  " + a + " -> stream "), out);
        assertTrue(out.contains(" version=2 collection=test/a"), out);
        assertTrue(out.contains(" version=1 collection=test/b"), out);
    }

    @Test
    void shouldRejectBadDumpArguments() {
        assertUsage(cli.run("dump"), "--uuid", "--node", "--registry");
        assertUsage(cli.run("dump", "--registry", "--uuid", a));
        assertUsage(cli.run("dump", "--node", "zero"), "not an address");
        assertFails(cli.run("dump", "--registry", "--version", "2"), ErrorCode.INVALID_ARGUMENT, "--version");
        assertFails(cli.run("dump", "--uuid", a, "--version", "9"), ErrorCode.NO_SUCH_VERSION);
        assertFails(cli.run("dump", "--uuid", a, "--depth", "0"), ErrorCode.INVALID_ARGUMENT, "depth");
        assertFails(cli.run("dump", "--node", "0:8"), ErrorCode.CORRUPTION, "out of bounds");
        assertFails(new Cli(dir.resolve("none")).run("verify"), ErrorCode.NOT_A_DATABASE);
    }

    private static long rootOffset(String dump) {
        Matcher m = ROOT.matcher(dump);
        assertTrue(m.find(), dump);
        assertEquals("0", m.group(1));
        return Long.parseLong(m.group(2));
    }
}
