package io.dendro.http;

import io.dendro.Database;

/** Datastream's stream resource, {@code /api/v1/stream/}. */
final class StreamResource {
    static final String LIST = "/api/v1/stream/";
    private final Database db;
    private final HttpServerOptions options;

    StreamResource(Database db, HttpServerOptions options) {
        this.db = db;
        this.options = options;
    }

    void register(Router r) {
    }

    /** {@code GET /api/v1/}: the resources, as Tastypie lists them. */
    void apiRoot(Request r) {
        r.jsonFixed(200, j -> j.beginObject().name("stream").beginObject()
                .field("list_endpoint", LIST).field("schema", LIST + "schema/").endObject().endObject());
    }
}
