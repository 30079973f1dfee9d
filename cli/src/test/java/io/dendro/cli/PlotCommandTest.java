package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code dendro plot}: a well-formed SVG with the band and line (or the label strip). */
class PlotCommandTest extends CliFixture {
    static final long T0 = 1_767_225_600_000_000_000L;

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static int count(Document d, String tag, String cls) {
        NodeList all = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        int n = 0;
        for (int i = 0; i < all.getLength(); i++) {
            if (cls.equals(((Element) all.item(i)).getAttribute("class"))) {
                n++;
            }
        }
        return n;
    }

    static String numericCsv(int points) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < points; i++) {
            csv.append(T0 + i * 10_000_000L).append(',').append(Math.sin(i / 50.0) + (i % 7) * 0.1).append('\n');
        }
        return csv.toString();
    }

    @Test
    void shouldDrawABandAndAMeanLineAsWellFormedSvg() throws Exception {
        create("plant/a", ID, "--tag", "name=volts & <amps>");
        insert(ID, numericCsv(20_000), 1);
        Path out = dir.resolve("volts.svg");
        Cli.Result r = cli.run("plot", "--uuid", ID, "--start", Long.toString(T0), "--end",
                Long.toString(T0 + 200_000_000_000L), "--out", out.toString(), "--width", "800", "--height", "300");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("version: 1") && r.err().contains("pointwidth "), r::toString);
        Document d = parse(Files.readString(out));
        Element svg = d.getDocumentElement();
        assertEquals("svg", svg.getLocalName());
        assertEquals("800", svg.getAttribute("width"));
        assertEquals(1, count(d, "path", "band"));
        assertEquals(1, count(d, "path", "mean"));
        String band = ((Element) d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").item(0))
                .getAttribute("d");
        assertTrue(band.startsWith("M") && band.endsWith("Z"), band);
        assertTrue(d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent()
                .contains("volts & <amps>"), "the title is escaped and reads back");
        assertTrue(d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text").getLength() > 6, "axis labels");
    }

    @Test
    void shouldDrawRawPointsAsALineWhenFew() throws Exception {
        create("plant/a", ID);
        insert(ID, numericCsv(100), 1);
        Cli.Result r = cli.run("plot", "--uuid", ID, "--start", Long.toString(T0), "--end",
                Long.toString(T0 + 1_000_000_000L), "--out", "-");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("raw points, 100 rows"), r::toString);
        Document d = parse(r.out());
        assertEquals(0, count(d, "path", "band"));
        assertEquals(1, count(d, "path", "mean"));
    }

    @Test
    void shouldDrawALabelStripForANominalStream() throws Exception {
        create("plant/b", ID, "--kind", "nominal");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            csv.append("{\"t\": ").append(T0 + i * 1_000_000_000L).append(", \"v\": ")
                    .append(i < 2500 ? "\"on\"" : "\"off\"").append("}\n");
        }
        assertOk(cli.runWithInput(csv.toString(), "insert", "--uuid", ID, "--format", "jsonl", "-q"), "1\n");
        Cli.Result r = cli.run("plot", "--uuid", ID, "--start", Long.toString(T0), "--end",
                Long.toString(T0 + 5000_000_000_000L), "--out", "-", "--width", "600");
        assertEquals(0, r.exit(), r::toString);
        Document d = parse(r.out());
        assertTrue(count(d, "rect", "label") > 100, r.out().substring(0, 400));
        assertEquals(0, count(d, "path", "mean"));
        assertTrue(r.out().contains(">&quot;on&quot;<") && r.out().contains(">&quot;off&quot;<"), "the legend names the labels");
    }

    @Test
    void shouldRefuseBadArguments() {
        create("plant/a", ID);
        insert(ID, numericCsv(10), 1);
        String out = dir.resolve("x.svg").toString();
        assertFails(cli.run("plot", "--uuid", ID, "--start", "10", "--end", "5", "--out", out),
                ErrorCode.INVALID_TIME_RANGE, "not after");
        assertFails(cli.run("plot", "--uuid", ID, "--start", "0", "--end", "5", "--out", out, "--width", "50"),
                ErrorCode.INVALID_ARGUMENT, "--width");
        assertFails(cli.run("plot", "--uuid", UNKNOWN, "--start", "0", "--end", "5", "--out", out),
                ErrorCode.NO_SUCH_STREAM);
        assertFails(cli.run("plot", "--uuid", ID, "--start", "0", "--end", "5", "--out", out, "--version", "9"),
                ErrorCode.NO_SUCH_VERSION);
        assertUsage(cli.run("plot", "--uuid", ID, "--start", "0", "--end", "5"), "--out");
        assertTrue(!Files.exists(Path.of(out)));
    }
}
