package io.dendro.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Small text helpers for messages and links. */
final class Strings {
    private Strings() {
    }

    /** {@code s} cut to {@code max} characters with "..." when longer (input echoed in messages). */
    static String shorten(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** A query-string component as Python's {@code urlencode} writes it (space as +). */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
