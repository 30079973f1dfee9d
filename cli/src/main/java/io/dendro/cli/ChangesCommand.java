package io.dendro.cli;

import io.dendro.Stream;
import io.dendro.TimeRange;
import io.dendro.Versioned;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dendro changes}: the time ranges where two versions of a stream differ, as CSV
 * {@code start,end}. Unlike in reads, version 0 here is the empty stream before the first
 * version, so {@code --from 0} covers every point of {@code --to}.
 */
@Command(name = "changes", sortOptions = false,
        description = {"Print the time ranges [start, end) where the stream at version TO differs from "
                + "version FROM, as CSV start,end: sorted, merged, edges on multiples of 2^R ns.",
            "Ranges may over-cover (a rewritten block whose content ended up equal) but never miss a change. "
                + "Here version 0 is the empty stream before the first version: --from 0 covers every point "
                + "of TO. The cost follows the changed part of the tree."})
final class ChangesCommand extends StreamCommand {
    /** 2^30 ns, about 1.07 s: fine enough to locate a change, coarse enough to merge a burst of them. */
    static final int DEFAULT_RESOLUTION = 30;
    static final String HEADER = "start,end";

    @Option(names = "--from", required = true, paramLabel = "V",
            description = "The older version (0: the empty stream).")
    long from;

    @Option(names = "--to", required = true, paramLabel = "V", description = "The newer version, at least FROM.")
    long to;

    @Option(names = "--resolution", paramLabel = "R", defaultValue = "" + DEFAULT_RESOLUTION,
            description = "Range edges on multiples of 2^R ns, 0..62 (default ${DEFAULT-VALUE}, about 1.07 s; "
                    + "0 gives exact edges, larger R fewer and wider ranges).")
    int resolution;

    @Mixin
    TimeFormatOption times;

    @Override
    void run(CliContext ctx, Stream s) {
        Versioned<List<TimeRange>> r = s.changes(from, to, resolution);
        reportVersion(ctx, r.version());
        PrintWriter out = ctx.out();
        out.append(HEADER).append('\n');
        StringBuilder sb = new StringBuilder(64);
        for (TimeRange t : r.value()) {
            sb.setLength(0);
            times.append(times.append(sb, t.start()).append(','), t.end()).append('\n');
            out.append(sb);
        }
    }
}
