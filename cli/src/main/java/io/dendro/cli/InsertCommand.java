package io.dendro.cli;

import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dendro insert}: reads CSV points, checks every line, then inserts them.
 *
 * <p>Nothing is inserted unless every line is valid. The points are then committed in batches
 * of {@code --batch-size} in input order, one version per batch; the content at the last version
 * is the same as one insert of everything would give, whatever the merge policy (later batches
 * meet earlier ones exactly as later points in one batch meet earlier ones). Only a failure of
 * the disk while committing can leave the first batches in and the rest out; the error then
 * says which versions were committed.
 */
@Command(name = "insert", sortOptions = false,
        description = {"Insert CSV points (time,value per line) or, with --format jsonl, JSON lines "
                + "({\"t\": T, \"v\": V} per line) from FILE, or stdin when FILE is - or absent, and print the new "
                + "version.",
            "Time: ns or ISO-8601. A first line starting with a letter (a header such as time,value) is "
                + "skipped; blank lines are ignored.",
            "Every line is checked before anything is inserted: a bad line fails the whole insert, naming "
                + "its line number.",
            "Inputs larger than --batch-size points are committed in batches of that size in input order, "
                + "one version each; the final content is the same as one batch would give. Reading holds "
                + "all points in memory (16 bytes per point)."})
final class InsertCommand extends StreamCommand {
    /** Points per insert call by default: bounds the engine's working memory per commit. */
    static final int DEFAULT_BATCH = 1_000_000;

    @Option(names = "--merge", paramLabel = "POLICY", defaultValue = "never", converter = MergePolicyConverter.class,
            description = "What to do with a time that is already present: never (keep both, default), "
                    + "equal (drop an equal time and value), retain (keep the old point), replace (replace it).")
    MergePolicy merge;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + DEFAULT_BATCH,
            description = "Points per commit (default ${DEFAULT-VALUE}); 0 commits everything as one version.")
    int batchSize;

    @Option(names = "--durability", paramLabel = "MODE", defaultValue = "sync",
            converter = DurabilityConverter.class,
            description = "When the write-ahead log is forced: sync (before each batch is acknowledged, default), "
                    + "group (with concurrent writers, every few ms), none (left to the OS). Each batch is then "
                    + "sealed as a version before the next.")
    Durability durability;

    @Option(names = "--format", paramLabel = "F", defaultValue = "csv",
            description = "csv (default: time,value per line) or jsonl ({\"t\": T, \"v\": V} per line, T integer "
                    + "ns or an ISO-8601 string, V a number, null or an aggregate {\"c\", \"l\", \"u\", \"s\", \"q\"}"
                    + " or {\"c\", \"l\", \"u\", \"m\", \"d\"} in a numeric stream, any JSON value in a nominal one, a graph"
                    + " {\"v\": [...], \"e\": [...]} in a graph one).")
    PointFormat format;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "CSV file (default: - for stdin).")
    String file;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    void run(CliContext ctx, Stream s) {
        if (batchSize < 0) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "--batch-size " + batchSize + " is negative");
        }
        PointBuffer points = read(ctx, s.kind());
        int n = points.size();
        int batch = batchSize == 0 ? Math.max(n, 1) : batchSize;
        long before = s.version();
        long version = before;
        Progress progress = new Progress(ctx, quiet, "inserting", "points", n);
        for (int from = 0; from < n; from += batch) {
            int to = (int) Math.min(n, (long) from + batch);
            try {
                if (points.hasDocuments()) {
                    s.insertDocuments(points.times(from, to), points.documents(from, to), merge, durability);
                } else {
                    s.insert(points.times(from, to), points.values(from, to), points.aggregates(from, to), merge,
                            durability);
                }
                version = s.flush(); // each batch is sealed as its own version
            } catch (DendroException e) {
                if (from == 0) {
                    throw e;
                }
                throw new DendroException(e.code(), e.getMessage() + " (points 1.." + from + " of " + n
                        + " were committed as versions " + (before + 1) + ".." + version + ")", e);
            }
            progress.update(to);
        }
        progress.finish(n);
        ctx.out().append(Long.toString(version)).append('\n');
    }

    private PointBuffer parse(BufferedReader r, String source, StreamKind kind, Progress progress) throws IOException {
        if (format != PointFormat.jsonl && kind != StreamKind.NUMERIC) {
            throw new DendroException(ErrorCode.WRONG_TYPE, "stream is " + kind.label() + ": its values are JSON,"
                    + " insert them with --format jsonl");
        }
        return format == PointFormat.jsonl ? PointsJsonlReader.read(r, source, kind, progress)
                : PointsCsvReader.read(r, source, progress);
    }

    private PointBuffer read(CliContext ctx, StreamKind kind) {
        boolean stdin = file == null || file.equals("-");
        String source = stdin ? "stdin" : file;
        Progress progress = new Progress(ctx, quiet, "reading " + source, "lines", -1);
        try {
            if (stdin) {
                BufferedReader r = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8), 1 << 16);
                return parse(r, source, kind, progress);
            }
            try (BufferedReader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                return parse(r, source, kind, progress);
            }
        } catch (NoSuchFileException e) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "cannot read " + source + ": no such file");
        } catch (CharacterCodingException e) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "cannot read " + source + ": not UTF-8 text");
        } catch (AccessDeniedException e) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "cannot read " + source + ": permission denied");
        } catch (IOException e) {
            throw new DendroException(ErrorCode.IO_ERROR, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}
