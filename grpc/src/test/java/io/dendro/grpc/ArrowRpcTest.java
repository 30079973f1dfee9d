package io.dendro.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import io.dendro.Time;
import io.dendro.grpc.v5api.AlignedWindowsParams;
import io.dendro.grpc.v5api.ArrowInsertParams;
import io.dendro.grpc.v5api.ArrowMultiValuesParams;
import io.dendro.grpc.v5api.ArrowRawValuesParams;
import io.dendro.grpc.v5api.MergePolicy;
import io.dendro.grpc.v5api.WindowsParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Arrow RPCs, read back (and their requests written) with Apache Arrow Java, as pyarrow
 * would: every response message is a complete IPC stream.
 */
class ArrowRpcTest extends GrpcFixture {
    private final BufferAllocator alloc = new RootAllocator();

    @Override
    GrpcServerOptions options() {
        return super.options().chunkPoints(1_000);
    }

    @AfterEach
    void closeAllocator() {
        alloc.close();
    }

    /** One decoded message: its schema and its rows as lists per column (numbers as Object). */
    record Table(Schema schema, List<List<Object>> columns) {
        int rows() {
            return columns.isEmpty() ? 0 : columns.get(0).size();
        }
    }

    private Table read(ByteString bytes) {
        try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(bytes.toByteArray()), alloc)) {
            VectorSchemaRoot root = r.getVectorSchemaRoot();
            List<List<Object>> cols = new ArrayList<>();
            for (int i = 0; i < root.getSchema().getFields().size(); i++) {
                cols.add(new ArrayList<>());
            }
            while (r.loadNextBatch()) {
                for (int c = 0; c < cols.size(); c++) {
                    FieldVector v = root.getVector(c);
                    for (int i = 0; i < root.getRowCount(); i++) {
                        cols.get(c).add(v.isNull(i) ? null : v.getObject(i) instanceof java.time.LocalDateTime
                                ? ((org.apache.arrow.vector.TimeStampVector) v).get(i) : v.getObject(i));
                    }
                }
            }
            return new Table(root.getSchema(), cols);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Field field(String name, ArrowType t, boolean nullable) {
        return new Field(name, new FieldType(nullable, t, null), null);
    }

    private static final ArrowType TS_NS_UTC = new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC");
    private static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

    /** What pyarrow's {@code pa.ipc.new_stream(sink, table.schema).write(table)} sends, in batches. */
    private ByteString pyarrowTable(long[] times, double[] values, int batch) {
        Schema schema = new Schema(List.of(field("time", TS_NS_UTC, false), field("value", F64, false)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
             ArrowStreamWriter w = new ArrowStreamWriter(root, null, out)) {
            w.start();
            for (int at = 0; at < times.length; at += batch) {
                int n = Math.min(batch, times.length - at);
                TimeStampNanoTZVector t = (TimeStampNanoTZVector) root.getVector(0);
                Float8Vector v = (Float8Vector) root.getVector(1);
                t.allocateNew(n);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    t.set(i, times[at + i]);
                    v.set(i, values[at + i]);
                }
                root.setRowCount(n);
                w.writeBatch();
            }
            w.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteString.copyFrom(out.toByteArray());
    }

    private ByteString template(Field... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(fields)), alloc);
             ArrowStreamWriter w = new ArrowStreamWriter(root, null, out)) {
            w.start();
            w.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteString.copyFrom(out.toByteArray());
    }

    @Test
    void shouldInsertPyarrowTablesAndAnswerRawValuesInChunksOfCompleteStreams() {
        UUID u = create("arrow", Map.of("name", "a"));
        int n = 2_500;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = -1_000L + 7L * i;
            v[i] = Math.sin(i);
        }
        var ins = stub.arrowInsert(ArrowInsertParams.newBuilder().setUuid(id(u)).setMergePolicy(MergePolicy.NEVER)
                .setArrowBytes(pyarrowTable(t, v, 1_000)).build());
        ok(ins.getStat());
        assertEquals(n, db.stream(u).count(Time.MIN_TIME, Time.MAX_TIME, 0).value());

        List<Table> tables = new ArrayList<>();
        stub.arrowRawValues(ArrowRawValuesParams.newBuilder().setUuid(id(u)).setStart(Time.MIN_TIME)
                .setEnd(Time.MAX_TIME).build()).forEachRemaining(r -> {
                    ok(r.getStat());
                    assertEquals(ins.getVersionMajor(), r.getVersionMajor());
                    tables.add(read(r.getArrowBytes()));
                });
        assertEquals(List.of(1_000, 1_000, 500), tables.stream().map(Table::rows).toList());
        Schema s = tables.get(0).schema();
        assertEquals(List.of("time", "value"), s.getFields().stream().map(Field::getName).toList());
        assertEquals(TS_NS_UTC, s.getFields().get(0).getType());
        assertFalse(s.getFields().get(0).isNullable());
        assertEquals(F64, s.getFields().get(1).getType());
        int i = 0;
        for (Table tab : tables) {
            for (int r = 0; r < tab.rows(); r++, i++) {
                assertEquals(t[i], tab.columns().get(0).get(r));
                assertEquals(v[i], tab.columns().get(1).get(r));
            }
        }

        // a template: microseconds in another zone, float32 values
        ArrowType us = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Europe/Ljubljana");
        ArrowType f32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        List<Table> cast = new ArrayList<>();
        stub.arrowRawValues(ArrowRawValuesParams.newBuilder().setUuid(id(u)).setStart(0).setEnd(100)
                .setTemplateBytes(template(field("t", us, false), field("v", f32, false))).build())
                .forEachRemaining(r -> {
                    ok(r.getStat());
                    cast.add(read(r.getArrowBytes()));
                });
        Table c = cast.get(0);
        assertEquals(List.of("t", "v"), c.schema().getFields().stream().map(Field::getName).toList());
        assertEquals(us, c.schema().getFields().get(0).getType());
        int first = 143; // -1000 + 7 * 143 = 1 is the first time >= 0
        assertEquals(Math.floorDiv(t[first], 1_000L), c.columns().get(0).get(0));
        assertEquals((float) v[first], c.columns().get(1).get(0));

        // nothing in range: one message holding the schema and no rows
        List<Table> none = new ArrayList<>();
        stub.arrowRawValues(ArrowRawValuesParams.newBuilder().setUuid(id(u)).setStart(1L << 50).setEnd(1L << 51)
                .build()).forEachRemaining(r -> none.add(read(r.getArrowBytes())));
        assertEquals(1, none.size());
        assertEquals(0, none.get(0).rows());
        assertEquals(2, none.get(0).schema().getFields().size());
    }

    @Test
    void shouldAnswerArrowWindowsWithBtrdbsColumns() {
        UUID u = create("aw", Map.of());
        insert(u, MergePolicy.NEVER, new long[] {0, 1, 2, 3, 64, 65}, new double[] {1, 2, 3, 4, 10, 20});
        List<Table> aligned = new ArrayList<>();
        stub.arrowAlignedWindows(AlignedWindowsParams.newBuilder().setUuid(id(u)).setStart(0).setEnd(128)
                .setPointWidth(6).build()).forEachRemaining(r -> {
                    ok(r.getStat());
                    aligned.add(read(r.getArrowBytes()));
                });
        Table a = aligned.get(0);
        assertEquals(List.of("time", "min", "mean", "max", "count", "stddev"),
                a.schema().getFields().stream().map(Field::getName).toList());
        assertEquals(new ArrowType.Int(64, false), a.schema().getFields().get(4).getType());
        assertEquals(List.of(0L, 64L), a.columns().get(0));
        assertEquals(List.of(1.0, 10.0), a.columns().get(1));
        assertEquals(List.of(2.5, 15.0), a.columns().get(2));
        assertEquals(List.of(4L, 2L), a.columns().get(4).stream().map(o -> ((Number) o).longValue()).toList());

        List<Table> windows = new ArrayList<>();
        stub.arrowWindows(WindowsParams.newBuilder().setUuid(id(u)).setStart(0).setEnd(100).setWidth(50).build())
                .forEachRemaining(r -> {
                    ok(r.getStat());
                    windows.add(read(r.getArrowBytes()));
                });
        assertEquals(List.of(0L, 50L), windows.get(0).columns().get(0));
        assertEquals(List.of(4L, 2L), windows.get(0).columns().get(4).stream().map(o -> ((Number) o).longValue()).toList());
        stub.arrowAlignedWindows(AlignedWindowsParams.newBuilder().setUuid(id(u)).setPointWidth(64).setEnd(1).build())
                .forEachRemaining(r -> code(415, r.getStat()));
    }

    @Test
    void shouldOuterJoinStreamsOnTimeAndSnapToAPeriod() {
        UUID a = create("multi", Map.of("name", "a"));
        UUID b = create("multi", Map.of("name", "b"));
        insert(a, MergePolicy.NEVER, new long[] {0, 100, 200, 300}, new double[] {1, 2, 3, 4});
        insert(b, MergePolicy.NEVER, new long[] {100, 250, 300, 300}, new double[] {10, 20, 30, 31});
        List<Table> out = new ArrayList<>();
        stub.arrowMultiValues(ArrowMultiValuesParams.newBuilder().addUuid(id(a)).addUuid(id(b)).setStart(0)
                .setEnd(1_000).build()).forEachRemaining(r -> {
                    ok(r.getStat());
                    out.add(read(r.getArrowBytes()));
                });
        Table t = out.get(0);
        assertEquals(List.of("time", a.toString(), b.toString()),
                t.schema().getFields().stream().map(Field::getName).toList());
        assertEquals(List.of(0L, 100L, 200L, 250L, 300L), t.columns().get(0));
        assertEquals(java.util.Arrays.asList(1.0, 2.0, 3.0, null, 4.0), t.columns().get(1));
        assertEquals(java.util.Arrays.asList(null, 10.0, null, 20.0, 30.0), t.columns().get(2),
                "duplicates at one time: the first");

        List<Table> snapped = new ArrayList<>();
        stub.arrowMultiValues(ArrowMultiValuesParams.newBuilder().addUuid(id(a)).addUuid(id(b)).setStart(0)
                .setEnd(1_000).setSnapPeriodNs(200).build()).forEachRemaining(r -> {
                    ok(r.getStat());
                    snapped.add(read(r.getArrowBytes()));
                });
        Table s = snapped.get(0);
        // a: 0->0, 100->200 (halves up), 200->200, 300->400; b: 100->200, 250->200, 300->400 (x2)
        assertEquals(List.of(0L, 200L, 400L), s.columns().get(0));
        assertEquals(java.util.Arrays.asList(1.0, 3.0, 4.0), s.columns().get(1), "200 is nearer to 200 than 100");
        assertEquals(java.util.Arrays.asList(null, 20.0, 30.0), s.columns().get(2));

        // pinned versions: b at its first version
        long bv = db.stream(b).flush();
        insert(b, MergePolicy.NEVER, new long[] {500}, new double[] {50});
        List<Table> pinned = new ArrayList<>();
        stub.arrowMultiValues(ArrowMultiValuesParams.newBuilder().addUuid(id(a)).addUuid(id(b)).addVersionMajor(0)
                .addVersionMajor(bv).setStart(0).setEnd(1_000).build()).forEachRemaining(r -> pinned.add(read(r.getArrowBytes())));
        assertEquals(5, pinned.get(0).rows(), "the point at 500 is not in b's pinned version");

        stub.arrowMultiValues(ArrowMultiValuesParams.newBuilder().addUuid(id(a)).addVersionMajor(1).addVersionMajor(2)
                .setEnd(10).build()).forEachRemaining(r -> code(421, r.getStat()));
        stub.arrowMultiValues(ArrowMultiValuesParams.newBuilder().addUuid(id(a)).setSnapPeriodNs(-5).setEnd(10).build())
                .forEachRemaining(r -> code(421, r.getStat()));
        stub.arrowMultiValues(ArrowMultiValuesParams.newBuilder().setEnd(10).build())
                .forEachRemaining(r -> code(421, r.getStat()));
        stub.arrowMultiValues(ArrowMultiValuesParams.newBuilder().addUuid(id(UUID.randomUUID())).setEnd(10).build())
                .forEachRemaining(r -> code(404, r.getStat()));
    }

    @Test
    void shouldRefuseArrowInsertsWithNullsOrWrongColumns() {
        UUID u = create("bad", Map.of());
        Schema schema = new Schema(List.of(field("time", TS_NS_UTC, true), field("value", F64, true)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
             ArrowStreamWriter w = new ArrowStreamWriter(root, null, out)) {
            w.start();
            TimeStampNanoTZVector t = (TimeStampNanoTZVector) root.getVector(0);
            Float8Vector v = (Float8Vector) root.getVector(1);
            t.allocateNew(2);
            v.allocateNew(2);
            t.set(0, 1);
            t.set(1, 2);
            v.set(0, 1.0);
            v.setNull(1);
            root.setRowCount(2);
            w.writeBatch();
            w.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        code(425, stub.arrowInsert(ArrowInsertParams.newBuilder().setUuid(id(u))
                .setArrowBytes(ByteString.copyFrom(out.toByteArray())).build()).getStat());
        code(421, stub.arrowInsert(ArrowInsertParams.newBuilder().setUuid(id(u))
                .setArrowBytes(template(field("a", F64, false), field("b", F64, false), field("c", F64, false)))
                .build()).getStat());
        assertEquals(0, db.stream(u).count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
    }
}
