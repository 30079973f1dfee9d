package io.dendro;

/** A query answer together with the stream version it was answered at. */
public record Versioned<T>(T value, long version) {
}
