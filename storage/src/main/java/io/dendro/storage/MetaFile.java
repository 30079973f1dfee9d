package io.dendro.storage;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads and writes {@code dendro.db} (see {@link MetaLayout}): the file header and the two
 * meta slots. A commit writes generation {@code g} into slot {@code g & 1} and forces it; open
 * picks the valid slot with the greater generation, so a slot torn by a crash falls back to
 * the other one, which still describes the previous commit.
 */
final class MetaFile implements AutoCloseable {
    /** The content of one valid meta slot. */
    record Slot(long generation, long tail, long root, int firstSegment) {
    }

    private final Path path;
    private final FileHandle file;

    private MetaFile(Path path, FileHandle file) {
        this.path = path;
        this.file = file;
    }

    Path path() {
        return path;
    }

    /**
     * Creates a fresh meta file holding generation 0 in slot 0: written under a temporary name,
     * forced, then renamed into place and the directory forced, so that a crash during
     * creation leaves either no {@code dendro.db} or a complete one.
     */
    static MetaFile create(FileIO io, Path path, long segmentCapacity, Slot first, boolean fsync) {
        FileHandle f = null;
        Path tmp = path.resolveSibling(MetaLayout.FILE_NAME + ".tmp");
        try {
            io.delete(tmp); // a leftover from an interrupted creation starts over empty
            f = io.open(tmp, true);
            ByteBuffer h = ByteBuffer.allocate(MetaLayout.PAGE).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(MetaLayout.H_MAGIC, MetaLayout.HEADER_MAGIC_VALUE);
            h.putInt(MetaLayout.H_FORMAT, FormatVersion.CURRENT);
            h.putLong(MetaLayout.H_SEGMENT_CAPACITY, segmentCapacity);
            h.putInt(MetaLayout.H_CRC, crc(h, MetaLayout.H_CRC));
            f.writeFully(h, 0);
            MetaFile m = new MetaFile(path, f);
            m.writeSlot(first);
            m.writeSlot(new Slot(-1, first.tail(), first.root(), first.firstSegment())); // slot 1: invalid
            f.writeFully(ByteBuffer.allocate(1), MetaLayout.FILE_SIZE - 1); // three whole pages
            if (fsync) {
                f.force();
            }
            io.move(tmp, path);
            if (fsync) {
                io.forceDirectory(path.getParent());
            }
            return new MetaFile(path, f);
        } catch (IOException e) {
            Segment.closeQuietly(f);
            throw StorageErrors.io("cannot create", path, e);
        }
    }

    /** Opens and validates the header (read-only: without asking for write access). */
    static MetaFile open(FileIO io, Path path, boolean readOnly) {
        FileHandle f = null;
        try {
            f = readOnly ? io.openReadOnly(path) : io.open(path, false);
            if (f.size() < MetaLayout.PAGE) {
                throw new DendroException(ErrorCode.NOT_A_DATABASE, path + " is not a Dendro database (too short)");
            }
            ByteBuffer h = ByteBuffer.allocate(MetaLayout.H_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            f.readFully(h, 0);
            if (h.getInt(MetaLayout.H_MAGIC) != MetaLayout.HEADER_MAGIC_VALUE) {
                throw new DendroException(ErrorCode.NOT_A_DATABASE, path + " is not a Dendro database (bad magic)");
            }
            if (h.getInt(MetaLayout.H_CRC) != crc(h, MetaLayout.H_CRC)) {
                throw DendroException.corruption(path.toString(), 0, "file header checksum mismatch");
            }
            int format = h.getInt(MetaLayout.H_FORMAT);
            // The header says the version the database was created with; a format-4 database
            // is read in place and its header is never rewritten (a torn header would make it
            // unopenable): its meta slots say when it has moved on (holdsOlderSlot).
            if (format < FormatVersion.OLDEST_READABLE || format > FormatVersion.CURRENT) {
                throw new DendroException(ErrorCode.UNSUPPORTED_FORMAT, path + " has format version " + format
                        + "; this Dendro reads formats " + FormatVersion.OLDEST_READABLE + " to " + FormatVersion.CURRENT
                        + (format < FormatVersion.OLDEST_READABLE ? " (no migration from older development formats)" : ""));
            }
            return new MetaFile(path, f);
        } catch (IOException e) {
            Segment.closeQuietly(f);
            throw StorageErrors.io("cannot open", path, e);
        } catch (RuntimeException e) {
            Segment.closeQuietly(f);
            throw e;
        }
    }

    /** The valid slot with the greatest generation. */
    Slot newestSlot() {
        Slot a = readSlot(0);
        Slot b = readSlot(1);
        if (a == null && b == null) {
            throw DendroException.corruption(path.toString(), MetaLayout.PAGE, "neither meta slot is valid");
        }
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.generation() >= b.generation() ? a : b;
    }

    /**
     * Whether a valid slot says a format older than {@link FormatVersion#CURRENT}: then a binary
     * of that older format could still open the database at that slot, and the next commit
     * must first move both slots on ({@code Store.commit}).
     */
    boolean holdsOlderSlot() {
        return slotFormat(0) < FormatVersion.CURRENT || slotFormat(1) < FormatVersion.CURRENT;
    }

    /** The format of slot {@code which} when it is valid, else {@link FormatVersion#CURRENT}. */
    private int slotFormat(int which) {
        if (readSlot(which) == null) {
            return FormatVersion.CURRENT;
        }
        ByteBuffer s = ByteBuffer.allocate(MetaLayout.S_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        try {
            file.readFully(s, MetaLayout.PAGE * (1L + which));
        } catch (IOException e) {
            throw StorageErrors.io("cannot read", path, e);
        }
        return s.getInt(MetaLayout.S_FORMAT);
    }

    private Slot readSlot(int which) {
        long off = MetaLayout.PAGE * (1L + which);
        ByteBuffer s = ByteBuffer.allocate(MetaLayout.S_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (file.size() < off + MetaLayout.S_SIZE) {
                return null;
            }
            file.readFully(s, off);
        } catch (IOException e) {
            throw StorageErrors.io("cannot read", path, e);
        }
        int format = s.getInt(MetaLayout.S_FORMAT);
        if (s.getInt(MetaLayout.S_MAGIC) != MetaLayout.SLOT_MAGIC_VALUE
                || s.getInt(MetaLayout.S_CRC) != crc(s, MetaLayout.S_CRC)
                || format < 1 || format > FormatVersion.CURRENT) {
            return null;
        }
        long gen = s.getLong(MetaLayout.S_GENERATION);
        if (gen < 0 || (gen & 1) != which) {
            return null;
        }
        long firstSegment = s.getLong(MetaLayout.S_FIRST_SEGMENT);
        if (firstSegment < 0 || firstSegment > NodeAddress.segment(s.getLong(MetaLayout.S_TAIL))) {
            return null;
        }
        return new Slot(gen, s.getLong(MetaLayout.S_TAIL), s.getLong(MetaLayout.S_ROOT), (int) firstSegment);
    }

    /** Writes a slot (not forced). A negative generation writes an intentionally invalid slot. */
    void writeSlot(Slot slot) throws IOException {
        ByteBuffer s = ByteBuffer.allocate(MetaLayout.S_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        s.putInt(MetaLayout.S_MAGIC, MetaLayout.SLOT_MAGIC_VALUE);
        s.putInt(MetaLayout.S_FORMAT, FormatVersion.CURRENT);
        s.putLong(MetaLayout.S_GENERATION, slot.generation());
        s.putLong(MetaLayout.S_TAIL, slot.tail());
        s.putLong(MetaLayout.S_ROOT, slot.root());
        s.putLong(MetaLayout.S_FIRST_SEGMENT, slot.firstSegment());
        s.putInt(MetaLayout.S_CRC, slot.generation() < 0 ? 0 : crc(s, MetaLayout.S_CRC));
        long off = slot.generation() < 0 ? MetaLayout.slotOffset(1) : MetaLayout.slotOffset(slot.generation());
        file.writeFully(s, off);
    }

    void force() throws IOException {
        file.force();
    }

    private static int crc(ByteBuffer b, int length) {
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, length);
        return (int) c.getValue();
    }

    @Override
    public void close() {
        Segment.closeQuietly(file);
    }
}
