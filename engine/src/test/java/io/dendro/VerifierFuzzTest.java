package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.VerifyReport.Kind;
import io.dendro.VerifyReport.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Random damage never makes the verifier throw, hang or report an internal failure. */
class VerifierFuzzTest {
    private static final int ROUNDS = 40;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReportRandomDamageWithoutThrowing() throws IOException {
        Path pristine = dir.resolve("pristine");
        DatabaseOptions options = VerifyFixture.options().segmentCapacity(256 << 10);
        VerifyFixture.populate(pristine, 60, options);
        List<Path> segments;
        try (Stream<Path> s = Files.list(pristine)) {
            segments = s.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
        }
        assertTrue(segments.size() > 1, "the fixture should span segments");
        int damaged = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Random r = new Random(round);
            Path copy = dir.resolve("round" + round);
            Files.createDirectories(copy);
            for (Path p : list(pristine)) {
                if (!p.getFileName().toString().equals("dendro.lock")) {
                    Files.copy(p, copy.resolve(p.getFileName()));
                }
            }
            int flips = 1 + r.nextInt(round < ROUNDS / 2 ? 3 : 40);
            for (int i = 0; i < flips; i++) {
                Path seg = copy.resolve(segments.get(r.nextInt(segments.size())).getFileName());
                flipRandomByte(seg, r);
            }
            VerifyReport report;
            try (Database db = Database.open(copy, options)) {
                report = db.verify();
            }
            for (Problem p : report.problems()) {
                int seed = round;
                assertTrue(p.kind() != Kind.INTERNAL, () -> "seed " + seed + ": " + p);
            }
            if (!report.isClean()) {
                damaged++;
            }
        }
        assertTrue(damaged > ROUNDS / 2, "damage found in " + damaged + " of " + ROUNDS + " rounds");
        try (Database db = Database.open(pristine, options)) {
            assertEquals(0, db.verify().problemCount());
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** Flips a byte between the segment header and the last non-zero byte (the records). */
    private static void flipRandomByte(Path seg, Random r) throws IOException {
        byte[] bytes = Files.readAllBytes(seg);
        int last = bytes.length - 1;
        while (last > 64 && bytes[last] == 0) {
            last--;
        }
        if (last <= 64) {
            return;
        }
        int pos = 64 + r.nextInt(last - 64);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(pos);
            f.write(bytes[pos] ^ (1 << r.nextInt(8)));
        }
    }
}
