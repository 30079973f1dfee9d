package io.dendro.storage.codec;

class AlpDeltaCodecContractTest extends CodecContract {
    @Override
    CodecUnderTest codec() {
        return CodecUnderTest.values("ALP delta", AlpDeltaCodec::maxEncodedSize, AlpDeltaCodec::encode,
                AlpDeltaCodec::decode);
    }
}
