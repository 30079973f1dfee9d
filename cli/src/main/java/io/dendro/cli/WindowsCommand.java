package io.dendro.cli;

import io.dendro.StatCursor;
import io.dendro.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dendro windows}: statistics over windows of any width, starting at start. */
@Command(name = "windows", sortOptions = false,
        description = {"Print min, mean, max, count and population stddev over windows "
                + "[start + k*width, start + (k+1)*width), as CSV time,min,mean,max,count,stddev.",
            "End is rounded down to a whole number of windows. Every window is printed; an empty one has "
                + "count 0 and NaN statistics."})
final class WindowsCommand extends StreamCommand {
    @Option(names = "--start", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range start, inclusive (ns or ISO-8601).")
    long start;

    @Option(names = "--end", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range end, exclusive (ns or ISO-8601).")
    long end;

    @Option(names = "--width", required = true, paramLabel = "NS", converter = DurationConverter.class,
            description = "Window width: nanoseconds, an ISO-8601 duration such as PT15M, or a number with a unit "
                    + "(d, h, m, s, ms, us, ns) such as 15m.")
    long width;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "0",
            description = "0 (default) is exact; with D > 0 a tree block no wider than 2^D that straddles "
                    + "a window boundary may be counted in the window where it starts (faster). 0..62.")
    int depth;

    @Mixin
    VersionOption version;

    @Mixin
    TimeFormatOption times;

    @Override
    void run(CliContext ctx, Stream s) {
        try (StatCursor c = s.windows(start, end, width, depth, version.version)) {
            reportVersion(ctx, c.version());
            Csv.writeStats(ctx.out(), c, times);
        }
    }
}
