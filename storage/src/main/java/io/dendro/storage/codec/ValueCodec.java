package io.dendro.storage.codec;

/** The value encodings {@link ValueCodecs} chooses from, with their stable one-byte tags. */
public enum ValueCodec {
    /** {@link AlpCodec}: decimals as bit-packed integers. */
    ALP(1),
    /** {@link XorCodec}: XOR with an earlier value (Chimp128). */
    XOR(2),
    /** {@link RawCodec}: 64 bits per value. */
    RAW(3),
    /** {@link AlpDeltaCodec}: ALP's integers as differences over their gcd (format 9). */
    ALP_DELTA(4);

    private final int tag;

    ValueCodec(int tag) {
        this.tag = tag;
    }

    /** The tag byte; 0 is never a tag, so zeroed memory does not decode. */
    public int tag() {
        return tag;
    }

    /** The codec with this tag, or null. */
    static ValueCodec ofTag(int tag) {
        for (ValueCodec c : values()) {
            if (c.tag == tag) {
                return c;
            }
        }
        return null;
    }
}
