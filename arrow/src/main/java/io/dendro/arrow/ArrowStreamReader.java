package io.dendro.arrow;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads an Arrow IPC stream: the schema at construction, then one record batch per
 * {@link #nextBatch()}. Reads what pyarrow's {@code pa.ipc.new_stream} and Apache Arrow Java's
 * {@code ArrowStreamWriter} write for the types of {@link ArrowType}, with or without the
 * {@code 0xFFFFFFFF} continuation marker (streams before Arrow 0.15 lack it), with or without the
 * end-of-stream marker (the input may end after a whole message), metadata version V4 or V5.
 *
 * <p><b>Rejected</b>, with an {@link ArrowFormatException} saying what and where, and nothing
 * else ever thrown for any input bytes: a bad prefix or a length beyond the input; a FlatBuffer
 * offset, vtable, vector or string outside the metadata; a schema of no field or of more than
 * {@value ArrowSchema#MAX_FIELDS}; any type but those of {@link ArrowType} (lists, structs,
 * unions, maps, decimals, dates, binary, views...); dictionary-encoded fields and dictionary
 * batches; compressed bodies; big-endian data; a record batch before the schema, or a second
 * schema; a record batch whose row count does not match its nodes or does not fit its buffers, a
 * buffer outside the body, a validity bitmap whose nulls differ from the declared count, string
 * offsets out of order or beyond their data; in a byte array or buffer, bytes after the
 * end-of-stream marker. Malformed UTF-8 in names and strings is not refused: it decodes to
 * U+FFFD.
 *
 * <p><b>Memory</b> is bounded by the input: nothing is allocated from a declared length until
 * the input is known to hold it, row counts are checked against the buffers, a string budget
 * bounds decoded names (see {@link FlatBufferReader}). A byte array or buffer is read in place;
 * an {@link InputStream} is read one message at a time.
 *
 * <p><b>Conversions.</b> Values come back as Java arrays of exactly {@link #rows()} entries, 0
 * (or null, or false) under null rows:
 * <table>
 * <caption>field type to accessor</caption>
 * <tr><th>field type</th><th>{@link #longs}</th><th>{@link #doubles}</th><th>{@link #strings}</th>
 *     <th>{@link #booleans}</th></tr>
 * <tr><td>Timestamp(unit)</td><td>nanoseconds since the epoch: multiplied by the unit; a value
 *     beyond a long of nanoseconds (about the years 1677 to 2262) throws</td>
 *     <td>refused</td><td>refused</td><td>refused</td></tr>
 * <tr><td>Int</td><td>as is; a uint64 above {@link Long#MAX_VALUE} throws</td>
 *     <td>the nearest double</td><td>refused</td><td>refused</td></tr>
 * <tr><td>FloatingPoint</td><td>refused</td><td>widened to double (exactly)</td><td>refused</td>
 *     <td>refused</td></tr>
 * <tr><td>Utf8</td><td>refused</td><td>refused</td><td>the strings</td><td>refused</td></tr>
 * <tr><td>Bool</td><td>0 or 1</td><td>refused</td><td>refused</td><td>as is</td></tr>
 * </table>
 * "Refused" and "throws" mean {@link ArrowFormatException}: the type came from the peer.
 *
 * <p><b>Returned arrays are reused</b>: each accessor keeps one array per column and kind and
 * refills it for the next batch when the row count is the same; copy what must outlive the
 * batch. Not thread-safe.
 *
 * <p>The reader does not check that non-nullable fields have no null; use {@link #nullCount}.
 */
public final class ArrowStreamReader {
    private final MessageSource source;
    private final ArrowSchema schema;
    private RecordBatchView batch;
    private boolean ended;
    private RuntimeException failure;

    private final long[][] longs;
    private final double[][] doubles;
    private final String[][] strings;
    private final boolean[][] booleans;
    /** Per column, which of the four arrays hold the current batch (bit per kind). */
    private final byte[] filled;

    private ArrowStreamReader(MessageSource source) {
        this.source = source;
        ByteBuffer metadata = source.nextMetadata();
        if (metadata == null) {
            throw new ArrowFormatException("the input holds no schema message");
        }
        MetadataReader.Header header = MetadataReader.message(metadata, source.where());
        if (header.type() != MetadataLayout.HEADER_SCHEMA) {
            throw new ArrowFormatException(source.where() + ": a record batch before the schema");
        }
        this.schema = MetadataReader.schema(header);
        source.body(header.bodyLength());
        int n = schema.size();
        longs = new long[n][];
        doubles = new double[n][];
        strings = new String[n][];
        booleans = new boolean[n][];
        filled = new byte[n];
    }

    /**
     * Reads a stream held in a byte array.
     *
     * @param ipc a whole stream; read in place, so do not change it while reading
     * @return a reader positioned before the first batch
     * @throws ArrowFormatException when the bytes do not start with a schema this reader takes
     */
    public static ArrowStreamReader of(byte[] ipc) {
        return of(ByteBuffer.wrap(ipc));
    }

    /**
     * Reads a stream held in a buffer, heap or direct.
     *
     * @param ipc a whole stream, from its position to its limit (neither is changed); read in place
     * @return a reader positioned before the first batch
     * @throws ArrowFormatException when the bytes do not start with a schema this reader takes
     */
    public static ArrowStreamReader of(ByteBuffer ipc) {
        return new ArrowStreamReader(MessageSource.of(ipc));
    }

    /**
     * Reads a stream one message at a time, never more than {@code maxBytes} bytes in all
     * (more is an {@link ArrowFormatException}), and nothing past the end-of-stream marker. The
     * stream is not closed.
     *
     * @param in       the stream, read from its current position
     * @param maxBytes the most bytes the Arrow stream may take
     * @return a reader positioned before the first batch
     * @throws ArrowFormatException when the bytes do not start with a schema this reader takes
     * @throws UncheckedIOException when reading fails
     */
    public static ArrowStreamReader of(InputStream in, long maxBytes) {
        return new ArrowStreamReader(MessageSource.of(Objects.requireNonNull(in, "in"), maxBytes));
    }

    /** @return the stream's schema */
    public ArrowSchema schema() {
        return schema;
    }

    /**
     * Moves to the next record batch (batches of 0 rows included).
     *
     * @return false at the end of the stream
     * @throws ArrowFormatException when the next message is malformed or not a record batch;
     *                              the reader is then broken and throws the same again
     * @throws UncheckedIOException when reading an {@link InputStream} fails
     */
    public boolean nextBatch() {
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return false;
        }
        batch = null;
        try {
            ByteBuffer metadata = source.nextMetadata();
            if (metadata == null) {
                ended = true;
                return false;
            }
            String where = source.where();
            MetadataReader.Header header = MetadataReader.message(metadata, where);
            if (header.type() != MetadataLayout.HEADER_RECORD_BATCH) {
                throw new ArrowFormatException(where + ": a second schema message");
            }
            MetadataReader.BatchLayout layout = MetadataReader.batch(header, schema, where);
            batch = new RecordBatchView(schema, layout, source.body(header.bodyLength()), where);
        } catch (ArrowFormatException | UncheckedIOException e) {
            failure = e;
            throw e;
        }
        Arrays.fill(filled, (byte) 0);
        return true;
    }

    /** @return the rows of the current batch */
    public int rows() {
        return current().rows();
    }

    /**
     * @return column {@code column} of the current batch as longs (rules in the class comment);
     *         reused for the next batch
     * @throws ArrowFormatException for a type that does not read as longs, or a value out of range
     */
    public long[] longs(int column) {
        RecordBatchView b = current();
        long[] out = longs[column];
        if (out == null || out.length != b.rows()) {
            out = longs[column] = new long[b.rows()];
        }
        if ((filled[column] & 1) == 0) {
            b.longs(column, out);
            filled[column] |= 1;
        }
        return out;
    }

    /**
     * @return column {@code column} of the current batch as doubles (rules in the class comment);
     *         reused for the next batch
     * @throws ArrowFormatException for a type that does not read as doubles
     */
    public double[] doubles(int column) {
        RecordBatchView b = current();
        double[] out = doubles[column];
        if (out == null || out.length != b.rows()) {
            out = doubles[column] = new double[b.rows()];
        }
        if ((filled[column] & 2) == 0) {
            b.doubles(column, out);
            filled[column] |= 2;
        }
        return out;
    }

    /**
     * @return column {@code column} of the current batch, a Utf8 column, null under nulls;
     *         reused for the next batch
     * @throws ArrowFormatException for another type
     */
    public String[] strings(int column) {
        RecordBatchView b = current();
        String[] out = strings[column];
        if (out == null || out.length != b.rows()) {
            out = strings[column] = new String[b.rows()];
        }
        if ((filled[column] & 4) == 0) {
            b.strings(column, out);
            filled[column] |= 4;
        }
        return out;
    }

    /**
     * @return column {@code column} of the current batch, a Bool column, false under nulls;
     *         reused for the next batch
     * @throws ArrowFormatException for another type
     */
    public boolean[] booleans(int column) {
        RecordBatchView b = current();
        boolean[] out = booleans[column];
        if (out == null || out.length != b.rows()) {
            out = booleans[column] = new boolean[b.rows()];
        }
        if ((filled[column] & 8) == 0) {
            b.booleans(column, out);
            filled[column] |= 8;
        }
        return out;
    }

    /** @return whether row {@code row} of column {@code column} in the current batch is not null */
    public boolean isValid(int column, int row) {
        RecordBatchView b = current();
        Objects.checkIndex(column, schema.size());
        Objects.checkIndex(row, b.rows());
        return b.isValid(column, row);
    }

    /** @return the number of null rows of column {@code column} in the current batch */
    public int nullCount(int column) {
        RecordBatchView b = current();
        Objects.checkIndex(column, schema.size());
        return b.nullCount(column);
    }

    private RecordBatchView current() {
        if (batch == null) {
            throw new IllegalStateException(ended ? "the stream has ended" : "call nextBatch() first");
        }
        return batch;
    }
}
