package io.dendro.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.FaultyFileIO.Kind;
import io.dendro.storage.FaultyFileIO.Op;
import io.dendro.storage.FaultyFileIO.ShortWrite;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit protocol of docs/design/commit-protocol.md ("When a commit fails without a crash",
 * the known gap, creating a database) step by step, with faults injected through
 * {@link FaultyFileIO} at exactly the step under test.
 */
class FaultCommitProtocolTest {
    private static final Predicate<Op> META = Op.file(MetaLayout.FILE_NAME);
    private static final Predicate<Op> SEGMENT_0 = Op.file(Segment.fileName(0));

    @TempDir
    Path dir;

    private StoreOptions opts(FileIO io) {
        return StoreOptions.defaults().withSegmentCapacity(64 << 10).withIo(io);
    }

    private static long put(NodeWriter w, long value) {
        MemorySegment p = w.reserve(16);
        p.set(Bytes.I64, 0, value);
        p.set(Bytes.I64, 8, ~value);
        return w.lastAddress();
    }

    private static long valueAt(Store s, long address) {
        return s.read(address).get(Bytes.I64, 0);
    }

    /** One committed record holding {@code value}; returns its address. */
    private static long commitOne(Store s, long value) {
        NodeWriter w = s.newWriter();
        long a = put(w, value);
        s.commit(w, a);
        return a;
    }

    @Test
    void shouldKeepTheRootAndForceTheSegmentAgainWhenItsForceFails() {
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
        try (Store s = Store.open(dir, opts(io))) {
            long first = commitOne(s, 1);
            io.failAt(1, Op.kind(Kind.FORCE).and(SEGMENT_0), "force of segment 0");
            NodeWriter w = s.newWriter();
            long second = put(w, 2);
            DendroException e = assertThrows(DendroException.class, () -> s.commit(w, second));
            assertEquals(ErrorCode.IO_ERROR, e.code());
            assertEquals(1, s.generation());
            assertEquals(first, s.root());
            io.disarm().recordOperations();
            // a commit that appends nothing: only the segment put back in the dirty set needs a force
            assertEquals(2, s.commit(s.newWriter(), second));
            List<Op> ops = io.log();
            assertTrue(ops.stream().anyMatch(op -> op.kind() == Kind.FORCE && SEGMENT_0.test(op)),
                    "the segment whose force failed must be forced by the next commit: " + ops);
            Op force = ops.stream().filter(op -> op.kind() == Kind.FORCE && SEGMENT_0.test(op))
                    .findFirst().orElseThrow();
            Op slot = ops.stream().filter(op -> op.kind() == Kind.WRITE && META.test(op))
                    .findFirst().orElseThrow();
            assertTrue(force.number() < slot.number(), "segments are forced before the slot is written: " + ops);
        }
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            assertEquals(2, s.generation());
            assertEquals(2, valueAt(s, s.root()));
        }
    }

    @Test
    void shouldNotWriteTheSlotWhenASegmentForceFails() {
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
        try (Store s = Store.open(dir, opts(io))) {
            commitOne(s, 1);
            io.failAt(1, Op.kind(Kind.FORCE).and(SEGMENT_0), "force of segment 0").recordOperations();
            long before = io.operations();
            NodeWriter w = s.newWriter();
            long a = put(w, 2);
            assertThrows(DendroException.class, () -> s.commit(w, a));
            boolean slotWritten = io.log().stream()
                    .anyMatch(op -> op.number() > before && op.kind() == Kind.WRITE && META.test(op));
            assertFalse(slotWritten, "no slot may be written after a failed segment force: " + io.log());
        }
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            assertEquals(1, s.generation());
        }
    }

    @Test
    void shouldFallBackWhenTheSlotWriteFailsWhole() {
        failTheSlotWrite(new FaultyFileIO().failAt(1, Op.kind(Kind.WRITE).and(META), "slot write"));
    }

    @Test
    void shouldFallBackWhenTheSlotWriteIsTorn() {
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
        try (Store s = Store.open(dir, opts(io))) {
            commitOne(s, 1);
            // a commit writes its records (one contiguous write), then the slot: write #2
            io.shortWriteAt(2, ShortWrite.THEN_FAIL);
            NodeWriter w = s.newWriter();
            long a = put(w, 2);
            assertEquals(ErrorCode.IO_ERROR, assertThrows(DendroException.class, () -> s.commit(w, a)).code());
            assertEquals(MetaLayout.FILE_NAME, io.fired().fileName(), io.toString());
            assertEquals(MetaLayout.S_SIZE, io.fired().length(), io.toString());
            assertEquals(1, s.generation());
        }
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            assertEquals(1, s.generation(), "half a slot must not win");
            assertEquals(1, valueAt(s, s.root()));
        }
    }

    @Test
    void shouldCompleteACommitWhoseSlotWriteWasShortButContinued() {
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
        try (Store s = Store.open(dir, opts(io))) {
            commitOne(s, 1);
            io.shortWriteAt(2, ShortWrite.THEN_CONTINUE);
            commitOne(s, 2);
            assertEquals(MetaLayout.FILE_NAME, io.fired().fileName(), io.toString());
        }
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            assertEquals(2, s.generation());
            assertEquals(2, valueAt(s, s.root()));
        }
    }

    private void failTheSlotWrite(FaultyFileIO io) {
        Path d = dir.resolve("db");
        io.forcesReachDevice(false);
        long first;
        try (Store s = Store.open(d, opts(new FaultyFileIO().forcesReachDevice(false)))) {
            first = commitOne(s, 1);
        }
        try (Store s = Store.open(d, opts(io))) {
            NodeWriter w = s.newWriter();
            long a = put(w, 2);
            assertEquals(ErrorCode.IO_ERROR, assertThrows(DendroException.class, () -> s.commit(w, a)).code());
            assertEquals(1, s.generation());
        }
        try (Store s = Store.open(d, opts(FileIO.DEFAULT))) {
            assertEquals(1, s.generation());
            assertEquals(first, s.root());
        }
    }

    /**
     * The slot is written, then forcing dendro.db fails (docs/design/commit-protocol.md): the
     * commit reports COMMIT_OUTCOME_UNKNOWN and memory keeps generation g; what the next open
     * shows is either g or, whole, the failed generation g + 1 (never anything else). The store
     * refuses every later commit (READ_ONLY) until it is reopened.
     */
    @Test
    void shouldShowTheFailedCommitWholeOrNotAtAllWhenTheMetaForceFails() {
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
        long first;
        long failed;
        try (Store s = Store.open(dir, opts(io))) {
            first = commitOne(s, 1);
            io.failAt(1, Op.kind(Kind.FORCE).and(META), "force of dendro.db");
            NodeWriter w = s.newWriter();
            failed = put(w, 2);
            assertEquals(ErrorCode.COMMIT_OUTCOME_UNKNOWN,
                    assertThrows(DendroException.class, () -> s.commit(w, failed)).code());
            assertEquals(1, s.generation());
            assertEquals(first, s.root());
            assertEquals(1, valueAt(s, first), "reads go on");
            DendroException refused = assertThrows(DendroException.class, () -> commitOne(s, 9));
            assertEquals(ErrorCode.READ_ONLY, refused.code());
            assertTrue(refused.getMessage().contains("reopen"), refused.getMessage());
        }
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            if (s.generation() == 1) {
                assertEquals(first, s.root());
            } else {
                assertEquals(2, s.generation(), "only the failed generation may appear");
                assertEquals(failed, s.root());
                assertEquals(2, valueAt(s, failed), "the failed commit's records were forced before its slot");
            }
        }
        // and the next successful commit of the same generation replaces it
        FaultyFileIO again = new FaultyFileIO().forcesReachDevice(false);
        Path d = dir.resolve("again");
        long replacement;
        try (Store s = Store.open(d, opts(again))) {
            commitOne(s, 1);
            again.failAt(1, Op.kind(Kind.FORCE).and(META), "force of dendro.db");
            NodeWriter w = s.newWriter();
            long a = put(w, 2);
            assertThrows(DendroException.class, () -> s.commit(w, a));
        }
        try (Store s = Store.open(d, opts(FileIO.DEFAULT))) {
            replacement = commitOne(s, 3);
        }
        try (Store s = Store.open(d, opts(FileIO.DEFAULT))) {
            assertEquals(replacement, s.root());
            assertEquals(3, valueAt(s, s.root()));
        }
    }

    @Test
    void shouldReportOutOfSpaceAndKeepTheLastCommit() {
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
        long first;
        try (Store s = Store.open(dir, opts(io))) {
            first = commitOne(s, 1);
            io.outOfSpaceAfter(0);
            NodeWriter w = s.newWriter();
            long a = put(w, 2);
            DendroException e = assertThrows(DendroException.class, () -> s.commit(w, a));
            assertEquals(ErrorCode.OUT_OF_SPACE, e.code());
            assertTrue(e.getMessage().contains("out of space"), e.getMessage());
            io.disarm(); // space freed: the store goes on
            commitOne(s, 3);
            assertEquals(2, s.generation());
        }
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            assertEquals(2, s.generation());
            assertEquals(3, valueAt(s, s.root()));
            assertTrue(first != s.root());
        }
    }

    @Test
    void shouldFailCleanlyWhenCreatingANewSegmentFails() throws IOException {
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
        long a;
        try (Store s = Store.open(dir, opts(io))) {
            a = commitOne(s, 1);
            for (Kind k : new Kind[] {Kind.OPEN, Kind.WRITE, Kind.FORCE, Kind.FORCE_DIRECTORY, Kind.MAP}) {
                Predicate<Op> which = k == Kind.FORCE_DIRECTORY ? Op.kind(k) // of the directory holding it
                        : Op.kind(k).and(Op.file(Segment.fileName(1)));
                io.failAt(1, which, k + " of segment 1");
                NodeWriter w = s.newWriter();
                // two records of 48 KiB cannot share a 64 KiB segment: the second needs segment 1
                DendroException e = assertThrows(DendroException.class, () -> {
                    w.reserve(48 << 10);
                    w.reserve(48 << 10);
                }, k.toString());
                assertEquals(ErrorCode.IO_ERROR, e.code());
                assertTrue(e.getMessage().contains(Segment.fileName(1)), e.getMessage());
                assertEquals(1, s.generation());
            }
            io.disarm();
            NodeWriter w = s.newWriter();
            w.reserve(48 << 10).fill((byte) 5);
            long big = w.lastAddress();
            assertEquals(1, NodeAddress.segment(big), "the retry creates segment 1");
            s.commit(w, big);
        }
        assertEquals(0, OpenFiles.under(dir), "a failed segment creation must not leak");
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            assertEquals(2, s.generation());
            assertEquals(48 << 10, s.read(s.root()).byteSize());
            assertEquals(1, valueAt(s, a));
        }
    }

    /** Creating a database fails at each of its operations in turn: nothing leaks, and it can be created again. */
    @Test
    void shouldCreateTheDatabaseAfterACreationFailedAtAnyOperation() throws IOException {
        FaultyFileIO probe = new FaultyFileIO().forcesReachDevice(false);
        Store.open(dir.resolve("probe").resolve("db"), opts(probe)).close();
        long k = probe.operations();
        assertTrue(k > 10, "creating a database takes " + k + " operations");
        for (long n = 1; n <= k; n++) {
            Path d = dir.resolve("n" + n).resolve("db");
            FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false).failAt(n);
            long nn = n;
            DendroException e = null;
            try {
                Store.open(d, opts(io)).close();
            } catch (DendroException thrown) {
                e = thrown;
            }
            if (e == null) {
                // the lock's holder line only feeds error messages: failing to write it is not fatal
                assertTrue(io.toString().contains("WRITE dendro.lock"), () -> "fail at " + nn
                        + " did not fail the creation: " + io);
            } else {
                assertEquals(ErrorCode.IO_ERROR, e.code(), io.toString());
            }
            if (Files.exists(d)) {
                assertEquals(0, OpenFiles.under(d), "leak after " + io);
            }
            try (Store s = Store.open(d, opts(FileIO.DEFAULT))) {
                assertEquals(0, s.generation(), io.toString());
                assertEquals(NodeAddress.NONE, s.root());
                commitOne(s, n);
            }
            try (Store s = Store.open(d, opts(FileIO.DEFAULT))) {
                assertEquals(1, s.generation(), io.toString());
                assertEquals(n, valueAt(s, s.root()));
            }
        }
    }
}
