package io.dendro.cli;

import io.dendro.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dendro latest}: the stream's last point. */
@Command(name = "latest", sortOptions = false,
        description = "Print the stream's last point as CSV time,value (only the header when it is empty).")
final class LatestCommand extends StreamCommand {
    @Mixin
    VersionOption version;

    @Mixin
    TimeFormatOption times;

    @Override
    void run(CliContext ctx, Stream s) {
        NearestCommand.print(ctx, s.latest(version.version), times);
    }
}
