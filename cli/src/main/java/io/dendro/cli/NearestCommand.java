package io.dendro.cli;

import io.dendro.RawPoint;
import io.dendro.Stream;
import io.dendro.Versioned;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dendro nearest}: the point nearest a time, forward or backward. */
@Command(name = "nearest", sortOptions = false,
        description = {"Print the first point at or after a time (or, with --backward, the last point "
                + "strictly before it) as CSV time,value.",
            "Prints only the header when there is no such point."})
final class NearestCommand extends StreamCommand {
    @Option(names = "--time", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "The time (ns or ISO-8601).")
    long time;

    @Option(names = "--backward", description = "Search strictly before the time instead of at or after it.")
    boolean backward;

    @Mixin
    VersionOption version;

    @Mixin
    TimeFormatOption times;

    @Override
    void run(CliContext ctx, Stream s) {
        print(ctx, s.nearest(time, version.version, backward), times);
    }

    /** Prints a nearest-style answer: the version on stderr, the point (if any) as CSV. */
    static void print(CliContext ctx, Versioned<Optional<RawPoint>> r, TimeFormatOption times) {
        reportVersion(ctx, r.version());
        Csv.writePoint(ctx.out(), r.value().orElse(null), times);
    }
}
