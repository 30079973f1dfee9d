package io.dendro.storage;

import io.dendro.error.DendroException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Follows the write-ahead log of a database that another process may be writing, for a
 * read-only open: hands each complete record to a callback once, in LSN order, and never
 * writes, locks, creates or deletes a file.
 *
 * <h2>What it may meet, and what it does</h2>
 * <ul>
 * <li>A record still being written (cut short, or its checksum not yet matching): the poll
 *     stops before it and the next poll reads it again from the same place.</li>
 * <li>A newer log file: the writer has moved on, so the current file is finished. It is read
 *     once more up to the LSN the newer file begins with, and the follower moves on. A file
 *     whose header is not complete yet (being created) does not count as newer.</li>
 * <li>A file deleted by the writer (its records are all in trees): a file already open is still
 *     read through its descriptor; files never opened are skipped, and so are their LSNs. The
 *     caller reads the commit <em>after</em> polling: the commit that made the deletion
 *     possible is then already visible, and holds what the skipped records held.</li>
 * <li>A torn tail left by a crashed writer: the writer's next open starts a new file at the
 *     torn record's LSN, so the follower moves on as above.</li>
 * </ul>
 * Not thread-safe: one caller at a time.
 */
public final class LogFollower implements AutoCloseable {
    private final FileIO io;
    private final Path dir;
    private final ByteBuffer head = ByteBuffer.allocate(LogLayout.R_PAYLOAD).order(ByteOrder.LITTLE_ENDIAN);
    private FileHandle file;
    private int index = -1;
    private long position;
    /** The LSN expected next; -1 before the first file. */
    private long nextLsn = -1;

    public LogFollower(FileIO io, Path dir) {
        this.io = io;
        this.dir = dir;
    }

    /**
     * Delivers every complete record written since the last poll, in LSN order; returns how
     * many.
     *
     * @throws DendroException IO_ERROR, UNSUPPORTED_FORMAT for a log file of a newer format
     */
    public int poll(WriteAheadLog.Replay replay) {
        int n = 0;
        try {
            while (true) {
                if (file != null) {
                    n += read(replay, Long.MAX_VALUE);
                }
                if (!findNewer()) {
                    return n;
                }
                if (file != null) { // finished: whatever completes it was written before the newer file began
                    n += read(replay, firstLsnOfNext);
                    Segment.closeQuietly(file);
                    file = null;
                }
                moveToNewer();
            }
        } catch (IOException e) {
            throw StorageErrors.io("cannot read the write-ahead log in", dir, e);
        }
    }

    private FileHandle nextFile;
    private int nextIndex;
    private long firstLsnOfNext;

    /**
     * Finds the smallest file index above the current one whose header is complete, and opens
     * it into {@link #nextFile}, {@link #nextIndex}, {@link #firstLsnOfNext}; false when none.
     */
    private boolean findNewer() throws IOException {
        List<Integer> indexes = WriteAheadLog.fileIndexes(io, dir);
        for (int i : indexes) {
            if (i <= index) {
                continue;
            }
            Path path = dir.resolve(LogLayout.fileName(i));
            FileHandle f;
            try {
                f = io.openReadOnly(path);
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // deleted since the listing: its records are in trees
            }
            long first;
            try {
                first = WriteAheadLog.firstLsnOrMissing(f, path, i);
            } catch (IOException | RuntimeException e) {
                Segment.closeQuietly(f);
                throw e;
            }
            if (first < 0) {
                Segment.closeQuietly(f); // still being created (or its creation was interrupted)
                continue;
            }
            nextFile = f;
            nextIndex = i;
            firstLsnOfNext = first;
            return true;
        }
        return false;
    }

    /** Moves to the file {@link #findNewer} found. */
    private void moveToNewer() throws IOException {
        file = nextFile;
        nextFile = null;
        index = nextIndex;
        position = LogLayout.HEADER_SIZE;
        long first = firstLsnOfNext;
        if (nextLsn < 0 || first >= nextLsn) {
            nextLsn = first; // a gap: files deleted unread, or the log restarted higher
            return;
        }
        // The file begins below what was delivered (a log that lost its tail in a power failure
        // and was rewritten): skip what was delivered already.
        long lsn = first;
        long size = file.size();
        while (lsn < nextLsn) {
            Object r = WriteAheadLog.readRecord(file, position, size, lsn, head);
            if (!(r instanceof ByteBuffer payload)) {
                nextLsn = lsn;
                return;
            }
            position += LogLayout.recordSize(payload.capacity());
            lsn++;
        }
    }

    /** Reads complete records of the current file below LSN {@code limit}. */
    private int read(WriteAheadLog.Replay replay, long limit) throws IOException {
        int n = 0;
        long size = file.size();
        while (nextLsn < limit) {
            Object r = WriteAheadLog.readRecord(file, position, size, nextLsn, head);
            if (!(r instanceof ByteBuffer payload)) {
                return n; // the end for now: cut short, being written, or torn
            }
            int len = payload.capacity();
            replay.record(nextLsn, payload);
            position += LogLayout.recordSize(len);
            nextLsn++;
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        Segment.closeQuietly(file);
        Segment.closeQuietly(nextFile);
        file = null;
        nextFile = null;
    }
}
