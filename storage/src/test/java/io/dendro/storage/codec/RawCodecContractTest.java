package io.dendro.storage.codec;

class RawCodecContractTest extends CodecContract {
    @Override
    CodecUnderTest codec() {
        return CodecUnderTest.values("raw", RawCodec::encodedSize, RawCodec::encode, RawCodec::decode);
    }
}
