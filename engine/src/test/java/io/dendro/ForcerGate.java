package io.dendro;

import io.dendro.storage.FaultyFileIO;
import io.dendro.storage.FileHandle;
import io.dendro.storage.FileIO;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Passes every call to a {@link FaultyFileIO}, except forces from the background log forcer:
 * one is let through (numbered, armed like any other operation) while a GROUP insert is
 * waiting for it ({@link #expectGroupWait}) and the test thread is parked in that wait; every
 * other one fails here without reaching the file system or being counted. Operations of any
 * other thread but the test's are recorded as strays.
 */
final class ForcerGate implements FileIO {
    private final FaultyFileIO inner;
    private final Thread worker = Thread.currentThread();
    private boolean armed;                                // guarded by this
    private final Set<Long> admitted = new HashSet<>();   // guarded by this
    private final List<String> strays = new ArrayList<>(); // guarded by this

    ForcerGate(FaultyFileIO inner) {
        this.inner = inner;
    }

    synchronized void expectGroupWait(boolean on) {
        armed = on;
    }

    /** The operation numbers of the background forces that reached the file system. */
    synchronized Set<Long> admitted() {
        return Set.copyOf(admitted);
    }

    synchronized List<String> strays() {
        return List.copyOf(strays);
    }

    private static boolean forcer() {
        return Thread.currentThread().getName().startsWith("dendro-log-forcer");
    }

    private void note(String what) {
        if (Thread.currentThread() != worker && !(forcer() && what.equals("force"))) {
            synchronized (this) {
                strays.add(Thread.currentThread().getName() + ": " + what);
            }
        }
    }

    private synchronized boolean admit() {
        if (armed && worker.getState() == Thread.State.TIMED_WAITING) {
            armed = false;
            return true;
        }
        return false;
    }

    @Override
    public FileHandle open(Path path, boolean create) throws IOException {
        note("open " + path.getFileName());
        return new Handle(inner.open(path, create));
    }

    @Override
    public boolean exists(Path path) {
        return inner.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return inner.isDirectory(path);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        note("createDirectories");
        inner.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        note("list");
        return inner.list(dir);
    }

    @Override
    public void delete(Path path) throws IOException {
        note("delete " + path.getFileName());
        inner.delete(path);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        note("move " + from.getFileName());
        inner.move(from, to);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        note("forceDirectory");
        inner.forceDirectory(dir);
    }

    private final class Handle implements FileHandle {
        private final FileHandle h;

        Handle(FileHandle h) {
            this.h = h;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            note("read");
            return h.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            note("write");
            return h.write(src, position);
        }

        @Override
        public void force() throws IOException {
            note("force");
            if (!forcer()) {
                h.force();
                return;
            }
            synchronized (inner) { // numbers the force: no other operation can start meanwhile
                if (!admit()) {
                    throw new IOException("background force held back by the test's gate");
                }
                long n = inner.operations() + 1;
                synchronized (ForcerGate.this) {
                    admitted.add(n);
                }
                h.force();
            }
        }

        @Override
        public long size() throws IOException {
            note("size");
            return h.size();
        }

        @Override
        public MemorySegment mapReadOnly(long offset, long size, Arena arena) throws IOException {
            note("map");
            return h.mapReadOnly(offset, size, arena);
        }

        @Override
        public boolean tryLock() throws IOException {
            note("tryLock");
            return h.tryLock();
        }

        @Override
        public void close() throws IOException {
            h.close();
        }
    }
}
