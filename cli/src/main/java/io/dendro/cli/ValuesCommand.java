package io.dendro.cli;

import io.dendro.PointCursor;
import io.dendro.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dendro values}: the raw points of a range, as CSV {@code time,value} or JSON lines. */
@Command(name = "values", sortOptions = false,
        description = "Print the points with start <= time < end as CSV time,value (or, with --format jsonl, "
                + "{\"t\": NS, \"v\": V} per line), in ascending time.")
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

    @Option(names = "--format", paramLabel = "F", defaultValue = "csv",
            description = "csv (default) or jsonl (Datastream's datapoints; with --iso, t is an ISO-8601 string).")
    PointFormat format;

    @Override
    void run(CliContext ctx, Stream s) {
        try (PointCursor c = s.values(start, end, version.version)) {
            reportVersion(ctx, c.version());
            if (format == PointFormat.jsonl) {
                Csv.writePointsJsonl(ctx.out(), c, times);
            } else {
                Csv.writePoints(ctx.out(), c, times);
            }
        }
    }
}
