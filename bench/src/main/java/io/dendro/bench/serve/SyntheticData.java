package io.dendro.bench.serve;

import java.nio.charset.StandardCharsets;

/**
 * The synthetic data set: {@code hosts x fields} series of measurement {@code cpu}, one
 * point per second each from 2026-01-01T00:00:00Z, as InfluxDB line protocol with nanosecond
 * times. Line {@code i} is second {@code i / hosts} of host {@code i % hosts} and carries every
 * field ({@code cpu,host=h007 f0=41.37,f1=...,f9=... 1767225600000000000}), so the lines are in
 * time order across hosts, as a collector sends them. Values are a pure function of
 * (seed, host, field, second): any batch can be generated alone, by any client thread, and every
 * server gets identical text.
 */
final class SyntheticData extends Dataset {
    static final String MEASUREMENT = "cpu";

    final int hosts;
    final int fields;
    private final long seconds;
    final long seed;

    SyntheticData(int hosts, int fields, long seconds, long seed) {
        this.hosts = hosts;
        this.fields = fields;
        this.seconds = seconds;
        this.seed = seed;
    }

    @Override
    String kind() {
        return "synthetic";
    }

    @Override
    String measurement() {
        return MEASUREMENT;
    }

    @Override
    String tagKey() {
        return "host";
    }

    @Override
    int seriesCount() {
        return hosts * fields;
    }

    @Override
    Series series(int i) {
        return new Series(host(i / fields), field(i % fields));
    }

    @Override
    long lines() {
        return seconds * hosts;
    }

    @Override
    long points() {
        return lines() * fields;
    }

    @Override
    long stepNanos() {
        return 1_000_000_000L;
    }

    @Override
    long spanNanos() {
        return seconds * 1_000_000_000L;
    }

    @Override
    String describe() {
        return hosts + (hosts == 1 ? " host" : " hosts") + " × " + fields + (fields == 1 ? " field" : " fields")
                + ", one point per second for " + String.format("%,d", seconds) + " s";
    }

    static String host(int h) {
        return String.format("h%03d", h);
    }

    static String field(int f) {
        return "f" + f;
    }

    /**
     * The value of a series at a second: a level per series (10 to 1,000), a daily cycle, and
     * noise, rounded to 2 decimals so that its text is short and parses to the same double
     * everywhere.
     */
    double value(int host, int field, long second) {
        long series = (long) host * fields + field;
        double level = 10 + (mix(seed ^ series * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53 * 990;
        double cycle = 0.05 * level * Math.sin(2 * Math.PI * second / 86_400.0 + series);
        double noise = ((mix(seed + series * 0xBF58476D1CE4E5B9L + second) >>> 11) * 0x1.0p-53 - 0.5) * 0.02 * level;
        return Math.round((level + cycle + noise) * 100) / 100.0;
    }

    @Override
    byte[] lines(long from, long to) {
        StringBuilder b = new StringBuilder((int) (to - from) * (24 + fields * 12));
        for (long i = from; i < to; i++) {
            int h = (int) (i % hosts);
            long s = i / hosts;
            b.append(MEASUREMENT).append(",host=").append(host(h)).append(' ');
            for (int f = 0; f < fields; f++) {
                b.append(f == 0 ? "" : ",").append('f').append(f).append('=').append(value(h, f, s));
            }
            b.append(' ').append((T0_SECONDS + s) * 1_000_000_000L).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
