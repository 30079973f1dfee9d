package io.dendro.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@link FileIO} for fault-injection tests (in the manner of H2's {@code FilePathUnstable} and
 * QuestDB's {@code TestFilesFacadeImpl}): it passes every call to a delegate
 * ({@link FileIO#DEFAULT} unless told otherwise), numbers every operation, and can be armed to
 * make chosen operations fail.
 *
 * <h2>What is counted</h2>
 * Every call that can throw an {@link IOException}: {@link Kind#OPEN}, {@link Kind#WRITE},
 * {@link Kind#FORCE}, {@link Kind#READ}, {@link Kind#MAP}, {@link Kind#SIZE},
 * {@link Kind#TRY_LOCK}, {@link Kind#MOVE}, {@link Kind#FORCE_DIRECTORY}, {@link Kind#DELETE},
 * {@link Kind#LIST}, {@link Kind#CREATE_DIRECTORIES}. Operations are numbered from 1 in the
 * order they start; {@link #operations()} is the count so far. {@code exists},
 * {@code isDirectory} and {@link FileHandle#close()} pass through uncounted (the first two
 * cannot fail, and a failing close is swallowed everywhere in Dendro). Each
 * {@link FileHandle#write} call is one operation, so the default
 * {@link FileHandle#writeFully} loop counts one operation per call it makes.
 *
 * <h2>Arming (one arming at a time; each call replaces the previous one)</h2>
 * <ul>
 * <li>{@link #failAt(long)}: operation number N throws an {@link IOException}; with a
 *     predicate ({@link #failAt(long, Predicate)}) it is the N-th operation that matches.
 *     {@link #failFrom(long, Predicate)} makes that operation and every matching one after it
 *     fail (a dead disk).</li>
 * <li>{@link #failWhen(Predicate)}: every operation that matches fails (e.g. only forces, only
 *     writes to {@code dendro.db}).</li>
 * <li>{@link #shortWriteAt(long, ShortWrite)}: the N-th write writes only the first half of its
 *     buffer (at least one byte when it holds two or more) and returns that count; the next
 *     write then fails ({@link ShortWrite#THEN_FAIL}) or proceeds normally
 *     ({@link ShortWrite#THEN_CONTINUE}). A one-byte write cannot be shortened: it is passed
 *     through, and with {@code THEN_FAIL} the next write still fails.</li>
 * <li>{@link #outOfSpaceAfter(long)}: writes succeed until {@code B} bytes have been written
 *     in total (counted from the arming, over every file); the write that would cross the
 *     budget writes what fits and returns the short count (nothing, when nothing fits, it
 *     fails at once), and every later write fails with
 *     {@code IOException("No space left on device")}. Overwrites count like new bytes: this
 *     models a budget of writes, not a file system's block allocation.</li>
 * </ul>
 * Injected failures throw {@link InjectedIOException}, whose message names the operation.
 * Everything is deterministic: the same sequence of calls fails at the same place.
 * {@link #fired()} is the first operation that an arming affected, {@link #injectedOps()} all
 * of them, and {@link #toString()} describes the arming and what it did, for assertion
 * messages. Operations on an open handle carry the file's current name: after
 * {@link #move}, a handle opened as {@code dendro.db.tmp} reports {@code dendro.db}, so a
 * predicate such as {@code Op.file("dendro.db")} sees every write of the meta file.
 *
 * <h2>Forces</h2>
 * With {@link #forcesReachDevice(boolean) forcesReachDevice(false)} forces are counted and can
 * fail as usual but are not passed to the device. Tests that never crash the machine lose
 * nothing by that (the page cache is coherent within the machine) and run much faster.
 *
 * <p>Thread-safe: the counter and the arming are guarded by this object's monitor, so
 * concurrent callers are numbered in some order (deterministic only for one thread).
 */
public final class FaultyFileIO implements FileIO {
    /** The kinds of operation that are counted. */
    public enum Kind {
        OPEN, WRITE, FORCE, READ, MAP, SIZE, TRY_LOCK, MOVE, FORCE_DIRECTORY, DELETE, LIST, CREATE_DIRECTORIES
    }

    /** What to do after a short write. */
    public enum ShortWrite {
        /** The next write (on any file) throws an IOException. */
        THEN_FAIL,
        /** The next write proceeds normally, so {@link FileHandle#writeFully} completes. */
        THEN_CONTINUE
    }

    /**
     * One counted operation.
     *
     * @param number   1-based, in the order operations started
     * @param kind     what it is
     * @param path     the file or directory (the source of a move)
     * @param position the file position of a read or write, the offset of a map, else -1
     * @param length   the bytes asked for by a read, write or map, else -1
     */
    public record Op(long number, Kind kind, Path path, long position, long length) {
        /** The file name of {@link #path()}, or "" when there is none. */
        public String fileName() {
            return path == null || path.getFileName() == null ? "" : path.getFileName().toString();
        }

        /** Matches operations of one of these kinds. */
        public static Predicate<Op> kind(Kind... kinds) {
            List<Kind> ks = List.of(kinds);
            return op -> ks.contains(op.kind());
        }

        /** Matches operations on a file with this name (e.g. {@code dendro.db}). */
        public static Predicate<Op> file(String name) {
            return op -> op.fileName().equals(name);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder().append('#').append(number).append(' ').append(kind)
                    .append(' ').append(fileName());
            if (position >= 0) {
                b.append(" @").append(position);
            }
            if (length >= 0) {
                b.append(" len ").append(length);
            }
            return b.toString();
        }
    }

    /** The exception every injected failure throws; its message names the operation. */
    public static final class InjectedIOException extends IOException {
        private static final long serialVersionUID = 1L;

        InjectedIOException(String message) {
            super(message);
        }
    }

    /** A short write is served by writing only part of the buffer. */
    private record Partial(int bytes) {
    }

    private enum Mode { NONE, FAIL_AT, FAIL_FROM, FAIL_WHEN, SHORT_WRITE, OUT_OF_SPACE }

    private static final int LOG_LIMIT = 100_000;

    private final FileIO delegate;
    private boolean forcesReachDevice = true;
    private long count;
    private final List<Op> log = new ArrayList<>();
    private boolean logging;

    // the arming; guarded by this
    private Mode mode = Mode.NONE;
    private long n;
    private Predicate<Op> filter = op -> true;
    private String filterName = "any operation";
    private ShortWrite after;
    private long matched;
    private boolean shortDone;
    private boolean failNextWrite;
    private long budget;
    private long written;
    private boolean full;
    private Op fired;
    private long injected;
    private final List<Op> injectedOps = new ArrayList<>();
    private final Set<Handle> openHandles = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Counts and injects faults over the real file system. */
    public FaultyFileIO() {
        this(FileIO.DEFAULT);
    }

    public FaultyFileIO(FileIO delegate) {
        this.delegate = Objects.requireNonNull(delegate);
    }

    // ---- arming ---------------------------------------------------------------------------

    /** Operation number {@code n} (1-based, counted from now on) fails once. */
    public synchronized FaultyFileIO failAt(long n) {
        return failAt(n, op -> true, "any operation");
    }

    /** The {@code n}-th operation from now on that matches {@code which} fails once. */
    public synchronized FaultyFileIO failAt(long n, Predicate<Op> which) {
        return failAt(n, which, "matching operation");
    }

    /** As {@link #failAt(long, Predicate)}, with a description of the predicate for messages. */
    public synchronized FaultyFileIO failAt(long n, Predicate<Op> which, String description) {
        return arm(Mode.FAIL_AT, n, which, description);
    }

    /** The {@code n}-th matching operation from now on and every matching one after it fail. */
    public synchronized FaultyFileIO failFrom(long n, Predicate<Op> which) {
        return arm(Mode.FAIL_FROM, n, which, "matching operation");
    }

    /** Every operation that matches {@code which} fails. */
    public synchronized FaultyFileIO failWhen(Predicate<Op> which, String description) {
        return arm(Mode.FAIL_WHEN, 1, which, description);
    }

    /** The {@code n}-th write from now on is short; the next write fails or continues. */
    public synchronized FaultyFileIO shortWriteAt(long n, ShortWrite then) {
        arm(Mode.SHORT_WRITE, n, Op.kind(Kind.WRITE), "write");
        this.after = Objects.requireNonNull(then);
        return this;
    }

    /** Writes fail with "No space left on device" once {@code bytes} have been written from now on. */
    public synchronized FaultyFileIO outOfSpaceAfter(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative budget");
        }
        arm(Mode.OUT_OF_SPACE, 1, Op.kind(Kind.WRITE), "write");
        this.budget = bytes;
        return this;
    }

    /** Removes the arming; counting goes on. */
    public synchronized FaultyFileIO disarm() {
        return arm(Mode.NONE, 0, op -> true, "any operation");
    }

    private FaultyFileIO arm(Mode m, long at, Predicate<Op> which, String description) {
        if (m != Mode.NONE && at < 1) {
            throw new IllegalArgumentException("operations are numbered from 1: " + at);
        }
        mode = m;
        n = at;
        filter = Objects.requireNonNull(which);
        filterName = description;
        after = null;
        matched = 0;
        shortDone = false;
        failNextWrite = false;
        budget = 0;
        written = 0;
        full = false;
        fired = null;
        injected = 0;
        injectedOps.clear();
        return this;
    }

    /** Whether forces are passed to the device (default true); they are counted and armed either way. */
    public synchronized FaultyFileIO forcesReachDevice(boolean on) {
        forcesReachDevice = on;
        return this;
    }

    /** Starts recording every operation (up to 100,000) for {@link #log()}. */
    public synchronized FaultyFileIO recordOperations() {
        logging = true;
        return this;
    }

    // ---- what happened ----------------------------------------------------------------------

    /** Operations counted so far. */
    public synchronized long operations() {
        return count;
    }

    /** Operations recorded since {@link #recordOperations()}. */
    public synchronized List<Op> log() {
        return List.copyOf(log);
    }

    /** The first operation the arming affected (failed or shortened), or null. */
    public synchronized Op fired() {
        return fired;
    }

    /** How many operations failed or were shortened by the arming. */
    public synchronized long injected() {
        return injected;
    }

    /** The operations the arming failed or shortened, in order (the first 100,000). */
    public synchronized List<Op> injectedOps() {
        return List.copyOf(injectedOps);
    }

    /** Bytes written since the arming (all modes count them). */
    public synchronized long bytesWritten() {
        return written;
    }

    @Override
    public synchronized String toString() {
        String arming = switch (mode) {
            case NONE -> "unarmed";
            case FAIL_AT -> "fail at " + filterName + " #" + n;
            case FAIL_FROM -> "fail from " + filterName + " #" + n + " on";
            case FAIL_WHEN -> "fail every " + filterName;
            case SHORT_WRITE -> "short write at write #" + n + " then " + after;
            case OUT_OF_SPACE -> "out of space after " + budget + " bytes";
        };
        return "FaultyFileIO[" + arming + "; " + count + " operations, " + written + " bytes written"
                + (fired == null ? "; nothing injected" : "; first injected at " + fired + ", " + injected + " in all")
                + "]";
    }

    // ---- the decision -----------------------------------------------------------------------

    /** Counts an operation and throws if the arming says it fails. */
    private synchronized Op begin(Kind kind, Path path, long position, long length) throws IOException {
        Op op = new Op(++count, kind, path, position, length);
        if (logging && log.size() < LOG_LIMIT) {
            log.add(op);
        }
        switch (mode) {
            case FAIL_AT, FAIL_FROM, FAIL_WHEN -> {
                if (filter.test(op)) {
                    matched++;
                    boolean fail = mode == Mode.FAIL_WHEN || matched == n || (mode == Mode.FAIL_FROM && matched > n);
                    if (fail) {
                        throw inject(op, "injected failure");
                    }
                }
            }
            default -> {
                // writes are decided in decideWrite
            }
        }
        return op;
    }

    /** For a write that passed {@link #begin}: fails it, shortens it, or lets it through (null). */
    private synchronized Partial decideWrite(Op op, int remaining) throws IOException {
        if (mode == Mode.SHORT_WRITE) {
            if (failNextWrite) {
                failNextWrite = false;
                throw inject(op, "injected failure after a short write");
            }
            if (!shortDone && ++matched == n) {
                shortDone = true;
                failNextWrite = after == ShortWrite.THEN_FAIL;
                note(op);
                return new Partial(remaining > 1 ? remaining / 2 : remaining);
            }
        } else if (mode == Mode.OUT_OF_SPACE) {
            if (full) {
                throw inject(op, "No space left on device");
            }
            long room = budget - written;
            if (remaining > room) {
                full = true;
                if (room == 0) {
                    throw inject(op, "No space left on device");
                }
                note(op);
                return new Partial((int) room);
            }
        }
        return null;
    }

    private synchronized void wrote(int bytes) {
        if (bytes > 0) {
            written += bytes;
        }
    }

    private IOException inject(Op op, String what) {
        note(op);
        return new InjectedIOException(what + " (" + op + ", " + describeArming() + ")");
    }

    private void note(Op op) {
        if (fired == null) {
            fired = op;
        }
        injected++;
        if (injectedOps.size() < LOG_LIMIT) {
            injectedOps.add(op);
        }
    }

    private String describeArming() {
        String s = toString();
        return s.substring("FaultyFileIO[".length(), s.indexOf(';'));
    }

    // ---- FileIO -----------------------------------------------------------------------------

    @Override
    public FileHandle open(Path path, boolean create) throws IOException {
        begin(Kind.OPEN, path, -1, -1);
        Handle h = new Handle(path, delegate.open(path, create));
        synchronized (this) {
            openHandles.add(h);
        }
        return h;
    }

    @Override
    public FileHandle openReadOnly(Path path) throws IOException {
        begin(Kind.OPEN, path, -1, -1);
        Handle h = new Handle(path, delegate.openReadOnly(path));
        synchronized (this) {
            openHandles.add(h);
        }
        return h;
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
        begin(Kind.CREATE_DIRECTORIES, dir, -1, -1);
        delegate.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        begin(Kind.LIST, dir, -1, -1);
        return delegate.list(dir);
    }

    @Override
    public void delete(Path path) throws IOException {
        begin(Kind.DELETE, path, -1, -1);
        delegate.delete(path);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        begin(Kind.MOVE, from, -1, -1);
        delegate.move(from, to);
        synchronized (this) {
            // an open handle of the moved file now goes by its new name (MetaFile.create keeps
            // writing dendro.db through the handle it opened as dendro.db.tmp)
            for (Handle h : openHandles) {
                if (h.path.equals(from)) {
                    h.path = to;
                }
            }
        }
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        begin(Kind.FORCE_DIRECTORY, dir, -1, -1);
        if (reachDevice()) {
            delegate.forceDirectory(dir);
        }
    }

    private synchronized boolean reachDevice() {
        return forcesReachDevice;
    }

    /** A handle whose every call goes through the arming. */
    private final class Handle implements FileHandle {
        private volatile Path path; // renamed by move
        private final FileHandle h;

        Handle(Path path, FileHandle h) {
            this.path = path;
            this.h = h;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            begin(Kind.READ, path, position, dst.remaining());
            return h.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            Op op = begin(Kind.WRITE, path, position, src.remaining());
            Partial p = decideWrite(op, src.remaining());
            int n;
            if (p == null) {
                n = h.write(src, position);
            } else {
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + p.bytes());
                n = h.write(part, position);
                src.position(src.position() + n);
            }
            wrote(n);
            return n;
        }

        @Override
        public void force() throws IOException {
            begin(Kind.FORCE, path, -1, -1);
            if (reachDevice()) {
                h.force();
            }
        }

        @Override
        public long size() throws IOException {
            begin(Kind.SIZE, path, -1, -1);
            return h.size();
        }

        @Override
        public MemorySegment mapReadOnly(long offset, long size, Arena arena) throws IOException {
            begin(Kind.MAP, path, offset, size);
            return h.mapReadOnly(offset, size, arena);
        }

        @Override
        public boolean tryLock() throws IOException {
            begin(Kind.TRY_LOCK, path, -1, -1);
            return h.tryLock();
        }

        @Override
        public void close() throws IOException {
            synchronized (FaultyFileIO.this) {
                openHandles.remove(this);
            }
            h.close();
        }
    }
}
