package io.dendro.storage.codec;

class BestValueCodecContractTest extends CodecContract {
    @Override
    CodecUnderTest codec() {
        return CodecUnderTest.values("best of", ValueCodecs::maxEncodedSize, ValueCodecs::encodeBest,
                ValueCodecs::decode);
    }
}
