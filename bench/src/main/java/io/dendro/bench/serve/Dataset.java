package io.dendro.bench.serve;

/**
 * What every server is sent, as InfluxDB line protocol with nanosecond times: some series of one
 * measurement, each told apart by one tag and a field, all starting at 2026-01-01T00:00:00Z with a
 * regular spacing. Lines are numbered; any range of them is generated alone, by any client thread,
 * and every server gets identical text.
 */
abstract class Dataset {
    static final long T0_SECONDS = 1_767_225_600L; // 2026-01-01T00:00:00Z
    static final long T0_NANOS = T0_SECONDS * 1_000_000_000L;

    /** One series: its tag's value and its field. */
    record Series(String tag, String field) {
    }

    /** "synthetic" or "ekg": the first word of the run's name. */
    abstract String kind();

    abstract String measurement();

    /** The one tag that tells series apart. */
    abstract String tagKey();

    abstract int seriesCount();

    abstract Series series(int i);

    abstract long lines();

    abstract long points();

    /** The time between two points of a series, in nanoseconds. */
    abstract long stepNanos();

    /** How long each series runs: its points times the step, in nanoseconds. */
    abstract long spanNanos();

    /** The bytes of lines {@code [from, to)}, each ending in a newline. */
    abstract byte[] lines(long from, long to);

    /** The data in a sentence of the report, e.g. "100 hosts × 10 fields, one point per second". */
    abstract String describe();

    /** Whole seconds every series covers. */
    long seconds() {
        return spanNanos() / 1_000_000_000L;
    }

    /** Points of one series in a minute. */
    long pointsPerMinute() {
        return 60_000_000_000L / stepNanos();
    }
}
