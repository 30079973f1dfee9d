package io.dendro.cli;

import io.dendro.Database;
import io.dendro.Granularity;
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

/** {@code dendro derive}: creates a derived stream and prints its UUID. */
@Command(name = "derive", sortOptions = false,
        description = {"Create a stream derived from others and print its UUID: its points are the operator "
                + "applied to the sources, computed over their history (unless --no-backprocess) and kept exactly "
                + "right as the sources change (every new source version commits a new derived version with it).",
            "Operators: sum (one or more numeric sources; --granularity buckets them), derivative (one numeric "
                + "source), counter_reset (one numeric source; a label stream of 1s), counter_derivative (a "
                + "counter_reset source named reset, then a numeric one; --arg max_value=N for wrap-around)."})
final class DeriveCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--collection", required = true, paramLabel = "C", description = "The derived stream's collection.")
    String collection;

    @Option(names = "--tag", paramLabel = "K=V", converter = KeyValue.Converter.class,
            description = "A tag of the derived stream (repeatable).")
    List<KeyValue> tags = new ArrayList<>();

    @Option(names = "--op", required = true, paramLabel = "OP",
            description = "sum, derivative, counter_reset or counter_derivative.")
    String op;

    @Option(names = "--from", required = true, paramLabel = "UUID[=NAME]",
            description = "A source stream, optionally named (repeatable, in order).")
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

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
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
        CliContext ctx = parent.ctx;
        try (Database d = db.open(ctx, false)) {
            d.derive(id, collection, KeyValue.toMap(tags), Map.of(), op, sources, names, a, !noBackprocess);
        }
        ctx.out().append(id.toString()).append('\n');
        return Main.OK;
    }
}
