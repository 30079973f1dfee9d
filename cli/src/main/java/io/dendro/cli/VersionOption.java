package io.dendro.cli;

import picocli.CommandLine.Option;

/** The {@code --version V} option of reads: the stream version to read, 0 for the latest. */
final class VersionOption {
    @Option(names = "--version", paramLabel = "V", defaultValue = "0",
            description = "Stream version to read (default 0: the latest).")
    long version;
}
