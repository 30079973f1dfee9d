package io.dendro.arrow;

/**
 * UTF-8 encoding of Java strings into a caller's array, without allocating per string (the
 * writer's hot path). Same output as {@code String.getBytes(UTF_8)}: an unpaired surrogate
 * becomes '?'.
 */
final class Utf8Codec {
    private Utf8Codec() {
    }

    /** @return the number of bytes {@link #encode} writes for {@code s} */
    static long length(String s) {
        long n = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes {@code s} at {@code at}. @return the position after it */
    static int encode(String s, byte[] out, int at) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xF0 | cp >> 18);
                out[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return at;
    }
}
