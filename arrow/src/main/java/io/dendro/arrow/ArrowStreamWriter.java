package io.dendro.arrow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Writes an Arrow IPC stream: the schema message at construction, one record batch message per
 * {@link #writeBatch}, the end-of-stream marker at {@link #finish()}. What pyarrow's
 * {@code pa.ipc.open_stream(data).read_all()} and Apache Arrow Java's {@code ArrowStreamReader}
 * read. Metadata version V5, little-endian, no compression, no dictionaries; every body buffer
 * 8-aligned; a validity bitmap only for a column that has a null in the batch.
 *
 * <p><b>Conversions.</b> Each source column ({@link ArrowColumn}) is converted to its field's
 * type; the value under a null row is ignored. A source kind a type does not take, or a value
 * the type cannot represent, throws {@link ArrowFormatException} naming the field, the type and
 * the row.
 * <table>
 * <caption>source column to field type</caption>
 * <tr><th>field type</th><th>longs</th><th>doubles</th><th>strings</th><th>booleans</th></tr>
 * <tr><td>Timestamp(unit)</td><td>the longs are nanoseconds: floor-divided by the unit's
 *     nanoseconds (so negative times keep their order: -1 ns is -1 s)</td>
 *     <td>refused</td><td>refused</td><td>refused</td></tr>
 * <tr><td>Int(bits, signed)</td><td>as is; a value outside the type's range throws</td>
 *     <td>an integral value within the range (uint64 up to 2^64 - 1); any other throws
 *     (NaN, infinities, fractions)</td><td>refused</td><td>refused</td></tr>
 * <tr><td>FloatingPoint</td><td>rounded to the nearest double, float or half</td>
 *     <td>as is (DOUBLE) or rounded to the nearest float or half; too large becomes infinite</td>
 *     <td>refused</td><td>refused</td></tr>
 * <tr><td>Utf8</td><td>refused</td><td>refused</td><td>UTF-8; an unpaired surrogate becomes '?'</td>
 *     <td>refused</td></tr>
 * <tr><td>Bool</td><td>refused</td><td>refused</td><td>refused</td><td>as is</td></tr>
 * </table>
 * A null row in a field that is not nullable throws too.
 *
 * <p><b>Failures.</b> A batch is converted and checked in full in a scratch buffer before a
 * byte of it is written, so a batch that throws {@link ArrowFormatException} leaves the stream as
 * it was: the caller may write other batches or finish. An {@link IOException} of the output is
 * thrown as {@link UncheckedIOException}; the stream is then broken.
 *
 * <p><b>Memory.</b> Nothing is allocated per row: the body of a batch is laid out in a scratch
 * buffer that grows to the largest batch and is reused, and then written with one call. Write
 * large results as many batches (say 64 Ki rows each) to bound it.
 *
 * <p><b>The output stream</b> stays open: {@link #close()} and {@link #finish()} write the
 * end-of-stream marker and flush, and never close {@code out}, which belongs to the caller (a
 * {@code ByteArrayOutputStream} per gRPC message, a response body). Not thread-safe.
 */
public final class ArrowStreamWriter implements AutoCloseable {
    private final OutputStream out;
    private final ArrowSchema schema;
    private final MetadataWriter metadata = new MetadataWriter();
    private final BatchEncoder encoder;
    private final byte[] prefix = new byte[IpcLayout.PREFIX_SIZE];
    private final ByteBuffer prefixView = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] padding = new byte[IpcLayout.ALIGNMENT];
    private long bytesWritten;
    private boolean finished;

    /**
     * Writes the schema message at once.
     *
     * @param out    where the stream goes; never closed by this writer
     * @param schema the schema of every batch
     * @throws UncheckedIOException when {@code out} fails
     */
    public ArrowStreamWriter(OutputStream out, ArrowSchema schema) {
        this.out = Objects.requireNonNull(out, "out");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.encoder = new BatchEncoder(schema);
        writeMessage(metadata.schema(schema), null, 0);
    }

    /** @return the schema every batch follows */
    public ArrowSchema schema() {
        return schema;
    }

    /**
     * Writes one record batch of {@code rows} rows (0 is allowed). Column {@code i} feeds field
     * {@code i}; only the first {@code rows} entries of its arrays are read.
     *
     * @param rows    the number of rows, 0 or more
     * @param columns one per field, in the schema's order
     * @throws ArrowFormatException     when a column cannot be converted to its field's type, or
     *                                  a non-nullable field has a null; nothing was written
     * @throws IllegalArgumentException when the number of columns differs from the number of
     *                                  fields, a column is shorter than {@code rows}, or the batch
     *                                  would exceed 2 GiB
     * @throws IllegalStateException    after {@link #finish()}
     * @throws UncheckedIOException     when {@code out} fails
     */
    public void writeBatch(int rows, ArrowColumn... columns) {
        if (finished) {
            throw new IllegalStateException("the stream is finished");
        }
        encoder.encode(rows, columns);
        FlatBufferBuilder fb = metadata.recordBatch(rows, encoder.nodes, schema.size(), encoder.buffers,
                encoder.bufferCount, encoder.bodyLength());
        writeMessage(fb, encoder.body(), encoder.bodyLength());
    }

    /**
     * Writes the end-of-stream marker ({@code 0xFFFFFFFF 0x00000000}) and flushes; later calls do
     * nothing. Does not close the output stream.
     *
     * @throws UncheckedIOException when {@code out} fails
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        prefixView.putInt(0, IpcLayout.CONTINUATION).putInt(Integer.BYTES, 0);
        try {
            out.write(prefix);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytesWritten += prefix.length;
    }

    /** Same as {@link #finish()}: writes the end-of-stream marker; does not close the output stream. */
    @Override
    public void close() {
        finish();
    }

    /** @return the bytes written to the output so far */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Writes a whole stream of one batch into a byte array: what a gRPC response carries.
     *
     * @param schema  the schema
     * @param rows    the number of rows
     * @param columns one per field
     * @return the schema message, one record batch of {@code rows} rows, the end marker
     * @throws ArrowFormatException as {@link #writeBatch}
     */
    public static byte[] toBytes(ArrowSchema schema, int rows, ArrowColumn... columns) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(bytes, schema)) {
            writer.writeBatch(rows, columns);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes a stream of no batch.
     *
     * @param schema the schema
     * @return the schema message and the end marker: how a client says which types it wants (a
     *         "template"), or an answer with no rows
     */
    public static byte[] emptyStream(ArrowSchema schema) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ArrowStreamWriter(bytes, schema).finish();
        return bytes.toByteArray();
    }

    private void writeMessage(FlatBufferBuilder fb, byte[] body, int bodyLength) {
        int metadataLength = (int) IpcLayout.padded(fb.size());
        prefixView.putInt(0, IpcLayout.CONTINUATION).putInt(Integer.BYTES, metadataLength);
        try {
            out.write(prefix);
            out.write(fb.array(), 0, fb.size());
            out.write(padding, 0, metadataLength - fb.size());
            if (bodyLength > 0) {
                out.write(body, 0, bodyLength);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytesWritten += IpcLayout.PREFIX_SIZE + metadataLength + bodyLength;
    }
}
