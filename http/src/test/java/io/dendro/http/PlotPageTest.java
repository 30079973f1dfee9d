package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.StreamKind;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web plot in a real browser: headless Chromium (Debian's {@code chromium}) driven by Selenium
 * through Debian's {@code /usr/bin/chromedriver}; nothing is downloaded. A server on a free port
 * over a stream of {@code dendro.plot.hours} hours (default 3) at 120 Hz, inserted at once and then
 * corrected in a minute of its middle (version 2), and a label stream. Checks that the page draws
 * (pixels on the canvas, a band wider than the line), that its windows are about one per pixel,
 * that zooming fetches finer windows down to raw points, that the version pickers change the data
 * and shade the changed range; prints the times to first picture and per zoom (not asserted:
 * issue 12's speed targets are benchmarks) and keeps screenshots in {@code target/}.
 *
 * <p>A day of data, as the target is stated: {@code -Ddendro.plot.hours=24}.
 */
class PlotPageTest extends HttpFixture {
    static final UUID NUM = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    static final UUID LABELS = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    static final long T0 = 1_767_225_600_000_000_000L;
    static final long PERIOD = 1_000_000_000L / 120;
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    ChromeDriver driver;

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    static boolean hasChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return true;
        }
        System.out.println("PlotPageTest skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing (Debian packages"
                + " chromium and chromium-driver; .ci/run installs them)");
        return false;
    }

    long load(int hours) {
        long n = hours * 3600L * 120;
        long[] t = new long[(int) n];
        double[] v = new double[(int) n];
        java.util.Random rnd = new java.util.Random(12);
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * PERIOD;
            // a slow wave with noise: the band (min/max) is visibly wider than the mean line
            v[i] = 230 + 10 * Math.sin(i / (120.0 * 600)) + rnd.nextGaussian();
        }
        long started = System.nanoTime();
        Stream s = db.create(NUM, "plant/feeder", Map.of("name", "volts"), Map.of());
        s.insert(t, v);
        s.flush();
        // version 2: one minute in the middle corrected
        int from = (int) (n / 2);
        int m = 60 * 120;
        long[] ct = java.util.Arrays.copyOfRange(t, from, from + m);
        double[] cv = new double[m];
        java.util.Arrays.fill(cv, 250);
        s.insert(ct, cv, MergePolicy.REPLACE);
        s.flush();
        Stream l = db.create(LABELS, "plant/feeder", Map.of("name", "breaker"), Map.of(), StreamKind.NOMINAL);
        int labels = hours * 360; // one every 10 s
        long[] lt = new long[labels];
        String[] docs = new String[labels];
        for (int i = 0; i < labels; i++) {
            lt[i] = T0 + i * 10_000_000_000L;
            docs[i] = (i / 90) % 3 == 0 ? "\"open\"" : (i / 90) % 3 == 1 ? "\"closed\"" : "\"tripped\"";
        }
        l.insertDocuments(lt, docs, MergePolicy.NEVER, Durability.SYNC);
        l.flush();
        System.out.printf("PlotPageTest: %,d points (%d h at 120 Hz) inserted in %d ms%n", n, hours,
                (System.nanoTime() - started) / 1_000_000);
        return n;
    }

    Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    long num(String script) {
        return ((Number) js("return " + script)).longValue();
    }

    void waitFor(String condition) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(js("return !!("
                    + condition + ")")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page never showed " + condition + "; its status: "
                    + js("return document.getElementById('status').textContent") + "; its state: "
                    + js("return JSON.stringify({fetches: dendroPlot.fetches, last: dendroPlot.last,"
                    + " pending: dendroPlot.pending, perf: dendroPlot.perf, view: dendroPlot.view})"), e);
        }
    }

    void screenshot(String name) throws Exception {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path out = Path.of("target", name);
        Files.createDirectories(out.getParent());
        Files.copy(f.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("PlotPageTest: screenshot " + out.toAbsolutePath());
    }

    /** Zooms to [a, b] of the current view (fractions) as a drag would, and waits for the new data. */
    double zoom(double a, double b) {
        long before = num("dendroPlot.fetches");
        js("const u = dendroPlot.u, x = u.scales.x, w = x.max - x.min;"
                + "u.setScale('x', {min: x.min + w * " + a + ", max: x.min + w * " + b + "});");
        waitFor("dendroPlot.fetches > " + before + " && dendroPlot.pending === null");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> zooms = (List<Map<String, Object>>) js("return dendroPlot.perf.zooms");
        return ((Number) zooms.get(zooms.size() - 1).get("ms")).doubleValue();
    }

    @Test
    void shouldDrawZoomAndCompareVersionsInABrowser() throws Exception {
        Assumptions.assumeTrue(hasChromium(), "chromium is not installed");
        int hours = Integer.getInteger("dendro.plot.hours", 3);
        load(hours);
        // the server started again over the data, as `dendro serve` starts over a database: its warm-up reads a plot
        server.close();
        long restarted = System.nanoTime();
        server = DendroHttpServer.start(db, options());
        long warmed = server.warmedUp.get(60, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf("PlotPageTest: server started again; its warm-up read %d windows in %d ms%n", warmed,
                (System.nanoTime() - restarted) / 1_000_000);
        assertTrue(warmed > 0, "the warm-up read the plot");
        // Selenium Manager would download a driver and a browser: give it both, so it is never asked
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,900", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);

        driver.get(uri("/?streams=" + NUM + "," + LABELS).toString());
        waitFor("window.dendroPlot && dendroPlot.fetches >= 1 && dendroPlot.perf.firstDraw !== null");
        double cold = ((Number) js("return dendroPlot.perf.firstDraw")).doubleValue();
        // where the first load's time goes: each resource's request start and end (ms from navigation start)
        System.out.println("PlotPageTest: first load: " + js("return performance.getEntries().filter(e => e.entryType"
                + " === 'navigation' || e.entryType === 'resource').map(e => e.name.replace(/^https?:\\/\\/[^/]+/, '')"
                + ".slice(0, 60) + ' ' + Math.round(e.startTime) + '-' + Math.round(e.responseEnd)).join(', ')"));
        // again, as a user who opens the page a second time finds it (the server's and the browser's code warm)
        driver.navigate().refresh();
        waitFor("window.dendroPlot && dendroPlot.fetches >= 1 && dendroPlot.perf.firstDraw !== null");
        double first = ((Number) js("return dendroPlot.perf.firstDraw")).doubleValue();

        // one window per pixel or so, and the picture is there: drawn pixels, a band around the line
        long pixels = num("dendroPlot.last[0].pixels");
        long rows = num("dendroPlot.last[0].rows");
        long pw0 = num("dendroPlot.last[0].pointwidth");
        assertTrue(rows >= pixels / 2 && rows <= pixels * 2, rows + " windows for " + pixels + " pixels");
        assertEquals(Boolean.FALSE, js("return dendroPlot.last[0].raw"));
        long painted = num("(() => { const u = dendroPlot.u, b = u.bbox;"
                + " const d = u.ctx.getImageData(b.left, b.top, b.width, b.height).data; let n = 0;"
                + " for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240"
                + " || d[i + 2] < 240)) n++; return n; })()");
        assertTrue(painted > pixels * 20, "the plot area has " + painted + " painted pixels");
        long banded = num("(() => { const d = dendroPlot.u.data; let n = 0;"
                + " for (let i = 0; i < d[0].length; i++) if (d[1][i] != null && d[1][i] > d[3][i] + 1) n++;"
                + " return n; })()");
        assertTrue(banded > rows / 2, "max above min in " + banded + " of " + rows + " windows");
        assertEquals(1L, num("dendroPlot.lanes.length"), "the label stream is a strip");
        screenshot("plot-page.png");

        // zoom in: finer windows each time, then raw points
        double z1 = zoom(0.45, 0.55);
        long pw1 = num("dendroPlot.last[0].pointwidth");
        assertTrue(pw1 < pw0, "zoomed pointwidth " + pw1 + " after " + pw0);
        double z2 = zoom(0.45, 0.55);
        long pw2 = num("dendroPlot.last[0].pointwidth");
        assertTrue(pw2 < pw1, "zoomed pointwidth " + pw2 + " after " + pw1);
        double z3 = zoom(0.0, 5.0 / (3600.0 * hours / 100));
        assertEquals(Boolean.TRUE, js("return dendroPlot.last[0].raw"), "a few seconds are raw points");
        double z4 = zoom(-20, 21); // zoom out, a pan of sorts
        System.out.printf("PlotPageTest: %d h at 120 Hz, %d px wide: first picture %.0f ms after navigation start"
                + " (%.0f ms on the first load of a fresh server and browser; 2^%d ns windows, %d rows);"
                + " zooms in %.0f, %.0f, %.0f (raw points), out %.0f ms%n",
                hours, pixels, first, cold, pw0, rows, z1, z2, z3, z4);

        // versions: show version 1, then compare the latest with version 1 (the changed minute shaded)
        js("document.getElementById('whole').click()");
        waitFor("dendroPlot.pending === null && dendroPlot.last[0].pointwidth == " + pw0);
        long before = num("dendroPlot.fetches");
        new Select(driver.findElement(org.openqa.selenium.By.id("version-" + NUM))).selectByValue("1");
        waitFor("dendroPlot.fetches > " + before + " && dendroPlot.last[0].version == 1");
        before = num("dendroPlot.fetches");
        new Select(driver.findElement(org.openqa.selenium.By.id("version-" + NUM))).selectByValue("0");
        new Select(driver.findElement(org.openqa.selenium.By.id("compare-" + NUM))).selectByValue("1");
        waitFor("dendroPlot.fetches > " + before + " && dendroPlot.last[0].version == 2"
                + " && dendroPlot.changes.length > 0");
        double changedAt = ((Number) js("return dendroPlot.changes[0][0]")).doubleValue();
        double middle = (T0 + hours * 3600L * 1_000_000_000L / 2) / 1e9;
        assertTrue(Math.abs(changedAt - middle) < 1, "changed range starts at " + changedAt + ", not " + middle);
        screenshot("plot-page-versions.png");
        assertTrue(!Files.exists(Path.of(System.getProperty("user.home"), ".cache", "selenium", "chrome")),
                "Selenium Manager downloaded a browser");
    }
}
