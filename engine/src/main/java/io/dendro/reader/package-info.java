/**
 * Internal: what a read-only open does instead of writing. {@link io.dendro.reader.Refresher}
 * follows the writer's commits and write-ahead log without writing a byte
 * (docs/design/readers.md).
 */
package io.dendro.reader;
