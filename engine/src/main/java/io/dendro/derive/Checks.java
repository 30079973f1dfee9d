package io.dendro.derive;

import io.dendro.StreamKind;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What the operators' {@code check} methods share: arity, kinds, names and arguments. */
final class Checks {
    private Checks() {
    }

    /** Refuses fewer than {@code min} or more than {@code max} sources (INVALID_ARGUMENT). */
    static void arity(String op, List<StreamKind> kinds, int min, int max) {
        int n = kinds.size();
        if (n < min || n > max) {
            String wanted = min == max ? "exactly " + min : "at least " + min;
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "'" + op + "' takes " + wanted + " source stream"
                    + (min == 1 && max == 1 ? "" : "s") + ", not " + n);
        }
    }

    /** Refuses source {@code i} unless it is of {@code kind} (WRONG_TYPE). */
    static void kind(String op, List<StreamKind> kinds, int i, String what, StreamKind kind) {
        if (kinds.get(i) != kind) {
            throw new DendroException(ErrorCode.WRONG_TYPE, "'" + op + "' needs a " + kind.label() + " " + what
                    + ", but source " + i + " is " + (kinds.get(i) == null ? "of no kind" : kinds.get(i).label()));
        }
    }

    /** The name of source {@code i}, null when unnamed (also when no names are given). */
    static String name(List<StreamKind> kinds, List<String> names, int i) {
        if (names == null) {
            return null;
        }
        if (names.size() != kinds.size()) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, names.size() + " source names for "
                    + kinds.size() + " sources");
        }
        return names.get(i);
    }

    /** Refuses any argument not in {@code allowed} (INVALID_ARGUMENT naming it and the allowed ones). */
    static void onlyArgs(String op, Map<String, String> args, String... allowed) {
        if (args == null) {
            return;
        }
        Set<String> unknown = new TreeSet<>(args.keySet());
        unknown.removeAll(List.of(allowed));
        if (!unknown.isEmpty()) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "unknown argument" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " for '" + op + "' ("
                    + (allowed.length == 0 ? "it takes none" : "it takes " + String.join(", ", allowed)) + ")");
        }
    }

    /** The argument {@code key}, or null when absent (or no arguments are given). */
    static String arg(Map<String, String> args, String key) {
        return args == null ? null : args.get(key);
    }
}
