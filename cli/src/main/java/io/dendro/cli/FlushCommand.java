package io.dendro.cli;

import io.dendro.Database;
import io.dendro.StreamInfo;
import io.dendro.StreamQuery;
import io.dendro.Stream;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dendro flush}: seals buffered points into numbered versions. Every {@code dendro}
 * command seals its own inserts before it exits, so points are buffered only when a process
 * stopped without closing the database: opening replays them from the write-ahead log. Until
 * they are sealed they are readable at version 0 (the latest) but not by number.
 */
@Command(name = "flush", sortOptions = false,
        description = {"Seal buffered points into numbered versions.",
            "With --uuid, seal that stream's buffer and print its latest version; without it, seal every "
                + "stream's buffer and print nothing on stdout. A summary goes to stderr.",
            "Points are buffered only when a process stopped without closing the database (opening replays "
                + "them from the write-ahead log); every dendro command seals its own before it exits."})
final class FlushCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Mixin
    DbOption db;

    @Mixin
    HelpOption help;

    @Option(names = "--uuid", paramLabel = "UUID", description = "Only this stream (default: every stream).")
    UUID uuid;

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx;
        try (Database d = db.open(ctx, false)) {
            if (uuid != null) {
                Stream s = d.stream(uuid);
                long buffered = s.bufferedPoints();
                long version = s.flush();
                ctx.out().append(Long.toString(version)).append('\n');
                ctx.err().println(buffered == 0 ? "nothing was buffered"
                        : "sealed " + points(buffered) + " as version " + version);
            } else {
                long buffered = 0;
                long streams = 0;
                for (StreamInfo i : d.streams(StreamQuery.all())) {
                    int n = d.stream(i.uuid()).bufferedPoints();
                    if (n > 0) {
                        buffered += n;
                        streams++;
                    }
                }
                d.flush();
                ctx.err().println(buffered == 0 ? "nothing was buffered"
                        : "sealed " + points(buffered) + " of " + streams + (streams == 1 ? " stream" : " streams"));
            }
        }
        return Main.OK;
    }

    private static String points(long n) {
        return n + (n == 1 ? " buffered point" : " buffered points");
    }
}
