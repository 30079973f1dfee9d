package io.dendro.inspect;

import io.dendro.VerifyReport;
import io.dendro.VerifyReport.Kind;
import io.dendro.VerifyReport.Problem;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.NodeAddress;
import io.dendro.storage.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects a verification's problems: each located by the record's file and offset and by the
 * stream and version being checked (the context), identical ones (same kind, record and
 * description) kept once, at most {@link VerifyReport#MAX_PROBLEMS} listed.
 */
final class ProblemLog {
    /** The message format of {@link DendroException#corruption}. */
    private static final Pattern CORRUPTION =
            Pattern.compile("corruption in (.*) at offset (\\d+): (.*)", Pattern.DOTALL);

    private final Store store;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private long omitted;
    private UUID stream;
    private long version = VerifyReport.NO_VERSION;

    ProblemLog(Store store) {
        this.store = store;
    }

    /** Sets the stream and version that later problems belong to (null, NO_VERSION: none). */
    void context(UUID s, long v) {
        stream = s;
        version = v;
    }

    /** A problem in the record at {@code address} ({@link NodeAddress#NONE}: no record). */
    void add(Kind kind, long address, String description) {
        String file = address == NodeAddress.NONE ? null : store.fileOf(address);
        long offset = address == NodeAddress.NONE ? -1 : NodeAddress.offset(address);
        add(new Problem(kind, file, offset, stream, version, address, description));
    }

    /**
     * A read of the record at {@code address} failed with {@code e} (address NONE: unknown, taken
     * from the message). Rethrows CLOSED: a closed database is not damage.
     */
    void failed(RuntimeException e, long address) {
        if (e instanceof DendroException d && d.code() == ErrorCode.CLOSED) {
            throw d;
        }
        if (!(e instanceof DendroException d) || d.code() != ErrorCode.CORRUPTION) {
            add(Kind.INTERNAL, address, "unexpected " + e);
            return;
        }
        Matcher m = CORRUPTION.matcher(e.getMessage());
        if (!m.matches()) {
            add(Kind.CORRUPTION, address, e.getMessage());
        } else if (address != NodeAddress.NONE) {
            add(Kind.CORRUPTION, address, m.group(3));
        } else {
            add(new Problem(Kind.CORRUPTION, m.group(1), Long.parseLong(m.group(2)), stream, version, address,
                    m.group(3)));
        }
    }

    private void add(Problem p) {
        if (!seen.add(p.kind() + "\0" + p.file() + "\0" + p.offset() + "\0" + p.description())) {
            return;
        }
        if (problems.size() < VerifyReport.MAX_PROBLEMS) {
            problems.add(p);
        } else {
            omitted++;
        }
    }

    List<Problem> problems() {
        return problems;
    }

    long omitted() {
        return omitted;
    }
}
