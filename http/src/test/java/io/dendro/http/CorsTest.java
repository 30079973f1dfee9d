package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CORS: off by default (no header, OPTIONS is an unknown method); with origins listed, preflights
 * answered before the key check, {@code Access-Control-Allow-Origin} for those origins only (on
 * errors too), never {@code Access-Control-Allow-Credentials}; {@code *} as asked.
 */
class CorsTest extends HttpFixture {
    static final String PAGE = "https://plot.example";
    static final String VALUES = BtrdbResource.PREFIX + "00000000-0000-0000-0000-000000000001/values";
    static final String LIST = "/api/v1/stream/";

    @Override
    HttpServerOptions options() {
        return super.options().apiKey("w").readApiKey("r").corsOrigin(PAGE).corsOrigin("HTTP://LocalHost:8080/");
    }

    Res preflight(String path, String origin, String method, String headers) {
        return send("OPTIONS", path, null, "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", headers);
    }

    @Test
    void shouldAnswerAPreflightFromAListedOriginWithoutAKey() {
        Res r = preflight(LIST, PAGE, "POST", "authorization, content-type");
        assertEquals(204, r.status(), r.body());
        assertEquals(PAGE, r.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST", r.header("Access-Control-Allow-Methods"));
        assertEquals(Cors.ALLOW_HEADERS, r.header("Access-Control-Allow-Headers"));
        assertEquals("600", r.header("Access-Control-Max-Age"));
        assertTrue(r.raw().headers().allValues("Vary").toString().contains("Origin"), r.raw().headers().toString());
        assertNull(r.header("Access-Control-Allow-Credentials"));
        Res item = preflight(LIST + "00000000-0000-0000-0000-000000000001/", "http://localhost:8080", "PATCH", "if-match");
        assertEquals(204, item.status());
        assertEquals("GET, POST, PATCH, DELETE", item.header("Access-Control-Allow-Methods"));
        assertEquals("http://localhost:8080", item.header("Access-Control-Allow-Origin"));
        assertEquals("GET", preflight(VALUES, PAGE, "GET", "authorization").header("Access-Control-Allow-Methods"));
    }

    @Test
    void shouldRefuseAPreflightFromAnyOtherOriginOrForAnUnknownPath() {
        Res other = preflight(LIST, "https://evil.example", "GET", "authorization");
        assertError(other, 403, null);
        assertNull(other.header("Access-Control-Allow-Origin"));
        assertError(preflight("/no/such/path", PAGE, "GET", "authorization"), 404, null);
        Res notPreflight = send("OPTIONS", LIST, null, "Authorization", "Bearer w");
        assertError(notPreflight, 405, null);
    }

    @Test
    void shouldLetListedOriginsReadAnswersErrorsIncluded() {
        Res ok = get(LIST, "Origin", PAGE, "Authorization", "Bearer r");
        assertEquals(200, ok.status());
        assertEquals(PAGE, ok.header("Access-Control-Allow-Origin"));
        assertTrue(ok.header("Access-Control-Expose-Headers").contains("Dendro-Version"));
        assertNull(ok.header("Access-Control-Allow-Credentials"));
        Res denied = get(LIST, "Origin", PAGE);
        assertEquals(401, denied.status());
        assertEquals(PAGE, denied.header("Access-Control-Allow-Origin"), "so that the page can read why");
        Res other = get(LIST, "Origin", "https://evil.example", "Authorization", "Bearer r");
        assertEquals(200, other.status(), "CORS keeps pages from reading, the keys keep requests out");
        assertNull(other.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", other.header("Vary"));
        Res none = get(LIST, "Authorization", "Bearer r");
        assertNull(none.header("Access-Control-Allow-Origin"));
        db.create(new java.util.UUID(0, 1), "c", java.util.Map.of(), java.util.Map.of());
        Res download = get(VALUES + "?start=0&end=1&format=csv", "Origin", PAGE, "Authorization", "Bearer r");
        assertEquals(200, download.status(), download.body());
        assertEquals(PAGE, download.header("Access-Control-Allow-Origin"));
        assertEquals(List.of("Origin", "Accept"), download.raw().headers().allValues("Vary"));
    }

    @Test
    void shouldTakeOriginsAsBrowsersSerialiseThem() {
        assertEquals(List.of("https://plot.example", "http://localhost:8080"), options().corsOrigins());
        assertEquals(List.of("https://a.example", "http://b.example:81", "*"), HttpServerOptions.defaults()
                .corsOrigin("https://A.example:443").corsOrigin("http://b.example:81/").corsOrigin("*")
                .corsOrigin("https://a.example").corsOrigins());
        for (String bad : new String[] {"null", "plot.example", "https://plot.example/path", "https://u@plot.example",
            "https://plot.example?x=1", "", "*.example.com"}) {
            assertThrows(IllegalArgumentException.class, () -> HttpServerOptions.defaults().corsOrigin(bad), bad);
        }
    }

    /** Off unless origins are listed: no header, and OPTIONS is a method like any other the routes lack. */
    static class Off extends HttpFixture {
        @Test
        void shouldSendNoCorsHeaderWhenNoOriginIsListed() {
            Res r = get(LIST, "Origin", PAGE);
            assertEquals(200, r.status());
            assertNull(r.header("Access-Control-Allow-Origin"));
            assertNull(r.header("Vary"));
            Res p = send("OPTIONS", LIST, null, "Origin", PAGE, "Access-Control-Request-Method", "GET");
            assertError(p, 405, null);
            assertNull(p.header("Access-Control-Allow-Origin"));
        }

        /** With no key set, a page of another origin must not write to a server on the user's machine. */
        @Test
        void shouldRefuseWritesFromPagesOfOtherOrigins() {
            String body = "{\"collection\": \"c\"}";
            String msg = assertError(post("/api/v1/stream/", body, "Origin", "https://evil.example"), 403, null);
            assertTrue(msg.contains("origin https://evil.example is refused"), msg);
            assertError(post("/write?db=x", "m v=1 1", "Origin", "null"), 403, null);
            assertEquals(0, db.streams(io.dendro.StreamQuery.all()).size(), "nothing written");
            assertEquals(201, post("/api/v1/stream/", body, "Origin", "http://127.0.0.1:" + server.port()).status(),
                    "the server's own pages write");
            assertEquals(201, post("/api/v1/stream/", body).status(), "clients that are not browsers send no Origin");
            assertEquals(200, get(LIST, "Origin", "https://evil.example").status(), "reads stay open (no CORS header)");
        }
    }

    /** {@code *}: any origin may read, and still no credentials. */
    static class AnyOrigin extends HttpFixture {
        @Override
        HttpServerOptions options() {
            return super.options().corsOrigin("*");
        }

        @Test
        void shouldAnswerStarForAnyOriginWithoutCredentials() {
            Res r = get(LIST, "Origin", "https://anywhere.example");
            assertEquals("*", r.header("Access-Control-Allow-Origin"));
            assertNull(r.header("Access-Control-Allow-Credentials"));
            Res p = preflight();
            assertEquals(204, p.status());
            assertEquals("*", p.header("Access-Control-Allow-Origin"));
        }

        Res preflight() {
            return send("OPTIONS", LIST, null, "Origin", "https://anywhere.example", "Access-Control-Request-Method",
                    "POST");
        }
    }
}
