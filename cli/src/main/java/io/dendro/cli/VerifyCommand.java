package io.dendro.cli;

import io.dendro.Database;
import io.dendro.VerifyReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dendro verify}: checks every record and every version of every stream. */
@Command(name = "verify", sortOptions = false,
        description = {"Check the whole database: every record's checksum and structure, the stream registry, "
                + "and the tree of every version of every stream (shared nodes once).",
            "Prints a summary ('name  value' lines: streams, versions, nodes, points, bytes checked, time, "
                + "problems), then each problem on one line: KIND location: description, where the location "
                + "names the file and byte offset and, inside a stream, the stream, version and node.",
            "Exit status 0 when no problem is found, 1 when any is (or the database cannot be opened)."})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Mixin
    DbOption db;

    @Mixin
    HelpOption help;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx;
        VerifyReport r;
        try (Database d = db.openForReading(ctx)) {
            Progress[] progress = {null};
            r = d.verify((done, total) -> {
                if (progress[0] == null) {
                    progress[0] = new Progress(ctx, quiet, "verifying", "versions", total);
                }
                progress[0].update(done);
            });
            if (progress[0] != null) {
                progress[0].finish(r.versions());
            }
        }
        print(ctx.out(), r);
        return r.isClean() ? Main.OK : Main.FAILURE;
    }

    static void print(PrintWriter out, VerifyReport r) {
        line(out, "streams", Long.toString(r.streams()));
        line(out, "versions", Long.toString(r.versions()));
        line(out, "nodes", Long.toString(r.nodes()));
        line(out, "points", Long.toString(r.points()));
        line(out, "bytes checked", r.bytes() + " (" + Units.bytes(r.bytes()) + ")");
        line(out, "time", Units.duration(r.elapsedNanos()));
        line(out, "problems", Long.toString(r.problemCount()));
        for (VerifyReport.Problem p : r.problems()) {
            out.append(p.toString()).append('\n');
        }
        if (r.omittedProblems() > 0) {
            out.append("... and ").append(Long.toString(r.omittedProblems())).append(" more problems\n");
        }
    }

    private static void line(PrintWriter out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-14s %s", name, value)).append('\n');
    }
}
