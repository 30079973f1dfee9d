package io.dendro.storage.codec;

class TimestampCodecContractTest extends CodecContract {
    @Override
    CodecUnderTest codec() {
        return CodecUnderTest.timestamps();
    }
}
