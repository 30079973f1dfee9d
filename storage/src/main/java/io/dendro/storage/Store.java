package io.dendro.storage;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A database directory as bytes: append-only segment files of immutable, checksummed records
 * (nodes), and a meta file whose two slots name the current root record.
 *
 * <h2>Commit protocol (LMDB's, see docs/design/commit-protocol.md)</h2>
 * <ol>
 * <li>Writers append records through a {@link NodeWriter}; old records are never modified.</li>
 * <li>{@link #commit} writes out the writer's buffered records and forces every segment
 *     written since the last commit.</li>
 * <li>It then writes generation {@code g + 1}, the allocation tail and the new root into
 *     meta slot {@code (g + 1) & 1} and forces the meta file.</li>
 * <li>Open reads both slots and takes the valid one with the greater generation. A crash
 *     before step 3 completes leaves the previous slot in charge; records written after its
 *     tail are garbage and are overwritten.</li>
 * </ol>
 *
 * <h2>Threads</h2>
 * Reads are lock-free. Any number of {@link NodeWriter}s may append concurrently (allocation
 * is a short synchronized bump of the tail; the bytes go out with positional writes). Commits
 * are serialized. The caller serializes the computation of successive roots.
 *
 * <h2>Lifetime</h2>
 * Every user of mapped memory holds a {@link Lease} ({@link #acquire}). {@link #close} stops
 * new leases; the mappings are unmapped and the files closed when the last lease ends.
 *
 * <h2>Read-only stores</h2>
 * {@link #openReadOnly} opens a store that never writes: no lock file, no file opened for
 * writing, nothing deleted. Any number of them, in any number of processes, may sit beside
 * the one writable store. Such a store shows the commit it read at open; {@link #refresh}
 * moves it to the newest commit (see docs/design/readers.md for why that is always a whole
 * commit, and why the writer's reclaiming of segments does not break it).
 *
 * <h2>Reclaiming segments</h2>
 * Compaction copies the live records into new segments and commits a root that no longer
 * reaches the old ones, with {@code firstSegment} naming the first segment still in use.
 * {@link #retireBelow} then hands the old segments to the current epoch of leases and starts a
 * new epoch: the old segments are unmapped and their files deleted once every lease taken
 * before that moment has ended (readers in progress keep their view). Open deletes segment
 * files below {@code firstSegment} left behind by a crash.
 */
public final class Store implements RecordSource, AutoCloseable {
    private static final long CLOSING = 1L << 62;

    /** How often a read-only store retries when compaction deleted a segment it was about to map. */
    private static final int MAX_REFRESH_ATTEMPTS = 100;

    private final Path dir;
    private final StoreOptions options;
    private final boolean readOnly;
    private final DirectoryLock lock; // null when read-only
    private final MetaFile meta;
    private volatile Segment[] segments;
    private final Object allocLock = new Object();
    private long tail; // guarded by allocLock
    private final BitSet dirty = new BitSet(); // guarded by allocLock
    private final Object commitLock = new Object();
    /** Set when a commit's outcome is unknown: every later commit is refused (READ_ONLY). */
    private volatile String poisoned;
    private volatile long generation;
    /** A valid meta slot says an older format: the next commit moves both on first. Guarded by commitLock. */
    private boolean olderSlot;

    /**
     * Whether a meta slot still says a format older than {@link FormatVersion#CURRENT} (nothing
     * was committed by this code yet): then the log file this open started is what keeps an
     * older binary from opening the database, and stays.
     */
    public boolean holdsOlderFormat() {
        synchronized (this) {
            return olderSlot;
        }
    }
    private volatile long root;
    private final AtomicLong leases = new AtomicLong();
    private volatile int firstSegment;
    private final Object epochLock = new Object();
    private volatile Epoch epoch = new Epoch();
    private final java.util.ArrayDeque<Epoch> superseded = new java.util.ArrayDeque<>(); // guarded by epochLock

    /** Leases taken while this epoch was current, and the segments retired when it ended. */
    static final class Epoch {
        final AtomicLong count = new AtomicLong();
        List<Segment> retired = List.of();
    }
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final AtomicBoolean closeFinished = new AtomicBoolean();

    private Store(Path dir, StoreOptions options, DirectoryLock lock, MetaFile meta, Segment[] segments,
                  MetaFile.Slot slot) {
        this.dir = dir;
        this.options = options;
        this.readOnly = lock == null;
        this.lock = lock;
        this.meta = meta;
        this.segments = segments;
        this.tail = slot.tail();
        this.generation = slot.generation();
        this.root = slot.root();
        this.firstSegment = slot.firstSegment();
        this.olderSlot = meta.holdsOlderSlot();
    }

    /**
     * Opens the database in {@code dir}, creating it when the directory is missing or empty
     * and {@link StoreOptions#create()} is set.
     *
     * @throws DendroException NOT_A_DATABASE when the directory holds other files,
     *                         UNSUPPORTED_FORMAT for a newer format, DATABASE_LOCKED when another
     *                         process holds it, CORRUPTION when a checked structure is damaged
     */
    public static Store open(Path dir, StoreOptions options) {
        FileIO io = options.io();
        try {
            if (io.exists(dir) && !io.isDirectory(dir)) {
                throw new DendroException(ErrorCode.NOT_A_DATABASE, dir + " is not a directory");
            }
            if (!io.exists(dir)) {
                if (!options.create()) {
                    throw new DendroException(ErrorCode.NOT_A_DATABASE, dir + " does not exist");
                }
                Path top = dir.toAbsolutePath(); // the highest directory this call creates
                while (top.getParent() != null && !io.exists(top.getParent())) {
                    top = top.getParent();
                }
                io.createDirectories(dir);
                if (options.fsync()) { // every new directory's entry in its parent
                    for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(top); p = p.getParent()) {
                        if (p.getParent() != null) {
                            io.forceDirectory(p.getParent());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw StorageErrors.io("cannot create directory", dir, e);
        }
        Path metaPath = dir.resolve(MetaLayout.FILE_NAME);
        if (!io.exists(metaPath)) {
            checkEmpty(io, dir);
            if (!options.create()) {
                throw new DendroException(ErrorCode.NOT_A_DATABASE, dir + " holds no Dendro database");
            }
        }
        DirectoryLock lock = DirectoryLock.acquire(io, dir);
        MetaFile meta = null;
        List<Segment> segs = new ArrayList<>();
        try {
            MetaFile.Slot slot;
            if (!io.exists(metaPath)) {
                segs.add(Segment.create(io, dir, 0, options.segmentCapacity(), options.fsync()));
                slot = new MetaFile.Slot(0, NodeAddress.of(0, SegmentHeaderLayout.SIZE), NodeAddress.NONE, 0);
                meta = MetaFile.create(io, metaPath, options.segmentCapacity(), slot, options.fsync());
            } else {
                meta = MetaFile.open(io, metaPath, false);
                slot = meta.newestSlot();
                int last = NodeAddress.segment(slot.tail());
                for (int i = 0; i <= last; i++) {
                    segs.add(i < slot.firstSegment() ? null : Segment.open(io, dir, i, false));
                }
                if (NodeAddress.offset(slot.tail()) > segs.get(last).capacity) {
                    throw DendroException.corruption(meta.path().toString(), MetaLayout.slotOffset(slot.generation()),
                            "tail " + NodeAddress.toString(slot.tail()) + " lies past its segment");
                }
                deleteSegmentsOutside(io, dir, slot.firstSegment(), last, options.fsync());
                if (segs.get(last).map.byteSize() < segs.get(last).capacity) {
                    // the file was cut short: append in a fresh segment, never past the mapping
                    slot = new MetaFile.Slot(slot.generation(), NodeAddress.of(last, segs.get(last).capacity), slot.root(),
                            slot.firstSegment());
                }
            }
            return new Store(dir, options, lock, meta, segs.toArray(new Segment[0]), slot);
        } catch (RuntimeException e) {
            segs.stream().filter(java.util.Objects::nonNull).forEach(Segment::close);
            Segment.closeQuietly(meta);
            lock.close();
            throw e;
        }
    }

    /**
     * Opens the database in {@code dir} for reading only, at its newest commit. Writes nothing,
     * creates nothing (no lock file), deletes nothing, and opens every file without write
     * access: it works on a read-only file system, on a full disk, and beside a writer in
     * another process. {@link StoreOptions#create()} is ignored.
     *
     * @throws DendroException NOT_A_DATABASE when {@code dir} holds no database,
     *                         UNSUPPORTED_FORMAT, CORRUPTION, IO_ERROR
     */
    public static Store openReadOnly(Path dir, StoreOptions options) {
        FileIO io = options.io();
        if (!io.isDirectory(dir)) {
            throw new DendroException(ErrorCode.NOT_A_DATABASE,
                    dir + (io.exists(dir) ? " is not a directory" : " does not exist"));
        }
        Path metaPath = dir.resolve(MetaLayout.FILE_NAME);
        if (!io.exists(metaPath)) {
            checkEmpty(io, dir); // names a foreign file when there is one
            throw new DendroException(ErrorCode.NOT_A_DATABASE, dir + " holds no Dendro database");
        }
        MetaFile meta = MetaFile.open(io, metaPath, true);
        try {
            Store s = new Store(dir, options, null, meta, new Segment[0],
                    new MetaFile.Slot(-1, NodeAddress.of(0, SegmentHeaderLayout.SIZE), NodeAddress.NONE, 0));
            s.refresh();
            return s;
        } catch (RuntimeException e) {
            meta.close();
            throw e;
        }
    }

    /** Whether this store was opened with {@link #openReadOnly}. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * Read-only stores: moves to the newest commit in {@code dendro.db}, mapping the segments
     * it reaches that are not mapped yet. Returns false when the newest commit is the one
     * already shown. Segments below the new first segment stay mapped until
     * {@link #retireBelow} hands them to the lease epochs (the caller first replaces whatever
     * still points into them). A segment file that compaction deleted between reading the
     * slot and opening the file sends it back to read the slot again.
     *
     * @throws DendroException CORRUPTION when a segment the newest commit needs is missing or
     *                         damaged, IO_ERROR, CLOSED
     */
    public boolean refresh() {
        if (!readOnly) {
            throw new IllegalStateException("only a read-only store refreshes");
        }
        synchronized (commitLock) {
            if (closeStarted.get()) {
                throw new DendroException(ErrorCode.CLOSED, "database " + dir + " is closed");
            }
            for (int attempt = 1; ; attempt++) {
                MetaFile.Slot slot = newestSlotByName();
                if (slot.generation() == generation) {
                    return false;
                }
                if (slot.generation() < generation) {
                    // the directory holds another database now (re-created, or restored from a
                    // copy): segment names this store has mapped may hold other records
                    throw new DendroException(ErrorCode.IO_ERROR, "database " + dir + " went back from commit "
                            + generation + " to " + slot.generation() + " (re-created or restored since it was "
                            + "opened read-only); reopen it");
                }
                try {
                    mapUpTo(slot);
                } catch (DendroException e) {
                    if (attempt >= MAX_REFRESH_ATTEMPTS || newestSlotByName().generation() == slot.generation()) {
                        throw e; // the slot still names it: really missing or damaged
                    }
                    continue; // compaction moved on and deleted what that slot named: read again
                }
                synchronized (allocLock) {
                    tail = slot.tail();
                }
                root = slot.root();
                firstSegment = slot.firstSegment();
                generation = slot.generation();
                return true;
            }
        }
    }

    /**
     * The newest slot of the {@code dendro.db} that the directory holds now: opened by name at
     * each refresh, so that a database re-created or restored under this reader is noticed
     * (its generation goes back) rather than followed through the old, deleted file.
     */
    private MetaFile.Slot newestSlotByName() {
        try (MetaFile m = MetaFile.open(options.io(), meta.path(), true)) {
            return m.newestSlot();
        }
    }

    /**
     * Maps every segment from the slot's first to its tail's that is not mapped yet. The new
     * mappings are merged into the current array under {@code allocLock}: a retirement may
     * have dropped old segments from it meanwhile (a reader's lease ending), and a copy taken
     * before that must not bring a closed segment back.
     */
    private void mapUpTo(MetaFile.Slot slot) {
        int last = NodeAddress.segment(slot.tail());
        Segment[] s = segments;
        List<Segment> opened = new ArrayList<>();
        try {
            for (int i = slot.firstSegment(); i <= last; i++) {
                if (i >= s.length || s[i] == null) {
                    opened.add(Segment.open(options.io(), dir, i, true));
                }
            }
            synchronized (allocLock) {
                Segment[] grown = Arrays.copyOf(segments, Math.max(segments.length, last + 1));
                for (Segment seg : opened) {
                    grown[seg.index] = seg; // segments at or above the slot's first are never retired
                }
                if (NodeAddress.offset(slot.tail()) > grown[last].capacity) {
                    throw DendroException.corruption(meta.path().toString(), MetaLayout.slotOffset(slot.generation()),
                            "tail " + NodeAddress.toString(slot.tail()) + " lies past its segment");
                }
                segments = grown;
            }
        } catch (RuntimeException e) {
            opened.forEach(Segment::close);
            throw e;
        }
    }

    /**
     * Throws unless this store accepts writes.
     *
     * @throws DendroException READ_ONLY when it was opened read-only, or when an earlier commit's
     *                         outcome is unknown ({@code COMMIT_OUTCOME_UNKNOWN}) and it must be
     *                         reopened first
     */
    public void checkWritable() {
        if (readOnly) {
            throw new DendroException(ErrorCode.READ_ONLY, "database " + dir + " was opened read-only");
        }
        String why = poisoned;
        if (why != null) {
            throw new DendroException(ErrorCode.READ_ONLY, "database " + dir + " accepts no more writes until it is "
                    + "reopened: " + why);
        }
    }

    /** Whether this store accepts writes (see {@link #checkWritable}). */
    public boolean acceptsWrites() {
        return !readOnly && poisoned == null;
    }

    private static void checkEmpty(FileIO io, Path dir) {
        try {
            for (Path p : io.list(dir)) {
                String n = p.getFileName().toString();
                // what an interrupted creation may leave behind is ours to overwrite
                if (!n.equals(DirectoryLock.FILE_NAME) && !n.equals(MetaLayout.FILE_NAME + ".tmp")
                        && !(n.startsWith("seg-") && n.endsWith(".dnd")) && !(n.startsWith("wal-") && n.endsWith(".log"))) {
                    throw new DendroException(ErrorCode.NOT_A_DATABASE,
                            dir + " is not a Dendro database: it holds " + n + " but no " + MetaLayout.FILE_NAME);
                }
            }
        } catch (IOException e) {
            throw StorageErrors.io("cannot list", dir, e);
        }
    }

    /**
     * Segments created after the last commit hold only uncommitted records; segments below the
     * first in use were reclaimed by a compaction whose deletions a crash interrupted.
     */
    private static void deleteSegmentsOutside(FileIO io, Path dir, int first, int last, boolean fsync) {
        try {
            boolean deleted = false;
            for (Path p : io.list(dir)) {
                String n = p.getFileName().toString();
                if (n.startsWith("seg-") && n.endsWith(".dnd")) {
                    try {
                        int idx = Integer.parseInt(n.substring(4, n.length() - 4));
                        if (idx > last || idx < first) {
                            io.delete(p);
                            deleted = true;
                        }
                    } catch (NumberFormatException ignored) {
                        // not a name we write
                    }
                }
            }
            if (deleted && fsync) {
                io.forceDirectory(dir);
            }
        } catch (IOException e) {
            throw StorageErrors.io("cannot clean up", dir, e);
        }
    }

    public Path directory() {
        return dir;
    }

    public StoreOptions options() {
        return options;
    }

    /** The root record of the last commit ({@link NodeAddress#NONE} in a new database). */
    public long root() {
        return root;
    }

    /** The generation of the last commit (0 in a new database). */
    public long generation() {
        return generation;
    }

    /** Bytes in use: every segment up to the allocation tail, plus the meta file. */
    public long usedBytes() {
        long t;
        synchronized (allocLock) {
            t = tail;
        }
        Segment[] s = segments;
        long total = MetaLayout.FILE_SIZE;
        int last = NodeAddress.segment(t);
        for (int i = 0; i < last; i++) {
            if (s[i] != null) {
                total += s[i].capacity;
            }
        }
        return total + NodeAddress.offset(t);
    }

    /** A new writer for one transaction; use it from one thread. */
    public NodeWriter newWriter() {
        checkWritable();
        return new NodeWriter(this);
    }

    /**
     * The payload of the record at {@code address}, verified against its checksum (at the first
     * read of the record in this mapping; see {@link #forgetVerified}). The view is valid while
     * the caller holds a lease.
     *
     * @throws DendroException CORRUPTION naming the file and offset when the address is out of
     *                         bounds or the checksum fails
     */
    @Override
    public MemorySegment read(long address) {
        int si = NodeAddress.segment(address);
        long off = NodeAddress.offset(address);
        Segment[] s = segments;
        Segment seg = si < s.length ? s[si] : null;
        if (seg == null) {
            throw badAddress(s, si, off);
        }
        MemorySegment m = seg.map;
        long mapped = m.byteSize();
        if (off < SegmentHeaderLayout.SIZE || (off & (RecordLayout.ALIGN - 1)) != 0 || off + RecordLayout.PAYLOAD > mapped) {
            throw DendroException.corruption(seg.path.toString(), off, "record address out of bounds");
        }
        int len = m.get(Bytes.I32, off + RecordLayout.LENGTH);
        if (len < 0 || off + RecordLayout.PAYLOAD + len > mapped) {
            throw DendroException.corruption(seg.path.toString(), off, "record length " + len + " out of bounds");
        }
        if (!seg.isVerified(off)) {
            verify(seg, off, len, address);
        }
        return m.asSlice(off + RecordLayout.PAYLOAD, len);
    }

    /** Checks a record's CRC32C at its first read in this mapping (out of {@link #read}, which is inlined). */
    private static void verify(Segment seg, long off, int len, long address) {
        int stored = seg.map.get(Bytes.I32, off + RecordLayout.CRC);
        if (stored != Checksums.recordCrc(seg.map, off, len, address)) {
            throw DendroException.corruption(seg.path.toString(), off, "record checksum mismatch");
        }
        seg.markVerified(off);
    }

    /** The error for an address whose segment does not exist or was reclaimed. */
    private DendroException badAddress(Segment[] s, int si, long off) {
        return DendroException.corruption(dir.resolve(Segment.fileName(si)).toString(), off, si >= s.length
                ? "address points into a segment that does not exist"
                : "address points into a segment that compaction reclaimed");
    }

    /**
     * Forgets which records passed their checksums, so that the next read of each checks it
     * again ({@code verify} starts with this). Reads check a record once per mapping otherwise:
     * the bytes of a written record never change, so a second check could only find damage
     * done to the file behind the mapping's back.
     */
    public void forgetVerified() {
        for (Segment seg : segments) {
            if (seg != null) {
                seg.forgetVerified();
            }
        }
    }

    /** Where an address lives, for error messages: {@code <file> at offset <n>}. */
    public String locate(long address) {
        return dir.resolve(Segment.fileName(NodeAddress.segment(address))) + " at offset " + NodeAddress.offset(address);
    }

    /** The file holding an address, for corruption errors. */
    @Override
    public String fileOf(long address) {
        return dir.resolve(Segment.fileName(NodeAddress.segment(address))).toString();
    }

    /** Reserves {@code size} bytes (a whole record) and returns their address. */
    long allocate(long size) {
        checkWritable();
        synchronized (allocLock) {
            Segment[] s = segments;
            Segment last = s[s.length - 1];
            long off = NodeAddress.offset(tail);
            if (NodeAddress.segment(tail) != last.index) {
                throw new IllegalStateException("tail outside the last segment");
            }
            if (off + size > last.capacity) {
                int next = last.index + 1;
                if (next >= NodeAddress.MAX_SEGMENT) { // the last index is reserved for in-memory overlays
                    throw new DendroException(ErrorCode.OUT_OF_SPACE, "database " + dir + " has used every segment index");
                }
                long cap = Math.max(options.segmentCapacity(), SegmentHeaderLayout.SIZE + size);
                Segment created = Segment.create(options.io(), dir, next, cap, options.fsync());
                Segment[] grown = Arrays.copyOf(s, s.length + 1);
                grown[next] = created;
                segments = grown;
                off = SegmentHeaderLayout.SIZE;
                tail = NodeAddress.of(next, off);
            }
            long address = tail;
            tail = NodeAddress.of(NodeAddress.segment(address), off + size);
            return address;
        }
    }

    /**
     * Moves the allocation tail forward by {@code bytes} without writing (the gap stays a hole
     * in the sparse file). Tests use it to put records past 2 GiB and 4 GiB offsets cheaply.
     */
    void skipForTesting(long bytes) {
        allocate(bytes);
    }

    /** Writes a run of records that starts at {@code address}. */
    void write(long address, ByteBuffer bytes) {
        Segment seg = segments[NodeAddress.segment(address)];
        try {
            seg.file.writeFully(bytes, NodeAddress.offset(address));
        } catch (IOException e) {
            throw StorageErrors.io("cannot write", seg.path, e);
        }
        synchronized (allocLock) {
            dirty.set(seg.index);
        }
    }

    /**
     * Makes {@code newRoot} the database's root: flushes the writer, forces the written
     * segments, then writes and forces the next meta slot. Returns the new generation. If it
     * throws, the in-memory root is unchanged.
     */
    public long commit(NodeWriter writer, long newRoot) {
        return commit(writer, newRoot, firstSegment);
    }

    /**
     * Ends the current segment: the next record goes into a new one, whose index is returned.
     * Compaction calls it first, so that every segment below the returned index holds only
     * records written before it began.
     */
    public int startNewSegment() {
        checkWritable();
        synchronized (allocLock) {
            tail = NodeAddress.of(NodeAddress.segment(tail), segments[NodeAddress.segment(tail)].capacity);
            return NodeAddress.segment(tail) + 1;
        }
    }

    /** The first segment the current root may reach. */
    public int firstSegment() {
        return firstSegment;
    }

    /**
     * Commits like {@link #commit(NodeWriter, long)}, recording that {@code newRoot} reaches no
     * segment below {@code first}; follow with {@link #retireBelow(int)}.
     */
    public long commit(NodeWriter writer, long newRoot, int first) {
        synchronized (commitLock) {
            checkWritable();
            writer.flush();
            long t;
            int[] toForce;
            synchronized (allocLock) {
                t = tail;
                toForce = dirty.stream().toArray();
                dirty.clear();
            }
            Segment[] s = segments;
            long gen = generation + 1;
            boolean slotWritten = false;
            try {
                if (options.fsync()) {
                    for (int i : toForce) {
                        s[i].file.force();
                    }
                }
                if (olderSlot) {
                    gen = upgradeSlots(t) + 1;
                }
                meta.writeSlot(new MetaFile.Slot(gen, t, newRoot, first));
                slotWritten = true;
                if (options.fsync()) {
                    meta.force();
                }
            } catch (IOException e) {
                synchronized (allocLock) {
                    for (int i : toForce) {
                        dirty.set(i);
                    }
                }
                if (slotWritten) {
                    // The slot may reach the device anyway: a crash could bring generation g + 1
                    // back although this call fails. Say so, and write nothing more over it.
                    poisoned = "the outcome of commit " + gen + " is unknown (forcing " + meta.path() + " failed: "
                            + e.getMessage() + ")";
                    throw new DendroException(ErrorCode.COMMIT_OUTCOME_UNKNOWN, "commit " + gen + " of " + dir
                            + " may or may not survive a crash: its meta slot was written but forcing "
                            + meta.path() + " failed (" + e.getMessage() + "); reopen the database to write again", e);
                }
                throw StorageErrors.io("cannot commit", meta.path(), e);
            }
            root = newRoot;
            generation = gen;
            firstSegment = first;
            return gen;
        }
    }

    /**
     * The first commit into a database whose meta slots say an older format (it is read in
     * place, see {@link FormatVersion#OLDEST_READABLE}): writes the last commit's state again,
     * at this format, into both slots, each forced, before the commit's own slot. The records
     * of this format written meanwhile are not reachable from that state. A crash in between
     * leaves slots that both describe the last commit. Afterwards no valid slot says the older
     * format, so a binary of that format finds no slot it reads and refuses the database before
     * it touches anything (it would otherwise fall back to an older commit and delete the
     * segments made since). Returns the generation of the second slot. Caller holds commitLock.
     */
    private long upgradeSlots(long tail) throws IOException {
        long g = generation;
        for (int i = 1; i <= 2; i++) {
            meta.writeSlot(new MetaFile.Slot(g + i, tail, root, firstSegment));
            if (options.fsync()) {
                meta.force();
            }
        }
        generation = g + 2;
        olderSlot = false;
        return g + 2;
    }

    /**
     * Retires every segment below {@code first} (after a committed compaction): they are
     * unmapped and deleted once every lease taken before this call has ended.
     */
    public void retireBelow(int first) {
        synchronized (epochLock) { // drainEpochs frees segments under this lock: choose under it too
            List<Segment> old = new ArrayList<>();
            Segment[] s = segments;
            for (int i = 0; i < Math.min(first, s.length); i++) {
                if (s[i] != null && !retiring.contains(i)) {
                    old.add(s[i]);
                    retiring.add(i);
                }
            }
            Epoch ended = epoch;
            ended.retired = old;
            epoch = new Epoch();
            superseded.addLast(ended);
            drainEpochs();
        }
    }

    private final java.util.Set<Integer> retiring = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Frees the segments of every leading superseded epoch whose leases have all ended. */
    private void drainEpochs() {
        while (!superseded.isEmpty() && superseded.peekFirst().count.get() == 0) {
            Epoch e = superseded.pollFirst();
            if (e.retired.isEmpty()) {
                continue;
            }
            Segment[] grown;
            synchronized (allocLock) {
                grown = segments.clone();
                for (Segment seg : e.retired) {
                    grown[seg.index] = null;
                }
                segments = grown;
            }
            for (Segment seg : e.retired) {
                seg.close();
                if (!readOnly) { // a reader only lets go of its mapping; the writer owns the files
                    try {
                        options.io().delete(seg.path);
                    } catch (IOException ex) {
                        // left behind: the next open deletes segments below firstSegment
                    }
                }
                retiring.remove(seg.index);
            }
        }
    }

    /**
     * Takes a lease on the mapped memory; close it when done (try-with-resources).
     *
     * @throws DendroException CLOSED when the store is closing or closed
     */
    public Lease acquire() {
        long v = leases.incrementAndGet();
        if ((v & CLOSING) != 0) {
            endLease();
            throw new DendroException(ErrorCode.CLOSED, "database " + dir + " is closed");
        }
        while (true) {
            Epoch e = epoch;
            e.count.incrementAndGet();
            if (e == epoch) {
                return new Lease(this, e);
            }
            releaseEpoch(e); // a retirement moved on meanwhile: count in the new epoch
        }
    }

    /** Ends a lease; called by {@link Lease#close()}. */
    void release(Lease lease) {
        releaseEpoch(lease.epoch);
        endLease();
    }

    private void releaseEpoch(Epoch e) {
        if (e.count.decrementAndGet() == 0 && e != epoch) {
            synchronized (epochLock) {
                drainEpochs();
            }
        }
    }

    private void endLease() {
        if (leases.decrementAndGet() == CLOSING) {
            finishClose();
        }
    }

    public boolean isClosed() {
        return closeStarted.get();
    }

    /**
     * Stops new leases; unmaps and closes every file once the last lease ends (at once when
     * none is held). Idempotent.
     */
    @Override
    public void close() {
        if (closeStarted.compareAndSet(false, true)) {
            if (leases.addAndGet(CLOSING) == CLOSING) {
                finishClose();
            }
        }
    }

    private void finishClose() {
        if (closeFinished.compareAndSet(false, true)) {
            for (Segment s : segments) {
                if (s != null) {
                    s.close();
                }
            }
            meta.close();
            if (lock != null) {
                lock.close();
            }
        }
    }
}
