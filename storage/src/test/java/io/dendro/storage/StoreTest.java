package io.dendro.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path dir;

    private static StoreOptions opts() {
        return StoreOptions.defaults().withSegmentCapacity(1 << 20);
    }

    /** Writes one record holding {@code value} repeated {@code longs} times; returns its address. */
    private static long put(NodeWriter w, long value, int longs) {
        MemorySegment p = w.reserve(longs * 8);
        for (int i = 0; i < longs; i++) {
            p.set(Bytes.I64, i * 8L, value);
        }
        return w.lastAddress();
    }

    @Test
    void shouldCommitAndReopenAtTheNewRoot() {
        long a;
        try (Store s = Store.open(dir, opts())) {
            assertEquals(0, s.generation());
            assertEquals(NodeAddress.NONE, s.root());
            NodeWriter w = s.newWriter();
            a = put(w, 42, 10);
            assertEquals(1, s.commit(w, a));
        }
        try (Store s = Store.open(dir, opts())) {
            assertEquals(1, s.generation());
            assertEquals(a, s.root());
            MemorySegment p = s.read(a);
            assertEquals(80, p.byteSize());
            assertEquals(42, p.get(Bytes.I64, 72));
        }
    }

    @Test
    void shouldFallBackToTheOtherSlotWhenTheNewestIsTorn() throws IOException {
        long first;
        long second;
        try (Store s = Store.open(dir, opts())) {
            NodeWriter w = s.newWriter();
            first = put(w, 1, 1);
            s.commit(w, first);       // generation 1 -> slot 1
            w = s.newWriter();
            second = put(w, 2, 1);
            s.commit(w, second);      // generation 2 -> slot 0
        }
        // tear slot 0 (generation 2): flip a byte of its root
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("dendro.db").toFile(), "rw")) {
            f.seek(MetaLayout.slotOffset(2) + MetaLayout.S_ROOT);
            int b = f.read();
            f.seek(MetaLayout.slotOffset(2) + MetaLayout.S_ROOT);
            f.write(b ^ 0x40);
        }
        try (Store s = Store.open(dir, opts())) {
            assertEquals(1, s.generation());
            assertEquals(first, s.root());
            // the next commit overwrites the torn slot and becomes generation 2 again
            NodeWriter w = s.newWriter();
            long third = put(w, 3, 1);
            assertEquals(2, s.commit(w, third));
        }
        try (Store s = Store.open(dir, opts())) {
            assertEquals(2, s.generation());
            assertEquals(3, s.read(s.root()).get(Bytes.I64, 0));
        }
    }

    @Test
    void shouldReportCorruptionWithFileAndOffsetOnABitFlip() throws IOException {
        long a;
        try (Store s = Store.open(dir, opts())) {
            NodeWriter w = s.newWriter();
            a = put(w, 7, 4);
            s.commit(w, a);
        }
        long off = NodeAddress.offset(a);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("seg-000000.dnd").toFile(), "rw")) {
            f.seek(off + RecordLayout.PAYLOAD + 3);
            int b = f.read();
            f.seek(off + RecordLayout.PAYLOAD + 3);
            f.write(b ^ 1);
        }
        try (Store s = Store.open(dir, opts())) {
            DendroException e = assertThrows(DendroException.class, () -> s.read(a));
            assertEquals(ErrorCode.CORRUPTION, e.code());
            assertTrue(e.getMessage().contains("seg-000000.dnd"), e.getMessage());
            assertTrue(e.getMessage().contains("offset " + off), e.getMessage());
        }
    }

    @Test
    void shouldCheckARecordOnceUntilToldToForget() throws IOException {
        try (Store s = Store.open(dir, opts())) {
            NodeWriter w = s.newWriter();
            long a = put(w, 7, 4);
            long b = put(w, 8, 4);
            s.commit(w, b);
            assertEquals(7, s.read(a).get(Bytes.I64, 0)); // checked and remembered
            flipPayloadByte(a, 9);
            flipPayloadByte(b, 2);
            s.read(a); // remembered: not checked again
            DendroException first = assertThrows(DendroException.class, () -> s.read(b)); // first read checks
            assertEquals(ErrorCode.CORRUPTION, first.code());
            s.forgetVerified();
            DendroException again = assertThrows(DendroException.class, () -> s.read(a));
            assertEquals(ErrorCode.CORRUPTION, again.code());
            assertTrue(again.getMessage().contains("offset " + NodeAddress.offset(a)), again.getMessage());
        }
    }

    private void flipPayloadByte(long address, int at) throws IOException {
        long off = NodeAddress.offset(address) + RecordLayout.PAYLOAD + at;
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("seg-000000.dnd").toFile(), "rw")) {
            f.seek(off);
            int x = f.read();
            f.seek(off);
            f.write(x ^ 1);
        }
    }

    @Test
    void shouldReportCorruptionForATruncatedSegment() throws IOException {
        long a;
        try (Store s = Store.open(dir, opts())) {
            NodeWriter w = s.newWriter();
            a = put(w, 7, 64);
            s.commit(w, a);
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("seg-000000.dnd").toFile(), "rw")) {
            f.setLength(NodeAddress.offset(a) + 100);
        }
        try (Store s = Store.open(dir, opts())) {
            DendroException e = assertThrows(DendroException.class, () -> s.read(a));
            assertEquals(ErrorCode.CORRUPTION, e.code());
        }
    }

    @Test
    void shouldRejectAReadOfAnAddressThatWasNeverWritten() {
        try (Store s = Store.open(dir, opts())) {
            assertEquals(ErrorCode.CORRUPTION,
                    assertThrows(DendroException.class, () -> s.read(NodeAddress.of(5, 64))).code());
            assertEquals(ErrorCode.CORRUPTION,
                    assertThrows(DendroException.class, () -> s.read(NodeAddress.of(0, 8))).code());
        }
    }

    @Test
    void shouldRefuseADirectoryThatIsNotADatabase() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        DendroException e = assertThrows(DendroException.class, () -> Store.open(dir, opts()));
        assertEquals(ErrorCode.NOT_A_DATABASE, e.code());
        assertTrue(e.getMessage().contains("notes.txt"));
    }

    @Test
    void shouldRefuseAMetaFileWithTheWrongMagic() throws IOException {
        Files.write(dir.resolve("dendro.db"), new byte[8192]);
        assertEquals(ErrorCode.NOT_A_DATABASE,
                assertThrows(DendroException.class, () -> Store.open(dir, opts())).code());
    }

    @Test
    void shouldRefuseANewerFormatVersion() throws IOException {
        Store.open(dir, opts()).close();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("dendro.db").toFile(), "rw")) {
            byte[] h = new byte[MetaLayout.H_SIZE];
            f.readFully(h);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putInt(MetaLayout.H_FORMAT, FormatVersion.CURRENT + 1);
            java.util.zip.CRC32C c = new java.util.zip.CRC32C();
            c.update(h, 0, MetaLayout.H_CRC);
            b.putInt(MetaLayout.H_CRC, (int) c.getValue());
            f.seek(0);
            f.write(h);
        }
        DendroException e = assertThrows(DendroException.class, () -> Store.open(dir, opts()));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.getMessage().contains("format version " + (FormatVersion.CURRENT + 1)), e.getMessage());
    }

    @Test
    void shouldLockTheDirectoryAgainstASecondOpener() {
        try (Store s = Store.open(dir, opts())) {
            DendroException e = assertThrows(DendroException.class, () -> Store.open(dir, opts()));
            assertEquals(ErrorCode.DATABASE_LOCKED, e.code());
            assertTrue(e.getMessage().contains(Long.toString(ProcessHandle.current().pid())), e.getMessage());
        }
        Store.open(dir, opts()).close(); // released on close
    }

    @Test
    void shouldGrowIntoNewSegmentsAndDropUncommittedOnes() throws IOException {
        long last;
        try (Store s = Store.open(dir, StoreOptions.defaults().withSegmentCapacity(8192))) {
            NodeWriter w = s.newWriter();
            last = NodeAddress.NONE;
            for (int i = 0; i < 100; i++) {
                last = put(w, i, 100); // 808 bytes each: about 10 per segment
            }
            s.commit(w, last);
            assertTrue(NodeAddress.segment(last) >= 9);
            NodeWriter u = s.newWriter(); // uncommitted growth
            for (int i = 0; i < 30; i++) {
                put(u, i, 100);
            }
            u.flush();
        }
        int committedSegments = NodeAddress.segment(last) + 1;
        try (Store s = Store.open(dir, StoreOptions.defaults().withSegmentCapacity(8192))) {
            assertEquals(99, s.read(last).get(Bytes.I64, 0));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(committedSegments, files.filter(p -> p.toString().endsWith(".dnd")).count());
        }
    }

    @Test
    void shouldWorkPastTwoAndFourGibibyteOffsets() {
        long cap = 8L << 30; // sparse: the holes cost no disk
        long a;
        long b;
        try (Store s = Store.open(dir, StoreOptions.defaults().withSegmentCapacity(cap).withFsync(false))) {
            s.skipForTesting((2L << 30) + 4096);
            NodeWriter w = s.newWriter();
            a = put(w, 11, 16);
            w.flush();
            s.skipForTesting(3L << 30);
            b = put(w, 22, 16);
            s.commit(w, b);
            assertTrue(NodeAddress.offset(a) > (2L << 30));
            assertTrue(NodeAddress.offset(b) > (4L << 30));
            assertTrue(s.usedBytes() > (5L << 30));
        }
        try (Store s = Store.open(dir, StoreOptions.defaults().withSegmentCapacity(cap))) {
            assertEquals(11, s.read(a).get(Bytes.I64, 0));
            assertEquals(22, s.read(b).get(Bytes.I64, 120));
        }
    }

    @Test
    void shouldReleaseEveryMappingAndDescriptorOnClose() throws IOException {
        Store s = Store.open(dir, StoreOptions.defaults().withSegmentCapacity(8192));
        NodeWriter w = s.newWriter();
        long last = 0;
        for (int i = 0; i < 30; i++) {
            last = put(w, i, 100);
        }
        s.commit(w, last);
        Lease lease = s.acquire(); // a reader still holds a lease: close must wait for it
        s.close();
        assertTrue(OpenFiles.under(dir) > 0, "mapped while a lease is held");
        assertThrows(DendroException.class, s::acquire);
        lease.close();
        assertEquals(0, OpenFiles.under(dir), "mappings or descriptors left open after close");
        assertFalse(Files.readString(Path.of("/proc/self/maps")).contains(dir.toString()));
    }

    @Test
    void shouldListOnlyWhatItWrote() throws IOException {
        Store.open(dir, opts()).close();
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("dendro.db", "dendro.lock", "seg-000000.dnd"), names);
        }
    }
}
