/**
 * BTrDB's v5 gRPC protocol over the engine's public API ({@code io.dendro}): the server a
 * {@code dendro serve --grpc-port} starts. See {@code docs/design/btrdb-protocol.md}.
 */
package io.dendro.grpc;
