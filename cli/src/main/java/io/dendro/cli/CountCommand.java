package io.dendro.cli;

import io.dendro.Stream;
import io.dendro.Time;
import io.dendro.Versioned;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dendro count}: the exact number of points in a range. */
@Command(name = "count", sortOptions = false,
        description = "Print the number of points with start <= time < end (default: all of them).")
final class CountCommand extends StreamCommand {
    @Option(names = "--start", paramLabel = "T", converter = TimeConverter.class,
            description = "Range start, inclusive (default: the earliest storable time).")
    Long start;

    @Option(names = "--end", paramLabel = "T", converter = TimeConverter.class,
            description = "Range end, exclusive (default: the end of storable time).")
    Long end;

    @Mixin
    VersionOption version;

    @Override
    void run(CliContext ctx, Stream s) {
        Versioned<Long> n = s.count(start == null ? Time.MIN_TIME : start, end == null ? Time.MAX_TIME : end,
                version.version);
        reportVersion(ctx, n.version());
        ctx.out().append(Long.toString(n.value())).append('\n');
    }
}
