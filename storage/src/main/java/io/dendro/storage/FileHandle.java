package io.dendro.storage;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/** One open file, as {@link FileIO} sees it: positional reads and writes, force, map, lock. */
public interface FileHandle extends Closeable {
    /** Reads into {@code dst} from {@code position}; returns the bytes read, -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes {@code src} at {@code position}; may write fewer bytes than remain (short write). */
    int write(ByteBuffer src, long position) throws IOException;

    /** Forces the file's content (not necessarily its metadata) to the storage device. */
    void force() throws IOException;

    long size() throws IOException;

    /** Maps {@code [offset, offset + size)} read-only into {@code arena}. */
    MemorySegment mapReadOnly(long offset, long size, Arena arena) throws IOException;

    /**
     * Tries to take an exclusive lock on the whole file; returns false when another process or
     * another handle of this process holds it. The lock is released by {@link #close()}.
     */
    boolean tryLock() throws IOException;

    /** Writes all of {@code src} at {@code position}, looping over short writes. */
    default void writeFully(ByteBuffer src, long position) throws IOException {
        long pos = position;
        while (src.hasRemaining()) {
            int n = write(src, pos);
            if (n <= 0 && src.hasRemaining()) {
                throw new IOException("write made no progress at offset " + pos);
            }
            pos += n;
        }
    }

    /** Reads exactly {@code dst.remaining()} bytes at {@code position} or fails at end of file. */
    default void readFully(ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = read(dst, pos);
            if (n < 0) {
                throw new java.io.EOFException("end of file at offset " + pos);
            }
            pos += n;
        }
    }
}
