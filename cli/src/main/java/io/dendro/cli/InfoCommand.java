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
            "With --uuid, the stream's: collection, kind, tags, annotations, versions, points and first and last "
                + "times at its latest version.",
            "One 'name  value' line each, names left-aligned."})
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Mixin
    DbOption db;

    @picocli.CommandLine.Option(names = "--uuid", paramLabel = "U", description = "Show one stream instead of the totals.")
    java.util.UUID uuid;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx;
        if (uuid != null) {
            try (Database d = db.openForReading(ctx)) {
                stream(ctx.out(), d.stream(uuid));
            }
            return Main.OK;
        }
        DatabaseInfo i;
        String dir;
        try (Database d = db.openForReading(ctx)) {
            i = d.info();
            dir = d.directory().toString();
        }
        print(ctx.out(), "", dir, i);
        return Main.OK;
    }

    /** One stream's registry entry and extent at its latest version. */
    private static void stream(PrintWriter out, io.dendro.Stream s) {
        io.dendro.StreamInfo i = s.info();
        line(out, "", "uuid", i.uuid().toString());
        line(out, "", "collection", i.collection());
        line(out, "", "kind", i.kind().label());
        line(out, "", "tags", Csv.pairs(i.tags()));
        line(out, "", "annotations", Csv.pairs(i.annotations()));
        line(out, "", "property version", Long.toString(i.propertyVersion()));
        line(out, "", "version", Long.toString(i.version()));
        line(out, "", "first retained", i.version() == 0 ? "n/a" : Long.toString(s.firstRetainedVersion()));
        io.dendro.Lineage l = s.lineage();
        if (l != null) {
            line(out, "", "derived", l.op() + (l.args().isEmpty() ? "" : " " + Csv.pairs(l.args())));
            for (io.dendro.Lineage.Source src : l.sources()) {
                line(out, "", "source", src.uuid() + (src.name().isEmpty() ? "" : " (" + src.name() + ")")
                        + " at version " + src.version());
            }
            if (!l.complete()) {
                line(out, "", "backprocessed", "up to " + l.until() + " (" + io.dendro.Time.format(l.until())
                        + "); dendro derive --resume goes on");
            }
        }
        if (i.version() > 0) {
            long v = i.version();
            line(out, "", "points", Long.toString(s.count(io.dendro.Time.MIN_TIME, io.dendro.Time.MAX_TIME, v).value()));
            s.earliest(v).value().ifPresent(p -> line(out, "", "first point", p.time() + " (" + io.dendro.Time.format(p.time()) + ")"));
            s.latest(v).value().ifPresent(p -> line(out, "", "last point", p.time() + " (" + io.dendro.Time.format(p.time()) + ")"));
        }
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
