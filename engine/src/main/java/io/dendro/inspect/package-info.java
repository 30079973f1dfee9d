/**
 * Internal: inspection. The verifier ({@link io.dendro.inspect.Verifier} with one check class per
 * on-disk structure and {@link io.dendro.inspect.ProblemLog}) and the dump
 * ({@link io.dendro.inspect.Dumper}, {@link io.dendro.inspect.NodeDecoder}); reached through
 * {@code Database.verify} and {@code Database.dump*}.
 */
package io.dendro.inspect;
