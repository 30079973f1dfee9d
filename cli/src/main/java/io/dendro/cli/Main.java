package io.dendro.cli;

import io.dendro.DatabaseOptions;
import io.dendro.error.DendroException;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code dendro} command.
 *
 * <p>Exit status: {@value #OK} on success, {@value #FAILURE} when the engine (or the input)
 * rejects the request with a {@link DendroException}, {@value #USAGE} for a usage error
 * (unknown option, missing argument, a value that does not parse). Every error is one line on
 * stderr, {@code error: <CODE>: <message>}, where CODE is an {@link io.dendro.error.ErrorCode}
 * name; usage errors use {@code INVALID_ARGUMENT}.
 */
public final class Main {
    /** Exit status of a command that succeeded. */
    public static final int OK = 0;
    /** Exit status of a command the engine rejected (a {@link DendroException}). */
    public static final int FAILURE = 1;
    /** Exit status of a usage error. */
    public static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one {@code dendro} command line in this process, reading stdin from
     * {@link System#in}, and returns its exit status.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean tty = err == System.err && Terminal.stderrIsTerminal();
        return run(args, System.in, out, err, DatabaseOptions.defaults(), System::getenv, tty);
    }

    /**
     * The testable core: every input of the process passed in. {@code options} is how every
     * database is opened (whether it is created is decided per command).
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, DatabaseOptions options,
                   Function<String, String> env, boolean stderrIsTerminal) {
        PrintWriter o = new StdoutWriter(out);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CliContext ctx = new CliContext(in, o, e, options, env, stderrIsTerminal);
        CommandLine cmd = new CommandLine(new DendroCommand(ctx));
        cmd.setOut(o);
        cmd.setErr(e);
        cmd.setExecutionExceptionHandler((ex, cl, parsed) -> {
            o.flush();
            if (ex instanceof DendroException d) {
                e.println("error: " + d.code() + ": " + d.getMessage());
            } else {
                e.println("error: INTERNAL: " + ex);
                ex.printStackTrace(e);
            }
            return FAILURE;
        });
        cmd.setParameterExceptionHandler(Main::usageError);
        try {
            return cmd.execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /**
     * Buffered UTF-8 stdout whose {@link #checkError()} also sees the errors that the underlying
     * {@link PrintStream} swallows, such as a closed pipe ({@code dendro values ... | head}).
     */
    private static final class StdoutWriter extends PrintWriter {
        private final PrintStream target;

        StdoutWriter(PrintStream target) {
            super(new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 1 << 16));
            this.target = target;
        }

        @Override
        public boolean checkError() {
            return super.checkError() || target.checkError();
        }
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter e = cl.getErr();
        List<String> unmatched = cl.getUnmatchedArguments();
        if (!(ex instanceof UnmatchedArgumentException) && !unmatched.isEmpty()) {
            // picocli checks required options before unknown ones; a typo explains both, so name it
            ex = new UnmatchedArgumentException(cl, unmatched);
        }
        e.println("error: INVALID_ARGUMENT: " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, e);
        if (cl.getCommandSpec().userObject() instanceof DendroCommand && !(ex instanceof UnmatchedArgumentException)) {
            e.println();
            cl.usage(e); // "dendro" alone: show what there is to run
        } else {
            e.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        return USAGE;
    }
}
