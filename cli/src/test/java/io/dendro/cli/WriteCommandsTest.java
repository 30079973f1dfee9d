package io.dendro.cli;

import io.dendro.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code delete} and {@code changes}, with exact output. */
class WriteCommandsTest extends CliFixture {
    /** Version 1: 1000→1, 2000→2, 3000→3. Version 2 adds 4000→4. Version 3 deletes [2000, 3000). */
    @BeforeEach
    void load() {
        create("test/write", ID);
        create("test/empty", EMPTY);
        insert(ID, "1000,1\n2000,2\n3000,3\n", 1);
        insert(ID, "4000,4\n", 2);
        assertOk(cli.run("delete", "--uuid", ID, "--start", "2000", "--end", "3000"), "3\n");
    }

    @Test
    void shouldDeleteARangeAsANewVersionAndKeepOlderOnes() {
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10000"),
                "time,value\n1000,1.0\n3000,3.0\n4000,4.0\n", "version: 3\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10000", "--version", "2"),
                "time,value\n1000,1.0\n2000,2.0\n3000,3.0\n4000,4.0\n", "version: 2\n");
        // ISO times; the end is exclusive, so 4000 stays
        assertOk(cli.run("delete", "--uuid", ID, "--start", "1970-01-01T00:00:00.000003Z",
                "--end", "1970-01-01T00:00:00.000004Z"), "4\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10000"),
                "time,value\n1000,1.0\n4000,4.0\n", "version: 4\n");
    }

    @Test
    void shouldMakeAVersionEvenWhenNothingIsDeleted() {
        assertOk(cli.run("delete", "--uuid", ID, "--start", "5", "--end", "5"), "4\n");
        assertOk(cli.run("delete", "--uuid", EMPTY, "--start", "0", "--end", "100"), "1\n");
        assertOk(cli.run("count", "--uuid", ID, "--version", "4"), "3\n", "version: 4\n");
    }

    @Test
    void shouldRejectBadDeletes() {
        assertFails(cli.run("delete", "--uuid", ID, "--start", "10", "--end", "5"), ErrorCode.INVALID_TIME_RANGE,
                "start 10 is after end 5");
        assertFails(cli.run("delete", "--uuid", ID, "--start", "-1152921504606846977", "--end", "0"),
                ErrorCode.INVALID_TIME_RANGE, "-1152921504606846977");
        assertFails(cli.run("delete", "--uuid", UNKNOWN, "--start", "0", "--end", "1"), ErrorCode.NO_SUCH_STREAM,
                UNKNOWN);
        assertUsage(cli.run("delete", "--uuid", ID, "--start", "0"), "--end");
        assertUsage(cli.run("delete", "--uuid", ID, "--start", "soon", "--end", "1"), "--start", "soon");
        assertOk(cli.run("version", "--uuid", ID), "3\n"); // nothing changed
    }

    @Test
    void shouldPrintExactChangesAtResolutionZero() {
        assertOk(cli.run("changes", "--uuid", ID, "--from", "0", "--to", "1", "--resolution", "0"),
                "start,end\n1000,1001\n2000,2001\n3000,3001\n", "version: 1\n");
        assertOk(cli.run("changes", "--uuid", ID, "--from", "1", "--to", "2", "--resolution", "0"),
                "start,end\n4000,4001\n", "version: 2\n");
        assertOk(cli.run("changes", "--uuid", ID, "--from", "2", "--to", "3", "--resolution", "0"),
                "start,end\n2000,2001\n", "version: 3\n");
        assertOk(cli.run("changes", "--uuid", ID, "--from", "1", "--to", "3", "--resolution", "0"),
                "start,end\n2000,2001\n4000,4001\n", "version: 3\n");
    }

    @Test
    void shouldAlignAndMergeRangesAtCoarserResolutions() {
        // 2^10 = 1024: 1000, 2000 and 3000 → [0,1024), [1024,2048), [2048,3072): touching, merged
        assertOk(cli.run("changes", "--uuid", ID, "--from", "0", "--to", "1", "--resolution", "10"),
                "start,end\n0,3072\n", "version: 1\n");
        assertOk(cli.run("changes", "--uuid", ID, "--from", "1", "--to", "2", "--resolution", "10"),
                "start,end\n3072,4096\n", "version: 2\n");
        // the default resolution is 30 (about 1.07 s)
        assertOk(cli.run("changes", "--uuid", ID, "--from", "0", "--to", "3"),
                "start,end\n0,1073741824\n", "version: 3\n");
        assertOk(cli.run("changes", "--uuid", ID, "--from", "0", "--to", "3", "--iso"),
                "start,end\n1970-01-01T00:00:00Z,1970-01-01T00:00:01.073741824Z\n", "version: 3\n");
    }

    @Test
    void shouldPrintOnlyTheHeaderWhenNothingChanged() {
        assertOk(cli.run("changes", "--uuid", ID, "--from", "2", "--to", "2"), "start,end\n", "version: 2\n");
        assertOk(cli.run("changes", "--uuid", ID, "--from", "0", "--to", "0"), "start,end\n", "version: 0\n");
        assertOk(cli.run("changes", "--uuid", EMPTY, "--from", "0", "--to", "0"), "start,end\n", "version: 0\n");
        // a delete of nothing makes a version equal to the one before
        assertOk(cli.run("delete", "--uuid", ID, "--start", "7000", "--end", "8000"), "4\n");
        assertOk(cli.run("changes", "--uuid", ID, "--from", "3", "--to", "4", "--resolution", "0"),
                "start,end\n", "version: 4\n");
    }

    @Test
    void shouldRejectBadChanges() {
        assertFails(cli.run("changes", "--uuid", ID, "--from", "1", "--to", "4"), ErrorCode.NO_SUCH_VERSION, "4");
        assertFails(cli.run("changes", "--uuid", EMPTY, "--from", "0", "--to", "1"), ErrorCode.NO_SUCH_VERSION);
        assertFails(cli.run("changes", "--uuid", ID, "--from", "1", "--to", "2", "--resolution", "63"),
                ErrorCode.INVALID_POINTWIDTH, "63");
        assertFails(cli.run("changes", "--uuid", ID, "--from", "1", "--to", "2", "--resolution", "-1"),
                ErrorCode.INVALID_POINTWIDTH, "-1");
        assertFails(cli.run("changes", "--uuid", ID, "--from", "3", "--to", "1"), ErrorCode.INVALID_ARGUMENT,
                "3 to 1");
        assertFails(cli.run("changes", "--uuid", ID, "--from", "-1", "--to", "1"), ErrorCode.INVALID_ARGUMENT, "-1");
        assertFails(cli.run("changes", "--uuid", UNKNOWN, "--from", "0", "--to", "1"), ErrorCode.NO_SUCH_STREAM,
                UNKNOWN);
        assertUsage(cli.run("changes", "--uuid", ID, "--from", "1"), "--to");
        assertUsage(cli.run("changes", "--uuid", ID, "--from", "1", "--to", "latest"), "--to");
        assertUsage(cli.run("changes", "--uuid", ID, "--from", "1", "--to", "2", "--resolution", "1.5"),
                "--resolution");
    }

    @Test
    void shouldFailOnADroppedVersion() {
        assertOk(cli.run("retention", "--uuid", ID, "--keep-versions", "2"), "2\n", "version: 3\n");
        assertFails(cli.run("changes", "--uuid", ID, "--from", "1", "--to", "3"), ErrorCode.NO_SUCH_VERSION,
                "retention");
        // version 0, the empty stream, is never dropped
        assertOk(cli.run("changes", "--uuid", ID, "--from", "0", "--to", "2", "--resolution", "0"),
                "start,end\n1000,1001\n2000,2001\n3000,3001\n4000,4001\n", "version: 2\n");
    }
}
