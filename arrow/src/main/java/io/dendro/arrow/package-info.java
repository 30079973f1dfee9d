/**
 * A small Arrow IPC <em>stream format</em> writer and reader, written from the published format
 * (Columnar.html, Schema.fbs, Message.fbs) with no dependency and no JVM flag: Apache Arrow Java
 * is used by the tests only, to check every byte we write and to write what we read.
 *
 * <p>Shared by the faces: the gRPC server answers each BTrDB call with whole streams (schema,
 * record batches, end marker) that the Python client opens with
 * {@code pa.ipc.open_stream(bytes).read_all()}; the HTTP server will stream many batches to an
 * {@code OutputStream}. Clients send Arrow too: {@code ArrowInsert} payloads written by
 * {@code pa.ipc.new_stream(sink, schema).write(table)}, and "templates" (a schema and no batch)
 * naming the types of the answer they want.
 *
 * <ul>
 * <li>{@link io.dendro.arrow.ArrowType}, {@link io.dendro.arrow.ArrowField},
 *     {@link io.dendro.arrow.ArrowSchema}: the types supported (Timestamp, Int 8 to 64 bits signed or
 *     not, FloatingPoint half, single and double, Utf8, Bool) and schemas of 1 to 1024 of them.</li>
 * <li>{@link io.dendro.arrow.ArrowStreamWriter} with {@link io.dendro.arrow.ArrowColumn}: writes a
 *     stream from Java arrays, converting each to its field's type (timestamps are given in
 *     nanoseconds).</li>
 * <li>{@link io.dendro.arrow.ArrowStreamReader}: reads a stream into Java arrays, converting back
 *     (timestamps come back in nanoseconds), and refuses anything else with
 *     {@link io.dendro.arrow.ArrowFormatException}, the only exception any input bytes can cause.</li>
 * </ul>
 *
 * <p>Not supported: the file format (random access, footer), dictionaries, compression, nested
 * and other types, big-endian data, custom metadata (read and ignored, never written). The
 * subset, the conversion rules, the limits and how the tests check them against Arrow Java and
 * pyarrow are in {@code docs/design/arrow-ipc.md}.
 *
 * <p>Internals, each one concept: {@code IpcLayout} (message framing), {@code MetadataLayout}
 * (the FlatBuffer tables and slots), {@code FlatBufferBuilder} and {@code FlatBufferReader} (the
 * FlatBuffer encoding), {@code MetadataWriter} and {@code MetadataReader} (Message, Schema,
 * RecordBatch), {@code BatchEncoder} (a batch's body from columns), {@code RecordBatchView} (a
 * batch's body checked and decoded), {@code MessageSource} (messages from a buffer or a stream).
 */
package io.dendro.arrow;
