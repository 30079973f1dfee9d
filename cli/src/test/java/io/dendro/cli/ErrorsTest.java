package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Database;
import io.dendro.DatabaseOptions;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Failures that are not about one query: the database directory, locking, the command line. */
class ErrorsTest extends CliFixture {
    @Test
    void shouldRefuseADirectoryThatIsNotADatabase() throws IOException {
        Path notDb = dir.resolve("photos");
        Files.createDirectories(notDb);
        Files.writeString(notDb.resolve("cat.jpg"), "meow");
        Cli cli = new Cli(notDb);
        assertFails(cli.run("streams"), ErrorCode.NOT_A_DATABASE, "cat.jpg");
        assertFails(cli.run("create", "--collection", "c"), ErrorCode.NOT_A_DATABASE);
        assertFails(cli.run("info"), ErrorCode.NOT_A_DATABASE);
    }

    @Test
    void shouldNotCreateADatabaseForReads() {
        Path missing = dir.resolve("missing");
        Cli cli = new Cli(missing);
        assertFails(cli.run("count", "--uuid", ID), ErrorCode.NOT_A_DATABASE, "does not exist");
        assertFails(cli.run("info"), ErrorCode.NOT_A_DATABASE);
        assertFails(cli.run("streams"), ErrorCode.NOT_A_DATABASE);
        assertFails(cli.runWithInput("1,1\n", "insert", "--uuid", ID), ErrorCode.NOT_A_DATABASE);
        assertFalse(Files.exists(missing));
        Path empty = dir.resolve("empty");
        assertTrue(empty.toFile().mkdir());
        assertFails(new Cli(empty).run("info"), ErrorCode.NOT_A_DATABASE, "holds no Dendro database");
    }

    @Test
    void shouldReportALockedDatabaseNamingTheHolderToWritersOnly() {
        create("c", ID);
        try (Database held = Database.open(db, DatabaseOptions.defaults().fsync(false))) {
            String pid = Long.toString(ProcessHandle.current().pid());
            assertFails(cli.runWithInput("1,1\n", "insert", "--uuid", ID), ErrorCode.DATABASE_LOCKED, pid);
            assertFails(cli.run("create", "--collection", "c"), ErrorCode.DATABASE_LOCKED, pid);
            assertFails(cli.run("delete", "--uuid", ID, "--start", "0", "--end", "1"), ErrorCode.DATABASE_LOCKED, pid);
            held.stream(java.util.UUID.fromString(ID)).insert(new long[] {5}, new double[] {2.5});
            // commands that only read open read-only beside the writer, and see what it logged
            assertEquals("1\n", ok(cli.run("count", "--uuid", ID)));
            ok(cli.run("info"));
            ok(cli.run("streams"));
            ok(cli.run("verify"));
            assertEquals(0, held.stream(java.util.UUID.fromString(ID)).version(), "the readers sealed nothing");
        }
        ok(cli.run("count", "--uuid", ID));
    }

    @Test
    void shouldReportUsageErrorsWithExitStatusTwo() {
        Cli cli = new Cli(null);
        assertUsage(cli.raw(""), "missing command");
        assertUsage(cli.raw("", "frobnicate"), "frobnicate");
        assertUsage(cli.raw("", "--bogus"), "--bogus");
        assertUsage(cli.raw("", "count", "--uuid"), "--uuid");
        assertUsage(cli.raw("", "demo", "--hours", "0"), "--hours 0");
        assertUsage(cli.raw("", "demo", "--hours", "many"), "--hours");
        Cli.Result r = cli.raw("", "count", "--uud", ID);
        assertUsage(r, "--uud");
        assertTrue(r.err().contains("Try 'dendro count --help'"), r::toString);
    }

    @Test
    void shouldPrintHelpOnStdout() {
        Cli cli = new Cli(null);
        for (String cmd : new String[] {"create", "insert", "values", "aligned-windows", "windows", "nearest",
            "earliest", "latest", "count", "version", "streams", "info", "demo"}) {
            Cli.Result r = cli.raw("", cmd, "--help");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().startsWith("Usage: dendro " + cmd), r::toString);
            assertTrue(r.out().contains("--db"), r::toString);
            assertEquals("", r.err());
        }
        Cli.Result r = cli.raw("", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("aligned-windows"), r::toString);
    }
}
