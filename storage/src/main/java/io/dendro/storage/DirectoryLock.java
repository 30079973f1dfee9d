package io.dendro.storage;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The exclusive lock on a database directory: an OS file lock on {@code dendro.lock}, whose
 * content names the holder ({@code pid@host}) so that a second opener can say who holds it.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "dendro.lock";
    private final FileHandle handle;

    private DirectoryLock(FileHandle handle) {
        this.handle = handle;
    }

    static DirectoryLock acquire(FileIO io, Path dir) {
        Path path = dir.resolve(FILE_NAME);
        FileHandle h = null;
        try {
            h = io.open(path, true);
            if (!h.tryLock()) {
                String holder = readHolder(h);
                Segment.closeQuietly(h);
                throw new DendroException(ErrorCode.DATABASE_LOCKED, "database " + dir
                        + " is locked by " + (holder.isEmpty() ? "another process" : "process " + holder));
            }
            byte[] me = (ProcessHandle.current().pid() + "@" + hostName() + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] padded = new byte[64];
            System.arraycopy(me, 0, padded, 0, Math.min(me.length, 64));
            try {
                h.writeFully(ByteBuffer.wrap(padded), 0);
            } catch (IOException e) {
                // the holder line only serves error messages: a full disk must not stop an open
            }
            return new DirectoryLock(h);
        } catch (IOException e) {
            Segment.closeQuietly(h);
            throw StorageErrors.io("cannot lock", path, e);
        }
    }

    private static String readHolder(FileHandle h) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        h.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).replace("\0", "").trim();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        Segment.closeQuietly(handle);
    }
}
