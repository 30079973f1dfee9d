package io.dendro.arrow;

import java.util.Objects;

/**
 * The values of one column handed to {@link ArrowStreamWriter#writeBatch(int, ArrowColumn...)}:
 * a Java array of longs, doubles, strings or booleans, with an optional validity array. The
 * writer converts the source to its field's type (the rules are on {@link ArrowStreamWriter}).
 *
 * <p>Nothing is copied: the column wraps the caller's arrays, which may be longer than the batch
 * (only the first {@code rows} entries are written), so buffers can be reused from batch to
 * batch. Do not change them while {@code writeBatch} runs.
 *
 * <p><b>Validity</b> is a {@code boolean[]}, {@code valid[i] == false} meaning row {@code i} is
 * null; a null array means every row is valid. A {@code boolean[]} rather than a packed bitmap,
 * because callers produce one flag per row and the writer packs the bits itself (and writes no
 * bitmap at all when a batch has no null). For strings a null element is also a null row. The
 * value under a null row is ignored: never converted nor range-checked, written as zeros.
 */
public final class ArrowColumn {
    /** What Java array a column wraps. */
    enum Kind {
        LONGS("longs"),
        DOUBLES("doubles"),
        STRINGS("strings"),
        BOOLEANS("booleans");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    final Kind kind;
    final long[] longs;
    final double[] doubles;
    final String[] strings;
    final boolean[] booleans;
    final boolean[] valid;

    private ArrowColumn(Kind kind, long[] longs, double[] doubles, String[] strings, boolean[] booleans,
                        boolean[] valid) {
        this.kind = kind;
        this.longs = longs;
        this.doubles = doubles;
        this.strings = strings;
        this.booleans = booleans;
        this.valid = valid;
    }

    /**
     * @param values integers; for a Timestamp field they are always nanoseconds since the epoch
     * @return a column with no nulls
     */
    public static ArrowColumn longs(long[] values) {
        return longs(values, null);
    }

    /**
     * @param values integers; for a Timestamp field they are always nanoseconds since the epoch
     * @param valid  {@code valid[i] == false} makes row i null; null means no nulls
     * @return the column
     */
    public static ArrowColumn longs(long[] values, boolean[] valid) {
        return new ArrowColumn(Kind.LONGS, Objects.requireNonNull(values, "values"), null, null, null, valid);
    }

    /** @return a column of doubles with no nulls */
    public static ArrowColumn doubles(double[] values) {
        return doubles(values, null);
    }

    /**
     * @param values the values
     * @param valid  {@code valid[i] == false} makes row i null; null means no nulls
     * @return the column
     */
    public static ArrowColumn doubles(double[] values, boolean[] valid) {
        return new ArrowColumn(Kind.DOUBLES, null, Objects.requireNonNull(values, "values"), null, null, valid);
    }

    /** @return a column of strings; a null element is a null row */
    public static ArrowColumn strings(String[] values) {
        return strings(values, null);
    }

    /**
     * @param values the values; a null element is a null row as well
     * @param valid  {@code valid[i] == false} makes row i null; null means only null elements are
     * @return the column
     */
    public static ArrowColumn strings(String[] values, boolean[] valid) {
        return new ArrowColumn(Kind.STRINGS, null, null, Objects.requireNonNull(values, "values"), null, valid);
    }

    /** @return a column of booleans with no nulls */
    public static ArrowColumn booleans(boolean[] values) {
        return booleans(values, null);
    }

    /**
     * @param values the values
     * @param valid  {@code valid[i] == false} makes row i null; null means no nulls
     * @return the column
     */
    public static ArrowColumn booleans(boolean[] values, boolean[] valid) {
        return new ArrowColumn(Kind.BOOLEANS, null, null, null, Objects.requireNonNull(values, "values"), valid);
    }

    int length() {
        return switch (kind) {
            case LONGS -> longs.length;
            case DOUBLES -> doubles.length;
            case STRINGS -> strings.length;
            case BOOLEANS -> booleans.length;
        };
    }

    boolean isValid(int row) {
        return (valid == null || valid[row]) && (kind != Kind.STRINGS || strings[row] != null);
    }

    @Override
    public String toString() {
        return "ArrowColumn[" + kind.label + ", " + length() + (valid == null ? "" : ", with validity") + "]";
    }
}
