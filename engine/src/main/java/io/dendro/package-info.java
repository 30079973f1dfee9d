/**
 * Dendro's public Java API: {@link io.dendro.Database} (open, create and find streams, flush,
 * compact, verify, dump), {@link io.dendro.Stream} (insert, delete, the queries at any version),
 * their options, cursors and result types. This package and {@code io.dendro.error} are the
 * whole public surface; every other package is internal and may change in any release
 * (enforced by the architecture test, ADR 0017).
 */
package io.dendro;
