package io.dendro.cli;

import io.dendro.CompactionReport;
import io.dendro.Database;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dendro compact}: runs {@link Database#compact()}, which copies what every stream's
 * retained versions still use into fresh segment files and deletes the old ones, then prints
 * the {@link CompactionReport}.
 */
@Command(name = "compact", sortOptions = false,
        description = {"Reclaim space: copy what every stream's retained versions still use into fresh segment "
                + "files, delete the old ones, and print what was done, one 'name  value' line each: streams, "
                + "versions kept, nodes and bytes copied, bytes in use before and after, time, how long writers "
                + "paused, and the copy rate.",
            "Space is freed only by versions that retention policies dropped and streams that were obliterated. "
                + "The time elapsed goes to stderr while it runs (after 5 s, or 0.3 s on a terminal)."})
final class CompactCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Mixin
    DbOption db;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx;
        CompactionReport r;
        try (Database d = db.open(ctx, false)) {
            try (ElapsedProgress p = new ElapsedProgress(ctx, quiet, "compacting")) {
                r = d.compact();
            }
        }
        print(ctx.out(), r);
        return Main.OK;
    }

    static void print(PrintWriter out, CompactionReport r) {
        InfoCommand.line(out, "", "streams", Long.toString(r.streams()));
        InfoCommand.line(out, "", "versions kept", Long.toString(r.versionsKept()));
        InfoCommand.line(out, "", "nodes copied", Long.toString(r.nodesCopied()));
        InfoCommand.line(out, "", "nodes upgraded", Long.toString(r.nodesUpgraded()));
        InfoCommand.line(out, "", "bytes copied", bytes(r.bytesCopied()));
        InfoCommand.line(out, "", "bytes before", bytes(r.bytesBefore()));
        InfoCommand.line(out, "", "bytes after", bytes(r.bytesAfter()));
        InfoCommand.line(out, "", "time", Units.duration(r.millis() * 1_000_000L));
        InfoCommand.line(out, "", "writer pause", Units.duration(r.pauseMillis() * 1_000_000L));
        double rate = r.bytesPerSecond();
        InfoCommand.line(out, "", "copy rate", Double.isNaN(rate) ? "n/a" : Units.bytes(Math.round(rate)) + "/s");
    }

    private static String bytes(long b) {
        return b + " (" + Units.bytes(b) + ")";
    }
}
