package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * The value kinds on the command line: {@code create --kind}, labels, graphs and aggregates in
 * JSON lines, and the downsamplers of each kind, with the exact words other tools rely on.
 */
class ValueKindsCliTest extends CliFixture {
    static final String LABELS = "22222222-2222-3333-4444-555555555555";
    static final String GRAPH = "33333333-2222-3333-4444-555555555555";

    @Test
    void shouldStoreLabelsAndDownsampleTheirFrequencies() {
        create("home/heater", LABELS, "--kind", "nominal");
        String in = """
                {"t": "2026-01-01T00:00:00Z", "v": "on"}
                {"t": "2026-01-01T00:10:00Z", "v": "off"}
                {"t": "2026-01-01T00:20:00Z", "v": "on"}
                {"t": "2026-01-01T01:05:00Z", "v": {"mode": "eco",  "level": 2}}
                {"t": "2026-01-01T01:06:00Z", "v": null}
                {"t": "2026-01-01T01:07:00Z", "v": 3}
                """;
        assertOk(cli.runWithInput(in, "insert", "--uuid", LABELS, "--format", "jsonl", "-q"), "1\n");
        String values = """
                {"t": 1767225600000000000, "v": "on"}
                {"t": 1767226200000000000, "v": "off"}
                {"t": 1767226800000000000, "v": "on"}
                {"t": 1767229500000000000, "v": {"mode":"eco","level":2}}
                {"t": 1767229560000000000, "v": null}
                {"t": 1767229620000000000, "v": 3}
                """;
        assertOk(cli.run("values", "--uuid", LABELS, "--start", "2026-01-01T00:00:00Z", "--end",
                "2026-01-02T00:00:00Z", "--format", "jsonl"), values, "version: 1\n");
        assertOk(cli.run("values", "--uuid", LABELS, "--start", "2026-01-01T01:00:00Z", "--end",
                "2026-01-01T01:06:30Z"), "time,value\n1767229500000000000,\"{\"\"mode\"\":\"\"eco\"\",\"\"level\"\":2}\"\n"
                + "1767229560000000000,\"null\"\n", "version: 1\n");
        assertOk(cli.run("downsample", "--uuid", LABELS, "--granularity", "h", "--start", "2026-01-01T00:00:00Z",
                "--end", "2026-01-01T03:00:00Z", "--time-downsamplers", "a,z", "--fill"), """
                {"start": 1767225600000000000, "t": {"a": 1767225600000000000, "z": 1767226800000000000}, \
                "v": {"c": 3, "o": "on", "r": "off", "f": {"on": 2, "off": 1}}}
                {"start": 1767229200000000000, "t": {"a": 1767229500000000000, "z": 1767229620000000000}, \
                "v": {"c": 3, "o": {"mode":"eco","level":2}, "r": {"mode":"eco","level":2}, \
                "f": {"{\\"mode\\":\\"eco\\",\\"level\\":2}": 1, "null": 1, "3": 1}}}
                {"start": 1767232800000000000, "t": {"a": null, "z": null}, "v": {"c": 0, "o": null, "r": null, "f": {}}}
                """, "version: 1\n");
        assertOk(cli.run("downsample", "--uuid", LABELS, "--granularity", "days", "--start", "2026-01-01T00:00:00Z",
                "--end", "2026-01-02T00:00:00Z", "--value-downsamplers", "most_often,c", "--time-downsamplers", "m",
                "--format", "csv"), "start,v_c,v_o,t_m\n1767225600000000000,6,\"\"\"on\"\"\",1767227880000000000\n",
                "version: 1\n");
        // what values prints inserts again as the same labels
        String out = ok(cli.run("values", "--uuid", LABELS, "--start", "0", "--end", "2000000000000000000",
                "--format", "jsonl"));
        assertOk(cli.runWithInput(out, "insert", "--uuid", LABELS, "--format", "jsonl", "--merge", "equal", "-q"),
                "2\n");
        assertOk(cli.run("count", "--uuid", LABELS, "--start", "0", "--end", "2000000000000000000"), "6\n",
                "version: 2\n");
        // nearest prints the label; numeric statistics of labels are refused
        assertOk(cli.run("latest", "--uuid", LABELS), "time,value\n1767229620000000000,\"3\"\n", "version: 2\n");
        assertOk(cli.run("nearest", "--uuid", LABELS, "--time", "2026-01-01T00:05:00Z"),
                "time,value\n1767226200000000000,\"\"\"off\"\"\"\n", "version: 2\n");
        assertFails(cli.run("windows", "--uuid", LABELS, "--start", "0", "--end", "10", "--width", "5"),
                ErrorCode.WRONG_TYPE, "nominal", "dendro downsample");
        String info = ok(cli.run("info", "--uuid", LABELS));
        assertTrue(info.contains("kind             nominal\n") && info.contains("points           6\n")
                && info.contains("collection       home/heater\n") && info.contains("first point      1767225600000000000 ("),
                info);
        // kind mismatches: a numeric downsampler, CSV numbers, an unknown kind
        assertUsage(cli.run("downsample", "--uuid", LABELS, "--granularity", "h", "--start", "0", "--end", "1",
                "--value-downsamplers", "m"), "unknown downsampler 'm' for a nominal stream",
                "most_often/o");
        assertFails(cli.runWithInput("time,value\n1,2\n", "insert", "--uuid", LABELS, "-q"), ErrorCode.WRONG_TYPE,
                "nominal", "--format jsonl");
        assertUsage(cli.run("create", "--collection", "x", "--kind", "text"), "unknown kind 'text'");
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": on}\n", "insert", "--uuid", LABELS, "--format", "jsonl",
                "-q"), ErrorCode.INVALID_ARGUMENT, "line 1", "not JSON");
    }

    @Test
    void shouldCheckGraphsAndDownsampleTheirSizes() {
        create("net/mesh", GRAPH, "--kind", "graph");
        String in = """
                {"t": 0, "v": {"v": [{"i": "a"}, {"i": "b"}], "e": [{"f": "a", "t": "b", "q": 0.9}]}}
                {"t": 10000000000, "v": {"v": [{"i": "a"}, {"i": "b"}, {"i": "c"}], "e": [{"f": "a", "t": "b"}, \
                {"f": "b", "t": "c"}, {"f": "c", "t": "a"}]}}
                """;
        assertOk(cli.runWithInput(in, "insert", "--uuid", GRAPH, "--format", "jsonl", "-q"), "1\n");
        assertOk(cli.run("downsample", "--uuid", GRAPH, "--granularity", "minutes", "--start", "0", "--end",
                "60000000000", "--time-downsamplers", "m"), "{\"start\": 0, \"t\": {\"m\": 5000000000}, \"v\": "
                + "{\"c\": 2, \"vl\": 2.0, \"vm\": 2.5, \"vu\": 3.0, \"el\": 1.0, \"em\": 2.0, \"eu\": 3.0}}\n",
                "version: 1\n");
        String first = ok(cli.run("values", "--uuid", GRAPH, "--start", "0", "--end", "1", "--format", "jsonl"));
        assertTrue(first.equals("{\"t\": 0, \"v\": {\"v\":[{\"i\":\"a\"},{\"i\":\"b\"}],\"e\":[{\"f\":\"a\",\"t\":\"b\","
                + "\"q\":0.9}]}}\n"), first);
        // Datastream's rules, the whole batch rejected: an edge to a missing vertex, a non-object
        assertFails(cli.runWithInput("{\"t\": 20000000000, \"v\": {\"v\": [], \"e\": []}}\n{\"t\": 30000000000, \"v\": "
                + "{\"v\": [{\"i\": 1}], \"e\": [{\"f\": 1, \"t\": 2}]}}\n", "insert", "--uuid", GRAPH, "--format",
                "jsonl", "-q"), ErrorCode.INVALID_VALUE, "stdin line 2", "names no vertex");
        assertFails(cli.runWithInput("{\"t\": 1, \"v\": \"a\"}\n", "insert", "--uuid", GRAPH, "--format", "jsonl",
                "-q"), ErrorCode.WRONG_TYPE, "must be an object");
        assertOk(cli.run("count", "--uuid", GRAPH, "--start", "0", "--end", "100000000000"), "2\n", "version: 1\n");
        assertUsage(cli.run("downsample", "--uuid", GRAPH, "--granularity", "h", "--start", "0", "--end", "1",
                "--value-downsamplers", "o"), "unknown downsampler 'o' for a graph stream");
    }

    @Test
    void shouldStoreAggregatesAndCountTheirSamples() {
        create("net/ping", ID);
        // Datastream's seven keys (the mean recomputed from s / c), the sum form and the mean form
        String in = """
                {"t": 0, "v": {"m": 99, "s": 15, "l": 1, "u": 5, "q": 55, "d": 1.4142135623730951, "c": 5}}
                {"t": 1000000000, "v": {"c": 3, "s": 9, "q": 27, "l": 3, "u": 3}}
                {"t": 2000000000, "v": {"c": 3, "m": 3, "d": 0, "l": 3, "u": 3}}
                {"t": 3000000000, "v": 42}
                {"t": 4000000000, "v": null}
                """;
        assertOk(cli.runWithInput(in, "insert", "--uuid", ID, "--format", "jsonl", "-q"), "1\n");
        assertOk(cli.run("values", "--uuid", ID, "--start", "0", "--end", "2000000000", "--format", "jsonl"), """
                {"t": 0, "v": {"c": 5, "s": 15.0, "q": 55.0, "l": 1.0, "u": 5.0, "m": 3.0, "d": 1.4142135623730951}}
                {"t": 1000000000, "v": {"c": 3, "s": 9.0, "q": 27.0, "l": 3.0, "u": 3.0, "m": 3.0, "d": 0.0}}
                """, "version: 1\n");
        assertOk(cli.run("count", "--uuid", ID, "--start", "0", "--end", "10000000000"), "5\n", "version: 1\n");
        assertOk(cli.run("downsample", "--uuid", ID, "--granularity", "10seconds", "--start", "0", "--end",
                "10000000000", "--value-downsamplers", "c,s,l,u,m,n", "--time-downsamplers", "a,z"),
                "{\"start\": 0, \"t\": {\"a\": 0, \"z\": 4000000000}, \"v\": {\"c\": 12, \"s\": 75.0, \"l\": 1.0, "
                + "\"u\": 42.0, \"m\": 6.25, \"n\": 1}}\n", "version: 1\n");
        assertOk(cli.run("windows", "--uuid", ID, "--start", "0", "--end", "3000000000", "--width", "3000000000"),
                "time,min,mean,max,count,stddev\n0,1.0,3.0,5.0,11,0.9534625892455925\n", "version: 1\n");
        ok(cli.run("verify"));
    }
}
