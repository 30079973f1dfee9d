/**
 * Internal: the registry and versions. The catalog HAMT from UUID to stream record
 * ({@link io.dendro.catalog.Catalog}), stream records and properties, the per-stream version
 * index ({@link io.dendro.catalog.VersionIndex}) and the retention rule.
 */
package io.dendro.catalog;
