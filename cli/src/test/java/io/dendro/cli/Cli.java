package io.dendro.cli;

import io.dendro.DatabaseOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code dendro} in-process, the way a shell would, with captured stdout and stderr, a
 * given stdin and environment, and fsync off (test data only).
 */
final class Cli {
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
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                options, env::get, false);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
