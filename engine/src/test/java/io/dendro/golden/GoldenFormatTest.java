package io.dendro.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Database;
import io.dendro.VerifyReport;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads every golden database under {@code src/test/resources/golden/format-N/<variant>/db}
 * (written by {@link GoldenWriter} with the code of format N) from a copy, asks every query of
 * its {@code expected.txt} and compares the answers; then checks {@code verify()} finds
 * nothing, and asks everything again after a close and reopen (but the registry listing,
 * whose versions move on when closing seals the points the log replayed). A new format adds a directory
 * and nothing here.
 */
class GoldenFormatTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> shouldAnswerEveryRecordedQueryOfEveryGoldenDatabase() throws IOException, URISyntaxException {
        URL url = GoldenFormatTest.class.getResource("/golden");
        assertTrue(url != null, "no golden directory on the test class path");
        Path golden = Path.of(url.toURI());
        List<Path> variants = new ArrayList<>();
        try (Stream<Path> formats = Files.list(golden)) {
            for (Path f : formats.filter(p -> p.getFileName().toString().startsWith("format-")).sorted().toList()) {
                try (Stream<Path> vs = Files.list(f)) {
                    vs.filter(p -> Files.isDirectory(p.resolve("db"))).sorted().forEach(variants::add);
                }
            }
        }
        assertFalse(variants.isEmpty(), "no golden database found under " + golden);
        return variants.stream().map(v -> DynamicTest.dynamicTest(
                v.getParent().getFileName() + "/" + v.getFileName(), () -> check(v)));
    }

    private void check(Path variant) throws IOException {
        String name = variant.getParent().getFileName() + "-" + variant.getFileName();
        Path dir = tmp.resolve(name);
        copy(variant.resolve("db"), dir); // never opened in place: opening writes
        List<String> lines = Files.readAllLines(variant.resolve("expected.txt"), StandardCharsets.UTF_8);
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            ask(db, lines, name, true);
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + ": verify found " + report.problems());
        }
        // closing sealed what the log replayed: the registry's versions may have moved on, but
        // every version answers as before
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            ask(db, lines, name + " after reopening", false);
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + " after reopening: verify found " + report.problems());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** Asks every query in {@code lines} (the registry listing too when {@code registry}) and compares. */
    static void ask(Database db, List<String> lines, String where, boolean registry) {
        int i = 0;
        int queries = 0;
        while (i < lines.size()) {
            String query = lines.get(i++);
            if (query.isBlank() || query.startsWith("#")) {
                continue;
            }
            List<String> want = new ArrayList<>();
            while (i < lines.size() && (lines.get(i).startsWith("= ") || lines.get(i).startsWith("w "))) {
                want.add(lines.get(i++));
            }
            if (!registry && query.equals("streams")) {
                continue;
            }
            List<String> got = Golden.answer(db, query);
            String at = where + ", query '" + query + "'";
            assertEquals(want.size(), got.size(), () -> at + ": answer lines " + got);
            for (int k = 0; k < want.size(); k++) {
                if (want.get(k).startsWith("w ")) {
                    window(want.get(k), got.get(k), at);
                } else {
                    assertEquals(want.get(k), got.get(k), at);
                }
            }
            queries++;
        }
        assertTrue(queries > 10, where + ": only " + queries + " queries");
    }

    /** One window: every field as recorded. */
    private static void window(String want, String got, String at) {
        assertEquals(want, got, at);
    }
}
