package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.ErrorCode;

/** Assertions on a {@link Cli.Result}, printing the whole run when they fail. */
final class CliAssertions {
    private CliAssertions() {
    }

    /** Exit 0, exactly {@code out} on stdout, nothing on stderr. */
    static void assertOk(Cli.Result r, String out) {
        assertOk(r, out, "");
    }

    /** Exit 0, exactly {@code out} on stdout and exactly {@code err} on stderr. */
    static void assertOk(Cli.Result r, String out, String err) {
        assertEquals(0, r.exit(), r::toString);
        assertEquals(out, r.out(), r::toString);
        assertEquals(err, r.err(), r::toString);
    }

    /** Exit 0 and stdout; returns stdout. */
    static String ok(Cli.Result r) {
        assertEquals(0, r.exit(), r::toString);
        return r.out();
    }

    /**
     * A runtime failure: exit 1, empty stdout, and stderr's one line is
     * {@code error: CODE: ...} containing every fragment.
     */
    static void assertFails(Cli.Result r, ErrorCode code, String... fragments) {
        assertEquals(Main.FAILURE, r.exit(), r::toString);
        assertError(r, code, fragments);
    }

    /** A usage error: exit 2, empty stdout, stderr starts with {@code error: INVALID_ARGUMENT: }. */
    static void assertUsage(Cli.Result r, String... fragments) {
        assertEquals(Main.USAGE, r.exit(), r::toString);
        assertError(r, ErrorCode.INVALID_ARGUMENT, fragments);
    }

    private static void assertError(Cli.Result r, ErrorCode code, String... fragments) {
        assertEquals("", r.out(), r::toString);
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: " + code + ": "), r::toString);
        for (String f : fragments) {
            assertTrue(first.contains(f), () -> "expected '" + f + "' in the error line\n" + r);
        }
    }
}
