/**
 * Internal: the time tree. Node layouts as static accessors over memory segments
 * ({@link io.dendro.tree.InternalLayout}, {@link io.dendro.tree.LeafLayout},
 * {@link io.dendro.tree.Summary}), the path-copying and bulk-building writer
 * ({@link io.dendro.tree.TreeWriter}), the queries ({@link io.dendro.tree.Walker} and its cursors,
 * {@link io.dendro.tree.TreeQueries}, {@link io.dendro.tree.TreeChanges}) and the in-memory
 * {@link io.dendro.tree.Overlay} of buffered points.
 */
package io.dendro.tree;
