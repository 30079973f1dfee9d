package io.dendro;

/** Test-only doors into package-private engine calls, for tests in other packages. */
public final class TestAccess {
    private TestAccess() {
    }

    /** Closes the files as a process crash would: buffered points stay only in the log. */
    public static void crash(Database db) {
        db.crashForTesting();
    }
}
