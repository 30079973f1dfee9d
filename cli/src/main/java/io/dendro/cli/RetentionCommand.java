package io.dendro.cli;

import io.dendro.Stream;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dendro retention}: sets which versions a stream keeps, or shows the first one it keeps.
 * The engine replaces the policy as a whole, so a limit left out is no limit; it cannot read the
 * policy back, so without options only the first retained version is shown.
 */
@Command(name = "retention", sortOptions = false,
        description = {"Set which versions the stream keeps and print the first version kept; 'version: N' "
                + "(the latest) goes to stderr, so versions FIRST..N are readable.",
            "The policy is replaced as a whole: a limit left out means no limit of that kind, and "
                + "--keep-versions 0 alone keeps everything again from now on. The latest version is always "
                + "kept. Dropped versions are gone for good (reading one is NO_SUCH_VERSION, a looser policy does "
                + "not bring them back); compact reclaims their space.",
            "With neither option nothing changes and the first version kept is printed."})
final class RetentionCommand extends StreamCommand {
    @Option(names = "--keep-versions", paramLabel = "N",
            description = "Keep the last N versions (0: no limit by count).")
    Long keepVersions;

    @Option(names = "--keep-for", paramLabel = "DURATION", converter = DurationConverter.Retention.class,
            description = "Keep the versions committed within this long: ISO-8601 (PT24H, P7D) or a number with "
                    + "a unit (90d, 12h, 30m, 45s); 0: no limit by age.")
    Duration keepFor;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    void run(CliContext ctx, Stream s) {
        // checked here too, to name the option (the engine's message names neither)
        if (keepVersions != null && keepVersions < 0) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "--keep-versions " + keepVersions + " is negative");
        }
        if (keepFor != null && keepFor.isNegative()) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "--keep-for " + keepFor + " is negative");
        }
        long first = keepVersions == null && keepFor == null ? s.firstRetainedVersion()
                : s.setRetention(keepVersions == null ? 0 : keepVersions, keepFor);
        reportVersion(ctx, s.version());
        ctx.out().append(Long.toString(first)).append('\n');
    }
}
