/**
 * Internal: online compaction ({@link io.dendro.maintenance.Compactor}): copies what retained
 * versions reach into new segments and switches to them (docs/design/compaction.md).
 */
package io.dendro.maintenance;
