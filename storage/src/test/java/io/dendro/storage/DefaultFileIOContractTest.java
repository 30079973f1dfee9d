package io.dendro.storage;

/** The {@link FileIOContract} for the real file system. */
class DefaultFileIOContractTest extends FileIOContract {
    @Override
    FileIO io() {
        return FileIO.DEFAULT;
    }
}
