package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dendro downsample}: Datastream's example, calendar buckets in a zone, gap filling, csv, errors. */
class DownsampleCommandTest extends CliFixture {
    // 2026-03-29 is 23 hours long in Europe/Ljubljana: it starts at 2026-03-28T23:00Z, ends at 2026-03-29T22:00Z
    private static final long DAY_START = 1_774_738_800_000_000_000L;

    @BeforeEach
    void load() {
        create("test/ds", ID);
        // Datastream's example: 1..5 within one second; then 42 five seconds later
        insert(ID, "time,value\n1000000000,1\n1000000100,2\n1000000200,3\n1000000300,4\n1000000400,5\n"
                + "6000000000,42\n", 1);
    }

    @Test
    void shouldPrintDatastreamsStatisticsPerSecond() {
        assertOk(cli.run("downsample", "--uuid", ID, "--granularity", "seconds", "--start", "0",
                "--end", "10000000000"), """
                {"start": 1000000000, "t": {"a": 1000000000, "z": 1000000400, "m": 1000000200}, \
                "v": {"c": 5, "s": 15.0, "q": 55.0, "l": 1.0, "u": 5.0, "m": 3.0, "d": 1.4142135623730951}}
                {"start": 6000000000, "t": {"a": 6000000000, "z": 6000000000, "m": 6000000000}, \
                "v": {"c": 1, "s": 42.0, "q": 1764.0, "l": 42.0, "u": 42.0, "m": 42.0, "d": 0.0}}
                """, "version: 1\n");
    }

    @Test
    void shouldChooseDownsamplersByKeyOrNameAndFillGapsInCsv() {
        assertOk(cli.run("downsample", "--uuid", ID, "--granularity", "S", "--start", "0",
                "--end", "30000000000", "--value-downsamplers", "mean,c", "--time-downsamplers", "z",
                "--fill", "--format", "csv"), """
                start,v_c,v_m,t_z
                0,6,9.5,6000000000
                10000000000,0,,
                20000000000,0,,
                """, "version: 1\n");
        assertOk(cli.run("downsample", "--uuid", ID, "--granularity", "2s", "--start", "0",
                "--end", "4000000000", "--value-downsamplers", "c", "--time-downsamplers", "a", "--fill"), """
                {"start": 0, "t": {"a": 1000000000}, "v": {"c": 5}}
                {"start": 2000000000, "t": {"a": null}, "v": {"c": 0}}
                """, "version: 1\n");
        // an empty bucket's sums are 0.0 in both formats; csv leaves empty only what jsonl prints as null
        assertOk(cli.run("downsample", "--uuid", ID, "--granularity", "S", "--start", "10000000000",
                "--end", "20000000000", "--value-downsamplers", "c,s,q,l", "--time-downsamplers", "a", "--fill"), """
                {"start": 10000000000, "t": {"a": null}, "v": {"c": 0, "s": 0.0, "q": 0.0, "l": null}}
                """, "version: 1\n");
        assertOk(cli.run("downsample", "--uuid", ID, "--granularity", "S", "--start", "10000000000",
                "--end", "20000000000", "--value-downsamplers", "c,s,q,l", "--time-downsamplers", "a", "--fill",
                "--format", "csv"), """
                start,v_c,v_s,v_q,v_l,t_a
                10000000000,0,0.0,0.0,,
                """, "version: 1\n");
    }

    @Test
    void shouldCutDaysByTheTimeZone() {
        StringBuilder csv = new StringBuilder("time,value\n");
        for (int h = 0; h < 48; h++) {
            csv.append(DAY_START + h * 3_600_000_000_000L).append(",1\n");
        }
        create("test/hours", OTHER);
        insert(OTHER, csv.toString(), 1);
        assertOk(cli.run("downsample", "--uuid", OTHER, "--granularity", "d", "--time-zone", "Europe/Ljubljana",
                "--start", "2026-03-28T00:00:00Z", "--end", "2026-04-01T00:00:00Z", "--value-downsamplers", "c",
                "--time-downsamplers", "a,z", "--format", "csv"), """
                start,v_c,t_a,t_z
                1774738800000000000,23,1774738800000000000,1774818000000000000
                1774821600000000000,24,1774821600000000000,1774904400000000000
                1774908000000000000,1,1774908000000000000,1774908000000000000
                """, "version: 1\n");
    }

    @Test
    void shouldRejectBadGranularitiesZonesAndDownsamplers() {
        assertUsage(cli.run("downsample", "--uuid", ID, "--granularity", "fortnights", "--start", "0", "--end", "1"),
                "fortnights");
        assertUsage(cli.run("downsample", "--uuid", ID, "--granularity", "h", "--time-zone", "Mars/Olympus",
                "--start", "0", "--end", "1"), "Mars/Olympus");
        assertUsage(cli.run("downsample", "--uuid", ID, "--granularity", "h", "--value-downsamplers", "o",
                "--start", "0", "--end", "1"), "'o'", "numeric");
        assertUsage(cli.run("downsample", "--uuid", ID, "--granularity", "h", "--time-downsamplers", "x",
                "--start", "0", "--end", "1"), "'x'");
        assertUsage(cli.run("downsample", "--uuid", ID, "--granularity", "h", "--format", "xml",
                "--start", "0", "--end", "1"), "xml");
        assertEquals(Main.FAILURE, cli.run("downsample", "--uuid", ID, "--granularity", "h",
                "--start", "10", "--end", "1").exit());
    }
}
