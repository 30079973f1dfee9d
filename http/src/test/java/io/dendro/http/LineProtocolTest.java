package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line-protocol parser: InfluxDB's syntax, escapes, value types, and errors that name the line. */
class LineProtocolTest {
    @Test
    void shouldParseTheIssuesLineAndInfluxDbsEscapes() {
        List<LineProtocol.Point> ps = LineProtocol.parse(
                "measurement,tag=v field=1.5,other=2i 1767225600000000000\n"
                        + "\n# a comment\n"
                        + "my\\ meas\\,ure,t\\ k\\=ey=v\\,al\\ ue f\\=ld=\"say \\\"hi\\\" \\\\ there\",b=t,u=7u,neg=-3e2\r\n"
                        + "cpu load=0.5");
        assertEquals(3, ps.size());
        LineProtocol.Point a = ps.get(0);
        assertEquals("measurement", a.measurement());
        assertEquals(Map.of("tag", "v"), a.tags());
        assertEquals(List.of("field", "other"), a.fieldKeys());
        assertEquals(1.5, a.fields().get(0).number());
        assertEquals(LineProtocol.Value.INTEGER, a.fields().get(1).type());
        assertEquals(2.0, a.fields().get(1).number());
        assertEquals(1767225600000000000L, a.time());
        LineProtocol.Point b = ps.get(1);
        assertEquals(4, b.line());
        assertEquals("my meas,ure", b.measurement());
        assertEquals(Map.of("t k=ey", "v,al ue"), b.tags());
        assertEquals("f=ld", b.fieldKeys().get(0));
        assertEquals("say \"hi\" \\ there", b.fields().get(0).string());
        assertEquals(1.0, b.fields().get(1).number());
        assertEquals(LineProtocol.Value.BOOLEAN, b.fields().get(1).type());
        assertEquals(7.0, b.fields().get(2).number());
        assertEquals(-300.0, b.fields().get(3).number());
        assertEquals(null, ps.get(2).time());
    }

    @Test
    void shouldTellDecimalsAsTheFloatPatternDoes() {
        for (String v : new String[] {"1", "-1", "+1.5", ".5", "5.", "1e3", "1E-3", "-2.5e+10", "0", "", "-", ".", "e3",
            "1e", "1e+", "1.2.3", "NaN", "Infinity", "0x10", "1f", "1d", " 1", "1 ", "--1", "1_000", "١"}) {
            assertEquals(v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?") && v.chars().allMatch(c -> c < 128),
                    LineProtocol.decimal(v), v);
        }
    }

    @Test
    void shouldNameTheBadLine() {
        String[][] bad = {
            {"cpu", "missing fields"},
            {"cpu,host load=1", "missing tag value"},
            {"cpu,host= load=1", "missing tag value"},
            {",host=a load=1", "missing measurement"},
            {"cpu load=", "missing field value"},
            {"cpu load=abc", "invalid number abc"},
            {"cpu load=\"open", "unbalanced quotes"},
            {"cpu load=1 12x", "bad timestamp"},
            {"cpu load=1,load=2", "duplicate field key load"},
            {"cpu load=99999999999999999999i", "value out of range"},
            {"cpu =1", "missing field key"},
        };
        for (String[] b : bad) {
            LineProtocol.ParseError e = assertThrows(LineProtocol.ParseError.class,
                    () -> LineProtocol.parse("ok v=1\n" + b[0]), b[0]);
            assertEquals(2, e.line, b[0]);
            assertTrue(e.getMessage().startsWith("unable to parse '" + b[0] + "': "), e.getMessage());
            assertTrue(e.getMessage().contains(b[1]) && e.getMessage().endsWith("(line 2)"), e.getMessage());
        }
    }
}
