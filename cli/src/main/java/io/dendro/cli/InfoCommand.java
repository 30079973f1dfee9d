package io.dendro.cli;

import io.dendro.Database;
import io.dendro.DatabaseInfo;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code dendro info}: totals over the database. */
@Command(name = "info",
        description = {"Show the database's totals: streams, points (at each stream's latest version), "
                + "versions (summed over streams), bytes on disk and bytes per point.",
            "One 'name  value' line each, names left-aligned."})
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Mixin
    DbOption db;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx;
        DatabaseInfo i;
        String dir;
        try (Database d = db.openForReading(ctx)) {
            i = d.info();
            dir = d.directory().toString();
        }
        print(ctx.out(), "", dir, i);
        return Main.OK;
    }

    /** Prints the totals; shared with the demo. */
    static void print(PrintWriter out, String indent, String dir, DatabaseInfo i) {
        line(out, indent, "directory", dir);
        line(out, indent, "streams", Long.toString(i.streams()));
        line(out, indent, "points", Long.toString(i.points()));
        line(out, indent, "versions", Long.toString(i.versions()));
        line(out, indent, "bytes on disk", i.bytesOnDisk() + " (" + Units.bytes(i.bytesOnDisk()) + ")");
        line(out, indent, "bytes per point",
                i.points() == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", i.bytesPerPoint()));
    }

    /** One {@code name  value} line, the name padded to 16 columns; shared with compact. */
    static void line(PrintWriter out, String indent, String name, String value) {
        out.append(indent).append(String.format(Locale.ROOT, "%-16s %s", name, value)).append('\n');
    }
}
