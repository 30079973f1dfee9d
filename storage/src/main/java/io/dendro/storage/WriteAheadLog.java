package io.dendro.storage;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The write-ahead log: opaque records with consecutive log sequence numbers (LSNs), appended to
 * {@code wal-NNNNNN.log} files (see {@link LogLayout}). The caller says when a record's content
 * has reached the tree ({@link #truncateBefore}); whole files below that are deleted.
 *
 * <h2>Durability</h2>
 * {@link #append} writes the record with a positional write and returns its LSN; it is durable
 * once {@link #force} has covered it. {@code force(lsn)} is a group commit: the first caller
 * forces everything written so far, and callers whose LSN that force covered return without a
 * force of their own. A file is always forced before the log moves on to the next one, so only
 * the newest file can end in a torn record.
 *
 * <h2>Recovery</h2>
 * {@link #open} reads every file in order; records are handed to the replay callback. The log
 * ends at the first record that is cut short, fails its checksum, or breaks the LSN sequence
 * in the newest file; appends continue in a new file (never over the torn tail, where an older
 * record could otherwise come back to life). The same damage in an older file is
 * corruption (its content was forced before the next file began), reported with file and offset.
 */
public final class WriteAheadLog implements AutoCloseable {
    /** Receives each record at open: its LSN and payload. */
    @FunctionalInterface
    public interface Replay {
        void record(long lsn, ByteBuffer payload);
    }

    private final FileIO io;
    private final Path dir;
    private final boolean fsync;
    private final long rotateBytes;
    private final TreeMap<Integer, Long> firstLsnOf = new TreeMap<>(); // file index -> first LSN
    private volatile FileHandle current;
    /** A move to the next file failed: no record may go into the current one until it succeeds. */
    private boolean mustRotate;
    private int currentIndex;
    private long position;        // append position in the current file
    private long nextLsn;         // LSN of the next record
    private final Object appendLock = new Object();
    /**
     * One force at a time; a lock that parks its waiters (a monitor spins first, and its waiters
     * burnt CPU beside every fsync under a server's concurrent writes).
     */
    private final java.util.concurrent.locks.ReentrantLock forceLock = new java.util.concurrent.locks.ReentrantLock();
    private volatile long written; // last LSN written (not necessarily forced)
    private final java.util.concurrent.atomic.AtomicLong forced = new java.util.concurrent.atomic.AtomicLong();

    private WriteAheadLog(FileIO io, Path dir, boolean fsync, long rotateBytes) {
        this.io = io;
        this.dir = dir;
        this.fsync = fsync;
        this.rotateBytes = rotateBytes;
    }

    /**
     * Opens the log in {@code dir}, replaying every record it holds in order, and positions
     * appends after the last good record.
     *
     * @param floor       new records number above this LSN even when no log file is left (the
     *                    caller's record of the highest LSN ever applied)
     * @param rotateBytes start a new file when the current one passes this size
     */
    public static WriteAheadLog open(FileIO io, Path dir, boolean fsync, long rotateBytes, long floor, Replay replay) {
        WriteAheadLog log = new WriteAheadLog(io, dir, fsync, rotateBytes);
        try {
            log.recover(floor, replay);
        } catch (IOException e) {
            log.close();
            throw StorageErrors.io("cannot open the write-ahead log in", dir, e);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    private void recover(long floor, Replay replay) throws IOException {
        List<Integer> indexes = fileIndexes(io, dir);
        if (!indexes.isEmpty()) { // creating the newest file was interrupted before it held a record
            int last = indexes.get(indexes.size() - 1);
            Path path = dir.resolve(LogLayout.fileName(last));
            boolean drop;
            try (FileHandle f = io.open(path, false)) {
                drop = f.size() <= LogLayout.HEADER_SIZE && !validHeader(f, last);
            }
            if (drop) {
                io.delete(path);
                indexes.remove(indexes.size() - 1);
            }
        }
        long[] firsts = new long[indexes.size()];
        for (int k = 0; k < indexes.size(); k++) {
            Path path = dir.resolve(LogLayout.fileName(indexes.get(k)));
            try (FileHandle f = io.open(path, false)) {
                firsts[k] = readHeader(f, path, indexes.get(k));
            }
        }
        long expect = -1; // next LSN expected, -1 before the first record
        for (int k = 0; k < indexes.size(); k++) {
            int index = indexes.get(k);
            Path path = dir.resolve(LogLayout.fileName(index));
            if (expect >= 0 && firsts[k] != expect) {
                throw DendroException.corruption(path.toString(), LogLayout.H_FIRST_LSN,
                        "log file starts at LSN " + firsts[k] + ", expected " + expect);
            }
            firstLsnOf.put(index, firsts[k]);
            // a file ends where the next one begins (what lies after is a torn tail); the newest
            // ends at its first bad record
            long limit = k + 1 < indexes.size() ? firsts[k + 1] : Long.MAX_VALUE;
            try (FileHandle f = io.open(path, false)) {
                expect = scan(f, path, firsts[k], replay, limit);
            }
        }
        // New records always go to a new file: appending after a torn tail would overwrite
        // bytes that might still hold an older record with the very LSN expected next.
        nextLsn = expect >= 0 ? expect : floor + 1;
        int next = indexes.isEmpty() ? 0 : indexes.get(indexes.size() - 1) + 1;
        if (fsync && !indexes.isEmpty()) { // as at every rotation: a file is forced before the next begins
            try (FileHandle f = io.open(dir.resolve(LogLayout.fileName(indexes.get(indexes.size() - 1))), false)) {
                f.force();
            }
        }
        startFile(next, nextLsn);
        written = nextLsn - 1;
        forced.set(written);
    }

    private static boolean validHeader(FileHandle f, int index) throws IOException {
        if (f.size() < LogLayout.HEADER_SIZE) {
            return false;
        }
        ByteBuffer h = ByteBuffer.allocate(LogLayout.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        f.readFully(h, 0);
        CRC32C c = new CRC32C();
        c.update(h.array(), 0, LogLayout.H_CRC);
        return h.getInt(LogLayout.H_MAGIC) == LogLayout.MAGIC_VALUE && h.getInt(LogLayout.H_CRC) == (int) c.getValue()
                && h.getInt(LogLayout.H_INDEX) == index;
    }

    private static long readHeader(FileHandle f, Path path, int index) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(LogLayout.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (f.size() < LogLayout.HEADER_SIZE) {
            throw DendroException.corruption(path.toString(), 0, "log file shorter than its header");
        }
        f.readFully(h, 0);
        CRC32C c = new CRC32C();
        c.update(h.array(), 0, LogLayout.H_CRC);
        if (h.getInt(LogLayout.H_MAGIC) != LogLayout.MAGIC_VALUE || h.getInt(LogLayout.H_CRC) != (int) c.getValue()
                || h.getInt(LogLayout.H_INDEX) != index) {
            throw DendroException.corruption(path.toString(), 0, "bad log file header");
        }
        int format = h.getInt(LogLayout.H_FORMAT);
        if (format < 1 || format > FormatVersion.CURRENT) {
            throw new DendroException(ErrorCode.UNSUPPORTED_FORMAT,
                    path + " has format version " + format);
        }
        return h.getLong(LogLayout.H_FIRST_LSN);
    }

    /** Reads records from the header on, up to LSN {@code limit}; returns the next LSN. */
    private static long scan(FileHandle f, Path path, long first, Replay replay, long limit) throws IOException {
        long pos = LogLayout.HEADER_SIZE;
        long lsn = first;
        long size = f.size();
        ByteBuffer head = ByteBuffer.allocate(LogLayout.R_PAYLOAD).order(ByteOrder.LITTLE_ENDIAN);
        while (lsn < limit) {
            Object r = readRecord(f, pos, size, lsn, head);
            if (!(r instanceof ByteBuffer payload)) {
                String bad = (String) r;
                if (limit != Long.MAX_VALUE) { // an older file must reach the next file's first LSN
                    throw DendroException.corruption(path.toString(), pos,
                            (bad.isEmpty() ? "file ends" : bad) + " before LSN " + limit + ", where the next file begins");
                }
                return lsn; // the end of the log
            }
            replay.record(lsn, payload);
            pos += LogLayout.recordSize(payload.capacity());
            lsn++;
        }
        return lsn;
    }

    /**
     * Reads the record at {@code pos} of a file of {@code size} bytes, which must carry LSN
     * {@code lsn}: its payload (flipped, ready to read), or why there is none ("" at the end of
     * the file). {@code head} is scratch of {@link LogLayout#R_PAYLOAD} bytes.
     */
    static Object readRecord(FileHandle f, long pos, long size, long lsn, ByteBuffer head) throws IOException {
        if (pos + LogLayout.R_PAYLOAD > size) {
            return pos == size ? "" : "record header cut short";
        }
        head.clear();
        f.readFully(head, pos);
        int len = head.getInt(LogLayout.R_LENGTH);
        long recLsn = head.getLong(LogLayout.R_LSN);
        if (len < 0 || pos + LogLayout.recordSize(len) > size) {
            return "record length " + len + " runs past the end";
        }
        if (recLsn != lsn) {
            return "record LSN " + recLsn + ", expected " + lsn;
        }
        ByteBuffer payload = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        f.readFully(payload, pos + LogLayout.R_PAYLOAD);
        CRC32C c = new CRC32C();
        c.update(head.array(), LogLayout.R_LENGTH, LogLayout.R_PAYLOAD - LogLayout.R_LENGTH);
        c.update(payload.array(), 0, len);
        if ((int) c.getValue() != head.getInt(LogLayout.R_CRC)) {
            return "record checksum mismatch";
        }
        payload.flip();
        return payload;
    }

    /**
     * The first LSN a log file's header names, or -1 when the header is missing, incomplete or
     * damaged (a file whose creation is still under way, or was interrupted).
     */
    static long firstLsnOrMissing(FileHandle f, Path path, int index) throws IOException {
        return validHeader(f, index) ? readHeader(f, path, index) : -1;
    }

    /** The indexes of the log files in {@code dir}, ascending. */
    static List<Integer> fileIndexes(FileIO io, Path dir) throws IOException {
        List<Integer> indexes = new ArrayList<>();
        for (Path p : io.list(dir)) {
            String n = p.getFileName().toString();
            if (n.startsWith("wal-") && n.endsWith(".log")) {
                try {
                    indexes.add(Integer.parseInt(n.substring(4, n.length() - 4)));
                } catch (NumberFormatException ignored) {
                    // not ours
                }
            }
        }
        indexes.sort(null);
        return indexes;
    }

    private void startFile(int index, long firstLsn) throws IOException {
        Path path = dir.resolve(LogLayout.fileName(index));
        io.delete(path);
        FileHandle f = io.open(path, true);
        ByteBuffer h = ByteBuffer.allocate(LogLayout.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(LogLayout.H_MAGIC, LogLayout.MAGIC_VALUE);
        h.putInt(LogLayout.H_FORMAT, FormatVersion.CURRENT);
        h.putInt(LogLayout.H_INDEX, index);
        h.putLong(LogLayout.H_FIRST_LSN, firstLsn);
        CRC32C c = new CRC32C();
        c.update(h.array(), 0, LogLayout.H_CRC);
        h.putInt(LogLayout.H_CRC, (int) c.getValue());
        try {
            f.writeFully(h, 0);
            if (fsync) {
                f.force();
                io.forceDirectory(dir);
            }
        } catch (IOException e) {
            Segment.closeQuietly(f);
            try {
                io.delete(path); // a half-made file must not claim where its predecessor ends
            } catch (IOException ignored) {
                // recovery drops a newest file that holds no record
            }
            throw e;
        }
        current = f;
        currentIndex = index;
        position = LogLayout.HEADER_SIZE;
        firstLsnOf.put(index, firstLsn);
    }

    /**
     * Appends a record (not yet forced) and returns its LSN.
     *
     * @throws DendroException OUT_OF_SPACE or IO_ERROR; the record is then not in the log
     */
    public long append(ByteBuffer payload) {
        int len = payload.remaining();
        long size = LogLayout.recordSize(len);
        ByteBuffer rec = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        synchronized (appendLock) {
            long lsn = nextLsn;
            rec.putInt(LogLayout.R_LENGTH, len);
            rec.putLong(LogLayout.R_LSN, lsn);
            rec.put(LogLayout.R_PAYLOAD, payload, payload.position(), len);
            CRC32C c = new CRC32C();
            c.update(rec.array(), LogLayout.R_LENGTH, LogLayout.R_PAYLOAD - LogLayout.R_LENGTH + len);
            rec.putInt(LogLayout.R_CRC, (int) c.getValue());
            Path path = dir.resolve(LogLayout.fileName(currentIndex));
            try {
                if (position > LogLayout.HEADER_SIZE && (mustRotate || position + size > rotateBytes)) {
                    mustRotate = true;
                    rotate(lsn);
                    mustRotate = false;
                    path = dir.resolve(LogLayout.fileName(currentIndex));
                }
                current.writeFully(rec, position);
            } catch (IOException e) {
                throw StorageErrors.io("cannot append to", path, e);
            }
            position += size;
            nextLsn = lsn + 1;
            written = lsn;
            return lsn;
        }
    }

    /** Forces the current file and starts the next; the caller holds appendLock. */
    private void rotate(long firstLsn) throws IOException {
        if (fsync) {
            current.force();
        }
        forced.accumulateAndGet(firstLsn - 1, Math::max);
        FileHandle old = current;
        startFile(currentIndex + 1, firstLsn);
        old.close();
    }

    /**
     * Makes every record up to {@code lsn} durable; concurrent callers share one force.
     *
     * @throws DendroException IO_ERROR when the force fails
     */
    public void force(long lsn) {
        if (forced.get() >= lsn) {
            return;
        }
        forceLock.lock();
        try {
            if (forced.get() >= lsn) {
                return; // another caller's force covered us
            }
            // read the target first: records before it are in this file or in one that rotation forced
            long target = written;
            while (true) {
                FileHandle f = current;
                try {
                    if (fsync && f != null) {
                        f.force();
                    }
                    break;
                } catch (java.nio.channels.ClosedChannelException e) {
                    if (current == f) {
                        throw StorageErrors.io("cannot force (log closed)", dir, e);
                    }
                    // rotated meanwhile: the old file was forced by the rotation; force the new one
                } catch (IOException e) {
                    throw StorageErrors.io("cannot force", dir.resolve(LogLayout.fileName(currentIndex)), e);
                }
            }
            forced.accumulateAndGet(target, Math::max);
        } finally {
            forceLock.unlock();
        }
    }

    /**
     * Deletes every log file and starts an empty one whose first record gets {@code next}. For
     * a log that ended below the caller's floor (its tail was lost in a power failure while the
     * tree, forced separately, already holds later records): the caller has committed
     * everything replayed before calling this.
     */
    public void restartAt(long next) {
        synchronized (appendLock) {
            try {
                Segment.closeQuietly(current);
                current = null;
                int last = firstLsnOf.isEmpty() ? -1 : firstLsnOf.lastKey();
                for (int index : new ArrayList<>(firstLsnOf.keySet())) {
                    io.delete(dir.resolve(LogLayout.fileName(index)));
                }
                firstLsnOf.clear();
                startFile(last + 1, next);
            } catch (IOException e) {
                throw StorageErrors.io("cannot restart the write-ahead log in", dir, e);
            }
            nextLsn = next;
            written = next - 1;
            forced.set(written);
        }
    }

    /** The LSN of the last record appended (0 when none ever was). */
    public long lastLsn() {
        return written;
    }

    /** The LSN up to which the log is known to be durable. */
    public long forcedLsn() {
        return forced.get();
    }

    /**
     * Deletes whole files all of whose records have LSNs below {@code lsn} (their content is in
     * the tree). The current file is kept.
     */
    public void truncateBefore(long lsn) {
        synchronized (appendLock) {
            List<Integer> drop = new ArrayList<>();
            for (var e : firstLsnOf.entrySet()) {
                Integer next = firstLsnOf.higherKey(e.getKey());
                if (next == null || e.getKey() == currentIndex) {
                    break;
                }
                if (firstLsnOf.get(next) <= lsn) {
                    drop.add(e.getKey());
                }
            }
            for (int index : drop) {
                Path p = dir.resolve(LogLayout.fileName(index));
                try {
                    io.delete(p);
                } catch (IOException e) {
                    throw StorageErrors.io("cannot delete", p, e);
                }
                firstLsnOf.remove(index);
            }
        }
    }

    /** Bytes in the log files (for info and for tests). */
    public long bytes() {
        synchronized (appendLock) {
            long total = 0;
            for (int index : firstLsnOf.keySet()) {
                total += index == currentIndex ? position : rotateBytes;
            }
            return total;
        }
    }

    @Override
    public void close() {
        synchronized (appendLock) {
            Segment.closeQuietly(current);
            current = null;
        }
    }

    /**
     * Closes the log and deletes its files: for a clean close, when every record is in a tree (or
     * moot). The next open then starts a new file, numbering records above the floor it is given
     * (the highest LSN any tree holds). Without it the newest file, up to {@code rotateBytes},
     * would stay on disk until the next open.
     */
    public void closeAndDelete() {
        synchronized (appendLock) {
            Segment.closeQuietly(current);
            current = null;
            for (int index : new ArrayList<>(firstLsnOf.keySet())) {
                Path p = dir.resolve(LogLayout.fileName(index));
                try {
                    io.delete(p);
                } catch (IOException e) {
                    throw StorageErrors.io("cannot delete", p, e);
                }
                firstLsnOf.remove(index);
            }
        }
    }
}
