package io.dendro.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.FaultyFileIO.Kind;
import io.dendro.storage.FaultyFileIO.Op;
import io.dendro.storage.FaultyFileIO.ShortWrite;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a database of an older readable format ({@link FormatVersion#OLDEST_READABLE}) moves to
 * the current one: it opens as it is, its header is never rewritten, and its first commit
 * writes the last state again into both meta slots at the current format before its own slot,
 * so that at every moment each slot that a binary of the older format can read describes the
 * same last commit, and once the commit is done none is left.
 */
class FormatUpgradeTest {
    private static final Predicate<Op> META_WRITE = Op.kind(Kind.WRITE).and(Op.file(MetaLayout.FILE_NAME));

    @TempDir
    Path dir;

    private StoreOptions opts(FileIO io) {
        return StoreOptions.defaults().withSegmentCapacity(64 << 10).withIo(io);
    }

    private static long commitOne(Store s, long value) {
        NodeWriter w = s.newWriter();
        MemorySegment p = w.reserve(16);
        p.set(Bytes.I64, 0, value);
        long a = w.lastAddress();
        s.commit(w, a);
        return a;
    }

    /** Rewrites the header and both slots of {@code dendro.db} to say {@code format} (checksums fixed). */
    private void sayFormat(int format) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(MetaLayout.FILE_NAME).toFile(), "rw")) {
            rewrite(f, 0, MetaLayout.H_FORMAT, MetaLayout.H_CRC, format);
            for (int slot = 0; slot < 2; slot++) {
                if (slotFormat(f, slot) > 0) {
                    rewrite(f, MetaLayout.PAGE * (1L + slot), MetaLayout.S_FORMAT, MetaLayout.S_CRC, format);
                }
            }
        }
    }

    private static void rewrite(RandomAccessFile f, long at, int field, int crcAt, int value) throws IOException {
        byte[] b = new byte[crcAt + 4];
        f.seek(at);
        f.readFully(b);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(field, value);
        CRC32C c = new CRC32C();
        c.update(b, 0, crcAt);
        buf.putInt(crcAt, (int) c.getValue());
        f.seek(at);
        f.write(b);
    }

    /** The format of a slot whose checksum holds, else -1. */
    private static int slotFormat(RandomAccessFile f, int slot) throws IOException {
        byte[] b = new byte[MetaLayout.S_SIZE];
        f.seek(MetaLayout.PAGE * (1L + slot));
        f.readFully(b);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C c = new CRC32C();
        c.update(b, 0, MetaLayout.S_CRC);
        boolean valid = buf.getInt(MetaLayout.S_MAGIC) == MetaLayout.SLOT_MAGIC_VALUE
                && buf.getInt(MetaLayout.S_CRC) == (int) c.getValue() && buf.getLong(MetaLayout.S_GENERATION) >= 0;
        return valid ? buf.getInt(MetaLayout.S_FORMAT) : -1;
    }

    private static long slotRoot(RandomAccessFile f, int slot) throws IOException {
        byte[] b = new byte[MetaLayout.S_SIZE];
        f.seek(MetaLayout.PAGE * (1L + slot));
        f.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(MetaLayout.S_ROOT);
    }

    private int[] slotFormats() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(MetaLayout.FILE_NAME).toFile(), "r")) {
            return new int[] {slotFormat(f, 0), slotFormat(f, 1)};
        }
    }

    private int headerFormat() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(MetaLayout.FILE_NAME).toFile(), "r")) {
            f.seek(MetaLayout.H_FORMAT);
            return Integer.reverseBytes(f.readInt());
        }
    }

    private static long slotGeneration(RandomAccessFile f, int slot) throws IOException {
        byte[] b = new byte[MetaLayout.S_SIZE];
        f.seek(MetaLayout.PAGE * (1L + slot));
        f.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(MetaLayout.S_GENERATION);
    }

    /**
     * The slot a binary of format {@code old} opens at (the valid one of format 1 .. old with the
     * greater generation) holds {@code root}; {@code root == -1}: it finds no such slot.
     */
    private void assertOldBinarySees(int old, long root) throws IOException {
        assertEquals(root, oldBinaryRoot(old), "the root an older binary would open at");
    }

    private long oldBinaryRoot(int old) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(MetaLayout.FILE_NAME).toFile(), "r")) {
            long bestGen = -1;
            long bestRoot = -1;
            for (int slot = 0; slot < 2; slot++) {
                int format = slotFormat(f, slot);
                if (format >= 1 && format <= old && slotGeneration(f, slot) > bestGen) {
                    bestGen = slotGeneration(f, slot);
                    bestRoot = slotRoot(f, slot);
                }
            }
            return bestRoot;
        }
    }

    @Test
    void shouldOpenAnOlderFormatInPlaceAndMoveBothSlotsOnAtTheFirstCommit() throws IOException {
        int old = FormatVersion.OLDEST_READABLE;
        long first;
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            first = commitOne(s, 1);
            commitOne(s, 2);
            first = s.root();
        }
        sayFormat(old);
        assertEquals(old, headerFormat());
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            assertEquals(first, s.root(), "read in place");
            assertEquals(2, s.generation());
        }
        assertEquals(old, slotFormats()[0], "opening alone changes nothing");
        assertEquals(old, slotFormats()[1]);
        long next;
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            next = commitOne(s, 3);
            assertEquals(5, s.generation(), "two slots of the last state, then the commit");
        }
        assertEquals(FormatVersion.CURRENT, slotFormats()[0]);
        assertEquals(FormatVersion.CURRENT, slotFormats()[1]);
        assertEquals(old, headerFormat(), "the header is never rewritten");
        assertOldBinarySees(old, -1); // no slot left for it
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            assertEquals(next, s.root());
            assertEquals(5, s.generation());
            commitOne(s, 4);
            assertEquals(6, s.generation(), "later commits write one slot");
        }
    }

    @Test
    void shouldRefuseFormatsOutsideTheReadableRange() throws IOException {
        try (Store s = Store.open(dir, opts(FileIO.DEFAULT))) {
            commitOne(s, 1);
        }
        sayFormat(FormatVersion.OLDEST_READABLE - 1);
        DendroException e = assertThrows(DendroException.class, () -> Store.open(dir, opts(FileIO.DEFAULT)));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.getMessage().contains("no migration from older development formats"), e.getMessage());
    }

    /** Which write (1-based, of any file) of the upgrading commit is its {@code k}-th meta write. */
    private long metaWriteNumber(Path d, int k) throws IOException {
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
        scenario(d, io);
        try (Store s = Store.open(d, opts(io))) {
            io.recordOperations();
            long from = io.operations();
            commitOne(s, 2);
            java.util.List<Op> writes = io.log().stream()
                    .filter(op -> op.number() > from && op.kind() == Kind.WRITE).toList();
            Op meta = writes.stream().filter(META_WRITE).skip(k - 1).findFirst().orElseThrow();
            return writes.indexOf(meta) + 1;
        }
    }

    /** A store at format OLDEST_READABLE with one commit; returns its root. */
    private long scenario(Path d, FileIO io) throws IOException {
        long last;
        try (Store s = Store.open(d, opts(io))) {
            last = commitOne(s, 1);
        }
        Path saved = dir;
        dir = d;
        try {
            sayFormat(FormatVersion.OLDEST_READABLE);
        } finally {
            dir = saved;
        }
        return last;
    }

    /**
     * The upgrading commit fails at each of its three slot writes, whole or torn, and is either
     * retried at once or abandoned (the store closed, as after a crash). An older binary opens
     * at the last commit or finds no slot it reads (and refuses); this binary opens at the last commit
     * after an abandoned attempt, and at the retried commit after a retry, never behind a slot
     * the upgrade wrote.
     */
    @Test
    void shouldKeepEverySlotAtTheLastCommitWhenTheUpgradeFailsAnywhere() throws IOException {
        int old = FormatVersion.OLDEST_READABLE;
        int run = 0;
        for (int k = 1; k <= 3; k++) {
            for (boolean torn : new boolean[] {false, true}) {
                for (boolean retry : new boolean[] {false, true}) {
                    String where = "slot write " + k + (torn ? " torn" : " failed") + (retry ? ", retried" : ", abandoned");
                    long number = torn ? metaWriteNumber(dir.resolve("probe-" + run), k) : 0;
                    Path d = dir.resolve("run-" + run++);
                    FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
                    long last = scenario(d, io);
                    Path saved = dir;
                    dir = d;
                    long retried = -1;
                    try (Store s = Store.open(d, opts(io))) {
                        if (torn) {
                            io.shortWriteAt(number, ShortWrite.THEN_FAIL);
                        } else {
                            io.failAt(k, META_WRITE, where);
                        }
                        NodeWriter w = s.newWriter();
                        w.reserve(16).set(Bytes.I64, 0, 2);
                        long a = w.lastAddress();
                        assertEquals(ErrorCode.IO_ERROR, assertThrows(DendroException.class, () -> s.commit(w, a)).code(),
                                where);
                        io.disarm();
                        long seen = oldBinaryRoot(old);
                        assertTrue(seen == last || seen == -1, where + ": an older binary would open at " + seen);
                        if (retry) {
                            retried = commitOne(s, 3);
                        }
                    }
                    try (Store s = Store.open(d, opts(FileIO.DEFAULT))) {
                        if (retry) {
                            assertEquals(retried, s.root(), where + ": the retried commit must win");
                            assertOldBinarySees(old, -1);
                        } else {
                            assertEquals(last, s.root(), where + ": the last commit stands");
                            long seen = oldBinaryRoot(old);
                            assertTrue(seen == last || seen == -1, where + ": an older binary would open at " + seen);
                            long next = commitOne(s, 4);
                            assertEquals(next, s.root());
                        }
                    }
                    if (!retry) {
                        assertOldBinarySees(old, -1);
                    }
                    dir = saved;
                }
            }
        }
    }
}
