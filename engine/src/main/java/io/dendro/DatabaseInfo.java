package io.dendro;

/**
 * Totals over a database: streams, points at each stream's latest version, versions summed over
 * streams, and bytes on disk (every segment up to the allocation tail plus the meta file).
 */
public record DatabaseInfo(long streams, long points, long versions, long bytesOnDisk) {
    /** Bytes on disk per stored point (NaN when there is none). */
    public double bytesPerPoint() {
        return points == 0 ? Double.NaN : (double) bytesOnDisk / points;
    }
}
