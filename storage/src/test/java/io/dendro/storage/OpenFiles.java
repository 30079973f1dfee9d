package io.dendro.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Leak checks for tests (Linux /proc): what this process still has mapped or open in a directory. */
public final class OpenFiles {
    private OpenFiles() {
    }

    /** Mappings in /proc/self/maps plus descriptors in /proc/self/fd that point into {@code dir}. */
    public static long under(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        long maps = Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(prefix)).count();
        long fds = 0;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : s.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(prefix)) {
                        fds++;
                    }
                } catch (IOException ignored) {
                    // the descriptor closed while we looked
                }
            }
        }
        return maps + fds;
    }
}
