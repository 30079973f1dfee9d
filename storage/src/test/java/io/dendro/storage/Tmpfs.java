package io.dendro.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real small file system for tests of a full disk and of a read-only file system: a tmpfs
 * of a given size mounted at a directory. Mounting needs root on Linux (CI runs as root here);
 * where it is not allowed, {@link #mount} returns empty and the test is skipped with the reason.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path at;

    private Tmpfs(Path at) {
        this.at = at;
    }

    /** Mounts a tmpfs of {@code bytes} at {@code at} (created if needed); empty when not allowed. */
    public static Optional<Tmpfs> mount(Path at, long bytes) throws IOException {
        Files.createDirectories(at);
        if (!System.getProperty("os.name").startsWith("Linux")
                || !run("mount", "-t", "tmpfs", "-o", "size=" + (bytes >> 10) + "k", "tmpfs", at.toString())) {
            return Optional.empty();
        }
        return Optional.of(new Tmpfs(at));
    }

    public Path path() {
        return at;
    }

    /** Remounts read-only: every write fails with "Read-only file system". */
    public void readOnly() {
        if (!run("mount", "-o", "remount,ro", at.toString())) {
            throw new IllegalStateException("cannot remount " + at + " read-only");
        }
    }

    /** Remounts writable. */
    public void writable() {
        if (!run("mount", "-o", "remount,rw", at.toString())) {
            throw new IllegalStateException("cannot remount " + at + " writable");
        }
    }

    @Override
    public void close() {
        run("umount", "-l", at.toString()); // lazy: a mapping still open must not fail the test's clean-up
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
