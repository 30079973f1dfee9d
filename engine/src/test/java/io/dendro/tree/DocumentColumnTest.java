package io.dendro.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The document column of label and graph leaves: round trips, the method chosen, and every corruption caught. */
class DocumentColumnTest {
    private static byte[][] roundTrip(byte[][] docs) {
        byte[] enc = DocumentColumn.encode(docs, 0, docs.length);
        MemorySegment seg = MemorySegment.ofArray(enc);
        assertEquals(enc.length, DocumentColumn.length(seg, 0));
        byte[][] back = DocumentColumn.decode(seg, 0, enc.length, docs.length);
        assertEquals(docs.length, back.length);
        for (int i = 0; i < docs.length; i++) {
            assertArrayEquals(docs[i], back[i], "document " + i);
        }
        return back;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void repeatedLabelsCompressAndRandomBytesAreStored() {
        String[] states = {"\"up\"", "\"down\"", "\"degraded\"", "{\"state\":\"maintenance\",\"by\":\"ops\"}"};
        SplittableRandom rnd = new SplittableRandom(7);
        byte[][] labels = new byte[8192][];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = utf8(states[rnd.nextInt(10) == 0 ? rnd.nextInt(states.length) : 0]);
        }
        roundTrip(labels);
        byte[] enc = DocumentColumn.encode(labels, 0, labels.length);
        assertEquals(DocumentColumn.LZ4, enc[DocumentColumn.METHOD]);
        long raw = 0;
        for (byte[] l : labels) {
            raw += l.length;
        }
        assertEquals(true, enc.length < raw / 4, "labels compress: " + enc.length + " of " + raw);

        byte[][] noise = new byte[50][];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = new byte[rnd.nextInt(300)];
            rnd.nextBytes(noise[i]);
        }
        roundTrip(noise);
        assertEquals(DocumentColumn.STORED, DocumentColumn.encode(noise, 0, noise.length)[DocumentColumn.METHOD]);
    }

    @Test
    void emptyDocumentsLongDocumentsAndNone() {
        roundTrip(new byte[0][]);
        roundTrip(new byte[][] {new byte[0], new byte[0], utf8("null")});
        byte[] big = utf8("{\"v\":[" + "{\"i\":1},".repeat(40_000) + "{\"i\":2}],\"e\":[]}");
        roundTrip(new byte[][] {big, utf8("\"x\""), big});
        // a slice of an array
        byte[][] docs = {utf8("1"), utf8("2"), utf8("3"), utf8("4")};
        byte[] enc = DocumentColumn.encode(docs, 1, 3);
        byte[][] back = DocumentColumn.decode(MemorySegment.ofArray(enc), 0, enc.length, 2);
        assertArrayEquals(docs[1], back[0]);
        assertArrayEquals(docs[2], back[1]);
    }

    @Test
    void everyFlippedByteTruncationAndWrongCountIsCorruption() {
        byte[][] docs = {utf8("\"up\""), utf8("\"up\""), utf8("\"up\""), utf8("\"down\""), utf8("\"up\"")};
        byte[] enc = DocumentColumn.encode(docs, 0, docs.length);
        for (int i = 0; i < enc.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = enc.clone();
                bad[i] ^= (byte) (1 << bit);
                int at = i;
                DendroException e = assertThrows(DendroException.class,
                        () -> DocumentColumn.decode(MemorySegment.ofArray(bad), 0, bad.length, docs.length),
                        () -> "byte " + at + " flipped");
                assertEquals(ErrorCode.CORRUPTION, e.code());
            }
        }
        for (int len = 0; len < enc.length; len++) {
            int l = len;
            assertEquals(ErrorCode.CORRUPTION, assertThrows(DendroException.class,
                    () -> DocumentColumn.decode(MemorySegment.ofArray(enc), 0, l, docs.length)).code());
        }
        assertEquals(ErrorCode.CORRUPTION, assertThrows(DendroException.class,
                () -> DocumentColumn.decode(MemorySegment.ofArray(enc), 0, enc.length, 4)).code());
    }
}
