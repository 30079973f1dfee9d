package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code retention}, {@code obliterate} and {@code compact}, with exact output. */
class MaintenanceCommandsTest extends CliFixture {
    /** ID: versions 1..3 (1000→1, then 2000→2, then 3000→3). OTHER: versions 1..2. EMPTY: none. */
    @BeforeEach
    void load() {
        create("test/maint", ID);
        create("test/other", OTHER);
        create("test/empty", EMPTY);
        for (int i = 1; i <= 3; i++) {
            insert(ID, i * 1000 + "," + i + "\n", i);
        }
        insert(OTHER, "1,1\n2,2\n", 1);
        insert(OTHER, "3,3\n", 2);
    }

    @Test
    void shouldShowTheFirstRetainedVersionWithoutChangingAnything() {
        assertOk(cli.run("retention", "--uuid", ID), "1\n", "version: 3\n");
        assertOk(cli.run("retention", "--uuid", EMPTY), "1\n", "version: 0\n");
        assertOk(cli.run("count", "--uuid", ID, "--version", "1"), "1\n", "version: 1\n");
    }

    @Test
    void shouldKeepTheLastVersions() {
        assertOk(cli.run("retention", "--uuid", ID, "--keep-versions", "2"), "2\n", "version: 3\n");
        assertFails(cli.run("count", "--uuid", ID, "--version", "1"), ErrorCode.NO_SUCH_VERSION,
                "dropped by the retention policy");
        assertOk(cli.run("count", "--uuid", ID, "--version", "2"), "2\n", "version: 2\n");
        // the window moves with new versions
        assertOk(cli.runWithInput("4000,4\n", "insert", "--uuid", ID), "4\n");
        assertOk(cli.run("retention", "--uuid", ID), "3\n", "version: 4\n");
        // a looser policy does not bring dropped versions back
        assertOk(cli.run("retention", "--uuid", ID, "--keep-versions", "0"), "3\n", "version: 4\n");
        assertOk(cli.runWithInput("5000,5\n", "insert", "--uuid", ID), "5\n");
        assertOk(cli.run("retention", "--uuid", ID), "3\n", "version: 5\n");
        // the latest version is always kept
        assertOk(cli.run("retention", "--uuid", ID, "--keep-versions", "1"), "5\n", "version: 5\n");
        assertOk(cli.run("retention", "--uuid", EMPTY, "--keep-versions", "1"), "1\n", "version: 0\n");
    }

    @Test
    void shouldKeepVersionsByAge() {
        assertOk(cli.run("retention", "--uuid", ID, "--keep-for", "P7D"), "1\n", "version: 3\n");
        assertOk(cli.run("retention", "--uuid", ID, "--keep-for", "90d"), "1\n", "version: 3\n");
        assertOk(cli.run("retention", "--uuid", ID, "--keep-for", "12h", "--keep-versions", "5"), "1\n",
                "version: 3\n");
        assertOk(cli.run("retention", "--uuid", ID, "--keep-for", "0"), "1\n", "version: 3\n");
        // every version but the latest is older than a nanosecond
        assertOk(cli.run("retention", "--uuid", ID, "--keep-for", "1ns"), "3\n", "version: 3\n");
        assertFails(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10000", "--version", "2"),
                ErrorCode.NO_SUCH_VERSION, "oldest kept is 3");
    }

    @Test
    void shouldRejectBadRetention() {
        assertFails(cli.run("retention", "--uuid", ID, "--keep-versions", "-1"), ErrorCode.INVALID_ARGUMENT,
                "--keep-versions -1 is negative");
        assertFails(cli.run("retention", "--uuid", ID, "--keep-for", "-P1D"), ErrorCode.INVALID_ARGUMENT,
                "--keep-for", "negative");
        assertFails(cli.run("retention", "--uuid", ID, "--keep-for", "-5d"), ErrorCode.INVALID_ARGUMENT,
                "--keep-for", "negative");
        assertFails(cli.run("retention", "--uuid", UNKNOWN, "--keep-versions", "1"), ErrorCode.NO_SUCH_STREAM,
                UNKNOWN);
        // a bare number would be nanoseconds: refused rather than drop nearly every version
        assertUsage(cli.run("retention", "--uuid", ID, "--keep-for", "90"), "--keep-for", "'90'");
        assertUsage(cli.run("retention", "--uuid", ID, "--keep-for", "3 weeks"), "--keep-for");
        assertUsage(cli.run("retention", "--uuid", ID, "--keep-versions", "all"), "--keep-versions");
        assertOk(cli.run("retention", "--uuid", ID), "1\n", "version: 3\n"); // nothing changed
    }

    @Test
    void shouldParseRetentionDurations() {
        DurationConverter.Retention c = new DurationConverter.Retention();
        assertEquals(Duration.ofHours(24), c.convert("PT24H"));
        assertEquals(Duration.ofDays(7), c.convert("P7D"));
        assertEquals(Duration.ofDays(90), c.convert("90d"));
        assertEquals(Duration.ofHours(12), c.convert("12h"));
        assertEquals(Duration.ofMinutes(30), c.convert("30m"));
        assertEquals(Duration.ofSeconds(45), c.convert("45s"));
        assertEquals(Duration.ofMillis(250), c.convert("250ms"));
        assertEquals(Duration.ZERO, c.convert("0"));
        assertEquals(Duration.ofDays(-5), c.convert("-5d"));
        for (String bad : new String[] {"90", "d", "5 d", "5D", "+5d", "5w", "1.5h", "99999999999d", ""}) {
            org.junit.jupiter.api.Assertions.assertThrows(TypeConversionException.class, () -> c.convert(bad), bad);
        }
        // widths also take units; a bare number stays nanoseconds
        assertEquals(900_000_000_000L, new DurationConverter().convert("15m"));
        assertEquals(900L, new DurationConverter().convert("900"));
        assertNull(DurationConverter.parse("15min", true));
    }

    @Test
    void shouldRefuseToObliterateWithoutYesAndSayWhatWouldGo() {
        Cli.Result r = cli.run("obliterate", "--uuid", ID);
        assertUsage(r, "would remove stream " + ID + " (collection 'test/maint', 3 versions, 3 points)",
                "add --yes");
        assertOk(cli.run("version", "--uuid", ID), "3\n");
        assertOk(cli.run("retention", "--uuid", ID, "--keep-versions", "2"), "2\n", "version: 3\n");
        assertUsage(cli.run("obliterate", "--uuid", ID), "(collection 'test/maint', 3 versions of which 2 retained, "
                + "3 points)");
        assertUsage(cli.run("obliterate", "--uuid", EMPTY), "(collection 'test/empty', 0 versions, 0 points)");
        assertFails(cli.run("obliterate", "--uuid", UNKNOWN), ErrorCode.NO_SUCH_STREAM, UNKNOWN);
    }

    @Test
    void shouldObliterateWithYes() {
        assertOk(cli.run("obliterate", "--uuid", OTHER, "--yes"), "",
                "removed stream " + OTHER + " (collection 'test/other', 2 versions, 3 points)\n");
        assertFails(cli.run("version", "--uuid", OTHER), ErrorCode.NO_SUCH_STREAM, OTHER);
        assertFails(cli.run("obliterate", "--uuid", OTHER, "--yes"), ErrorCode.NO_SUCH_STREAM, OTHER);
        List<String> streams = ok(cli.run("streams")).lines().toList();
        assertEquals(3, streams.size(), streams::toString);
        assertTrue(streams.stream().noneMatch(l -> l.startsWith(OTHER)), streams::toString);
        assertOk(cli.run("count", "--uuid", ID), "3\n", "version: 3\n"); // the others stay
        // the UUID can be used again
        create("test/again", OTHER);
        assertOk(cli.run("version", "--uuid", OTHER), "0\n");
    }

    private static final Pattern BYTES = Pattern.compile("(\\d+) \\(\\d+(\\.\\d)? (B|KiB|MiB|GiB)\\)");

    @Test
    void shouldCompactAndReport() {
        assertOk(cli.run("retention", "--uuid", ID, "--keep-versions", "1"), "3\n", "version: 3\n");
        String gone = "44444444-2222-3333-4444-555555555555";
        create("test/gone", gone);
        ok(cli.runWithInput("1,1\n", "insert", "--uuid", gone));
        ok(cli.run("obliterate", "--uuid", gone, "--yes"));
        Cli.Result r = cli.run("compact");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), r::toString); // a quick compaction shows no progress
        List<String> lines = r.out().lines().toList();
        assertEquals(10, lines.size(), r::toString);
        assertEquals("streams          3", lines.get(0)); // ID, OTHER, EMPTY
        assertEquals("versions kept    3", lines.get(1)); // ID's latest, both of OTHER's
        assertTrue(lines.get(2).matches("nodes copied     [1-9]\\d*"), r::toString);
        assertEquals("nodes upgraded   0", lines.get(3)); // written by this code: format 6 already
        long copied = bytes(lines.get(4), "bytes copied     ", r);
        long before = bytes(lines.get(5), "bytes before     ", r);
        long after = bytes(lines.get(6), "bytes after      ", r);
        assertTrue(copied > 0 && after < before, r::toString);
        assertTrue(lines.get(7).matches("time             \\d+(\\.\\d+)? (ns|ms|s)"), r::toString);
        assertTrue(lines.get(8).matches("writer pause     \\d+(\\.\\d+)? (ns|ms|s)"), r::toString);
        assertTrue(lines.get(9).matches("copy rate        (n/a|\\d+(\\.\\d)? (B|KiB|MiB|GiB)/s)"), r::toString);
        // everything retained reads as before; what was dropped stays dropped
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10000"),
                "time,value\n1000,1.0\n2000,2.0\n3000,3.0\n", "version: 3\n");
        assertFails(cli.run("count", "--uuid", ID, "--version", "2"), ErrorCode.NO_SUCH_VERSION);
        assertOk(cli.run("values", "--uuid", OTHER, "--start", "0", "--end", "10", "--version", "1"),
                "time,value\n1,1.0\n2,2.0\n", "version: 1\n");
        assertFails(cli.run("version", "--uuid", gone), ErrorCode.NO_SUCH_STREAM);
        // and the database goes on: a write after compaction, and a second compaction
        assertOk(cli.runWithInput("4000,4\n", "insert", "--uuid", ID), "4\n");
        Cli.Result again = cli.run("compact", "-q");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().startsWith("streams          3\nversions kept    3\n"), again::toString);
    }

    private static long bytes(String line, String prefix, Cli.Result r) {
        assertTrue(line.startsWith(prefix), r::toString);
        Matcher m = BYTES.matcher(line.substring(prefix.length()));
        assertTrue(m.matches(), r::toString);
        return Long.parseLong(m.group(1));
    }

    @Test
    void shouldCompactAnEmptyDatabase() {
        Cli fresh = new Cli(dir.resolve("fresh"));
        ok(fresh.run("create", "--collection", "c", "--uuid", EMPTY));
        ok(fresh.run("obliterate", "--uuid", EMPTY, "--yes"));
        Cli.Result r = fresh.run("compact");
        assertTrue(r.out().startsWith("streams          0\nversions kept    0\nnodes copied     0\nnodes upgraded   0\n"),
                r::toString);
    }

    @Test
    void shouldNotCreateADatabase() {
        Cli missing = new Cli(dir.resolve("missing"));
        assertFails(missing.run("compact"), ErrorCode.NOT_A_DATABASE);
        assertFails(missing.run("flush"), ErrorCode.NOT_A_DATABASE);
        assertFails(missing.run("flush", "--uuid", ID), ErrorCode.NOT_A_DATABASE);
        assertFails(missing.run("retention", "--uuid", ID), ErrorCode.NOT_A_DATABASE);
        assertFails(missing.run("obliterate", "--uuid", ID, "--yes"), ErrorCode.NOT_A_DATABASE);
        assertFails(missing.run("delete", "--uuid", ID, "--start", "0", "--end", "1"), ErrorCode.NOT_A_DATABASE);
        assertFails(missing.run("changes", "--uuid", ID, "--from", "0", "--to", "0"), ErrorCode.NOT_A_DATABASE);
    }

    @Test
    void shouldExplainEveryNewCommand() {
        for (String cmd : new String[] {"delete", "flush", "changes", "retention", "obliterate", "compact"}) {
            Cli.Result r = new Cli(null).raw("", cmd, "--help");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().startsWith("Usage: dendro " + cmd + " "), r::toString);
            assertEquals("", r.err(), r::toString);
        }
        String top = ok(new Cli(null).raw("", "--help"));
        for (String cmd : new String[] {"delete", "flush", "changes", "retention", "obliterate", "compact"}) {
            assertTrue(top.contains("\n  " + cmd + " "), () -> cmd + " missing from\n" + top);
        }
    }
}
