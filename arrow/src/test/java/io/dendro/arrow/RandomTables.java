package io.dendro.arrow;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random schemas and values of every supported type, edge values included. */
final class RandomTables {
    private static final String[] TIMEZONES = {null, "UTC", "America/New_York", "+07:30"};
    private static final String CHARS = "abcXYZ019 _-é€\u0000\u00ff\u4e2d\ud83d\ude00";

    private RandomTables() {
    }

    static List<ArrowType> allTypes() {
        List<ArrowType> types = new ArrayList<>();
        for (ArrowType.TimeUnit unit : ArrowType.TimeUnit.values()) {
            for (String timezone : TIMEZONES) {
                types.add(new ArrowType.Timestamp(unit, timezone));
            }
        }
        for (int bits = 8; bits <= 64; bits *= 2) {
            types.add(new ArrowType.Int(bits, true));
            types.add(new ArrowType.Int(bits, false));
        }
        for (ArrowType.Precision precision : ArrowType.Precision.values()) {
            types.add(new ArrowType.FloatingPoint(precision));
        }
        types.add(new ArrowType.Utf8());
        types.add(new ArrowType.Bool());
        return types;
    }

    static ArrowSchema schema(Random random, int maxFields) {
        List<ArrowType> types = allTypes();
        int n = 1 + random.nextInt(maxFields);
        List<ArrowField> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fields.add(new ArrowField("f" + i, types.get(random.nextInt(types.size())), random.nextBoolean()));
        }
        return ArrowSchema.of(fields);
    }

    static Table table(Random random, ArrowSchema schema, int batches, int maxRows) {
        List<Table.Batch> list = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int rows = random.nextInt(5) == 0 ? 0 : random.nextInt(maxRows + 1);
            list.add(batch(random, schema, rows));
        }
        return new Table(schema, list);
    }

    static Table.Batch batch(Random random, ArrowSchema schema, int rows) {
        List<Object[]> columns = new ArrayList<>();
        for (ArrowField field : schema.fields()) {
            double nullFraction = field.nullable() && random.nextBoolean() ? random.nextDouble() : 0;
            Object[] values = new Object[rows];
            for (int i = 0; i < rows; i++) {
                values[i] = random.nextDouble() < nullFraction ? null : value(random, field.type());
            }
            columns.add(values);
        }
        return new Table.Batch(rows, columns);
    }

    /** A stored value; timestamps stay within a long of nanoseconds, uint64 within a long. */
    static Object value(Random random, ArrowType type) {
        return switch (type) {
            case ArrowType.Timestamp t -> {
                long bound = Long.MAX_VALUE / t.unit().nanosPerUnit() - 1;
                yield switch (random.nextInt(6)) {
                    case 0 -> bound;
                    case 1 -> -bound;
                    case 2 -> (long) random.nextInt(2000) - 1000;
                    default -> random.nextLong(-bound, bound);
                };
            }
            case ArrowType.Int t -> switch (random.nextInt(6)) {
                case 0 -> t.min();
                case 1 -> t.max();
                case 2 -> t.signed() ? -1L : 0L;
                default -> t.max() == Long.MAX_VALUE && t.min() == Long.MIN_VALUE
                        ? random.nextLong() : random.nextLong(t.min(), t.max()) + (random.nextBoolean() ? 1 : 0);
            };
            case ArrowType.FloatingPoint t -> {
                double d = switch (random.nextInt(10)) {
                    case 0 -> Double.NaN;
                    case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                    case 2 -> random.nextBoolean() ? 0.0 : -0.0;
                    case 3 -> Double.longBitsToDouble(random.nextLong());
                    case 4 -> Double.MIN_VALUE * random.nextInt(100);
                    default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20) - 10);
                };
                yield switch (t.precision()) {
                    case DOUBLE -> d;
                    case SINGLE -> (double) (float) d;
                    case HALF -> (double) Float.float16ToFloat(Float.floatToFloat16((float) d));
                };
            }
            case ArrowType.Utf8 _ -> {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(12);
                for (int i = 0; i < length; i++) {
                    int at = random.nextInt(CHARS.length() - 1);
                    s.append(Character.isHighSurrogate(CHARS.charAt(at)) ? CHARS.substring(at, at + 2)
                            : String.valueOf(CHARS.charAt(Character.isLowSurrogate(CHARS.charAt(at)) ? 0 : at)));
                }
                yield s.toString();
            }
            case ArrowType.Bool _ -> random.nextBoolean();
        };
    }
}
