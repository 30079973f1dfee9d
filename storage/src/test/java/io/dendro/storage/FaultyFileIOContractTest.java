package io.dendro.storage;

/** The {@link FileIOContract} for an unarmed {@link FaultyFileIO}: it must be a faithful wrapper. */
class FaultyFileIOContractTest extends FileIOContract {
    @Override
    FileIO io() {
        return new FaultyFileIO();
    }
}
