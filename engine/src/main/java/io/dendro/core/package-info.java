/**
 * Internal: the state of one open database ({@link io.dendro.core.DatabaseCore}: store, options,
 * loaded streams, the commit of a stream record) and of each open stream
 * ({@link io.dendro.core.StreamHandle}: its committed snapshot, its buffer, the overlay that shows
 * the buffer to reads).
 */
package io.dendro.core;
