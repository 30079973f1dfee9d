package io.dendro.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Database;
import io.dendro.VerifyReport;
import java.io.IOException;
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
 * its {@code expected.txt} and compares the answers (the mean and standard deviation of windows
 * within the documented error bound of the exact ones, everything else exactly); then checks {@code verify()} finds
 * nothing, and asks everything again after a close and reopen (but the registry listing,
 * whose versions move on when closing seals the points the log replayed). A new format adds a directory
 * and nothing here.
 */
class GoldenFormatTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> shouldAnswerEveryRecordedQueryOfEveryGoldenDatabase() throws IOException {
        Path golden = Golden.directory();
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
        Golden.copy(variant.resolve("db"), dir); // never opened in place: opening writes
        List<String> lines = Files.readAllLines(variant.resolve("expected.txt"), StandardCharsets.UTF_8);
        String before = Golden.listing(dir);
        // first read-only, as `dendro values` and reader processes open it: same answers, no file touched
        try (Database db = Database.openReadOnly(dir)) {
            Golden.ask(db, lines, name + " read-only", q -> true);
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + " read-only: verify found " + report.problems());
        }
        org.junit.jupiter.api.Assertions.assertEquals(before, Golden.listing(dir), name + ": a read-only open changed files");
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            Golden.ask(db, lines, name, q -> true);
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + ": verify found " + report.problems());
        }
        // closing sealed what the log replayed: the registry's versions may have moved on, but
        // every version answers as before
        try (Database db = Database.open(dir, GoldenWriter.options().create(false))) {
            Golden.ask(db, lines, name + " after reopening", q -> !q.equals("streams"));
            VerifyReport report = db.verify();
            assertTrue(report.isClean(), () -> name + " after reopening: verify found " + report.problems());
        }
    }
}
