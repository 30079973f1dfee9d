package io.dendro.cli;

import io.dendro.PointCursor;
import io.dendro.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dendro values}: the raw points of a range, as CSV {@code time,value}. */
@Command(name = "values", sortOptions = false,
        description = "Print the points with start <= time < end as CSV time,value, in ascending time.")
final class ValuesCommand extends StreamCommand {
    @Option(names = "--start", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range start, inclusive (ns or ISO-8601).")
    long start;

    @Option(names = "--end", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range end, exclusive (ns or ISO-8601).")
    long end;

    @Mixin
    VersionOption version;

    @Mixin
    TimeFormatOption times;

    @Override
    void run(CliContext ctx, Stream s) {
        try (PointCursor c = s.values(start, end, version.version)) {
            reportVersion(ctx, c.version());
            Csv.writePoints(ctx.out(), c, times);
        }
    }
}
