/**
 * Leaf codecs: pure functions from arrays to bytes in a {@link java.lang.foreign.MemorySegment}
 * and back, with no I/O and no state between calls (Prometheus {@code chunkenc}).
 *
 * <ul>
 * <li>{@link io.dendro.storage.codec.TimestampCodec}: delta-of-delta or delta per block of
 *     128, patched bit-packing;</li>
 * <li>{@link io.dendro.storage.codec.ValueCodecs}: per call, the smallest of
 *     {@link io.dendro.storage.codec.AlpCodec} (decimals),
 *     {@link io.dendro.storage.codec.AlpDeltaCodec} (decimals as differences over their gcd),
 *     {@link io.dendro.storage.codec.XorCodec} (Chimp128) and
 *     {@link io.dendro.storage.codec.RawCodec}, behind a one-byte tag;</li>
 * <li>{@link io.dendro.storage.codec.BitWriter} and {@link io.dendro.storage.codec.BitReader}:
 *     least-significant-bit-first bit streams, bounds-checked on read.</li>
 * </ul>
 *
 * Every encoding ends with a CRC32C of its bytes, and every decoder takes the exact length of
 * the encoding and the most values the caller accepts: malformed input yields a
 * {@code CORRUPTION} {@link io.dendro.error.DendroException}, never another exception, a hang
 * or a huge allocation. The encodings are described bit by bit in
 * {@code docs/design/codecs.md}.
 */
package io.dendro.storage.codec;
