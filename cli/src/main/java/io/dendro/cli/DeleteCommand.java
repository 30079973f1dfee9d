package io.dendro.cli;

import io.dendro.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dendro delete}: removes the points of a range as a new version and prints it. Older
 * versions keep the points (until the retention policy drops them).
 */
@Command(name = "delete", sortOptions = false,
        description = {"Remove every point with start <= time < end and print the new version.",
            "A new version is made also when nothing was removed (it then equals the previous one). Older "
                + "versions still hold the points; read them with --version."})
final class DeleteCommand extends StreamCommand {
    @Option(names = "--start", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range start, inclusive (ns or ISO-8601).")
    long start;

    @Option(names = "--end", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range end, exclusive (ns or ISO-8601).")
    long end;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    void run(CliContext ctx, Stream s) {
        ctx.out().append(Long.toString(s.delete(start, end))).append('\n');
    }
}
