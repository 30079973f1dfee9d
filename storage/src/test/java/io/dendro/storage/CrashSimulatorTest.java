package io.dendro.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.storage.CrashSimulator.Loss;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link CrashSimulator} keeps and loses: exactly what was made durable, no more, no less. */
class CrashSimulatorTest {
    @TempDir
    Path dir;

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String content(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    @Test
    void shouldLoseUnforcedWritesAndKeepForcedOnes() throws IOException {
        CrashSimulator sim = new CrashSimulator();
        Path f = dir.resolve("f");
        try (FileHandle h = sim.open(f, true)) {
            h.writeFully(bytes("durable"), 0);
            h.force();
            sim.forceDirectory(dir);
            h.writeFully(bytes("LOST"), 0);      // overwrite, not forced
            h.writeFully(bytes("+tail"), 7);     // extension, not forced
        }
        assertEquals("LOSTble+tail", content(f));
        sim.crash(Loss.ALL, 1);
        assertEquals("durable", content(f), "the overwrite is undone and the extension cut off");
    }

    @Test
    void shouldLoseAFileWhoseDirectoryWasNotForced() throws IOException {
        CrashSimulator sim = new CrashSimulator();
        Path kept = dir.resolve("kept");
        Path lost = dir.resolve("lost");
        try (FileHandle h = sim.open(kept, true)) {
            h.writeFully(bytes("k"), 0);
            h.force();
        }
        sim.forceDirectory(dir);
        try (FileHandle h = sim.open(lost, true)) {
            h.writeFully(bytes("l"), 0);
            h.force(); // the data is durable, the name is not
        }
        sim.crash(Loss.ALL, 1);
        assertEquals("k", content(kept));
        assertFalse(Files.exists(lost));
    }

    @Test
    void shouldUndoAnUnforcedRenameAndDelete() throws IOException {
        CrashSimulator sim = new CrashSimulator();
        Path tmp = dir.resolve("x.tmp");
        Path target = dir.resolve("x");
        Path gone = dir.resolve("gone");
        for (Path p : new Path[] {tmp, gone}) {
            try (FileHandle h = sim.open(p, true)) {
                h.writeFully(bytes(p.getFileName().toString()), 0);
                h.force();
            }
        }
        sim.forceDirectory(dir);
        sim.move(tmp, target);
        sim.delete(gone);
        assertFalse(Files.exists(tmp));
        sim.crash(Loss.ALL, 1);
        assertEquals("x.tmp", content(tmp));
        assertFalse(Files.exists(target));
        assertEquals("gone", content(gone));
    }

    @Test
    void shouldKeepARenameOnceTheDirectoryIsForcedAndFollowTheFile() throws IOException {
        CrashSimulator sim = new CrashSimulator();
        Path tmp = dir.resolve("x.tmp");
        Path target = dir.resolve("x");
        try (FileHandle h = sim.open(tmp, true)) {
            h.writeFully(bytes("one"), 0);
            h.force();
            sim.move(tmp, target);
            sim.forceDirectory(dir);
            h.writeFully(bytes("TWO"), 0); // through the handle opened under the old name
        }
        sim.crash(Loss.ALL, 1);
        assertEquals("one", content(target), "the unforced write is lost under the new name");
    }

    @Test
    void shouldLoseNewDirectoriesUpToTheFirstForcedParent() throws IOException {
        CrashSimulator sim = new CrashSimulator();
        Path top = dir.resolve("a");
        Path db = top.resolve("b").resolve("db");
        sim.createDirectories(db);
        sim.forceDirectory(db.getParent()); // db's entry in a/b is durable, a/b's and a's are not
        sim.crash(Loss.ALL, 1);
        assertFalse(Files.exists(top));
    }

    @Test
    void shouldBeDeterministicForASeed() throws IOException {
        byte[][] images = new byte[2][];
        for (int run = 0; run < 2; run++) {
            CrashSimulator sim = new CrashSimulator();
            Path f = dir.resolve("f" + run);
            try (FileHandle h = sim.open(f, true)) {
                h.force();
                sim.forceDirectory(dir);
                for (int i = 0; i < 20; i++) {
                    byte[] b = new byte[1500];
                    java.util.Arrays.fill(b, (byte) ('a' + i));
                    h.writeFully(ByteBuffer.wrap(b), i * 700L);
                }
            }
            sim.crash(Loss.RANDOM, 42);
            images[run] = Files.readAllBytes(f);
        }
        assertArrayEquals(images[0], images[1]);
        assertTrue(images[0].length <= 19 * 700 + 1500);
    }
}
