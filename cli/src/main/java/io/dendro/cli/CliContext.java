package io.dendro.cli;

import io.dendro.DatabaseOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * What a command may touch of its process: stdin, stdout, stderr, the environment, and how
 * databases are opened. Passed in by {@link Main} so that tests run commands in-process.
 *
 * @param in               standard input (insert reads CSV from it)
 * @param out              standard output: results only, so that it can be redirected to a file
 * @param err              standard error: versions, progress, errors
 * @param options          how databases are opened (production: {@link DatabaseOptions#defaults()})
 * @param env              environment lookup ({@code DENDRO_DB})
 * @param stderrIsTerminal whether progress may redraw a line on stderr
 */
record CliContext(InputStream in, PrintWriter out, PrintWriter err, DatabaseOptions options,
                  Function<String, String> env, boolean stderrIsTerminal) {
}
