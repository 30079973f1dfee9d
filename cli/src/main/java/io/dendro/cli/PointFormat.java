package io.dendro.cli;

/** How points and rows are written or read: CSV (the default of most commands) or JSON lines. */
enum PointFormat {
    csv,
    jsonl
}
