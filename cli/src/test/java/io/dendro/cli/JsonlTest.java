package io.dendro.cli;

import io.dendro.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code insert --format jsonl} and {@code values --format jsonl}: Datastream's datapoint shape. */
class JsonlTest extends CliFixture {
    @BeforeEach
    void stream() {
        create("test/jsonl", ID);
    }

    @Test
    void shouldRoundTripPointsThroughJsonLines() {
        String in = """
                {"t": 1000, "v": 1.5}
                {"v": -2e-3, "t": "1970-01-01T00:00:00.000002Z"}

                {"t": 3000, "v": 7}
                {"t": 4000, "v": 0.1}
                """;
        assertOk(cli.runWithInput(in, "insert", "--uuid", ID, "--format", "jsonl", "-q"), "1\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10000", "--format", "jsonl"), """
                {"t": 1000, "v": 1.5}
                {"t": 2000, "v": -0.002}
                {"t": 3000, "v": 7.0}
                {"t": 4000, "v": 0.1}
                """, "version: 1\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "2500", "--format", "jsonl", "--iso"), """
                {"t": "1970-01-01T00:00:00.000001Z", "v": 1.5}
                {"t": "1970-01-01T00:00:00.000002Z", "v": -0.002}
                """, "version: 1\n");
        // what values prints inserts again to the same points (a second copy of each, merge never)
        String out = ok(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10000", "--format", "jsonl"));
        assertOk(cli.runWithInput(out, "insert", "--uuid", ID, "--format", "jsonl", "-q"), "2\n");
        assertOk(cli.run("count", "--uuid", ID, "--start", "0", "--end", "10000"), "8\n", "version: 2\n");
    }

    @Test
    void shouldKeepNullPointsInBothFormats() {
        assertOk(cli.runWithInput("{\"t\": 1, \"v\": null}\n{\"t\": 2, \"v\": 4}\n{\"t\": 3, \"v\": 6}\n", "insert",
                "--uuid", ID, "--format", "jsonl", "-q"), "1\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10", "--format", "jsonl"),
                "{\"t\": 1, \"v\": null}\n{\"t\": 2, \"v\": 4.0}\n{\"t\": 3, \"v\": 6.0}\n", "version: 1\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "10"),
                "time,value\n1,null\n2,4.0\n3,6.0\n", "version: 1\n");
        // CSV reads null back; windows count the values only, count the points
        assertOk(cli.runWithInput("time,value\n4,null\n", "insert", "--uuid", ID, "-q"), "2\n");
        assertOk(cli.run("count", "--uuid", ID, "--start", "0", "--end", "10"), "4\n", "version: 2\n");
        assertOk(cli.run("windows", "--uuid", ID, "--start", "0", "--end", "8", "--width", "8"),
                "time,min,mean,max,count,stddev\n0,4.0,5.0,6.0,2,1.0\n", "version: 2\n");
        assertOk(cli.run("downsample", "--uuid", ID, "--granularity", "1ns", "--start", "4", "--end", "5",
                "--value-downsamplers", "c,m", "--time-downsamplers", "a"),
                "{\"start\": 4, \"t\": {\"a\": 4}, \"v\": {\"c\": 0, \"m\": null}}\n", "version: 2\n");
        // Dendro's null count per bucket, only when asked for
        assertOk(cli.run("downsample", "--uuid", ID, "--granularity", "4ns", "--start", "0", "--end", "8",
                "--value-downsamplers", "nulls,c", "--time-downsamplers", "z", "--format", "csv"),
                "start,v_c,v_n,t_z\n0,2,1,3\n4,0,1,4\n", "version: 2\n");
    }

    @Test
    void shouldReadJsonLinesAsTheCsvReaderReadsItsLines() throws Exception {
        // a UTF-8 byte order mark is ignored, as in CSV; CRLF line ends too
        assertOk(cli.runWithInput("\uFEFF{\"t\": 1, \"v\": 1}\r\n{\"t\": 2, \"v\": 2}\r\n", "insert", "--uuid", ID,
                "--format", "jsonl", "-q"), "1\n");
        // -0 is the double -0.0, as CSV reads it and as values prints it (EQUAL tells it from 0.0)
        assertOk(cli.runWithInput("{\"t\": 3, \"v\": -0}\n", "insert", "--uuid", ID, "--format", "jsonl", "-q"),
                "2\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "3", "--end", "4", "--format", "jsonl"),
                "{\"t\": 3, \"v\": -0.0}\n", "version: 2\n");
        // a repeated key has two readings: refused rather than the last one taken
        assertFails(cli.runWithInput("{\"t\": 5, \"t\": 6, \"v\": 1}\n", "insert", "--uuid", ID, "--format", "jsonl",
                "-q"), ErrorCode.INVALID_ARGUMENT, "line 1", "the key \"t\" appears twice");
        // a file that is not UTF-8 is named so, as for CSV, not taken for bad JSON
        java.nio.file.Path latin = dir.resolve("latin1.jsonl");
        java.nio.file.Files.write(latin, ("{\"t\": 7, \"v\": 1}\n".repeat(5_000) + "{\"t\": \"caf\u00e9\", \"v\": 1}\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)); // past the first buffer: Jackson reads it
        assertFails(cli.run("insert", "--uuid", ID, "--format", "jsonl", latin.toString()), ErrorCode.INVALID_ARGUMENT,
                "not UTF-8");
        assertOk(cli.run("count", "--uuid", ID, "--start", "0", "--end", "10"), "3\n", "version: 2\n");
    }

    @Test
    void shouldRejectABadLineNamingItAndInsertNothing() {
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": 1}\n{\"t\": 2, \"v\": 2,}\n", "insert", "--uuid", ID,
                "--format", "jsonl", "-q"), ErrorCode.INVALID_ARGUMENT, "stdin line 2", "not JSON");
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": 1, \"x\": 3}\n", "insert", "--uuid", ID, "--format", "jsonl",
                "-q"), ErrorCode.INVALID_ARGUMENT, "line 1", "unknown key \"x\"");
        assertFails(cli.runWithInput("{\"t\": 1}\n", "insert", "--uuid", ID, "--format", "jsonl", "-q"),
                ErrorCode.INVALID_ARGUMENT, "needs both");
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": 1} {\"t\": 2, \"v\": 2}\n", "insert", "--uuid", ID,
                "--format", "jsonl", "-q"), ErrorCode.INVALID_ARGUMENT, "two objects on one line");
        assertFails(cli.runWithInput("[1, 2]\n", "insert", "--uuid", ID, "--format", "jsonl", "-q"),
                ErrorCode.INVALID_ARGUMENT, "expected an object", "an array");
        assertFails(cli.runWithInput("{\"t\": true, \"v\": 1}\n", "insert", "--uuid", ID, "--format", "jsonl", "-q"),
                ErrorCode.INVALID_ARGUMENT, "\"t\" must be");
        assertFails(cli.runWithInput("{\"t\": 99999999999999999999, \"v\": 1}\n", "insert", "--uuid", ID,
                "--format", "jsonl", "-q"), ErrorCode.INVALID_TIME_RANGE, "line 1");
        assertFails(cli.runWithInput("{\"t\": 4611686018427387904, \"v\": 1}\n", "insert", "--uuid", ID,
                "--format", "jsonl", "-q"), ErrorCode.INVALID_TIME_RANGE, "outside");
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": \"high\"}\n", "insert", "--uuid", ID, "--format", "jsonl",
                "-q"), ErrorCode.INVALID_VALUE, "must be a number");
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": 1e999}\n", "insert", "--uuid", ID, "--format", "jsonl",
                "-q"), ErrorCode.INVALID_VALUE, "not a finite double");
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": 1}\n{\"t\": 2, \"v\": {\"c\": 3, \"m\": 5, \"d\": 0, \"l\": 3, "
                + "\"u\": 4}}\n", "insert", "--uuid", ID, "--format", "jsonl", "-q"), ErrorCode.INVALID_VALUE,
                "line 2", "aggregate", "outside");
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": {\"c\": 0, \"s\": 0, \"q\": 0, \"l\": 3, \"u\": 3}}\n",
                "insert", "--uuid", ID, "--format", "jsonl", "-q"), ErrorCode.INVALID_VALUE, "line 1", "count");
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": {\"c\": 2, \"s\": \"x\"}}\n",
                "insert", "--uuid", ID, "--format", "jsonl", "-q"), ErrorCode.INVALID_VALUE, "must be a number");
        assertUsage(cli.runWithInput("", "insert", "--uuid", ID, "--format", "xml"), "xml");
        assertUsage(cli.run("values", "--uuid", ID, "--start", "0", "--end", "1", "--format", "xml"), "xml");
        assertOk(cli.run("count", "--uuid", ID, "--start", "0", "--end", "10000"), "0\n", "version: 0\n");
    }
}
