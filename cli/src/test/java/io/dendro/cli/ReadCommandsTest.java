package io.dendro.cli;

import io.dendro.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every read command, with exact output, at the latest and at an older version. */
class ReadCommandsTest extends CliFixture {
    /** Version 1: 1000→1, 1500→2, 2000→3, 2500→4.5. Version 2 adds 5000→-1. */
    @BeforeEach
    void load() {
        create("test/read", ID);
        create("test/empty", EMPTY);
        insert(ID, "time,value\n1000,1\n1500,2\n2000,3\n2500,4.5\n", 1);
        insert(ID, "5000,-1\n", 2);
    }

    @Test
    void shouldPrintValuesInARange() {
        assertOk(cli.run("values", "--uuid", ID, "--start", "1500", "--end", "5000"),
                "time,value\n1500,2.0\n2000,3.0\n2500,4.5\n", "version: 2\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10000"),
                "time,value\n1000,1.0\n1500,2.0\n2000,3.0\n2500,4.5\n5000,-1.0\n", "version: 2\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10000", "--version", "1"),
                "time,value\n1000,1.0\n1500,2.0\n2000,3.0\n2500,4.5\n", "version: 1\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "1500", "--end", "1500"), "time,value\n", "version: 2\n");
    }

    @Test
    void shouldAcceptAndPrintIsoTimes() {
        assertOk(cli.run("values", "--uuid", ID, "--start", "1970-01-01T00:00:00.000001500Z",
                "--end", "1970-01-01T00:00:00.000002001Z", "--iso"),
                "time,value\n1970-01-01T00:00:00.000001500Z,2.0\n1970-01-01T00:00:00.000002Z,3.0\n", "version: 2\n");
    }

    @Test
    void shouldPrintAlignedWindows() {
        // 2^10 = 1024: [0,1024) holds 1000; [1024,2048) holds 1500 and 2000; [2048,3072) holds 2500
        assertOk(cli.run("aligned-windows", "--uuid", ID, "--start", "0", "--end", "4096", "--pointwidth", "10"), """
                time,min,mean,max,count,stddev
                0,1.0,1.0,1.0,1,0.0
                1024,2.0,2.5,3.0,2,0.5
                2048,4.5,4.5,4.5,1,0.0
                """, "version: 2\n");
        // start and end round down to multiples of 2^pointwidth: [1024, 2048) only
        assertOk(cli.run("aligned-windows", "--uuid", ID, "--start", "1100", "--end", "3000", "--pointwidth", "10",
                "--version", "1"), "time,min,mean,max,count,stddev\n1024,2.0,2.5,3.0,2,0.5\n", "version: 1\n");
        assertOk(cli.run("aligned-windows", "--uuid", ID, "--start", "0", "--end", "1023", "--pointwidth", "10"),
                "time,min,mean,max,count,stddev\n", "version: 2\n");
    }

    @Test
    void shouldPrintEveryWindowIncludingEmptyOnes() {
        assertOk(cli.run("windows", "--uuid", ID, "--start", "1000", "--end", "3700", "--width", "500"), """
                time,min,mean,max,count,stddev
                1000,1.0,1.0,1.0,1,0.0
                1500,2.0,2.0,2.0,1,0.0
                2000,3.0,3.0,3.0,1,0.0
                2500,4.5,4.5,4.5,1,0.0
                3000,NaN,NaN,NaN,0,NaN
                """, "version: 2\n");
        assertOk(cli.run("windows", "--uuid", ID, "--start", "1000", "--end", "3000", "--width", "1000",
                "--depth", "0", "--version", "1"), """
                time,min,mean,max,count,stddev
                1000,1.0,1.5,2.0,2,0.5
                2000,3.0,3.75,4.5,2,0.75
                """, "version: 1\n");
    }

    @Test
    void shouldAcceptAnIsoDurationAsWidth() {
        assertOk(cli.run("windows", "--uuid", ID, "--start", "0", "--end", "1970-01-01T00:00:01Z",
                "--width", "PT0.5S"), """
                time,min,mean,max,count,stddev
                0,-1.0,1.9,4.5,5,1.8547236990991407
                500000000,NaN,NaN,NaN,0,NaN
                """, "version: 2\n");
    }

    @Test
    void shouldFindTheNearestPoint() {
        assertOk(cli.run("nearest", "--uuid", ID, "--time", "1500"), "time,value\n1500,2.0\n", "version: 2\n");
        assertOk(cli.run("nearest", "--uuid", ID, "--time", "1501"), "time,value\n2000,3.0\n", "version: 2\n");
        assertOk(cli.run("nearest", "--uuid", ID, "--time", "1500", "--backward"), "time,value\n1000,1.0\n",
                "version: 2\n");
        assertOk(cli.run("nearest", "--uuid", ID, "--time", "3000", "--version", "1"), "time,value\n",
                "version: 1\n");
        assertOk(cli.run("nearest", "--uuid", ID, "--time", "1000", "--backward"), "time,value\n", "version: 2\n");
    }

    @Test
    void shouldPrintEarliestAndLatest() {
        assertOk(cli.run("earliest", "--uuid", ID), "time,value\n1000,1.0\n", "version: 2\n");
        assertOk(cli.run("latest", "--uuid", ID), "time,value\n5000,-1.0\n", "version: 2\n");
        assertOk(cli.run("latest", "--uuid", ID, "--version", "1"), "time,value\n2500,4.5\n", "version: 1\n");
        assertOk(cli.run("earliest", "--uuid", EMPTY), "time,value\n", "version: 0\n");
        assertOk(cli.run("latest", "--uuid", EMPTY, "--iso"), "time,value\n", "version: 0\n");
    }

    @Test
    void shouldCountPoints() {
        assertOk(cli.run("count", "--uuid", ID), "5\n", "version: 2\n");
        assertOk(cli.run("count", "--uuid", ID, "--version", "1"), "4\n", "version: 1\n");
        assertOk(cli.run("count", "--uuid", ID, "--start", "1500", "--end", "2500"), "2\n", "version: 2\n");
        assertOk(cli.run("count", "--uuid", ID, "--start", "2001"), "2\n", "version: 2\n");
        assertOk(cli.run("count", "--uuid", ID, "--end", "1970-01-01T00:00:00.000002Z"), "2\n", "version: 2\n");
        assertOk(cli.run("count", "--uuid", EMPTY), "0\n", "version: 0\n");
    }

    @Test
    void shouldPrintTheLatestVersion() {
        assertOk(cli.run("version", "--uuid", ID), "2\n");
        assertOk(cli.run("version", "--uuid", EMPTY), "0\n");
    }

    @Test
    void shouldFailOnAnUnknownStream() {
        for (String cmd : new String[] {"values", "aligned-windows", "windows", "nearest", "earliest", "latest",
            "count", "version"}) {
            String[] args = switch (cmd) {
                case "values" -> new String[] {"--uuid", UNKNOWN, "--start", "0", "--end", "1"};
                case "aligned-windows" -> new String[] {"--uuid", UNKNOWN, "--start", "0", "--end", "1",
                    "--pointwidth", "1"};
                case "windows" -> new String[] {"--uuid", UNKNOWN, "--start", "0", "--end", "1", "--width", "1"};
                case "nearest" -> new String[] {"--uuid", UNKNOWN, "--time", "0"};
                default -> new String[] {"--uuid", UNKNOWN};
            };
            assertFails(cli.run(cmd, args), ErrorCode.NO_SUCH_STREAM, UNKNOWN);
        }
        assertFails(cli.runWithInput("1,1\n", "insert", "--uuid", UNKNOWN), ErrorCode.NO_SUCH_STREAM, UNKNOWN);
    }

    @Test
    void shouldFailOnAVersionThatDoesNotExist() {
        assertFails(cli.run("values", "--uuid", ID, "--start", "0", "--end", "1", "--version", "3"),
                ErrorCode.NO_SUCH_VERSION, "3");
        assertFails(cli.run("count", "--uuid", ID, "--version", "99"), ErrorCode.NO_SUCH_VERSION, "99");
        assertFails(cli.run("latest", "--uuid", EMPTY, "--version", "1"), ErrorCode.NO_SUCH_VERSION);
        assertFails(cli.run("earliest", "--uuid", ID, "--version", "-1"), ErrorCode.INVALID_ARGUMENT, "-1");
    }

    @Test
    void shouldRejectBadRanges() {
        assertFails(cli.run("values", "--uuid", ID, "--start", "10", "--end", "5"), ErrorCode.INVALID_TIME_RANGE,
                "start 10 is after end 5");
        assertFails(cli.run("count", "--uuid", ID, "--start", "2026-01-02T00:00:00Z", "--end", "2026-01-01T00:00:00Z"),
                ErrorCode.INVALID_TIME_RANGE);
        assertFails(cli.run("values", "--uuid", ID, "--start", "-1152921504606846977", "--end", "0"),
                ErrorCode.INVALID_TIME_RANGE, "-1152921504606846977");
        assertFails(cli.run("nearest", "--uuid", ID, "--time", "9223372036854775807"), ErrorCode.INVALID_TIME_RANGE);
        assertFails(cli.run("windows", "--uuid", ID, "--start", "5", "--end", "1", "--width", "1"),
                ErrorCode.INVALID_TIME_RANGE);
    }

    @Test
    void shouldRejectBadWindowParameters() {
        assertFails(cli.run("aligned-windows", "--uuid", ID, "--start", "0", "--end", "1", "--pointwidth", "63"),
                ErrorCode.INVALID_POINTWIDTH, "63");
        assertFails(cli.run("aligned-windows", "--uuid", ID, "--start", "0", "--end", "1", "--pointwidth", "-1"),
                ErrorCode.INVALID_POINTWIDTH, "-1");
        assertFails(cli.run("windows", "--uuid", ID, "--start", "0", "--end", "1", "--width", "0"),
                ErrorCode.INVALID_WIDTH, "0");
        assertFails(cli.run("windows", "--uuid", ID, "--start", "0", "--end", "1", "--width", "1", "--depth", "63"),
                ErrorCode.INVALID_ARGUMENT, "depth 63");
        assertOk(cli.run("aligned-windows", "--uuid", ID, "--start", "0", "--end", "10000", "--pointwidth", "62"),
                "time,min,mean,max,count,stddev\n", "version: 2\n");
    }

    @Test
    void shouldRejectUnparsableArgumentsAsUsageErrors() {
        assertUsage(cli.run("values", "--uuid", ID, "--start", "yesterday", "--end", "1"), "--start", "yesterday");
        assertUsage(cli.run("values", "--uuid", ID, "--start", "0", "--end", "1", "--version", "latest"), "--version");
        assertUsage(cli.run("aligned-windows", "--uuid", ID, "--start", "0", "--end", "1", "--pointwidth", "4.5"),
                "--pointwidth");
        assertUsage(cli.run("windows", "--uuid", ID, "--start", "0", "--end", "1", "--width", "15min"), "--width");
        assertUsage(cli.run("values", "--uuid", "not-a-uuid", "--start", "0", "--end", "1"), "--uuid");
        assertUsage(cli.run("values", "--uuid", ID, "--start", "0"), "--end");
        assertUsage(cli.run("nearest", "--uuid", ID), "--time");
        assertUsage(cli.run("count"), "--uuid");
        assertUsage(cli.run("count", "--uuid", ID, "--bogus"), "--bogus");
        assertUsage(cli.run("count", "--uuid", ID, "extra"), "extra");
    }
}
