package io.dendro.cli;

import io.dendro.StatCursor;
import io.dendro.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dendro aligned-windows}: statistics over windows of 2^pointwidth ns. */
@Command(name = "aligned-windows", sortOptions = false,
        description = {"Print min, mean, max, count and population stddev over windows of 2^P ns, as CSV "
                + "time,min,mean,max,count,stddev.",
            "Start and end are rounded down to multiples of 2^P; windows without points are omitted."})
final class AlignedWindowsCommand extends StreamCommand {
    @Option(names = "--start", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range start, inclusive (ns or ISO-8601).")
    long start;

    @Option(names = "--end", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range end, exclusive (ns or ISO-8601).")
    long end;

    @Option(names = "--pointwidth", required = true, paramLabel = "P",
            description = "Window width as a power of two, 0..62 (e.g. 30 is about 1.07 s, 42 about 73 min).")
    int pointwidth;

    @Mixin
    VersionOption version;

    @Mixin
    TimeFormatOption times;

    @Override
    void run(CliContext ctx, Stream s) {
        try (StatCursor c = s.alignedWindows(start, end, pointwidth, version.version)) {
            reportVersion(ctx, c.version());
            Csv.writeStats(ctx.out(), c, times);
        }
    }
}
