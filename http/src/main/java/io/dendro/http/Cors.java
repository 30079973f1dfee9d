package io.dendro.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin reads for the origins {@link HttpServerOptions#corsOrigin} lists, and for no other:
 * with none listed (the default) this sends nothing and a browser keeps every other site's page
 * from reading the answers.
 *
 * <ul>
 *   <li>A request whose {@code Origin} is listed gets {@code Access-Control-Allow-Origin} with that
 *       origin ({@code *} when {@code *} is listed), {@code Access-Control-Expose-Headers} (the
 *       headers a page may read besides the safelisted ones: {@code Dendro-Version}, {@code ETag},
 *       {@code Location}, {@code Retry-After}, {@code WWW-Authenticate}, {@code Allow}), on error
 *       answers too, so that a page can read why. Any other origin gets no CORS header (the request
 *       is still answered: CORS keeps pages from reading, it does not keep requests out; the keys
 *       do that).</li>
 *   <li>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       is answered before the key check (browsers never send keys on it): 204 with the path's
 *       methods, the request headers a client may send ({@code Authorization}, {@code Content-Type},
 *       {@code Content-Encoding}, {@code If-Match}, {@code Accept}) and {@code Access-Control-Max-Age}
 *       600 s for a listed origin; 403 for any other; 404 for an unknown path.</li>
 *   <li>{@code Access-Control-Allow-Credentials} is never sent: the keys travel in
 *       {@code Authorization}, set by the page itself, so no cookie or browser-held login is ever
 *       lent to another site, and {@code *} is never combined with credentials.</li>
 * </ul>
 * {@code Vary: Origin} is on every answer once any origin is listed, so that a cache does not
 * give one origin's answer to another.
 */
final class Cors {
    static final String ALLOW_HEADERS = "Authorization, Content-Type, Content-Encoding, If-Match, Accept";
    static final String EXPOSE_HEADERS = "Dendro-Version, ETag, Location, Retry-After, WWW-Authenticate, Allow";
    /** How long a browser may keep a preflight's answer: 10 minutes, Chromium's own cap being 2 hours. */
    static final int MAX_AGE_SECONDS = 600;

    private final List<String> origins;
    private final boolean any;

    Cors(List<String> origins) {
        this.origins = List.copyOf(origins);
        this.any = origins.contains("*");
    }

    boolean enabled() {
        return !origins.isEmpty();
    }

    /** Whether a page of {@code origin} (as the request's {@code Origin} header sends it) may read. */
    boolean allows(String origin) {
        if (origin == null || !enabled()) {
            return false;
        }
        if (any) {
            return true;
        }
        String o = HttpServerOptions.origin(origin);
        return o != null && origins.contains(o);
    }

    /**
     * Whether a write may come from where this request says it comes from. A browser names the
     * page's origin in {@code Origin} on every cross-origin request (and on same-origin writes);
     * clients that are not browsers send none. A write from a page of another origin than the
     * server's own that the listed origins do not include is refused: otherwise, with no key set,
     * any page the user opens could write to a server on their machine (a simple POST needs no
     * preflight).
     */
    boolean writeAllowed(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin == null || allows(origin)) {
            return true;
        }
        String o = HttpServerOptions.origin(origin);
        String host = ex.getRequestHeaders().getFirst("Host");
        if (o == null || host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(java.util.Locale.ROOT);
        return o.equals(HttpServerOptions.origin("http://" + h)) || o.equals(HttpServerOptions.origin("https://" + h));
    }

    /** Sets the CORS headers of an answer (before it starts). */
    void onRequest(HttpExchange ex) {
        if (!enabled()) {
            return;
        }
        Headers h = ex.getResponseHeaders();
        h.add("Vary", "Origin");
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (allows(origin)) {
            h.set("Access-Control-Allow-Origin", any ? "*" : origin.strip());
            h.set("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        }
    }

    /** Whether the request is a CORS preflight this server answers (CORS on, OPTIONS, the two headers). */
    boolean isPreflight(HttpExchange ex) {
        return enabled() && ex.getRequestMethod().equals("OPTIONS")
                && ex.getRequestHeaders().getFirst("Origin") != null
                && ex.getRequestHeaders().getFirst("Access-Control-Request-Method") != null;
    }

    /**
     * Answers a preflight for {@code path}.
     *
     * @throws HttpError 404 for a path no route serves, 403 for an origin not listed
     */
    void preflight(HttpExchange ex, Router router, String path) {
        Set<String> methods = router.methods(path);
        if (methods.isEmpty()) {
            throw HttpError.notFound("no such resource: " + Strings.shorten(path, 200));
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (!allows(origin)) {
            throw new HttpError(403, "origin " + Strings.shorten(origin, 100) + " may not read this server"
                    + " (dendro serve --cors-origin lists those that may)", null);
        }
        Headers h = ex.getResponseHeaders();
        h.add("Vary", "Access-Control-Request-Method");
        h.add("Vary", "Access-Control-Request-Headers");
        h.set("Access-Control-Allow-Methods", String.join(", ", methods));
        h.set("Access-Control-Allow-Headers", ALLOW_HEADERS);
        h.set("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
        try {
            ex.sendResponseHeaders(204, -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
