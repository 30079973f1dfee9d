/**
 * Internal: the write path of buffered inserts. {@link io.dendro.write.Buffers} logs inserts to the
 * write-ahead log, keeps them in per-stream buffers, seals buffers into tree versions, replays the
 * log at open; {@link io.dendro.write.LogRecords} is the engine's log payload
 * (docs/design/durability.md).
 */
package io.dendro.write;
