package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;

/** Argument checks shared by the decoders. */
final class Codecs {
    private Codecs() {
    }

    /** A caller error (not corruption): the destination cannot hold {@code maxCount} values. */
    static void checkDestination(int dstLength, int dstOffset, int maxCount) {
        if (maxCount < 0 || dstOffset < 0 || dstOffset > dstLength - maxCount) {
            throw new IllegalArgumentException("destination of " + dstLength + " from " + dstOffset
                    + " cannot hold maxCount " + maxCount);
        }
    }

    /**
     * Checks the range against the segment (a caller error when outside it), then the trailer
     * when {@code verify}; returns the length of the body before the trailer.
     */
    static long body(MemorySegment src, long offset, long length, String codec, boolean verify) {
        if (offset < 0 || length < 0 || offset > src.byteSize() - length) {
            throw new IllegalArgumentException("bad range [" + offset + ", +" + length + ") of a "
                    + src.byteSize() + "-byte segment");
        }
        if (verify) {
            return Trailer.verify(src, offset, length, codec);
        }
        if (length < Trailer.BYTES) {
            throw Corruption.of(codec, "only " + length + " bytes, shorter than the checksum");
        }
        return length - Trailer.BYTES;
    }
}
