package io.dendro.cli;

import io.dendro.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dendro earliest}: the stream's first point. */
@Command(name = "earliest", sortOptions = false,
        description = "Print the stream's first point as CSV time,value (only the header when it is empty).")
final class EarliestCommand extends StreamCommand {
    @Mixin
    VersionOption version;

    @Mixin
    TimeFormatOption times;

    @Override
    void run(CliContext ctx, Stream s) {
        NearestCommand.print(ctx, s.earliest(version.version), times);
    }
}
