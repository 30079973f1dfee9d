package io.dendro.storage.codec;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;

/** The one way a codec reports bad input: a {@code CORRUPTION} error naming the encoding. */
final class Corruption {
    private Corruption() {
    }

    static DendroException of(String codec, String what) {
        return new DendroException(ErrorCode.CORRUPTION, "corrupt " + codec + " encoding: " + what);
    }
}
