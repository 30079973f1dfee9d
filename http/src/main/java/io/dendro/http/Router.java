package io.dendro.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Method and path pattern to handler. A pattern is a path with {@code {name}} segments
 * ({@code /api/v1/stream/{id}/}); a trailing slash is optional in the request, as Django's
 * {@code APPEND_SLASH} would redirect to it. A path no pattern matches is 404; a path some
 * pattern matches under other methods is 405 with {@code Allow} naming them.
 */
final class Router {
    /** What a handler does with a request. */
    @FunctionalInterface
    interface Handler {
        void handle(Request r) throws Exception;
    }

    /** A route: whether it writes (needs a read-write key) and what handles it. */
    record Route(String method, Pattern pattern, List<String> names, boolean writes, Handler handler) {
    }

    /** A match: the route and the values of its path's {@code {name}} segments. */
    record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** A route that only reads. */
    Router get(String template, Handler h) {
        return add("GET", template, false, h);
    }

    /** A route that changes the database: a read-only key gets 403. */
    Router write(String method, String template, Handler h) {
        return add(method, template, true, h);
    }

    private Router add(String method, String template, boolean writes, Handler h) {
        StringBuilder re = new StringBuilder();
        List<String> names = new ArrayList<>();
        String t = template.endsWith("/") && template.length() > 1 ? template.substring(0, template.length() - 1)
                : template;
        for (String seg : t.split("/", -1)) {
            if (seg.isEmpty()) {
                continue;
            }
            re.append('/');
            if (seg.startsWith("{") && seg.endsWith("}")) {
                names.add(seg.substring(1, seg.length() - 1));
                re.append("([^/]+)");
            } else {
                re.append(Pattern.quote(seg));
            }
        }
        re.append("/?");
        routes.add(new Route(method, Pattern.compile(re.toString()), names, writes, h));
        return this;
    }

    /**
     * The route for a request.
     *
     * @throws HttpError 404 when no pattern matches the path, 405 (with the allowed methods) when
     *                   patterns match it under other methods only
     */
    Match match(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Matcher m = r.pattern.matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (r.method.equals(method)) {
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 0; i < r.names.size(); i++) {
                    params.put(r.names.get(i), m.group(i + 1));
                }
                return new Match(r, params);
            }
            allowed.add(r.method);
        }
        if (allowed.isEmpty()) {
            throw HttpError.notFound("no such resource: " + Strings.shorten(path, 200));
        }
        throw new MethodNotAllowed(method, String.join(", ", allowed));
    }

    /** The methods some route takes at {@code path} (empty: no such resource), for a CORS preflight. */
    Set<String> methods(String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.pattern.matcher(path).matches()) {
                allowed.add(r.method);
            }
        }
        return allowed;
    }

    /** 405, with the methods the path does take. */
    static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String allow;

        MethodNotAllowed(String method, String allow) {
            super("method " + Strings.shorten(method, 20) + " is not allowed here (allowed: " + allow + ")", null,
                    false, false);
            this.allow = allow;
        }
    }
}
