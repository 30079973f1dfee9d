package io.dendro.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Dendro's writer fed from a {@link Table} (through randomly chosen source kinds, arrays longer
 * than the batch and junk under nulls), and Dendro's reader read back into a {@link Table}.
 */
final class OurStreams {
    private OurStreams() {
    }

    static byte[] write(Table table, Random random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(bytes, table.schema())) {
            for (Table.Batch batch : table.batches()) {
                ArrowColumn[] columns = new ArrowColumn[table.schema().size()];
                for (int c = 0; c < columns.length; c++) {
                    columns[c] = column(table.schema().field(c).type(), batch.columns().get(c), batch.rows(), random);
                }
                writer.writeBatch(batch.rows(), columns);
            }
        }
        return bytes.toByteArray();
    }

    /** A source column whose conversion to {@code type} gives {@code values}. */
    static ArrowColumn column(ArrowType type, Object[] values, int rows, Random random) {
        int length = rows + (random.nextBoolean() ? 0 : random.nextInt(5));
        boolean[] valid = new boolean[length];
        boolean hasNull = false;
        for (int i = 0; i < length; i++) {
            valid[i] = i >= rows || values[i] != null;
            hasNull |= !valid[i];
        }
        boolean[] validity = hasNull || random.nextBoolean() ? valid : null;
        switch (type) {
            case ArrowType.Timestamp t -> {
                long per = t.unit().nanosPerUnit();
                long[] ns = junkLongs(random, length);
                for (int i = 0; i < rows; i++) {
                    if (values[i] != null) {
                        // any nanosecond within the unit floors to the stored value
                        ns[i] = (Long) values[i] * per + (per == 1 ? 0 : random.nextLong(per));
                    }
                }
                return ArrowColumn.longs(ns, validity);
            }
            case ArrowType.Int _ -> {
                boolean exact = Arrays.stream(values).allMatch(v -> v == null || Math.abs((Long) v) < (1L << 53));
                if (exact && random.nextBoolean()) {
                    double[] d = junkDoubles(random, length);
                    for (int i = 0; i < rows; i++) {
                        if (values[i] != null) {
                            d[i] = (Long) values[i];
                        }
                    }
                    return ArrowColumn.doubles(d, validity);
                }
                long[] v = junkLongs(random, length);
                for (int i = 0; i < rows; i++) {
                    if (values[i] != null) {
                        v[i] = (Long) values[i];
                    }
                }
                return ArrowColumn.longs(v, validity);
            }
            case ArrowType.FloatingPoint _ -> {
                double[] d = junkDoubles(random, length);
                for (int i = 0; i < rows; i++) {
                    if (values[i] != null) {
                        d[i] = (Double) values[i];
                    }
                }
                return ArrowColumn.doubles(d, validity);
            }
            case ArrowType.Utf8 _ -> {
                String[] s = new String[length];
                for (int i = 0; i < length; i++) {
                    s[i] = i < rows ? (String) values[i] : "junk";
                }
                if (validity != null && random.nextBoolean()) {
                    for (int i = 0; i < rows; i++) {
                        if (!valid[i]) {
                            s[i] = "junk under a null";
                        }
                    }
                    return ArrowColumn.strings(s, validity);
                }
                return ArrowColumn.strings(s); // the null elements are the nulls
            }
            case ArrowType.Bool _ -> {
                boolean[] b = new boolean[length];
                for (int i = 0; i < length; i++) {
                    b[i] = i >= rows || values[i] == null ? random.nextBoolean() : (Boolean) values[i];
                }
                return ArrowColumn.booleans(b, validity);
            }
        }
    }

    /** Junk that no type could hold, to show that values under nulls and past the rows are ignored. */
    private static long[] junkLongs(Random random, int length) {
        long[] v = new long[length];
        Arrays.fill(v, random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE);
        return v;
    }

    private static double[] junkDoubles(Random random, int length) {
        double[] d = new double[length];
        Arrays.fill(d, random.nextBoolean() ? Double.NaN : 0.5);
        return d;
    }

    static Table read(byte[] ipc) {
        ArrowStreamReader reader = ArrowStreamReader.of(ipc);
        ArrowSchema schema = reader.schema();
        List<Table.Batch> batches = new ArrayList<>();
        while (reader.nextBatch()) {
            int rows = reader.rows();
            List<Object[]> columns = new ArrayList<>();
            for (int c = 0; c < schema.size(); c++) {
                Object[] values = new Object[rows];
                Object array = switch (schema.field(c).type()) {
                    case ArrowType.Timestamp _, ArrowType.Int _ -> reader.longs(c);
                    case ArrowType.FloatingPoint _ -> reader.doubles(c);
                    case ArrowType.Utf8 _ -> reader.strings(c);
                    case ArrowType.Bool _ -> reader.booleans(c);
                };
                int nulls = 0;
                for (int i = 0; i < rows; i++) {
                    if (!reader.isValid(c, i)) {
                        nulls++;
                        continue;
                    }
                    values[i] = switch (array) {
                        case long[] a -> schema.field(c).type() instanceof ArrowType.Timestamp t
                                ? a[i] / t.unit().nanosPerUnit() : a[i];
                        case double[] a -> a[i];
                        case String[] a -> a[i];
                        case boolean[] a -> a[i];
                        default -> throw new AssertionError(array);
                    };
                }
                assertEquals(nulls, reader.nullCount(c), "null count of column " + c);
                columns.add(values);
            }
            batches.add(new Table.Batch(rows, columns));
        }
        return new Table(schema, batches);
    }
}
