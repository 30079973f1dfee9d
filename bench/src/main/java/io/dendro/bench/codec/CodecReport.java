package io.dendro.bench.codec;

import io.dendro.storage.codec.AlpCodec;
import io.dendro.storage.codec.TimestampCodec;
import io.dendro.storage.codec.ValueCodec;
import io.dendro.storage.codec.ValueCodecs;
import io.dendro.storage.codec.XorCodec;
import io.dendro.testdata.SharedData;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Bits per value and per timestamp of the codecs on the real data and on synthetic 120 Hz
 * series, beside raw 64 bits and LZ4 (fast and HC) of the raw bytes, and LZ4 over the codecs'
 * own output. Every series is cut into leaves of 1,024 points, as the tree stores them, and
 * each leaf is encoded on its own; the figures are total encoded bits over total points.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.dendro.bench.codec.CodecReport
 * </pre>
 * Prints Markdown tables (the ones in docs/design/codecs.md). Reads {@code ../shared/data}
 * ({@code -Ddendro.shared=...} to move it); skips the real data with a message when absent.
 */
public final class CodecReport {
    static final int LEAF = 1024;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4Compressor LZ4HC = LZ4Factory.fastestInstance().highCompressor();

    /** ALP's published bits per value on the samples' full datasets (cwida/ALP, results/compression_ratio). */
    private static final Map<String, String> ALP_PAPER = Map.ofEntries(
            Map.entry("neon_air_pressure", "16.43"), Map.entry("arade4", "24.94"),
            Map.entry("basel_temp_f", "29.66"), Map.entry("basel_wind_f", "29.81"),
            Map.entry("bird_migration_f", "20.14"), Map.entry("bitcoin_f", "26.37"),
            Map.entry("bitcoin_transactions_f", "36.22"), Map.entry("city_temperature_f", "10.74"),
            Map.entry("cms1", "35.66"), Map.entry("cms9", "11.68"), Map.entry("cms25", "41.11"),
            Map.entry("neon_dew_point_temp", "13.39"), Map.entry("neon_bio_temp_c", "10.75"),
            Map.entry("food_prices", "23.65"), Map.entry("gov10", "31.00"), Map.entry("gov26", "0.41"),
            Map.entry("gov30", "7.48"), Map.entry("gov31", "3.06"), Map.entry("gov40", "0.85"),
            Map.entry("medicare1", "39.37"), Map.entry("medicare9", "12.27"),
            Map.entry("neon_pm10_dust", "8.67"), Map.entry("nyc29", "40.38"),
            Map.entry("poi_lat", "55.54 (ALP_RD)"), Map.entry("poi_lon", "56.47 (ALP_RD)"),
            Map.entry("ssd_hdd_benchmarks_f", "16.21"), Map.entry("stocks_de", "11.00"),
            Map.entry("stocks_uk", "12.59"), Map.entry("stocks_usa_c", "7.90"),
            Map.entry("neon_wind_dir", "15.89"));

    private CodecReport() {
    }

    /** Encoded bytes of one series under each scheme, summed over its leaves. */
    static final class Sizes {
        long n;
        long alp;
        long xor;
        long best;
        long lz4Raw;
        long lz4HcRaw;
        long lz4OfBest;
        long leavesLz4Helps;
        long bestOrLz4;
        long leaves;
        final Map<ValueCodec, Integer> chosen = new EnumMap<>(ValueCodec.class);

        String bits(long bytes) {
            return String.format(Locale.ROOT, "%.2f", bytes * 8.0 / n);
        }
    }

    public static void main(String[] args) {
        List<SharedData.Series> values = new ArrayList<>();
        List<SharedData.Series> times = new ArrayList<>();
        if (SharedData.present()) {
            values.addAll(SharedData.alpSamples());
            values.addAll(SharedData.nab());
            values.add(SharedData.ekg());
            times.add(SharedData.ekg());
            times.addAll(SharedData.nab());
        } else {
            System.out.println("SKIPPED real data: " + SharedData.dir().toAbsolutePath() + " is missing");
        }
        int n = 1 << 20;
        values.add(new SharedData.Series("synthetic 120 Hz meter, 4 decimals", null, Synthetic.meter4Decimals(n, 1)));
        times.add(new SharedData.Series("synthetic 120 Hz, regular", Synthetic.times120Hz(n, 0, 1), null));
        times.add(new SharedData.Series("synthetic 120 Hz, jitter ±1 µs", Synthetic.times120Hz(n, 1_000, 1), null));
        times.add(new SharedData.Series("synthetic 120 Hz, jitter ±100 µs", Synthetic.times120Hz(n, 100_000, 1), null));
        times.add(new SharedData.Series("synthetic 120 Hz, jitter ±1 ms", Synthetic.times120Hz(n, 1_000_000, 1), null));
        valueTable(values);
        System.out.println();
        timeTable(times);
    }

    static void valueTable(List<SharedData.Series> all) {
        System.out.println("| series | n | ALP | XOR | best of | chosen (ALP/XOR/raw/ALP delta leaves) | raw | LZ4 raw "
                + "| LZ4 HC raw | LZ4 over best | best or LZ4 over it, per leaf | ALP paper, full dataset |");
        System.out.println("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        long totalN = 0;
        long totalBest = 0;
        long totalBestOrLz4 = 0;
        for (SharedData.Series s : all) {
            Sizes z = values(s.values());
            if (s.times() == null) { // synthetic: left out of the total of the real data
                printRow(s, z);
                continue;
            }
            totalN += z.n;
            totalBest += z.best;
            totalBestOrLz4 += z.bestOrLz4;
            printRow(s, z);
        }
        System.out.printf(Locale.ROOT, "%nAll real value series together: best of = %.3f bits per value; "
                + "with LZ4 over it kept per leaf when smaller (1 more tag byte) = %.3f.%n",
                totalBest * 8.0 / totalN, totalBestOrLz4 * 8.0 / totalN);
    }

    private static void printRow(SharedData.Series s, Sizes z) {
        System.out.println("| " + s.name() + " | " + z.n + " | " + z.bits(z.alp) + " | " + z.bits(z.xor) + " | **"
                + z.bits(z.best) + "** | " + z.chosen.getOrDefault(ValueCodec.ALP, 0) + "/"
                + z.chosen.getOrDefault(ValueCodec.XOR, 0) + "/" + z.chosen.getOrDefault(ValueCodec.RAW, 0) + "/"
                + z.chosen.getOrDefault(ValueCodec.ALP_DELTA, 0)
                + " | 64 | " + z.bits(z.lz4Raw) + " | " + z.bits(z.lz4HcRaw) + " | " + z.bits(z.lz4OfBest)
                + (z.leavesLz4Helps > 0 ? " (smaller in " + z.leavesLz4Helps + "/" + z.leaves + " leaves)" : "")
                + " | " + z.bits(z.bestOrLz4) + " | " + ALP_PAPER.getOrDefault(s.name(), "—") + " |");
    }

    static Sizes values(double[] v) {
        Sizes z = new Sizes();
        MemorySegment a = MemorySegment.ofArray(new byte[AlpCodec.maxEncodedSize(LEAF)]);
        MemorySegment x = MemorySegment.ofArray(new byte[XorCodec.maxEncodedSize(LEAF)]);
        MemorySegment b = MemorySegment.ofArray(new byte[ValueCodecs.maxEncodedSize(LEAF)]);
        byte[] raw = new byte[8 * LEAF];
        byte[] lz = new byte[LZ4.maxCompressedLength(raw.length)];
        for (int from = 0; from < v.length; from += LEAF) {
            int len = Math.min(LEAF, v.length - from);
            z.n += len;
            z.leaves++;
            z.alp += AlpCodec.encode(v, from, len, a, 0);
            z.xor += XorCodec.encode(v, from, len, x, 0);
            int best = ValueCodecs.encodeBest(v, from, len, b, 0);
            z.best += best;
            z.chosen.merge(ValueCodecs.codec(b, 0, best), 1, Integer::sum);
            MemorySegment r = MemorySegment.ofArray(raw);
            for (int i = 0; i < len; i++) {
                r.set(I64, 8L * i, Double.doubleToRawLongBits(v[from + i]));
            }
            z.lz4Raw += LZ4.compress(raw, 0, 8 * len, lz, 0, lz.length);
            z.lz4HcRaw += LZ4HC.compress(raw, 0, 8 * len, lz, 0, lz.length);
            byte[] enc = b.asSlice(0, best).toArray(ValueLayout.JAVA_BYTE);
            int l = LZ4.compress(enc, 0, enc.length, lz, 0, lz.length);
            z.lz4OfBest += l;
            z.bestOrLz4 += Math.min(l + 1, best);
            if (l < best) {
                z.leavesLz4Helps++;
            }
        }
        return z;
    }

    static void timeTable(List<SharedData.Series> all) {
        System.out.println("| timestamps | n | ours | raw | LZ4 raw | LZ4 HC raw | LZ4 over ours |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (SharedData.Series s : all) {
            long[] t = s.times();
            MemorySegment e = MemorySegment.ofArray(new byte[TimestampCodec.maxEncodedSize(LEAF)]);
            byte[] raw = new byte[8 * LEAF];
            byte[] lz = new byte[LZ4.maxCompressedLength(raw.length)];
            long ours = 0;
            long lz4 = 0;
            long lz4hc = 0;
            long lz4OfOurs = 0;
            for (int from = 0; from < t.length; from += LEAF) {
                int len = Math.min(LEAF, t.length - from);
                int size = TimestampCodec.encode(t, from, len, e, 0);
                ours += size;
                MemorySegment r = MemorySegment.ofArray(raw);
                for (int i = 0; i < len; i++) {
                    r.set(I64, 8L * i, t[from + i]);
                }
                lz4 += LZ4.compress(raw, 0, 8 * len, lz, 0, lz.length);
                lz4hc += LZ4HC.compress(raw, 0, 8 * len, lz, 0, lz.length);
                byte[] enc = e.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE);
                lz4OfOurs += LZ4.compress(enc, 0, enc.length, lz, 0, lz.length);
            }
            double k = 8.0 / t.length;
            System.out.printf(Locale.ROOT, "| %s | %d | **%.3f** | 64 | %.2f | %.2f | %.3f |%n", s.name(), t.length,
                    ours * k, lz4 * k, lz4hc * k, lz4OfOurs * k);
        }
    }
}
