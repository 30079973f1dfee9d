package io.dendro.cli;

import io.dendro.Time;
import picocli.CommandLine.Option;

/** The {@code --iso} option: print times as ISO-8601 instants instead of nanoseconds. */
final class TimeFormatOption {
    @Option(names = "--iso", description = "Print times as ISO-8601 instants instead of integer nanoseconds.")
    boolean iso;

    /** Appends {@code t} in the chosen format. */
    StringBuilder append(StringBuilder sb, long t) {
        return iso ? sb.append(Time.format(t)) : sb.append(t);
    }
}
