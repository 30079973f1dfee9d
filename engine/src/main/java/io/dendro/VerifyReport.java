package io.dendro;

import io.dendro.storage.NodeAddress;
import java.util.List;
import java.util.UUID;

/**
 * What {@link Database#verify()} found: the problems, and how much it checked.
 *
 * <p>Shared subtrees (the norm under copy-on-write) are checked once, so {@code nodes},
 * {@code points} and {@code bytes} count distinct records, not records per version.
 *
 * @param problems        the problems found, in the order found (at most
 *                        {@link #MAX_PROBLEMS}; identical ones reported once)
 * @param omittedProblems further problems found after the list was full
 * @param streams         stream records found in the registry
 * @param versions        stream versions whose trees were walked
 * @param nodes           distinct tree nodes checked (internal nodes and leaves)
 * @param points          points in the distinct leaves checked
 * @param bytes           bytes of every distinct record read and checked (record header included)
 * @param elapsedNanos    how long the check took
 */
public record VerifyReport(List<Problem> problems, long omittedProblems, long streams, long versions, long nodes,
                           long points, long bytes, long elapsedNanos) {
    /** The most problems a report lists; the rest are only counted. */
    public static final int MAX_PROBLEMS = 10_000;
    /** {@link Problem#version()} when the problem belongs to no particular stream version. */
    public static final long NO_VERSION = -1;

    public VerifyReport {
        problems = List.copyOf(problems);
    }

    /** Whether no problem was found. */
    public boolean isClean() {
        return problems.isEmpty() && omittedProblems == 0;
    }

    /** Every problem found, listed or not. */
    public long problemCount() {
        return problems.size() + omittedProblems;
    }

    /** What kind of check failed. */
    public enum Kind {
        /**
         * A record failed the checks made on every read (checksum, bounds, kind, size, position
         * in the tree); what lies below it could not be checked.
         */
        CORRUPTION,
        /** A tree node breaks an invariant: point order or span, capacity, values, entries. */
        TREE,
        /** A parent entry's summary differs from what its child holds. */
        SUMMARY,
        /** An entry version is out of range, or a child is newer than its parent entry says. */
        VERSION,
        /** The version index's shape or entries disagree with the stream's version count. */
        VERSION_INDEX,
        /** A stream record or its properties break an invariant. */
        STREAM,
        /** The catalog trie breaks an invariant (counts, depths, hash placement, duplicates). */
        REGISTRY,
        /** The check itself failed unexpectedly on this record (a bug meeting damaged data). */
        INTERNAL
    }

    /**
     * One problem. Its location is a file and byte offset (the record it was found in, when
     * known) and, for problems found inside a stream, the stream, version and node address.
     *
     * @param kind        which check failed
     * @param file        the segment file of the record, or null when unknown
     * @param offset      the byte offset of the record in {@code file} (-1 when unknown)
     * @param stream      the stream being checked, or null (registry problems)
     * @param version     the stream version being checked, or {@link #NO_VERSION}
     * @param address     the record's address, or {@link NodeAddress#NONE} when unknown
     * @param description what is wrong, in a few words
     */
    public record Problem(Kind kind, String file, long offset, UUID stream, long version, long address,
                          String description) {
        /** Where, e.g. {@code seg-000000.dnd offset 4096, stream U version 3 node 0:4096}. */
        public String location() {
            StringBuilder sb = new StringBuilder();
            if (file != null) {
                sb.append(file).append(" offset ").append(offset);
            }
            if (stream != null) {
                sb.append(sb.isEmpty() ? "" : ", ").append("stream ").append(stream);
                if (version != NO_VERSION) {
                    sb.append(" version ").append(version);
                }
            }
            if (address != NodeAddress.NONE) {
                sb.append(sb.isEmpty() ? "" : stream != null ? " " : ", ").append("node ")
                        .append(NodeAddress.toString(address));
            }
            return sb.isEmpty() ? "database" : sb.toString();
        }

        /** {@code KIND location: description}, one line. */
        @Override
        public String toString() {
            return kind + " " + location() + ": " + description;
        }
    }

    /** Progress of a verification ({@link Database#verify(Listener)}), called after each stream version checked. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param versionsDone  versions checked so far
         * @param versionsTotal versions to check in all (as the stream records say)
         */
        void progress(long versionsDone, long versionsTotal);
    }
}
