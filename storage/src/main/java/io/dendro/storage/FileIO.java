package io.dendro.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file-system call of Dendro goes through this interface, so that tests can inject
 * faults (fail at operation N, short writes, out of space) without touching the engine.
 * {@link #DEFAULT} is the real file system.
 */
public interface FileIO {
    /** The real file system, backed by {@link java.nio.channels.FileChannel}. */
    FileIO DEFAULT = new DefaultFileIO();

    /** Opens a file for reading and writing, creating it when {@code create} is set. */
    FileHandle open(Path path, boolean create) throws IOException;

    /**
     * Opens an existing file for reading only: nothing is created and no write access is asked
     * for, so it works on a read-only file system and on files the process may not write.
     */
    default FileHandle openReadOnly(Path path) throws IOException {
        return open(path, false);
    }

    boolean exists(Path path);

    boolean isDirectory(Path path);

    void createDirectories(Path dir) throws IOException;

    /** The entries of a directory, in no particular order. */
    List<Path> list(Path dir) throws IOException;

    void delete(Path path) throws IOException;

    /** Atomically renames {@code from} to {@code to}, replacing it. */
    void move(Path from, Path to) throws IOException;

    /** Forces a directory's entries (files created, renamed or deleted in it) to the device. */
    void forceDirectory(Path dir) throws IOException;
}
