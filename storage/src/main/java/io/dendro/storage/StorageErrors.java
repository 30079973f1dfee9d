package io.dendro.storage;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;

/** Turns operating-system failures into typed {@link DendroException}s. */
final class StorageErrors {
    private StorageErrors() {
    }

    static DendroException io(String what, Path file, IOException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("No space left") || msg.contains("Disk quota exceeded")) {
            return new DendroException(ErrorCode.OUT_OF_SPACE, what + " " + file + ": out of space", e);
        }
        if (msg.contains("Read-only file system")) {
            return new DendroException(ErrorCode.READ_ONLY, what + " " + file + ": read-only file system "
                    + "(a read-only open works there: Database.openReadOnly, or any dendro command that only reads)", e);
        }
        return new DendroException(ErrorCode.IO_ERROR, what + " " + file + ": " + msg, e);
    }
}
