package io.dendro.cli;

import io.dendro.Database;
import io.dendro.StreamKind;
import java.util.ArrayList;
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

/** {@code dendro create}: creates a stream (and the database, when missing) and prints its UUID. */
@Command(name = "create", sortOptions = false,
        description = "Create a stream and print its UUID. Creates the database when the directory is "
                + "missing or empty.")
final class CreateCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--collection", required = true, paramLabel = "C",
            description = "Collection, slash-separated by convention (e.g. sensors/pmu1).")
    String collection;

    @Option(names = "--kind", paramLabel = "K", converter = KindConverter.class, defaultValue = "numeric",
            description = "What the values are, fixed for the stream's life: numeric (default: numbers, nulls and "
                    + "aggregates), nominal (labels: any JSON value) or graph ({\"v\": [...], \"e\": [...]}).")
    StreamKind kind;

    @Option(names = "--uuid", paramLabel = "U", description = "The stream's UUID (default: a random one).")
    UUID uuid;

    @Option(names = "--tag", paramLabel = "K=V", converter = KeyValue.Converter.class,
            description = "A tag, fixed for the stream's life (repeatable; name and unit are conventional).")
    List<KeyValue> tags = new ArrayList<>();

    @Option(names = "--annotation", paramLabel = "K=V", converter = KeyValue.Converter.class,
            description = "An annotation (repeatable; annotations can change later).")
    List<KeyValue> annotations = new ArrayList<>();

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        Map<String, String> t = withValues("--tag", tags);
        Map<String, String> a = withValues("--annotation", annotations);
        UUID id = uuid != null ? uuid : UUID.randomUUID();
        CliContext ctx = parent.ctx;
        try (Database d = db.open(ctx, true)) {
            d.create(id, collection, t, a, kind);
        }
        ctx.out().append(id.toString()).append('\n');
        return Main.OK;
    }

    private Map<String, String> withValues(String option, List<KeyValue> pairs) {
        for (KeyValue kv : pairs) {
            if (kv.value() == null) {
                throw new ParameterException(spec.commandLine(),
                        option + " '" + kv.key() + "' needs a value (expected key=value)");
            }
        }
        return KeyValue.toMap(pairs);
    }
}
