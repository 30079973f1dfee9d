package io.dendro.storage.codec;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Values: ALP's decimal integers (the same exponent, factor and exceptions as {@link AlpCodec},
 * chosen by {@link AlpSampler}), stored per vector as the first integer and the differences of
 * consecutive ones, divided by their greatest common divisor and bit-packed with a frame of
 * reference and {@link PatchedBlock} patches. Smooth signals sampled finely (an EKG at 1 kHz)
 * change little from one value to the next, far less than their range: there the differences
 * take a few bits fewer than ALP's distances from the minimum, and a step of 0.0005 in 4
 * decimals (a gcd of 5) 2.3 bits fewer again.
 *
 * <p>Layout (a {@link BitWriter} bit stream, then the {@link Trailer}):
 * <pre>
 * n            varint
 * vectors of 1024 values (the last may be shorter, len values), each:
 *   e          5 bits, 0..18
 *   f          5 bits, 0..e
 *   ec         11 bits, 0..len: exceptions
 *   first      varint of zigzag(d[0])
 *   g          varint, &gt;= 1: the gcd of the differences (1 when there are none or all are 0)
 *   w          7 bits, 0..64
 *   ref        varint of zigzag(c): the middle of up to 31 sampled q (see center)
 *   pc         11 bits, 0..len-1: patches
 *   hw         7 bits, 1..64-w (only when pc &gt; 0)
 *   u[i]       (len-1) x w bits, i = 1..len-1: the low bits of zigzag(q[i] - c)
 *   patches    pc x (position 10 bits, 1..len-1; high hw bits): u[position] |= high &lt;&lt; w
 *   exceptions ec x (position 10 bits, value 64 raw bits)
 *   (positions strictly increasing within patches and within exceptions)
 * padding to a byte, CRC32C (4 bytes)
 * </pre>
 * with {@code d[i]} ALP's integer of value {@code i}, an exception's slot taking the integer
 * before it (the first exact one for exceptions at the start, 0 when all are exceptions), so
 * that it adds a difference of 0; {@code q[i] = (d[i] - d[i-1]) / g}. The decoder rebuilds
 * {@code d[i] = d[i-1] + g · (c + unzigzag(u[i]))} and decodes each as ALP does, then overwrites the
 * exceptions. Differences are taken modulo 2^64: ALP's integers lie within ±2^62, so only a
 * difference of exactly 2^63 wraps (to {@code Long.MIN_VALUE}); then g is 1 and the sum wraps
 * back, so every integer comes back exactly. {@code g · q} never overflows in an encoding
 * (it is a difference); the decoder treats an overflow as corruption.
 */
public final class AlpDeltaCodec {
    static final String NAME = "ALP delta";
    private static final int EXPONENT_BITS = 5;
    private static final int COUNT_BITS = 11;
    private static final int VECTOR = AlpCodec.VECTOR;
    private static final int POSITION_BITS = AlpCodec.POSITION_BITS;
    private static final int EXCEPTION_BITS = 64 + POSITION_BITS;
    /** Differences sampled for the first guess of their gcd. */
    private static final int GCD_SAMPLE = 16;
    /** Differences sampled for their median, the reference. */
    private static final int CENTER_SAMPLE = 31;

    private AlpDeltaCodec() {
    }

    /** Bytes that always suffice for {@code n} values. */
    public static int maxEncodedSize(int n) {
        long vectors = (n + VECTOR - 1) / VECTOR;
        return Math.toIntExact(10 + vectors * 40 + n * 19L + Trailer.BYTES);
    }

    /**
     * Encodes {@code values[from, from + n)} into {@code dst} at {@code offset}; returns the
     * encoding's length.
     *
     * @throws IllegalArgumentException if the destination is too small
     */
    public static int encode(double[] values, int from, int n, MemorySegment dst, long offset) {
        return encode(values, from, n, dst, offset, dst.byteSize(), null);
    }

    /**
     * Encodes with the exponents and factors {@code choices[k]} ({@code e << 8 | f}) of vector
     * {@code k} when given, else chooses them as ALP does.
     */
    static int encode(double[] v, int from, int n, MemorySegment dst, long offset, long limit, int[] choices) {
        BitWriter out = new BitWriter(dst, offset, limit);
        out.writeVarint(n);
        Scratch scratch = Scratch.get();
        Plan plan = scratch.plan;
        long[] d = scratch.ints;
        long[] q = scratch.deltas;
        for (int s = 0, k = 0; s < n; s += VECTOR, k++) {
            int start = from + s;
            int len = Math.min(VECTOR, n - s);
            int ef = choices != null ? choices[k] : AlpSampler.choose(v, start, len);
            int e = ef >>> 8;
            int f = ef & 0xFF;
            for (int i = 0; i < len; i++) {
                d[i] = Alp.encode(v[start + i], e, f);
            }
            plan(d, len, q, 0, scratch.histogram, plan);
            writeVector(out, v, start, len, e, f, d, 0, q, 0, plan);
        }
        return Trailer.append(dst, offset, out.finish(), limit);
    }

    /**
     * Encodes what {@link AlpCodec}'s last encoding with {@code planDelta} planned, of the same
     * {@code values[from, from + n)}: its choices, integers, differences and plans are in
     * {@link Scratch}, so this only writes.
     */
    static int encodePlanned(double[] v, int from, int n, MemorySegment dst, long offset, long limit) {
        BitWriter out = new BitWriter(dst, offset, limit);
        out.writeVarint(n);
        Scratch scratch = Scratch.get();
        for (int s = 0, k = 0; s < n; s += VECTOR, k++) {
            int ef = scratch.choices[k];
            writeVector(out, v, from + s, Math.min(VECTOR, n - s), ef >>> 8, ef & 0xFF, scratch.planInts, s,
                    scratch.planDeltas, s, scratch.plans[k]);
        }
        return Trailer.append(dst, offset, out.finish(), limit);
    }

    /** What {@link #plan} found for one vector. */
    static final class Plan {
        int ec;
        long first;
        long g;
        long ref;
        int w;
        int pc;
        int hw;
        /** The vector's bits after e and f, exceptions included. */
        long bits;
        /** Work space of {@link #center}. */
        final long[] sample = new long[CENTER_SAMPLE];
    }

    /**
     * Plans one vector from ALP's integers {@code d[0, len)} ({@link Alp#NOT_EXACT} for an
     * exception; left as they are): fills {@code q[o + 1, o + len)} with the differences divided
     * by their gcd and {@code plan} with the fields and the bits they will take.
     */
    static void plan(long[] d, int len, long[] q, int o, int[] hist, Plan plan) {
        int j = 0;
        while (j < len && d[j] == Alp.NOT_EXACT) {
            j++;
        }
        long first = j < len ? d[j] : 0; // the first exact integer, else 0
        int ec = j;
        long prev = first;
        boolean wrapped = false;
        for (int i = 1; i < len; i++) {
            long x = d[i];
            if (x == Alp.NOT_EXACT) {
                q[o + i] = 0;
                ec += i > j ? 1 : 0;
            } else {
                long diff = x - prev;
                q[o + i] = diff;
                wrapped |= diff == Long.MIN_VALUE;
                prev = x;
            }
        }
        long g = wrapped ? 1 : gcd(q, o, len);
        // q / g as (q >> k) · m^-1 (exact for multiples; the identity when g is 1)
        int k = Long.numberOfTrailingZeros(g);
        long inv = inverse(g >> k);
        long ref = center(q, o, len, k, inv, plan.sample);
        Arrays.fill(hist, 0);
        for (int i = o + 1; i < o + len; i++) {
            long y = (q[i] >> k) * inv;
            q[i] = y;
            hist[Zigzag.width(Zigzag.encode(y - ref))]++;
        }
        long choice = PatchedBlock.choose(hist, len - 1, POSITION_BITS);
        int w = PatchedBlock.width(choice);
        int pc = 0;
        int hw = 0;
        for (int i = w + 1; i <= 64; i++) {
            if (hist[i] > 0) {
                pc += hist[i];
                hw = i - w;
            }
        }
        plan.ec = ec;
        plan.first = first;
        plan.g = g;
        plan.ref = ref;
        plan.w = w;
        plan.pc = pc;
        plan.hw = hw;
        plan.bits = COUNT_BITS + 8L * (varintBytes(Zigzag.encode(first)) + varintBytes(g)
                + varintBytes(Zigzag.encode(ref))) + PatchedBlock.WIDTH_BITS + COUNT_BITS
                + (pc > 0 ? PatchedBlock.WIDTH_BITS : 0) + (long) Math.max(0, len - 1) * w
                + (long) pc * (POSITION_BITS + hw) + (long) ec * EXCEPTION_BITS;
    }

    /**
     * The reference the differences are stored around: of {@value #CENTER_SAMPLE} of them (all
     * when fewer), sorted, the mean of the (k/8)-th smallest and the (k/8)-th largest (the
     * middle of the bulk, a few outliers of the sample left out), rounded down; 0 when there
     * are none. A difference far below the rest (a spike's way down) then becomes a patch as one
     * far above does, where a frame of reference at the minimum would widen every value to reach
     * it; the middle rather than the median, so that a sinusoid's differences, more of them on
     * one side, still take the fewest bits.
     */
    static long center(long[] q, int o, int len, int shift, long inv, long[] s) {
        int m = len - 1;
        if (m <= 0) {
            return 0;
        }
        int k = Math.min(m, CENTER_SAMPLE);
        for (int j = 0; j < k; j++) {
            long x = (q[o + 1 + (m <= CENTER_SAMPLE ? j : AlpSampler.position(j, m))] >> shift) * inv;
            int i = j;
            while (i > 0 && s[i - 1] > x) {
                s[i] = s[i - 1];
                i--;
            }
            s[i] = x;
        }
        long a = s[k / 8];
        long b = s[k - 1 - k / 8];
        return (a >> 1) + (b >> 1) + (a & b & 1); // their mean, rounded down, without overflow
    }

    private static int varintBytes(long v) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    }

    /**
     * The gcd of {@code |q[1, len)|} (none of them {@code Long.MIN_VALUE}), 1 when all are 0:
     * guessed from a sample, confirmed by one pass of divisibility tests by multiplication,
     * computed over all by Euclid only when the guess fails.
     */
    static long gcd(long[] q, int o, int len) {
        int m = len - 1;
        if (m <= 0) {
            return 1;
        }
        long g = 0;
        for (int k = 0; k < Math.min(m, GCD_SAMPLE); k++) {
            g = gcd(g, Math.abs(q[o + 1 + (m <= GCD_SAMPLE ? k : AlpSampler.position(k, m))]));
            if (g == 1) {
                return 1;
            }
        }
        if (g != 0 && dividesAll(q, o, len, g)) {
            return g;
        }
        g = 0;
        for (int i = o + 1; i < o + len && g != 1; i++) {
            g = gcd(g, Math.abs(q[i]));
        }
        return g == 0 ? 1 : g;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The inverse of odd {@code m} modulo 2^64 (Newton's iteration, 3 bits to 96). */
    private static long inverse(long m) {
        long x = m; // right to 3 bits: m·m ≡ 1 mod 8
        for (int i = 0; i < 5; i++) {
            x *= 2 - m * x;
        }
        return x;
    }

    /**
     * Whether {@code g > 1} divides every {@code q[1, len)}: with {@code g = 2^k · m}, m odd,
     * {@code x} is a multiple when its low k bits are 0 and {@code (x >> k) · m^-1 mod 2^64}
     * (a bijection that takes the multiples of m onto their quotients) lies within
     * {@code [MIN / m, MAX / m]}.
     */
    private static boolean dividesAll(long[] q, int o, int len, long g) {
        int k = Long.numberOfTrailingZeros(g);
        long m = g >> k;
        long inv = inverse(m);
        long low = (1L << k) - 1;
        long hi = Long.MAX_VALUE / m;
        long lo = Long.MIN_VALUE / m;
        boolean ok = true;
        for (int i = o + 1; i < o + len; i++) {
            long x = q[i];
            long y = (x >> k) * inv;
            ok &= (x & low) == 0 & y <= hi & y >= lo;
        }
        return ok;
    }

    private static void writeVector(BitWriter out, double[] v, int start, int len, int e, int f, long[] d, int dOff,
                                    long[] q, int qOff, Plan p) {
        out.write(e, EXPONENT_BITS);
        out.write(f, EXPONENT_BITS);
        out.write(p.ec, COUNT_BITS);
        out.writeVarint(Zigzag.encode(p.first));
        out.writeVarint(p.g);
        out.write(p.w, PatchedBlock.WIDTH_BITS);
        out.writeVarint(Zigzag.encode(p.ref));
        out.write(p.pc, COUNT_BITS);
        if (p.pc > 0) {
            out.write(p.hw, PatchedBlock.WIDTH_BITS);
        }
        long ref = p.ref;
        int w = p.w;
        for (int i = 1; i < len; i++) {
            out.write(Zigzag.encode(q[qOff + i] - ref), w);
        }
        if (p.pc > 0) {
            for (int i = 1; i < len; i++) {
                long u = Zigzag.encode(q[qOff + i] - ref);
                if (Zigzag.width(u) > w) {
                    out.write(i, POSITION_BITS);
                    out.write(u >>> w, p.hw);
                }
            }
        }
        if (p.ec > 0) {
            for (int i = 0; i < len; i++) {
                if (d[dOff + i] == Alp.NOT_EXACT) {
                    out.write(i, POSITION_BITS);
                    out.write(Double.doubleToRawLongBits(v[start + i]), 64);
                }
            }
        }
    }

    /** The number of values in the encoding, without decoding them (no checksum check). */
    public static int count(MemorySegment src, long offset, long length, int maxCount) {
        return new BitReader(src, offset, length, NAME).readCount(maxCount, "count");
    }

    /**
     * Decodes the encoding that occupies exactly {@code [offset, offset + length)} of
     * {@code src} into {@code dst[dstOffset..]}; returns the number of values.
     *
     * @param maxCount the most values the caller accepts (a larger count is corruption); at
     *     most {@code dst.length - dstOffset}
     * @throws io.dendro.error.DendroException {@code CORRUPTION} for any malformed input
     */
    public static int decode(MemorySegment src, long offset, long length, double[] dst, int dstOffset,
                             int maxCount) {
        return decode(src, offset, length, dst, dstOffset, maxCount, true);
    }

    /**
     * Decodes like {@link #decode(MemorySegment, long, long, double[], int, int)}; with
     * {@code verify = false} the trailing CRC32C is not checked (every structural check still
     * is).
     */
    public static int decode(MemorySegment src, long offset, long length, double[] dst, int dstOffset,
                             int maxCount, boolean verify) {
        Codecs.checkDestination(dst.length, dstOffset, maxCount);
        long body = Codecs.body(src, offset, length, NAME, verify);
        BitReader in = new BitReader(src, offset, body, NAME);
        int n = in.readCount(maxCount, "count");
        for (int s = 0; s < n; s += VECTOR) {
            readVector(in, dst, dstOffset + s, Math.min(VECTOR, n - s));
        }
        in.expectEnd();
        return n;
    }

    private static void readVector(BitReader in, double[] dst, int start, int len) {
        int e = in.readUpTo(EXPONENT_BITS, Pow10.MAX_EXPONENT, "exponent");
        int f = in.readUpTo(EXPONENT_BITS, e, "factor");
        int ec = in.readUpTo(COUNT_BITS, len, "exception count");
        long first = Zigzag.decode(in.readVarint());
        long g = in.readVarint();
        if (g < 1) {
            throw Corruption.of(NAME, "gcd " + Long.toUnsignedString(g) + " at bit " + in.position());
        }
        int w = in.readUpTo(PatchedBlock.WIDTH_BITS, 64, "bit width");
        long ref = Zigzag.decode(in.readVarint());
        int pc = in.readUpTo(COUNT_BITS, len - 1, "patch count");
        int hw = 0;
        if (pc > 0) {
            hw = in.readUpTo(PatchedBlock.WIDTH_BITS, 64 - w, "patch width");
            if (hw == 0) {
                throw Corruption.of(NAME, "patches of zero width at bit " + in.position());
            }
        }
        long[] u = Scratch.get().ints;
        in.unpack(u, 1, len - 1, w);
        int prev = 0;
        if (POSITION_BITS + hw <= 64) { // position and high bits in one read
            long mask = (1L << POSITION_BITS) - 1;
            for (int k = 0; k < pc; k++) {
                long ph = in.read(POSITION_BITS + hw);
                int p = (int) (ph & mask);
                if (p <= prev || p >= len) {
                    throw Corruption.of(NAME, "patch position " + p + " after " + prev + " in a vector of " + len);
                }
                prev = p;
                u[p] |= (ph >>> POSITION_BITS) << w;
            }
        } else {
            for (int k = 0; k < pc; k++) {
                int p = position(in, prev, len, "patch");
                prev = p;
                u[p] |= in.read(hw) << w;
            }
        }
        double fe = Pow10.POS[f];
        double ie = Pow10.NEG[e];
        sums(u, len, first, ref, g, w + hw);
        convert(u, len, dst, start, fe, ie);
        prev = -1;
        for (int k = 0; k < ec; k++) {
            int p = position(in, prev, len, "exception");
            prev = p;
            dst[start + p] = Double.longBitsToDouble(in.read(64));
        }
    }

    /** The integers, by prefix sums in place over the unpacked differences. */
    private static void sums(long[] u, int len, long first, long ref, long g, int bits) {
        long x = first;
        u[0] = x;
        if (g == 1) {
            for (int i = 1; i < len; i++) {
                x += ref + Zigzag.decode(u[i]);
                u[i] = x;
            }
        } else if (fits(ref, bits, g)) { // no g · q can overflow: no check per value
            for (int i = 1; i < len; i++) {
                x += (ref + Zigzag.decode(u[i])) * g;
                u[i] = x;
            }
        } else {
            for (int i = 1; i < len; i++) {
                long qi = ref + Zigzag.decode(u[i]);
                long diff = qi * g;
                if (Math.multiplyHigh(qi, g) != diff >> 63) {
                    throw Corruption.of(NAME, "difference " + qi + " times gcd " + g + " overflows");
                }
                x += diff;
                u[i] = x;
            }
        }
    }

    /** ALP's conversion of the integers. */
    private static void convert(long[] u, int len, double[] dst, int start, double fe, double ie) {
        for (int i = 0; i < len; i++) {
            dst[start + i] = (double) u[i] * fe * ie;
        }
    }

    /**
     * Whether {@code g · (ref + unzigzag(u))} stays within a long for every {@code u} of at most
     * {@code bits} bits: {@code |unzigzag(u)| <= 2^(bits-1)}, so {@code |q| <= |ref| + 2^(bits-1)}.
     */
    private static boolean fits(long ref, int bits, long g) {
        if (bits >= 62 || ref == Long.MIN_VALUE) {
            return false;
        }
        long bound = Math.abs(ref) + (1L << bits); // at most 2^63 - 1 + ... checked below
        if (bound < 0) {
            return false;
        }
        long hi = Math.multiplyHigh(bound, g);
        return hi == 0 && bound * g >= 0;
    }

    private static int position(BitReader in, int prev, int len, String what) {
        int p = (int) in.read(POSITION_BITS);
        if (p <= prev || p >= len) {
            throw Corruption.of(NAME, what + " position " + p + " after " + prev + " in a vector of " + len);
        }
        return p;
    }
}
