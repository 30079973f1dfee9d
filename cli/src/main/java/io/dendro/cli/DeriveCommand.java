package io.dendro.cli;

import io.dendro.BackprocessOptions;
import io.dendro.Database;
import io.dendro.Granularity;
import io.dendro.Time;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dendro derive}: creates a derived stream and prints its UUID, computing its history in
 * chunks with progress on stderr; {@code --resume} goes on with the histories an interrupted
 * (killed) derive left unfinished.
 */
@Command(name = "derive", sortOptions = false,
        description = {"Create a stream derived from others and print its UUID: its points are the operator "
                + "applied to the sources, computed over their history (unless --no-backprocess) and kept exactly "
                + "right as the sources change (every new source version commits a new derived version with it).",
            "Operators: sum (one or more numeric sources; --granularity buckets them), derivative (one numeric "
                + "source), counter_reset (one numeric source; a label stream of 1s), counter_derivative (a "
                + "counter_reset source named reset, then a numeric one; --arg max_value=N for wrap-around).",
            "The history is computed in chunks (--chunk-points source points each), each committed: progress goes "
                + "to stderr, and a derive that is killed keeps what it computed; dendro derive --resume goes on with "
                + "every history left unfinished (dendro info shows how far one got)."})
final class DeriveCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--collection", paramLabel = "C", description = "The derived stream's collection (required).")
    String collection;

    @Option(names = "--tag", paramLabel = "K=V", converter = KeyValue.Converter.class,
            description = "A tag of the derived stream (repeatable).")
    List<KeyValue> tags = new ArrayList<>();

    @Option(names = "--op", paramLabel = "OP",
            description = "sum, derivative, counter_reset or counter_derivative (required).")
    String op;

    @Option(names = "--from", paramLabel = "UUID[=NAME]",
            description = "A source stream, optionally named (repeatable, in order; at least one).")
    List<String> from = new ArrayList<>();

    @Option(names = "--arg", paramLabel = "K=V", converter = KeyValue.Converter.class,
            description = "An operator argument (repeatable), e.g. max_value=256.")
    List<KeyValue> args = new ArrayList<>();

    @Option(names = "--granularity", paramLabel = "G", converter = GranularityConverter.class,
            description = "For sum: add the sources' values per bucket of this granularity (default: per exact time).")
    Granularity granularity;

    @Option(names = "--no-backprocess", description = "Do not compute over the sources' history: start at their "
            + "current ends.")
    boolean noBackprocess;

    @Option(names = "--uuid", paramLabel = "U", description = "The derived stream's UUID (default: a random one).")
    UUID uuid;

    @Option(names = "--chunk-points", paramLabel = "N", defaultValue = "1000000",
            description = "Source points per chunk of the history, each chunk a commit (default: ${DEFAULT-VALUE}).")
    long chunkPoints;

    @Option(names = "--resume", description = "Create nothing: go on with every derived stream whose history is not "
            + "computed yet, and print their UUIDs.")
    boolean resume;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        if (chunkPoints < 1) {
            throw new ParameterException(spec.commandLine(), "--chunk-points must be positive, not " + chunkPoints);
        }
        CliContext ctx = parent.ctx;
        if (resume) {
            if (collection != null || op != null || !from.isEmpty() || uuid != null || noBackprocess || !tags.isEmpty()
                    || !args.isEmpty() || granularity != null) {
                throw new ParameterException(spec.commandLine(), "--resume takes no stream to create (only --db, "
                        + "--chunk-points and --quiet)");
            }
            List<UUID> done = new ArrayList<>();
            try (Database d = db.open(ctx, false)) {
                d.resumeBackprocessing(chunks(ctx, done));
            }
            for (UUID u : done) {
                ctx.out().append(u.toString()).append('\n');
            }
            return Main.OK;
        }
        if (collection == null || op == null || from.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required option"
                    + (collection == null ? " '--collection=C'" : op == null ? " '--op=OP'" : " '--from=UUID[=NAME]'"));
        }
        List<UUID> sources = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String f : from) {
            int eq = f.indexOf('=');
            String id = eq < 0 ? f : f.substring(0, eq);
            try {
                sources.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--from '" + f + "': not a UUID");
            }
            names.add(eq < 0 ? null : f.substring(eq + 1));
        }
        Map<String, String> a = new LinkedHashMap<>();
        for (KeyValue kv : args) {
            if (kv.value() == null) {
                throw new ParameterException(spec.commandLine(), "--arg '" + kv.key() + "' needs a value (key=value)");
            }
            a.put(kv.key(), kv.value());
        }
        if (granularity != null) {
            a.put("granularity", granularity.name());
        }
        for (KeyValue kv : tags) {
            if (kv.value() == null) {
                throw new ParameterException(spec.commandLine(), "--tag '" + kv.key() + "' needs a value (key=value)");
            }
        }
        UUID id = uuid != null ? uuid : UUID.randomUUID();
        try (Database d = db.open(ctx, false)) {
            d.derive(id, collection, KeyValue.toMap(tags), Map.of(), op, sources, names, a, !noBackprocess,
                    chunks(ctx, new ArrayList<>()));
        }
        ctx.out().append(id.toString()).append('\n');
        return Main.OK;
    }

    /**
     * Chunks of {@code --chunk-points}, with a progress line per derived stream (source points
     * computed of all), each stream finished added to {@code done}.
     */
    private BackprocessOptions chunks(CliContext ctx, List<UUID> done) {
        Progress[] progress = new Progress[1];
        UUID[] current = new UUID[1];
        return BackprocessOptions.defaults().chunkPoints(chunkPoints).listener((stream, until, points, total) -> {
            if (!stream.equals(current[0])) {
                current[0] = stream;
                progress[0] = new Progress(ctx, quiet, "deriving " + stream, "source points", total);
            }
            if (until == Time.MAX_TIME) {
                progress[0].finish(total);
                done.add(stream);
            } else {
                progress[0].update(points);
            }
        });
    }
}
