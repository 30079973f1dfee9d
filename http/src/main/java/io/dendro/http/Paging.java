package io.dendro.http;

/**
 * Tastypie's paging meta as django-datastream's paginators write it: {@code limit},
 * {@code offset}, {@code total_count}, and {@code next} and {@code previous} links that repeat the
 * request's other parameters, in their order, with {@code limit} and {@code offset} last. A
 * previous page that would start before 0 is made shorter ({@code offset=7&limit=10} has
 * previous {@code offset=0&limit=7}). A detail page of {@code limit=0} has neither link.
 */
final class Paging {
    private Paging() {
    }

    static void meta(JsonOut j, Params p, String uri, long limit, long offset, long total, boolean detail) {
        j.beginObject().field("limit", limit).field("offset", offset).field("total_count", total);
        j.name("next");
        if (limit > 0 && total > offset + limit) {
            j.string(link(p, uri, limit, offset + limit));
        } else {
            j.nul();
        }
        j.name("previous");
        long prevLimit = offset > 0 && offset < limit ? offset : limit;
        if (offset != 0 && (limit > 0 || !detail) && offset - prevLimit >= 0) {
            j.string(link(p, uri, prevLimit, offset - prevLimit));
        } else {
            j.nul();
        }
        j.endObject();
    }

    static String link(Params p, String uri, long limit, long offset) {
        StringBuilder sb = new StringBuilder(uri).append('?');
        for (String[] pair : p.pairs()) {
            if (!pair[0].equals("limit") && !pair[0].equals("offset")) {
                sb.append(Strings.encode(pair[0])).append('=').append(Strings.encode(pair[1])).append('&');
            }
        }
        return sb.append("limit=").append(limit).append("&offset=").append(offset).toString();
    }
}
