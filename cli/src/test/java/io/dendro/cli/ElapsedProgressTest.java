package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.DatabaseOptions;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElapsedProgressTest {
    private static CliContext context(StringWriter err, boolean tty) {
        return new CliContext(new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), DatabaseOptions.defaults(), Map.<String, String>of()::get, tty);
    }

    @Test
    void shouldRedrawOneLineOnATerminalAndEndIt() throws InterruptedException {
        StringWriter err = new StringWriter();
        try (ElapsedProgress p = new ElapsedProgress(context(err, true), false, "compacting")) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (err.toString().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        String s = err.toString();
        assertTrue(s.startsWith("\rcompacting "), s);
        assertTrue(s.endsWith("\n"), s);
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), s);
    }

    @Test
    void shouldPrintNothingForAShortTaskOrWhenQuiet() {
        StringWriter err = new StringWriter();
        try (ElapsedProgress p = new ElapsedProgress(context(err, false), false, "compacting")) {
            // done at once
        }
        try (ElapsedProgress p = new ElapsedProgress(context(err, true), true, "compacting")) {
            // quiet
        }
        assertEquals("", err.toString());
    }
}
