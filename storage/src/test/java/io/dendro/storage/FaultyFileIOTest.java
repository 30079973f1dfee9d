package io.dendro.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.ErrorCode;
import io.dendro.storage.FaultyFileIO.Kind;
import io.dendro.storage.FaultyFileIO.Op;
import io.dendro.storage.FaultyFileIO.ShortWrite;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault injector itself: what it counts and exactly where each arming strikes. */
class FaultyFileIOTest {
    @TempDir
    Path dir;

    @AfterEach
    void nothingLeftOpen() throws IOException {
        assertEquals(0, OpenFiles.under(dir));
    }

    private static ByteBuffer filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 7);
        return ByteBuffer.wrap(b);
    }

    /** Three one-operation steps: open (1), write (2), force (3); returns how far it got. */
    private static int threeOps(FaultyFileIO io, Path f) {
        int done = 0;
        try (FileHandle h = io.open(f, true)) {
            done++;
            h.write(filled(4), 0);
            done++;
            h.force();
            done++;
        } catch (IOException e) {
            assertInstanceOf(FaultyFileIO.InjectedIOException.class, e);
        }
        return done;
    }

    @Test
    void shouldCountEveryKindOfOperation() throws IOException {
        FaultyFileIO io = new FaultyFileIO().recordOperations();
        Path sub = dir.resolve("sub");
        io.createDirectories(sub);
        try (FileHandle h = io.open(sub.resolve("a"), true); Arena arena = Arena.ofConfined()) {
            h.writeFully(filled(10), 0);
            h.force();
            h.size();
            h.readFully(ByteBuffer.allocate(10), 0);
            h.mapReadOnly(0, 10, arena);
            h.tryLock();
        }
        io.exists(sub);            // not counted
        io.isDirectory(sub);       // not counted
        io.list(sub);
        io.move(sub.resolve("a"), sub.resolve("b"));
        io.forceDirectory(sub);
        io.delete(sub.resolve("b"));
        List<Kind> kinds = io.log().stream().map(Op::kind).toList();
        assertEquals(List.of(Kind.CREATE_DIRECTORIES, Kind.OPEN, Kind.WRITE, Kind.FORCE, Kind.SIZE, Kind.READ,
                Kind.MAP, Kind.TRY_LOCK, Kind.LIST, Kind.MOVE, Kind.FORCE_DIRECTORY, Kind.DELETE), kinds);
        assertEquals(12, io.operations());
        assertEquals(List.of(1L, 2L, 3L), io.log().subList(0, 3).stream().map(Op::number).toList());
        Op write = io.log().get(2);
        assertEquals("a", write.fileName());
        assertEquals(0, write.position());
        assertEquals(10, write.length());
        assertNull(io.fired());
        assertTrue(io.toString().contains("unarmed"), io.toString());
    }

    @Test
    void shouldFailExactlyTheNthOperationOnce() {
        for (int n = 1; n <= 3; n++) {
            FaultyFileIO io = new FaultyFileIO().failAt(n);
            assertEquals(n - 1, threeOps(io, dir.resolve("f" + n)), "fail at " + n);
            assertEquals(n, io.fired().number());
            assertEquals(1, io.injected());
            assertEquals(3, threeOps(io, dir.resolve("g" + n)), "a fail-at fault strikes once");
            assertTrue(io.toString().contains("fail at any operation #" + n), io.toString());
        }
        FaultyFileIO io = new FaultyFileIO().failAt(4);
        assertEquals(3, threeOps(io, dir.resolve("h")));
        assertNull(io.fired(), "operation 4 has not happened yet");
    }

    @Test
    void shouldCountFromTheArming() {
        FaultyFileIO io = new FaultyFileIO();
        assertEquals(3, threeOps(io, dir.resolve("a")));
        io.failAt(2);
        assertEquals(1, threeOps(io, dir.resolve("b")));
        assertEquals(5, io.fired().number(), "operations keep their global numbers");
    }

    @Test
    void shouldFailOnlyMatchingOperations() {
        FaultyFileIO io = new FaultyFileIO().failAt(2, Op.kind(Kind.FORCE), "force");
        assertEquals(3, threeOps(io, dir.resolve("a")), "the first force passes");
        assertEquals(2, threeOps(io, dir.resolve("b")), "the second force fails");
        assertEquals(Kind.FORCE, io.fired().kind());
        assertEquals("b", io.fired().fileName());

        io.failWhen(Op.kind(Kind.WRITE).and(Op.file("dendro.db")), "write to dendro.db");
        assertEquals(3, threeOps(io, dir.resolve("c")));
        assertEquals(1, threeOps(io, dir.resolve("dendro.db")));
        assertEquals(1, threeOps(io, dir.resolve("dendro.db")), "fail-when strikes every time");
        assertEquals(2, io.injected());
        assertTrue(io.toString().contains("fail every write to dendro.db"), io.toString());
    }

    @Test
    void shouldKeepFailingFromTheNthOperationOn() {
        FaultyFileIO io = new FaultyFileIO().failFrom(2, op -> true);
        assertEquals(1, threeOps(io, dir.resolve("a")));
        assertEquals(0, threeOps(io, dir.resolve("b")));
        assertEquals(0, threeOps(io, dir.resolve("c")));
        assertEquals(3, io.injected());
    }

    @Test
    void shouldShortenTheNthWriteThenFail() throws IOException {
        FaultyFileIO io = new FaultyFileIO().shortWriteAt(2, ShortWrite.THEN_FAIL);
        Path f = dir.resolve("f");
        try (FileHandle h = io.open(f, true)) {
            h.writeFully(filled(8), 0);                 // write #1, whole
            ByteBuffer b = filled(100);
            IOException e = assertThrows(IOException.class, () -> h.writeFully(b, 100)); // #2 short, #3 fails
            assertTrue(e.getMessage().contains("after a short write"), e.getMessage());
            assertEquals(50, b.position(), "half the buffer went out");
            assertEquals(150, h.size());
            h.writeFully(filled(8), 0);                 // #4: the fault has passed
        }
        assertEquals(Kind.WRITE, io.fired().kind());
        assertEquals(2, io.injected());
        assertEquals(150, Files.size(f));
    }

    @Test
    void shouldShortenTheNthWriteThenContinue() throws IOException {
        FaultyFileIO io = new FaultyFileIO().recordOperations().shortWriteAt(1, ShortWrite.THEN_CONTINUE);
        Path f = dir.resolve("f");
        byte[] data = new byte[101];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (FileHandle h = io.open(f, true)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            assertEquals(50, h.write(b, 0), "the short write reports what it wrote");
            h.writeFully(b, 50);
        }
        assertArrayEquals(data, Files.readAllBytes(f));
        List<Long> lengths = io.log().stream().filter(o -> o.kind() == Kind.WRITE).map(Op::length).toList();
        assertEquals(List.of(101L, 51L), lengths);
        assertEquals(1, io.injected());
    }

    @Test
    void shouldRunOutOfSpaceAfterTheBudget() throws IOException {
        FaultyFileIO io = new FaultyFileIO().outOfSpaceAfter(25);
        Path f = dir.resolve("f");
        try (FileHandle h = io.open(f, true)) {
            h.writeFully(filled(10), 0);
            h.writeFully(filled(10), 10);
            ByteBuffer b = filled(10);
            IOException e = assertThrows(IOException.class, () -> h.writeFully(b, 20));
            assertEquals(5, b.position(), "what fits is written");
            assertTrue(e.getMessage().startsWith("No space left on device"), e.getMessage());
            assertEquals(ErrorCode.OUT_OF_SPACE, StorageErrors.io("cannot write", f, e).code());
            assertThrows(IOException.class, () -> h.writeFully(filled(1), 0), "the disk stays full");
            h.force();  // other operations still work
            h.size();
        }
        assertEquals(25, io.bytesWritten());
        assertEquals(25, Files.size(f));
        assertTrue(io.toString().contains("out of space after 25 bytes"), io.toString());
    }

    @Test
    void shouldFailAtOnceWhenNoSpaceIsLeft() throws IOException {
        FaultyFileIO io = new FaultyFileIO().outOfSpaceAfter(0);
        try (FileHandle h = io.open(dir.resolve("f"), true)) {
            assertThrows(IOException.class, () -> h.write(filled(1), 0));
        }
    }

    @Test
    void shouldNameAnOpenHandleByTheNewNameAfterAMove() throws IOException {
        FaultyFileIO io = new FaultyFileIO()
                .failAt(1, Op.kind(Kind.FORCE).and(Op.file("dendro.db")), "force of dendro.db");
        try (FileHandle h = io.open(dir.resolve("dendro.db.tmp"), true)) {
            h.force(); // still dendro.db.tmp: passes
            io.move(dir.resolve("dendro.db.tmp"), dir.resolve("dendro.db"));
            assertThrows(IOException.class, h::force);
        }
        assertEquals("dendro.db", io.fired().fileName());
    }

    @Test
    void shouldCountAndFailForcesThatDoNotReachTheDevice() throws IOException {
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false).failAt(1, Op.kind(Kind.FORCE_DIRECTORY));
        assertThrows(IOException.class, () -> io.forceDirectory(dir));
        io.forceDirectory(dir.resolve("no such directory")); // not passed on, so no error
        assertEquals(2, io.operations());
    }
}
