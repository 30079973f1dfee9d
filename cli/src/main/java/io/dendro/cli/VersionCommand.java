package io.dendro.cli;

import io.dendro.Stream;
import picocli.CommandLine.Command;

/** {@code dendro version}: the stream's latest version. */
@Command(name = "version", description = "Print the stream's latest version (0 before the first insert).")
final class VersionCommand extends StreamCommand {
    @Override
    void run(CliContext ctx, Stream s) {
        ctx.out().append(Long.toString(s.version())).append('\n');
    }
}
