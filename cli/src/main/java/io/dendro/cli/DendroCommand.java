package io.dendro.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The top-level {@code dendro} command: holds the process context and lists the subcommands.
 * Run without a subcommand it fails as a usage error (and {@link Main} prints the usage).
 */
@Command(name = "dendro",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Dendro: an embedded, versioned time-series store (BTrDB design).",
            "",
            "Times are integer nanoseconds since 1970-01-01T00:00:00Z or ISO-8601 instants "
                    + "(2026-01-01T12:00:00Z). Ranges are half-open: start inclusive, end exclusive. "
                    + "Version 0 (the default) means the latest. Results go to stdout as CSV; the version "
                    + "a read answered at goes to stderr as 'version: N'.",
            ""},
        footer = {
            "",
            "Every command takes --db DIR (default: $DENDRO_DB, else ./dendro-data).",
            "Exit status: 0 success, 1 the request failed (error: CODE: message on stderr), 2 usage error."},
        subcommands = {
            CreateCommand.class,
            DeriveCommand.class,
            InsertCommand.class,
            DeleteCommand.class,
            FlushCommand.class,
            ValuesCommand.class,
            AlignedWindowsCommand.class,
            WindowsCommand.class,
            DownsampleCommand.class,
            NearestCommand.class,
            EarliestCommand.class,
            LatestCommand.class,
            CountCommand.class,
            ChangesCommand.class,
            PlotCommand.class,
            VersionCommand.class,
            StreamsCommand.class,
            InfoCommand.class,
            RetentionCommand.class,
            ObliterateCommand.class,
            CompactCommand.class,
            VerifyCommand.class,
            DumpCommand.class,
            ServeCommand.class,
            DemoCommand.class})
final class DendroCommand implements Callable<Integer> {
    final CliContext ctx;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    DendroCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
