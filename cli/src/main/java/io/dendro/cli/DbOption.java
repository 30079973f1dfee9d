package io.dendro.cli;

import io.dendro.Database;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db DIR} option: which database directory a command works on. */
final class DbOption {
    /** The environment variable that names the default database directory. */
    static final String ENV = "DENDRO_DB";
    /** The directory used when neither {@code --db} nor {@value #ENV} is given. */
    static final String DEFAULT_DIR = "dendro-data";

    @Option(names = "--db", paramLabel = "DIR",
            description = "Database directory (default: $DENDRO_DB, else dendro-data).")
    Path dir;

    /** The directory: {@code --db}, else {@code $DENDRO_DB}, else {@code ./dendro-data}. */
    Path resolve(CliContext ctx) {
        if (dir != null) {
            return dir;
        }
        String env = ctx.env().apply(ENV);
        return Path.of(env == null || env.isBlank() ? DEFAULT_DIR : env);
    }

    /**
     * Opens the database. Only commands that make something new pass {@code create}: the others
     * fail with NOT_A_DATABASE on a missing directory instead of leaving an empty database behind.
     */
    Database open(CliContext ctx, boolean create) {
        return Database.open(resolve(ctx), ctx.options().create(create));
    }

    /**
     * Opens the database read-only, for commands that only read: nothing is written (no lock
     * file, no log file, no sealing of what the log holds), so they work on a full disk, on a
     * read-only file system and while another process writes the database. The state is the one
     * at open: a command is short, so it does not refresh.
     */
    Database openForReading(CliContext ctx) {
        return Database.open(resolve(ctx), ctx.options().readOnly(true).refreshMillis(0));
    }
}
