package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dendro} launcher's JDK search, where it fails: no JDK 25+ anywhere it looks.
 * (Where it succeeds it builds and runs the jar, which the demo measurements cover.)
 */
class LauncherTest {
    static final Path LAUNCHER = Path.of("..", "dendro").toAbsolutePath().normalize();
    static final String MESSAGE = "Dendro needs a JDK 25 or newer: set JAVA_HOME or install one under /usr/lib/jvm\n";

    @TempDir
    Path dir;

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = dir.resolve(name);
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2024-01-01' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private String[] run(Map<String, String> env) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", LAUNCHER.toString(), "--help");
        pb.environment().remove("JAVA_HOME");
        pb.environment().putAll(env);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8)};
    }

    @Test
    void shouldExplainWhatItNeedsWhenNoJdk25IsFound() throws Exception {
        Path old = fakeJdk("jdk17", "17.0.2");
        Path jvmDir = Files.createDirectories(dir.resolve("jvm"));
        Path jdk11 = fakeJdk("jvm/jdk11", "11.0.1");
        Files.writeString(jdk11.resolve("release"), "JAVA_VERSION=\"11.0.1\"\n");
        String[] r = run(Map.of("JAVA_HOME", old.toString(), "PATH", old.resolve("bin") + ":/usr/bin:/bin",
                "DENDRO_JVM_DIR", jvmDir.toString()));
        assertEquals("1", r[0], r[2]);
        assertEquals("", r[1]);
        assertEquals(MESSAGE, r[2]);
    }

    @Test
    void shouldReadOldStyleVersions() throws Exception {
        Path old = fakeJdk("jdk8", "1.8.0_402");
        String[] r = run(Map.of("PATH", old.resolve("bin") + ":/usr/bin:/bin",
                "DENDRO_JVM_DIR", Files.createDirectories(dir.resolve("none")).toString()));
        assertEquals("1", r[0], r[2]);
        assertEquals(MESSAGE, r[2]);
    }
}
