package io.dendro.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web plot's files (ADR 0022): the page at {@code /} and its script and style under
 * {@code /static/} (resources {@code io/dendro/http/plot/} of this jar), and uPlot under
 * {@code /static/uplot/} from its webjar ({@code org.webjars.npm:uplot}) on the class path, its
 * MIT licence at {@code /static/uplot/LICENSE}. No file is fetched from anywhere else. The files
 * hold no data, so they are served without an API key (the page asks for one when the data
 * routes answer 401).
 */
final class PlotPage {
    /** The uPlot version of the webjar (the parent pom's {@code uplot.version}). */
    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/";
    private static final String OWN = "io/dendro/http/plot/";
    /** Name served to resource path and content type; nothing outside this table is served. */
    private static final Map<String, String[]> FILES = Map.of(
            "index.html", new String[] {OWN + "index.html", "text/html; charset=utf-8"},
            "plot.js", new String[] {OWN + "plot.js", "text/javascript; charset=utf-8"},
            "plot.css", new String[] {OWN + "plot.css", "text/css; charset=utf-8"},
            "uplot/uPlot.iife.min.js", new String[] {UPLOT + "dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uplot/uPlot.min.css", new String[] {UPLOT + "dist/uPlot.min.css", "text/css; charset=utf-8"},
            "uplot/LICENSE", new String[] {UPLOT + "LICENSE", "text/plain; charset=utf-8"});
    /** Paths whose requests need no API key. */
    static boolean isPublic(String path) {
        return path.equals("/") || path.startsWith("/static/");
    }

    private PlotPage() {
    }

    static void register(Router r) {
        r.get("/", req -> serve(req, "index.html"));
        r.get("/static/{name}", req -> serve(req, req.path("name")));
        r.get("/static/uplot/{name}", req -> serve(req, "uplot/" + req.path("name")));
    }

    private static void serve(Request r, String name) {
        String[] file = FILES.get(name);
        if (file == null) {
            throw HttpError.notFound("no such file: " + Strings.shorten(name, 100));
        }
        byte[] body = load(file[0]);
        // the page's own files change with the jar; uPlot's path names its version
        r.header("Cache-Control", name.startsWith("uplot/") ? "public, max-age=86400" : "no-cache");
        r.bytes(200, file[1], body);
    }

    private static byte[] load(String resource) {
        try (InputStream in = PlotPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
