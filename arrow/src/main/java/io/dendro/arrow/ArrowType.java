package io.dendro.arrow;

import java.util.Objects;

/**
 * The Arrow logical types this package writes and reads: timestamps, integers of 8 to 64 bits,
 * floating point numbers, UTF-8 strings and booleans. Every other Arrow type (lists, structs,
 * unions, maps, decimals, dates, times, durations, intervals, binary, large and view variants,
 * dictionary-encoded fields) is rejected by {@link ArrowStreamReader} with an
 * {@link ArrowFormatException} naming the type.
 *
 * <p>Physical layout of each type in a record batch body (Arrow columnar format):
 * <pre>
 * Timestamp       validity bitmap, int64 values in the unit
 * Int(w, signed)  validity bitmap, w/8-byte two's complement (signed) or unsigned values
 * FloatingPoint   validity bitmap, IEEE 754 binary16 / binary32 / binary64 values
 * Utf8            validity bitmap, int32 offsets (rows + 1), UTF-8 bytes
 * Bool            validity bitmap, value bitmap (bit i of byte i/8, least significant first)
 * </pre>
 */
public sealed interface ArrowType {
    /** Nanoseconds since the Unix epoch, time zone "UTC": what BTrDB clients send and read. */
    Timestamp TIMESTAMP_NS_UTC = new Timestamp(TimeUnit.NANOSECOND, "UTC");
    /** IEEE 754 binary64. */
    FloatingPoint FLOAT64 = new FloatingPoint(Precision.DOUBLE);
    /** IEEE 754 binary32. */
    FloatingPoint FLOAT32 = new FloatingPoint(Precision.SINGLE);
    /** Signed 64-bit integer. */
    Int INT64 = new Int(64, true);
    /** Unsigned 64-bit integer. */
    Int UINT64 = new Int(64, false);

    /** Unit of a {@link Timestamp}; the ordinal is the value of Schema.fbs's {@code TimeUnit}. */
    enum TimeUnit {
        SECOND(1_000_000_000L),
        MILLISECOND(1_000_000L),
        MICROSECOND(1_000L),
        NANOSECOND(1L);

        private final long nanosPerUnit;

        TimeUnit(long nanosPerUnit) {
            this.nanosPerUnit = nanosPerUnit;
        }

        /** @return how many nanoseconds one unit is: 10^9 for seconds down to 1 for nanoseconds */
        public long nanosPerUnit() {
            return nanosPerUnit;
        }
    }

    /** Precision of a {@link FloatingPoint}; the ordinal is the value of Schema.fbs's {@code Precision}. */
    enum Precision {
        /** IEEE 754 binary16, 2 bytes. */
        HALF(2),
        /** IEEE 754 binary32, 4 bytes. */
        SINGLE(4),
        /** IEEE 754 binary64, 8 bytes. */
        DOUBLE(8);

        private final int byteWidth;

        Precision(int byteWidth) {
            this.byteWidth = byteWidth;
        }

        /** @return bytes per value */
        public int byteWidth() {
            return byteWidth;
        }
    }

    /**
     * A 64-bit count of {@code unit}s since 1970-01-01T00:00:00Z (no leap seconds).
     *
     * @param unit     the unit of the stored values
     * @param timezone an Olson name ("UTC", "America/New_York") or an offset ("+07:30"); null (or
     *                 "") means a time-zone-naive timestamp. Only metadata: the stored values are
     *                 the same either way, and this package never converts between zones.
     */
    record Timestamp(TimeUnit unit, String timezone) implements ArrowType {
        public Timestamp {
            Objects.requireNonNull(unit, "unit");
        }
    }

    /**
     * An integer of 8, 16, 32 or 64 bits.
     *
     * @param bitWidth 8, 16, 32 or 64; anything else throws {@link IllegalArgumentException}
     * @param signed   two's complement when true, unsigned when false
     */
    record Int(int bitWidth, boolean signed) implements ArrowType {
        public Int {
            if (bitWidth != 8 && bitWidth != 16 && bitWidth != 32 && bitWidth != 64) {
                throw new IllegalArgumentException("Int bit width must be 8, 16, 32 or 64, not " + bitWidth);
            }
        }

        /** @return the smallest value of this type, as a long */
        public long min() {
            return signed ? -1L << (bitWidth - 1) : 0;
        }

        /** @return the largest value of this type, as a long; {@link Long#MAX_VALUE} for uint64 */
        public long max() {
            if (bitWidth == 64) {
                return Long.MAX_VALUE;
            }
            return signed ? (1L << (bitWidth - 1)) - 1 : (1L << bitWidth) - 1;
        }
    }

    /** @param precision HALF, SINGLE or DOUBLE */
    record FloatingPoint(Precision precision) implements ArrowType {
        public FloatingPoint {
            Objects.requireNonNull(precision, "precision");
        }
    }

    /** Variable-length UTF-8 strings with 32-bit offsets (not LargeUtf8, not Utf8View). */
    record Utf8() implements ArrowType {
    }

    /** Booleans, bit-packed. */
    record Bool() implements ArrowType {
    }
}
