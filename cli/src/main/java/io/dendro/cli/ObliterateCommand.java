package io.dendro.cli;

import io.dendro.Stream;
import io.dendro.Time;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dendro obliterate}: removes a stream with every version of it. Without {@code --yes}
 * it removes nothing and fails as a usage error (exit 2) that says what would be removed.
 */
@Command(name = "obliterate", sortOptions = false,
        description = {"Remove a stream: its registry entry, every version and every point. This cannot be undone; "
                + "compact reclaims the space.",
            "Without --yes nothing is removed: the command fails (exit 2) and says what would be removed. With "
                + "--yes it removes the stream and says what it removed on stderr."})
final class ObliterateCommand extends StreamCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--yes", description = "Really remove the stream.")
    boolean yes;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    void run(CliContext ctx, Stream s) {
        String what = describe(s);
        if (!yes) {
            throw new ParameterException(spec.commandLine(), "obliterate would remove " + what
                    + "; nothing was removed (add --yes to remove it)");
        }
        s.obliterate();
        ctx.err().println("removed " + what);
    }

    /** {@code stream U (collection 'c', 3 versions, 1200 points)}. */
    private static String describe(Stream s) {
        long versions = s.version();
        long first = s.firstRetainedVersion();
        long points = s.count(Time.MIN_TIME, Time.MAX_TIME, 0).value();
        StringBuilder sb = new StringBuilder("stream ").append(s.uuid())
                .append(" (collection '").append(s.collection()).append("', ")
                .append(versions).append(versions == 1 ? " version" : " versions");
        if (versions > 0 && first > 1) {
            sb.append(" of which ").append(versions - first + 1).append(" retained");
        }
        int buffered = s.bufferedPoints();
        sb.append(", ").append(points).append(points == 1 ? " point" : " points");
        if (buffered > 0) {
            sb.append(" of which ").append(buffered).append(" buffered");
        }
        return sb.append(')').toString();
    }
}
