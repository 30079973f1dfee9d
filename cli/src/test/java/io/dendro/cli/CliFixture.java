package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.DatabaseOptions;
import io.dendro.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of every test that runs {@code dendro}: a fresh directory {@link #dir} for each
 * test, a database path {@link #db} in it (nothing is created until a command creates it) and a
 * {@link Cli} runner {@link #cli} for it; the stream ids the tests share; set-up steps that must
 * succeed ({@link #create}, {@link #insert}); and assertions on what a run left behind, which
 * print the whole run when they fail.
 */
abstract class CliFixture {
    static final String ID = "11111111-2222-3333-4444-555555555555";
    static final String EMPTY = "22222222-2222-3333-4444-555555555555";
    static final String OTHER = "33333333-2222-3333-4444-555555555555";
    /** A stream no test creates. */
    static final String UNKNOWN = "99999999-2222-3333-4444-555555555555";

    @TempDir
    Path dir;
    /** {@code dir/db}, where {@link #cli} points. */
    Path db;
    /** Adds {@code --db db} to every command. */
    Cli cli;

    @BeforeEach
    void pointAtAFreshDatabase() {
        db = dir.resolve("db");
        cli = new Cli(db);
    }

    // ---- set-up steps that must succeed --------------------------------------------------------

    /** {@code create --collection collection --uuid uuid MORE...}, which prints the uuid. */
    void create(String collection, String uuid, String... more) {
        List<String> args = new ArrayList<>(List.of("--collection", collection, "--uuid", uuid));
        args.addAll(Arrays.asList(more));
        assertOk(cli.run("create", args.toArray(new String[0])), uuid + "\n");
    }

    /** {@code create --collection collection}; returns the random uuid it printed. */
    String create(String collection) {
        return ok(cli.run("create", "--collection", collection)).strip();
    }

    /** {@code insert --uuid uuid} of {@code csv} on stdin, which makes {@code version}. */
    void insert(String uuid, String csv, long version) {
        assertOk(cli.runWithInput(csv, "insert", "--uuid", uuid), version + "\n");
    }

    // ---- assertions on a run ---------------------------------------------------------------------

    /** Exit 0, exactly {@code out} on stdout, nothing on stderr. */
    static void assertOk(Cli.Result r, String out) {
        assertOk(r, out, "");
    }

    /** Exit 0, exactly {@code out} on stdout and exactly {@code err} on stderr. */
    static void assertOk(Cli.Result r, String out, String err) {
        assertEquals(0, r.exit(), r::toString);
        assertEquals(out, r.out(), r::toString);
        assertEquals(err, r.err(), r::toString);
    }

    /** Exit 0 and stdout; returns stdout. */
    static String ok(Cli.Result r) {
        assertEquals(0, r.exit(), r::toString);
        return r.out();
    }

    /**
     * A runtime failure: exit 1, empty stdout, and stderr's one line is
     * {@code error: CODE: ...} containing every fragment.
     */
    static void assertFails(Cli.Result r, ErrorCode code, String... fragments) {
        assertEquals(Main.FAILURE, r.exit(), r::toString);
        assertError(r, code, fragments);
    }

    /** A usage error: exit 2, empty stdout, stderr starts with {@code error: INVALID_ARGUMENT: }. */
    static void assertUsage(Cli.Result r, String... fragments) {
        assertEquals(Main.USAGE, r.exit(), r::toString);
        assertError(r, ErrorCode.INVALID_ARGUMENT, fragments);
    }

    private static void assertError(Cli.Result r, ErrorCode code, String... fragments) {
        assertEquals("", r.out(), r::toString);
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: " + code + ": "), r::toString);
        for (String f : fragments) {
            assertTrue(first.contains(f), () -> "expected '" + f + "' in the error line\n" + r);
        }
    }

    // ---- the runner ------------------------------------------------------------------------------

    /**
     * Runs {@code dendro} in-process, the way a shell would, with captured stdout and stderr, a
     * given stdin and environment, and fsync off (test data only).
     */
    static final class Cli {
        /** What one run left behind. */
        record Result(int exit, String out, String err) {
            @Override
            public String toString() {
                return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
            }
        }

        private final Path db;
        private Map<String, String> env = Map.of();
        private DatabaseOptions options = DatabaseOptions.defaults().fsync(false);

        /** A runner that adds {@code --db db} to every command (except when db is null). */
        Cli(Path db) {
            this.db = db;
        }

        Cli env(Map<String, String> e) {
            this.env = e;
            return this;
        }

        /** Opens databases with {@code o} instead of the defaults with fsync off. */
        Cli options(DatabaseOptions o) {
            this.options = o;
            return this;
        }

        /** Runs {@code dendro COMMAND --db DIR ARGS...}. */
        Result run(String command, String... args) {
            return runWithInput("", command, args);
        }

        /** Runs with {@code stdin} as standard input. */
        Result runWithInput(String stdin, String command, String... args) {
            List<String> all = new ArrayList<>();
            all.add(command);
            if (db != null) {
                all.add("--db");
                all.add(db.toString());
            }
            all.addAll(Arrays.asList(args));
            return raw(stdin, all.toArray(new String[0]));
        }

        /** Runs exactly {@code args}, adding nothing. */
        Result raw(String stdin, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), options, env::get, false);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
