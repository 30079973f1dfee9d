package io.dendro.tree;

import java.nio.charset.StandardCharsets;

/**
 * The payload of a graph point: its number of edges, then its compact JSON, so that summaries
 * and queries count edges without parsing documents (the number of vertices is the point's
 * numeric value).
 * <pre>
 * | tag u8 = 0xFE | edges u32 (little-endian) | compact JSON, UTF-8 |
 * </pre>
 * The tag tells it from a label document (compact JSON, which as UTF-8 never holds the byte
 * 0xFE) and from an aggregate ({@link AggregatePayload}, tag 0xFF).
 */
public final class GraphPayload {
    public static final byte TAG = (byte) 0xFE;
    static final int HEADER = 5;

    private GraphPayload() {
    }

    public static byte[] encode(int edges, String json) {
        byte[] doc = json.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[HEADER + doc.length];
        b[0] = TAG;
        b[1] = (byte) edges;
        b[2] = (byte) (edges >>> 8);
        b[3] = (byte) (edges >>> 16);
        b[4] = (byte) (edges >>> 24);
        System.arraycopy(doc, 0, b, HEADER, doc.length);
        return b;
    }

    public static boolean is(byte[] p) {
        return p != null && p.length > HEADER && p[0] == TAG;
    }

    public static int edges(byte[] p) {
        return (p[1] & 0xFF) | (p[2] & 0xFF) << 8 | (p[3] & 0xFF) << 16 | (p[4] & 0xFF) << 24;
    }

    public static String json(byte[] p) {
        return new String(p, HEADER, p.length - HEADER, StandardCharsets.UTF_8);
    }
}
