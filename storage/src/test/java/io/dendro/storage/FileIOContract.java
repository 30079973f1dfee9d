package io.dendro.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link FileIO} must keep, as Dendro's storage relies on it (Xodus
 * {@code TreeBaseTest}, Prometheus {@code TestChunk}: one abstract suite, one subclass per
 * implementation). A new implementation gets a three-line subclass.
 */
abstract class FileIOContract {
    @TempDir
    Path dir;

    /** The implementation under test; called once per test. */
    abstract FileIO io();

    @AfterEach
    void nothingLeftOpen() throws IOException {
        assertEquals(0, OpenFiles.under(dir), "a descriptor or mapping outlived its handle");
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(FileHandle h, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        h.readFully(b, position);
        return new String(b.array(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadBackWhatWasWrittenAtAnyPosition() throws IOException {
        FileIO io = io();
        try (FileHandle h = io.open(dir.resolve("f"), true)) {
            ByteBuffer src = bytes("hello");
            assertEquals(5, h.write(src, 0));
            assertEquals(5, src.position(), "write advances the buffer by what it wrote");
            h.writeFully(bytes("world"), 100);
            h.writeFully(bytes("J"), 0); // overwrite in place
            assertEquals("Jello", read(h, 0, 5));
            assertEquals("world", read(h, 100, 5));
            assertEquals("\0\0\0", read(h, 5, 3), "a gap reads as zeros");
            ByteBuffer tail = ByteBuffer.allocate(10);
            assertEquals(5, h.read(tail, 100), "a read stops at the end of the file");
            assertEquals(-1, h.read(ByteBuffer.allocate(1), 105), "-1 at the end of the file");
            assertThrows(EOFException.class, () -> h.readFully(ByteBuffer.allocate(6), 100));
        }
        try (FileHandle h = io.open(dir.resolve("f"), false)) {
            assertEquals("Jello", read(h, 0, 5), "bytes survive closing and reopening");
        }
    }

    @Test
    void shouldWriteOnlyTheRemainingBytesOfABuffer() throws IOException {
        try (FileHandle h = io().open(dir.resolve("f"), true)) {
            ByteBuffer b = bytes("xxABCyy");
            b.position(2).limit(5);
            h.writeFully(b, 10);
            assertEquals(5, b.position());
            assertEquals(13, h.size());
            assertEquals("ABC", read(h, 10, 3));
        }
    }

    @Test
    void shouldWriteFullyOverShortWrites() throws IOException {
        try (FileHandle real = io().open(dir.resolve("f"), true)) {
            // a view of the handle that never writes more than 3 bytes per call
            int[] calls = {0};
            FileHandle shortWrites = new ForwardingHandle(real) {
                @Override
                public int write(ByteBuffer src, long position) throws IOException {
                    calls[0]++;
                    ByteBuffer part = src.duplicate();
                    part.limit(Math.min(src.limit(), src.position() + 3));
                    int n = real.write(part, position);
                    src.position(src.position() + n);
                    return n;
                }
            };
            byte[] data = new byte[1000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31);
            }
            shortWrites.writeFully(ByteBuffer.wrap(data), 7);
            assertEquals(334, calls[0]);
            ByteBuffer back = ByteBuffer.allocate(data.length);
            real.readFully(back, 7);
            assertArrayEquals(data, back.array());
            assertEquals(1007, real.size());
        }
    }

    @Test
    void shouldFailWriteFullyWhenAWriteMakesNoProgress() throws IOException {
        try (FileHandle real = io().open(dir.resolve("f"), true)) {
            FileHandle stuck = new ForwardingHandle(real) {
                @Override
                public int write(ByteBuffer src, long position) {
                    return 0;
                }
            };
            assertThrows(IOException.class, () -> stuck.writeFully(bytes("abc"), 0));
        }
    }

    @Test
    void shouldForceAndReportTheSize() throws IOException {
        FileIO io = io();
        try (FileHandle h = io.open(dir.resolve("f"), true)) {
            assertEquals(0, h.size());
            h.writeFully(bytes("abc"), 0);
            h.force();
            assertEquals(3, h.size());
            h.writeFully(ByteBuffer.allocate(1), (1 << 20) - 1); // sparse extension, as Segment.create does
            h.force();
            assertEquals(1 << 20, h.size());
        }
        io.forceDirectory(dir);
        assertEquals(1 << 20, Files.size(dir.resolve("f")));
    }

    @Test
    void shouldSeeWrittenBytesThroughAReadOnlyMapping() throws IOException {
        try (FileHandle h = io().open(dir.resolve("f"), true); Arena arena = Arena.ofConfined()) {
            h.writeFully(bytes("before"), 4096);
            h.writeFully(ByteBuffer.allocate(1), 8191);
            MemorySegment m = h.mapReadOnly(0, 8192, arena);
            assertEquals(8192, m.byteSize());
            assertEquals('b', (char) m.get(ValueLayout.JAVA_BYTE, 4096));
            // Segment relies on this: a positional write is visible through an existing mapping
            h.writeFully(bytes("after!"), 4096);
            byte[] seen = m.asSlice(4096, 6).toArray(ValueLayout.JAVA_BYTE);
            assertEquals("after!", new String(seen, StandardCharsets.UTF_8));
            assertTrue(m.isReadOnly());
            MemorySegment part = h.mapReadOnly(4096, 4096, arena);
            assertEquals('a', (char) part.get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    void shouldLockExclusivelyWithinTheProcess() throws IOException {
        FileIO io = io();
        Path lock = dir.resolve("lock");
        try (FileHandle first = io.open(lock, true)) {
            assertTrue(first.tryLock());
            try (FileHandle second = io.open(lock, true)) {
                assertFalse(second.tryLock(), "a second handle must not get the lock");
            }
        }
        try (FileHandle third = io.open(lock, true)) {
            assertTrue(third.tryLock(), "closing the holder releases the lock");
        }
    }

    @Test
    void shouldReplaceTheTargetAtomicallyOnMove() throws IOException {
        FileIO io = io();
        Path a = dir.resolve("a.tmp");
        Path b = dir.resolve("b");
        try (FileHandle h = io.open(a, true)) {
            h.writeFully(bytes("new"), 0);
        }
        try (FileHandle h = io.open(b, true)) {
            h.writeFully(bytes("old content"), 0);
        }
        io.move(a, b);
        assertFalse(io.exists(a));
        assertTrue(io.exists(b));
        try (FileHandle h = io.open(b, false)) {
            assertEquals(3, h.size(), "the target is replaced, not overwritten in place");
            assertEquals("new", read(h, 0, 3));
        }
        // also onto a missing target
        try (FileHandle h = io.open(a, true)) {
            h.writeFully(bytes("x"), 0);
        }
        io.move(a, dir.resolve("c"));
        assertTrue(io.exists(dir.resolve("c")));
    }

    @Test
    void shouldListCreateAndDelete() throws IOException {
        FileIO io = io();
        Path sub = dir.resolve("x").resolve("y");
        assertFalse(io.exists(sub));
        io.createDirectories(sub);
        io.createDirectories(sub); // idempotent
        assertTrue(io.isDirectory(sub));
        assertEquals(List.of(), io.list(sub));
        for (String n : List.of("one", "two", "three")) {
            io.open(sub.resolve(n), true).close();
        }
        assertFalse(io.isDirectory(sub.resolve("one")));
        Set<String> names = io.list(sub).stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertEquals(Set.of("one", "two", "three"), names);
        assertTrue(io.list(sub).stream().allMatch(p -> p.getParent().equals(sub)), "entries are resolved against dir");
        io.delete(sub.resolve("two"));
        assertFalse(io.exists(sub.resolve("two")));
        io.delete(sub.resolve("two")); // deleting a missing file is not an error (MetaFile.create relies on it)
        names = io.list(sub).stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertEquals(Set.of("one", "three"), names);
        io.forceDirectory(sub);
    }

    @Test
    void shouldFailToOpenAMissingFileWithoutCreate() {
        FileIO io = io();
        assertThrows(IOException.class, () -> io.open(dir.resolve("missing"), false));
        assertFalse(io.exists(dir.resolve("missing")));
        assertThrows(IOException.class, () -> io.list(dir.resolve("missing")));
    }

    /** Passes every call to another handle; tests override what they change. */
    static class ForwardingHandle implements FileHandle {
        private final FileHandle h;

        ForwardingHandle(FileHandle h) {
            this.h = h;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return h.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return h.write(src, position);
        }

        @Override
        public void force() throws IOException {
            h.force();
        }

        @Override
        public long size() throws IOException {
            return h.size();
        }

        @Override
        public MemorySegment mapReadOnly(long offset, long size, Arena arena) throws IOException {
            return h.mapReadOnly(offset, size, arena);
        }

        @Override
        public boolean tryLock() throws IOException {
            return h.tryLock();
        }

        @Override
        public void close() throws IOException {
            h.close();
        }
    }
}
