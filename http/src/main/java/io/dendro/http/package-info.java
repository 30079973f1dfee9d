/**
 * Dendro's HTTP face over the engine's public API ({@code io.dendro}): Datastream's REST
 * resources under {@code /api/v1/stream/}, read and write, and BTrDB's queries as JSON, CSV and
 * Arrow downloads under {@code /btrdb/v1/streams/<uuid>/}, on the JDK's HTTP server with
 * virtual threads ({@link io.dendro.http.DendroHttpServer}). See {@code docs/design/http-face.md}
 * and ADR 0020.
 */
package io.dendro.http;
