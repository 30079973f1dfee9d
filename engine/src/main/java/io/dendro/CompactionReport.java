package io.dendro;

/**
 * What a compaction did: streams and versions kept, nodes and bytes copied, the internal nodes
 * of older formats rewritten in the current one ({@code nodesUpgraded}, format 4 or 5 to 6), the
 * bytes in use before and after, how long it took and how long writers paused for the switch.
 */
public record CompactionReport(long streams, long versionsKept, long nodesCopied, long nodesUpgraded,
                               long bytesCopied, long bytesBefore, long bytesAfter, long millis, long pauseMillis) {
    /** Bytes copied per second. */
    public double bytesPerSecond() {
        return millis == 0 ? Double.NaN : bytesCopied * 1000.0 / millis;
    }
}
