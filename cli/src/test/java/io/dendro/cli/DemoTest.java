package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo at one hour per stream: loads, tours, corrects; a second run reuses everything. */
class DemoTest extends CliFixture {
    static final String A = MeterSignal.PHASES[0].uuid().toString();

    @Test
    void shouldLoadTourAndThenReuse() {
        Path db = dir.resolve("demo");
        Cli none = new Cli(null);
        Cli.Result first = none.raw("", "demo", "--db", db.toString(), "--hours", "1", "--quiet");
        assertEquals(0, first.exit(), first::toString);
        assertEquals("", first.err(), first::toString);
        String out = first.out();
        assertTrue(out.contains("Loaded 1,296,000 points in 3 inserts"), out);
        for (String section : new String[] {"== 1. The streams", "== 2. count", "== 3. voltage_a: alignedWindows",
            "== 4. voltage_a: windows of 15 min", "== 5. A correction at 00:30:00", "== 6. On disk",
            "== 7. Try it yourself"}) {
            assertTrue(out.contains(section), () -> section + " missing in\n" + out);
        }
        assertTrue(out.contains("made version 2 in"), out);
        assertTrue(out.contains("./dendro downsample --db "), out);

        Cli cli = new Cli(db);
        assertEquals("432000\n", cli.run("count", "--uuid", A).out());
        assertEquals("2\n", cli.run("version", "--uuid", A).out());
        // the glitch is in version 1, corrected in version 2
        Cli.Result v1 = cli.run("values", "--uuid", A, "--start", "2026-01-01T00:30:00Z",
                "--end", "2026-01-01T00:30:00.001Z", "--version", "1");
        Cli.Result v2 = cli.run("values", "--uuid", A, "--start", "2026-01-01T00:30:00Z",
                "--end", "2026-01-01T00:30:00.001Z");
        double glitched = Double.parseDouble(v1.out().lines().skip(1).findFirst().orElseThrow().split(",")[1]);
        double fixed = Double.parseDouble(v2.out().lines().skip(1).findFirst().orElseThrow().split(",")[1]);
        assertEquals(MeterSignal.GLITCH_VOLTS * MeterSignal.GLITCH[0], glitched - fixed, 1e-3);

        Cli.Result again = none.raw("", "demo", "--db", db.toString(), "--hours", "1", "--quiet");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains("Reusing the data already here: 3 streams x 432,000 points."), again::toString);
        assertTrue(again.out().contains("An earlier run corrected it"), again::toString);
        assertEquals("2\n", cli.run("version", "--uuid", A).out());
    }

    @Test
    void shouldGenerateTheSameHourTwice() {
        long[] t1 = new long[MeterSignal.SAMPLES_PER_HOUR];
        double[] v1 = new double[MeterSignal.SAMPLES_PER_HOUR];
        long[] t2 = new long[MeterSignal.SAMPLES_PER_HOUR];
        double[] v2 = new double[MeterSignal.SAMPLES_PER_HOUR];
        MeterSignal.fillHour(MeterSignal.PHASES[1], 7, 0, true, t1, v1);
        MeterSignal.fillHour(MeterSignal.PHASES[1], 7, 0, true, t2, v2);
        assertTrue(java.util.Arrays.equals(t1, t2) && java.util.Arrays.equals(v1, v2));
        assertEquals(MeterSignal.START + 7 * MeterSignal.HOUR_NS, t1[0]);
        for (double v : v1) {
            assertTrue(v > 7000 && v < 7300, "value " + v);
            assertEquals(v, Math.round(v * 1e4) / 1e4);
        }
    }

    /** Writes an older format version into the file header of {@code db}'s dendro.db (checksum fixed). */
    private static void makeOlderFormat(Path db) throws java.io.IOException {
        Path meta = db.resolve("dendro.db");
        byte[] b = java.nio.file.Files.readAllBytes(meta);
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.putInt(4, io.dendro.storage.FormatVersion.OLDEST_READABLE - 1); // header: magic, format, capacity, crc at 16
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b, 0, 16);
        h.putInt(16, (int) c.getValue());
        java.nio.file.Files.write(meta, b);
    }

    @Test
    void shouldLoadAfreshADemoDirectoryOfAnOlderFormatButNotOneWithForeignFiles() throws Exception {
        Path db = dir.resolve("demo");
        Cli none = new Cli(null);
        assertEquals(0, none.raw("", "demo", "--db", db.toString(), "--hours", "1", "--quiet").exit());
        makeOlderFormat(db);
        Cli.Result again = none.raw("", "demo", "--db", db.toString(), "--hours", "1", "--quiet");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.err().contains("held an older development format; loading it afresh"), again::toString);
        assertTrue(again.out().contains("Loaded 1,296,000 points in 3 inserts"), again::toString);

        makeOlderFormat(db);
        java.nio.file.Files.writeString(db.resolve("notes.txt"), "mine");
        Cli.Result refused = none.raw("", "demo", "--db", db.toString(), "--hours", "1", "--quiet");
        assertTrue(refused.exit() != 0, refused::toString);
        assertTrue(refused.err().contains("UNSUPPORTED_FORMAT"), refused::toString);
        assertTrue(java.nio.file.Files.exists(db.resolve("notes.txt")), "foreign file kept");
        assertTrue(java.nio.file.Files.exists(db.resolve("dendro.db")), "database kept");
    }
}
