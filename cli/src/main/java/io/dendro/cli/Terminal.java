package io.dendro.cli;

/**
 * Whether stderr is an interactive terminal. Java cannot ask about stderr alone, so the
 * {@code ./dendro} launcher, which can ({@code [ -t 2 ]}), passes {@code -Ddendro.stderr.tty=true}
 * or {@code false}; without it, Java's own console check (stdin and stdout) is the best guess.
 */
final class Terminal {
    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        String p = System.getProperty("dendro.stderr.tty");
        if (p != null) {
            return Boolean.parseBoolean(p);
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}
