package io.dendro.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -h/--help} option of every command. Picocli's standard mixin is not used because
 * it also claims {@code --version}, which Dendro's reads use for the stream version.
 */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
