package io.dendro.cli;

import io.dendro.Database;
import io.dendro.Stream;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * A command on one existing stream ({@code --db DIR --uuid U}): opens the database without
 * creating it (read-only unless the command {@link #writes()}), looks the stream up
 * (NO_SUCH_STREAM when absent), runs, and closes everything.
 */
abstract class StreamCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Mixin
    DbOption db;

    @Mixin
    HelpOption help;

    @Option(names = "--uuid", required = true, paramLabel = "UUID", description = "The stream.")
    UUID uuid;

    @Override
    public final Integer call() {
        CliContext ctx = parent.ctx;
        try (Database d = writes() ? db.open(ctx, false) : db.openForReading(ctx)) {
            run(ctx, d.stream(uuid));
        }
        return Main.OK;
    }

    /** Whether the command changes the database; the others open it read-only. */
    boolean writes() {
        return false;
    }

    /** Does the work; output goes to {@code ctx.out()}, the version read to {@code ctx.err()}. */
    abstract void run(CliContext ctx, Stream stream);

    /** Reports the version a read answered at, on stderr. */
    static void reportVersion(CliContext ctx, long version) {
        ctx.err().println("version: " + version);
    }
}
