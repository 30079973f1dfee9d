package io.dendro.storage.codec;

class AlpCodecContractTest extends CodecContract {
    @Override
    CodecUnderTest codec() {
        return CodecUnderTest.values("ALP", AlpCodec::maxEncodedSize, AlpCodec::encode, AlpCodec::decode);
    }
}
