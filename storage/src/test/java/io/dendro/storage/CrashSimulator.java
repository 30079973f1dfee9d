package io.dendro.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A {@link FileIO} that remembers what has not been made durable, so that a test can turn the
 * directory into what a power loss could leave behind ({@link #crash}). Put it under a
 * {@link FaultyFileIO} ({@code new FaultyFileIO(sim).failFrom(n, op -> true)}) to cut the
 * power at operation {@code n}: nothing after it reaches the simulated device.
 *
 * <h2>The model</h2>
 * <ul>
 * <li>A write is durable once its file is forced ({@link FileHandle#force}). Until then the
 *     device may keep it whole, keep none of it, or keep a prefix of whole 512-byte sectors,
 *     independently of every other unforced write. A file's size is durable with its data.</li>
 * <li>A directory entry (a file or directory created, a rename, a delete) is durable once the
 *     directory is forced ({@link #forceDirectory}). Until then the device keeps a prefix of
 *     each directory's entry changes, in order (as a journaling file system does).</li>
 * <li>Reads, maps and locks are not modelled: they change nothing on the device.</li>
 * </ul>
 * Forces are not passed to the real device (no machine crashes here), so the simulation is
 * fast. Use small files: a delete keeps a copy of the file to undo it.
 */
public final class CrashSimulator implements FileIO {
    /** What a crash keeps of what was not yet durable. */
    public enum Loss {
        /** Every write and directory change since the last force is lost. */
        ALL,
        /** A random part of it survives (decided by the seed). */
        RANDOM
    }

    private static final int SECTOR = 512;

    /** An unforced write: the bytes it replaced, the file size before it, and what it wrote. */
    private record Pending(long position, byte[] old, long oldSize, byte[] data) {
    }

    /** The unforced writes of one file (by its current name). */
    private static final class FileState {
        final List<Pending> pending = new ArrayList<>();
    }

    private sealed interface DirOp permits Created, Moved, Deleted {
    }

    private record Created(Path path) implements DirOp {
    }

    /** {@code oldTarget}: the content {@code to} had before it was replaced, or null. */
    private record Moved(Path from, Path to, byte[] oldTarget) implements DirOp {
    }

    private record Deleted(Path path, byte[] content) implements DirOp {
    }

    private final FileIO delegate;
    private final Map<Path, FileState> files = new HashMap<>();
    private final Map<Path, List<DirOp>> dirOps = new LinkedHashMap<>();

    public CrashSimulator() {
        this(FileIO.DEFAULT);
    }

    public CrashSimulator(FileIO delegate) {
        this.delegate = Objects.requireNonNull(delegate);
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private synchronized FileState state(Path p) {
        return files.computeIfAbsent(key(p), k -> new FileState());
    }

    private synchronized void dirOp(Path p, DirOp op) {
        dirOps.computeIfAbsent(key(p).getParent(), k -> new ArrayList<>()).add(op);
    }

    /** Bytes not yet durable: unforced writes and directory changes, for messages. */
    public synchronized String pending() {
        long writes = files.values().stream().mapToLong(f -> f.pending.size()).sum();
        long entries = dirOps.values().stream().mapToLong(List::size).sum();
        return writes + " unforced writes, " + entries + " unforced directory changes";
    }

    // ---- FileIO -----------------------------------------------------------------------------

    @Override
    public FileHandle open(Path path, boolean create) throws IOException {
        boolean existed = delegate.exists(path);
        FileHandle h = delegate.open(path, create);
        if (!existed) {
            dirOp(path, new Created(key(path)));
        }
        return new Handle(key(path), h);
    }

    @Override
    public boolean exists(Path path) {
        return delegate.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return delegate.isDirectory(path);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Path p = key(dir); p != null && !delegate.exists(p); p = p.getParent()) {
            created.add(0, p);
        }
        delegate.createDirectories(dir);
        for (Path p : created) {
            dirOp(p, new Created(p));
        }
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public void delete(Path path) throws IOException {
        byte[] content = delegate.exists(path) ? Files.readAllBytes(path) : null;
        delegate.delete(path);
        if (content != null) {
            synchronized (this) {
                files.remove(key(path));
            }
            dirOp(path, new Deleted(key(path), content));
        }
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        byte[] oldTarget = delegate.exists(to) ? Files.readAllBytes(to) : null;
        delegate.move(from, to);
        synchronized (this) {
            FileState s = files.remove(key(from));
            if (s != null) {
                files.put(key(to), s);
            } else {
                files.remove(key(to));
            }
        }
        dirOp(to, new Moved(key(from), key(to), oldTarget));
    }

    @Override
    public synchronized void forceDirectory(Path dir) {
        dirOps.remove(key(dir)); // every change of its entries is durable now
    }

    private final class Handle implements FileHandle {
        private final FileHandle h;
        /** Follows the file across renames (move re-keys the same object). */
        private final FileState file;

        Handle(Path path, FileHandle h) {
            this.h = h;
            this.file = state(path);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return h.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            long oldSize = h.size();
            int len = src.remaining();
            byte[] old = new byte[(int) Math.max(0, Math.min(len, oldSize - position))];
            if (old.length > 0) {
                h.readFully(ByteBuffer.wrap(old), position);
            }
            ByteBuffer copy = src.duplicate();
            int n = h.write(src, position);
            byte[] data = new byte[n];
            copy.get(data);
            synchronized (CrashSimulator.this) {
                file.pending.add(new Pending(position, old, oldSize, data));
            }
            return n;
        }

        @Override
        public void force() {
            synchronized (CrashSimulator.this) {
                file.pending.clear();
            }
        }

        @Override
        public long size() throws IOException {
            return h.size();
        }

        @Override
        public MemorySegment mapReadOnly(long offset, long size, Arena arena) throws IOException {
            return h.mapReadOnly(offset, size, arena);
        }

        @Override
        public boolean tryLock() throws IOException {
            return h.tryLock();
        }

        @Override
        public void close() throws IOException {
            h.close();
        }
    }

    // ---- the crash --------------------------------------------------------------------------

    /**
     * Turns the files into what the device could hold after a power loss now: undoes the
     * directory changes and writes that were not made durable, and with {@link Loss#RANDOM}
     * lets a random part of them survive. Every file must be closed. Afterwards everything on
     * disk counts as durable.
     */
    public synchronized void crash(Loss loss, long seed) {
        Random rnd = new Random(seed);
        try {
            // directory entries: keep a prefix of each directory's changes, undo the rest
            for (Map.Entry<Path, List<DirOp>> e : dirOps.entrySet()) {
                List<DirOp> ops = e.getValue();
                int keep = loss == Loss.ALL ? 0 : rnd.nextInt(ops.size() + 1);
                for (int i = ops.size() - 1; i >= keep; i--) {
                    undo(ops.get(i));
                }
            }
            // file contents: back to the last force, then replay a random part of what followed
            for (Map.Entry<Path, FileState> e : files.entrySet()) {
                Path p = e.getKey();
                List<Pending> pending = e.getValue().pending;
                if (pending.isEmpty() || !Files.isRegularFile(p)) {
                    continue;
                }
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    for (int i = pending.size() - 1; i >= 0; i--) {
                        Pending w = pending.get(i);
                        writeAll(ch, w.old(), w.position());
                    }
                    ch.truncate(pending.get(0).oldSize());
                    if (loss == Loss.RANDOM) {
                        for (Pending w : pending) {
                            int kept = switch (rnd.nextInt(4)) {
                                case 0 -> 0;
                                case 1 -> w.data().length >= 2 * SECTOR
                                        ? SECTOR * rnd.nextInt(w.data().length / SECTOR) : 0; // torn
                                default -> w.data().length;
                            };
                            writeAll(ch, java.util.Arrays.copyOf(w.data(), kept), w.position());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.clear();
        dirOps.clear();
    }

    private static void writeAll(FileChannel ch, byte[] b, long position) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        long pos = position;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    private void undo(DirOp op) throws IOException {
        switch (op) {
            case Created c -> {
                deleteTree(c.path());
                files.keySet().removeIf(p -> p.startsWith(c.path()));
            }
            case Moved m -> {
                if (Files.exists(m.to())) {
                    Files.move(m.to(), m.from(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    FileState s = files.remove(m.to());
                    if (s != null) {
                        files.put(m.from(), s);
                    }
                }
                if (m.oldTarget() != null) {
                    Files.write(m.to(), m.oldTarget());
                }
            }
            case Deleted d -> {
                if (Files.isDirectory(d.path().getParent())) {
                    Files.write(d.path(), d.content());
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
