package io.dendro.cli;

import io.dendro.Stream;
import io.dendro.Time;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dendro obliterate}: removes a stream with every version of it and, with
 * {@code --cascade}, every stream derived from it. Without {@code --yes} it removes nothing and
 * fails as a usage error (exit 2) that says what would be removed.
 */
@Command(name = "obliterate", sortOptions = false,
        description = {"Remove a stream: its registry entry, every version and every point. This cannot be undone; "
                + "compact reclaims the space.",
            "A stream that others are derived from is removed only with --cascade, which removes them too (the "
                + "whole dependent graph, in one commit); without it the command fails and names them.",
            "Without --yes nothing is removed: the command fails (exit 2) and says what would be removed. With "
                + "--yes it removes the stream and says what it removed on stderr."})
final class ObliterateCommand extends StreamCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--yes", description = "Really remove the stream.")
    boolean yes;

    @Option(names = "--cascade", description = "Also remove every stream derived from this one, directly or through "
            + "other derived streams.")
    boolean cascade;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    void run(CliContext ctx, Stream s) {
        java.util.List<java.util.UUID> derived = s.derivedStreams();
        if (!derived.isEmpty() && !cascade) {
            throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.HAS_DEPENDENTS, "stream " + s.uuid()
                    + " has " + plural(derived.size()) + " derived from it (" + list(derived) + "); nothing was removed "
                    + "(obliterate them first, or add --cascade to remove them with it)");
        }
        String what = describe(s) + (derived.isEmpty() ? "" : " and the " + plural(derived.size())
                + " derived from it (" + list(derived) + ")");
        if (!yes) {
            throw new ParameterException(spec.commandLine(), "obliterate would remove " + what
                    + "; nothing was removed (add --yes to remove " + (derived.isEmpty() ? "it" : "them") + ")");
        }
        if (derived.isEmpty()) {
            s.obliterate();
        } else {
            s.obliterateWithDependents();
        }
        ctx.err().println("removed " + what);
    }

    private static String plural(int n) {
        return n == 1 ? "1 stream" : n + " streams";
    }

    private static String list(java.util.List<java.util.UUID> ids) {
        return String.join(", ", ids.stream().map(java.util.UUID::toString).toList());
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
