package io.dendro;

/**
 * How an insert treats points whose timestamp is already present (in the stream or earlier
 * in the same batch). Values are compared bit for bit ({@code -0.0 != 0.0}).
 */
public enum MergePolicy {
    /** Keep every point, duplicates included (the default). */
    NEVER,
    /** Drop a new point whose time and value both equal an existing or earlier point's. */
    EQUAL,
    /** Drop a new point whose time already exists; inside one batch the first wins. */
    RETAIN,
    /** A new point replaces every existing point at its time; inside one batch the last wins. */
    REPLACE;

    /** Parses {@code never|equal|retain|replace}, case-insensitively. */
    public static MergePolicy parse(String s) {
        for (MergePolicy p : values()) {
            if (p.name().equalsIgnoreCase(s)) {
                return p;
            }
        }
        throw new io.dendro.error.DendroException(io.dendro.error.ErrorCode.INVALID_ARGUMENT,
                "unknown merge policy '" + s + "' (expected never, equal, retain or replace)");
    }
}
