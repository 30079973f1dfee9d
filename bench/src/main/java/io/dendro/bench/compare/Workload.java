package io.dendro.bench.compare;

/** The figures the comparison reports, in the order of its tables. */
enum Workload {
    INGEST("ingest", "points/s", true, "bulk ingest, durable at the end"),
    SCAN("scan_10m", "points/s", true, "full scan of a 10 M-point range"),
    SCAN_PER_POINT("scan_10m_per_point", "points/s", true, "the same, one call per point (Dendro's next(); peers: their cursor)"),
    HOURLY("hourly_stats", "ms", false, "hourly min/mean/max/count/stddev, whole dataset"),
    HOURLY_PW42("hourly_stats_pw42", "ms", false, "the same as 2^42 ns (73.3 min) aligned windows (Dendro only)"),
    COUNT_1H("count_1h", "µs", false, "count in a random 1-hour range (median)"),
    RANGE_1S("range_1s", "µs", false, "raw points of a random 1-second range (median)"),
    LATEST("latest", "µs", false, "the latest point (median)"),
    BYTES("bytes_per_point", "bytes/point", false, "bytes on disk per point, everything included"),
    HEAP("heap_mb", "MB", false, "heap used after load (after GC)"),
    RSS("rss_mb", "MB", false, "resident memory after load (VmRSS)");

    final String key;
    final String unit;
    final boolean higherIsBetter;
    final String label;

    Workload(String key, String unit, boolean higherIsBetter, String label) {
        this.key = key;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.label = label;
    }

    /** A second Dendro figure set against the peers' figures of another workload. */
    boolean dendroOnly() {
        return this == HOURLY_PW42 || this == SCAN_PER_POINT;
    }

    /** The workload a peer's figure is taken from when Dendro's is compared with it. */
    Workload peerWorkload() {
        return switch (this) {
            case HOURLY_PW42 -> HOURLY;
            case SCAN_PER_POINT -> SCAN;
            default -> this;
        };
    }

    /** How many times better Dendro is than a peer: above 1 when Dendro wins, below when it loses. */
    double advantage(double dendro, double peer) {
        return higherIsBetter ? dendro / peer : peer / dendro;
    }

    static Workload byKey(String key) {
        for (Workload w : values()) {
            if (w.key.equals(key)) {
                return w;
            }
        }
        return null;
    }
}
