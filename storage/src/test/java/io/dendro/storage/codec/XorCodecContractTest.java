package io.dendro.storage.codec;

class XorCodecContractTest extends CodecContract {
    @Override
    CodecUnderTest codec() {
        return CodecUnderTest.values("XOR", XorCodec::maxEncodedSize, XorCodec::encode, XorCodec::decode);
    }
}
