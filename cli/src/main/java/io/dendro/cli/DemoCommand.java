package io.dendro.cli;

import io.dendro.Database;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dendro demo}: loads (or reuses) a synthetic three-phase power meter and prints a guided
 * tour of the queries, with timings. Loading reports progress on stderr; the tour goes to stdout.
 */
@Command(name = "demo", sortOptions = false,
        description = {"Create (or reuse) a demo database of three synthetic streams, the RMS voltages of a "
                + "three-phase power meter at 120 Hz over a day from 2026-01-01T00:00:00Z (3 x 10,368,000 "
                + "points, loaded one hour per insert), then print a guided tour of the queries with timings.",
            "Run it again to reuse the data: only missing hours are loaded."})
final class DemoCommand implements Callable<Integer> {
    /** Where the demo goes by default; the demo does not use $DENDRO_DB. */
    static final String DEFAULT_DIR = "dendro-demo";

    @ParentCommand
    DendroCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
            description = "Demo database directory (default: ${DEFAULT-VALUE}).")
    String dir;

    @Option(names = "--hours", paramLabel = "H", defaultValue = "24",
            description = "Hours of data per stream, 1..24 (default 24). Smaller is quicker, for a first look "
                    + "or tests; a directory keeps the hours loaded by earlier runs.")
    int hours;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar on stderr.")
    boolean quiet;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        if (hours < 1 || hours > 24) {
            throw new ParameterException(spec.commandLine(), "--hours " + hours + " is outside 1..24");
        }
        CliContext ctx = parent.ctx;
        try (Database db = open(ctx, Path.of(dir))) {
            DemoLoader.Result load = new DemoLoader(ctx, quiet, hours).load(db);
            new DemoTour(ctx.out(), db, dir, hours, load.streams()).run(load);
        }
        return Main.OK;
    }

    /** Dendro's own files: what a demo directory holds. */
    private static final Pattern OWN_FILE =
            Pattern.compile("dendro\\.db|dendro\\.lock|seg-\\d{6}\\.dnd|wal-\\d+\\.log");

    /**
     * Opens (or creates) the demo database. A demo directory left by a build with an older
     * (development) on-disk format is loaded afresh: its files are deleted when they are all
     * Dendro's own; otherwise the open's error stands.
     */
    private static Database open(CliContext ctx, Path path) {
        try {
            return Database.open(path, ctx.options().create(true));
        } catch (DendroException e) {
            if (e.code() != ErrorCode.UNSUPPORTED_FORMAT || !e.getMessage().contains("older")
                    || !deleteOwnFiles(path)) {
                throw e;
            }
            ctx.err().println("dendro demo: " + path + " held an older development format; loading it afresh");
            return Database.open(path, ctx.options().create(true));
        }
    }

    /** Deletes the directory's files if every one is Dendro's own; false (nothing deleted) otherwise. */
    private static boolean deleteOwnFiles(Path path) {
        try (java.util.stream.Stream<Path> files = Files.list(path)) {
            List<Path> all = files.toList();
            if (!all.stream().allMatch(f -> OWN_FILE.matcher(f.getFileName().toString()).matches())) {
                return false;
            }
            for (Path f : all) {
                Files.delete(f);
            }
            return true;
        } catch (IOException io) {
            throw new DendroException(ErrorCode.IO_ERROR, "cannot replace the demo database in " + path + ": " + io.getMessage());
        }
    }
}
