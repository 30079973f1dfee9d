package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dendro.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InsertTest extends CliFixture {
    @BeforeEach
    void createStream() {
        create("test/insert", ID);
    }

    private String all() {
        return ok(cli.run("values", "--uuid", ID, "--start", "-1152921504606846976", "--end", "3458764513820540927"));
    }

    @Test
    void shouldInsertFromStdinAndPrintTheNewVersion() {
        assertOk(cli.runWithInput("3,3.5\n1,1\n2,-0.0\n", "insert", "--uuid", ID), "1\n");
        assertEquals("time,value\n1,1.0\n2,-0.0\n3,3.5\n", all());
        assertOk(cli.runWithInput("4,4\n", "insert", "--uuid", ID, "-"), "2\n");
    }

    @Test
    void shouldInsertFromAFile() throws IOException {
        Path f = dir.resolve("points.csv");
        Files.writeString(f, "time,value\n10,0.1\n20,0.2\n");
        assertOk(cli.run("insert", "--uuid", ID, f.toString()), "1\n");
        assertEquals("time,value\n10,0.1\n20,0.2\n", all());
    }

    @Test
    void shouldSkipAHeaderBlankLinesAndWhitespaceAndAcceptIsoTimes() {
        String csv = "\uFEFF\n  time , value\r\n\n 2026-01-01T00:00:00Z , 7200.5 \r\n"
                + "2026-01-01T00:00:00.000000001Z,1e3\n"
                + "   \n1767225600000000002,-2.5E-7\n";
        assertOk(cli.runWithInput(csv, "insert", "--uuid", ID), "1\n");
        assertEquals("time,value\n1767225600000000000,7200.5\n1767225600000000001,1000.0\n"
                + "1767225600000000002,-2.5E-7\n", all());
    }

    @Test
    void shouldRoundTripValuesBitForBit() {
        String[] values = {"0.1", "4.9E-324", "1.7976931348623157E308", "-123456.78901234567", "1.0E-5", "-0.0",
            "2.2250738585072014E-308", "0x1.fffffffffffffp-1"};
        StringBuilder csv = new StringBuilder();
        StringBuilder expected = new StringBuilder("time,value\n");
        for (int i = 0; i < values.length; i++) {
            csv.append(i).append(',').append(values[i]).append('\n');
            expected.append(i).append(',').append(Double.toString(Double.parseDouble(values[i]))).append('\n');
        }
        assertOk(cli.runWithInput(csv.toString(), "insert", "--uuid", ID), "1\n");
        String printed = all();
        assertEquals(expected.toString(), printed);
        // what values prints, insert reads back to the same bits
        assertOk(cli.runWithInput(printed, "insert", "--uuid", ID, "--merge", "equal"), "2\n");
        assertOk(cli.run("count", "--uuid", ID), values.length + "\n", "version: 2\n");
    }

    @Test
    void shouldInsertNothingWhenTheInputIsEmpty() {
        assertOk(cli.runWithInput("time,value\n\n", "insert", "--uuid", ID), "0\n");
        assertOk(cli.runWithInput("", "insert", "--uuid", ID), "0\n");
    }

    @Test
    void shouldRejectAMalformedLineNamingItAndInsertNothing() {
        ok(cli.runWithInput("1,1\n", "insert", "--uuid", ID));
        assertFails(cli.runWithInput("time,value\n5,5\n\n6;6\n7,7\n", "insert", "--uuid", ID),
                ErrorCode.INVALID_ARGUMENT, "stdin line 4", "6;6");
        assertFails(cli.runWithInput("5,5\n6,6,6\n", "insert", "--uuid", ID), ErrorCode.INVALID_ARGUMENT, "line 2");
        assertFails(cli.runWithInput("5,5\n6,abc\n", "insert", "--uuid", ID), ErrorCode.INVALID_ARGUMENT,
                "line 2", "'abc' is not a number");
        assertFails(cli.runWithInput("5,5\n6,\n", "insert", "--uuid", ID), ErrorCode.INVALID_ARGUMENT, "line 2");
        assertFails(cli.runWithInput("5,5\n6,1f\n", "insert", "--uuid", ID), ErrorCode.INVALID_ARGUMENT, "line 2");
        assertFails(cli.runWithInput("5,5\n2026-13-01T00:00:00Z,1\n", "insert", "--uuid", ID),
                ErrorCode.INVALID_ARGUMENT, "line 2", "not a time");
        assertFails(cli.runWithInput("5,5\n1.5,1\n", "insert", "--uuid", ID), ErrorCode.INVALID_ARGUMENT, "line 2");
        assertFails(cli.runWithInput("5,5\ntime,value\n", "insert", "--uuid", ID), ErrorCode.INVALID_ARGUMENT,
                "line 2", "only the first line may be a header");
        assertOk(cli.run("version", "--uuid", ID), "1\n");
        assertEquals("time,value\n1,1.0\n", all());
    }

    @Test
    void shouldRejectNaNAndInfinityAsInvalidValue() {
        assertFails(cli.runWithInput("1,1\n2,NaN\n", "insert", "--uuid", ID), ErrorCode.INVALID_VALUE, "line 2", "NaN");
        assertFails(cli.runWithInput("1,-Infinity\n", "insert", "--uuid", ID), ErrorCode.INVALID_VALUE, "line 1");
        assertOk(cli.run("version", "--uuid", ID), "0\n");
    }

    @Test
    void shouldRejectATimeOutsideTheStorableRange() {
        // MAX_TIME itself is not a storable time; MIN_TIME is
        assertFails(cli.runWithInput("1,1\n3458764513820540927,2\n", "insert", "--uuid", ID),
                ErrorCode.INVALID_TIME_RANGE, "line 2", "3458764513820540927");
        assertFails(cli.runWithInput("-1152921504606846977,2\n", "insert", "--uuid", ID),
                ErrorCode.INVALID_TIME_RANGE, "line 1");
        assertFails(cli.runWithInput("99999999999999999999,2\n", "insert", "--uuid", ID),
                ErrorCode.INVALID_ARGUMENT, "line 1", "not a time");
        assertOk(cli.run("version", "--uuid", ID), "0\n");
        assertOk(cli.runWithInput("-1152921504606846976,2\n3458764513820540926,3\n", "insert", "--uuid", ID), "1\n");
    }

    @Test
    void shouldNameTheFileInErrors() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "1,1\nx\n");
        assertFails(cli.run("insert", "--uuid", ID, f.toString()), ErrorCode.INVALID_ARGUMENT, f + " line 2");
        assertFails(cli.run("insert", "--uuid", ID, dir.resolve("missing.csv").toString()),
                ErrorCode.INVALID_ARGUMENT, "missing.csv", "no such file");
        Path latin = dir.resolve("latin1.csv");
        Files.write(latin, "1,1\n2,2 \u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertFails(cli.run("insert", "--uuid", ID, latin.toString()), ErrorCode.INVALID_ARGUMENT, "not UTF-8");
    }

    @Test
    void shouldApplyTheMergePolicy() {
        ok(cli.runWithInput("1,1\n2,2\n", "insert", "--uuid", ID));
        assertOk(cli.runWithInput("2,20\n3,3\n", "insert", "--uuid", ID, "--merge", "retain"), "2\n");
        assertEquals("time,value\n1,1.0\n2,2.0\n3,3.0\n", all());
        assertOk(cli.runWithInput("2,21\n2,22\n", "insert", "--uuid", ID, "--merge", "REPLACE"), "3\n");
        assertEquals("time,value\n1,1.0\n2,22.0\n3,3.0\n", all());
        assertOk(cli.runWithInput("3,3\n3,4\n", "insert", "--uuid", ID, "--merge", "equal"), "4\n");
        assertEquals("time,value\n1,1.0\n2,22.0\n3,3.0\n3,4.0\n", all());
        assertOk(cli.runWithInput("1,1\n", "insert", "--uuid", ID), "5\n");
        assertEquals("time,value\n1,1.0\n1,1.0\n2,22.0\n3,3.0\n3,4.0\n", all());
        assertUsage(cli.runWithInput("1,1\n", "insert", "--uuid", ID, "--merge", "sometimes"), "sometimes");
    }

    @Test
    void shouldCommitLargeInputsInBatchesWithTheSameResult() {
        StringBuilder csv = new StringBuilder("time,value\n");
        for (int i = 0; i < 10; i++) {
            csv.append(i % 3).append(',').append(i).append('\n');
        }
        assertOk(cli.runWithInput(csv.toString(), "insert", "--uuid", ID, "--batch-size", "4", "--merge", "replace"),
                "3\n");
        assertEquals("time,value\n0,9.0\n1,7.0\n2,8.0\n", all());
        assertOk(cli.runWithInput(csv.toString(), "insert", "--uuid", ID, "--batch-size", "0"), "4\n");
        assertOk(cli.run("count", "--uuid", ID), "13\n", "version: 4\n");
        assertFails(cli.runWithInput("1,1\n", "insert", "--uuid", ID, "--batch-size", "-1"),
                ErrorCode.INVALID_ARGUMENT, "--batch-size");
    }

    @Test
    void shouldFailOnAnUnknownStreamBeforeReadingInput() {
        assertFails(cli.runWithInput("garbage\n", "insert", "--uuid", "99999999-2222-3333-4444-555555555555"),
                ErrorCode.NO_SUCH_STREAM, "99999999-2222-3333-4444-555555555555");
    }
}
