package io.dendro.arrow;

import java.util.Arrays;
import java.util.List;

/**
 * A stream as plain values, for comparing what two implementations wrote or read. Each value is
 * in its type's stored form: Timestamp and Int a Long in the unit (uint64 as its bits), floating
 * point a Double (exactly the stored float or half), Utf8 a String, Bool a Boolean; null is null.
 */
record Table(ArrowSchema schema, List<Batch> batches) {
    record Batch(int rows, List<Object[]> columns) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Batch other) || other.rows != rows || other.columns.size() != columns.size()) {
                return false;
            }
            for (int c = 0; c < columns.size(); c++) {
                if (!Arrays.equals(columns.get(c), other.columns.get(c))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return rows;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("Batch[" + rows + " rows");
            for (Object[] column : columns) {
                String text = Arrays.toString(column);
                s.append(", ").append(text.length() > 200 ? text.substring(0, 200) + "..." : text);
            }
            return s.append(']').toString();
        }
    }
}
