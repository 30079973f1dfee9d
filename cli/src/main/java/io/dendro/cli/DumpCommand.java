package io.dendro.cli;

import io.dendro.Database;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dendro dump}: a stream's tree shape, one record decoded, or the registry trie. */
@Command(name = "dump", sortOptions = false,
        description = {"Print on-disk structures for debugging. Addresses print as segment:offset.",
            "--uuid: the stream's tree at a version, one line per node indented by level (internal nodes: "
                + "pointwidth, start, children; each entry: [child slot] version, count, min, max; leaves: "
                + "points, first and last time).",
            "--node: one record decoded field by field, whatever its kind.",
            "--registry: the catalog trie (nodes and buckets with their depth and counts, and every stream).",
            "A damaged record prints as a '!' line with its error; the dump goes on with the rest."})
final class DumpCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Mixin
    DbOption db;

    @Mixin
    HelpOption help;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** What to dump: exactly one of these. */
    static final class Target {
        @Option(names = "--uuid", paramLabel = "UUID", description = "Dump this stream's tree.")
        UUID uuid;

        @Option(names = "--node", paramLabel = "ADDRESS", converter = AddressConverter.class,
                description = "Decode the record at ADDRESS (segment:offset, or the raw 64-bit address).")
        String node;

        @Option(names = "--registry", description = "Dump the stream registry.")
        boolean registry;
    }

    @Mixin
    VersionOption version;

    @Option(names = "--depth", paramLabel = "D",
            description = "Print at most D levels of nodes (with --uuid or --registry; default: all).")
    Integer depth;

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx;
        if (target.uuid == null && version.version != 0) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "--version needs --uuid");
        }
        if (target.node != null && depth != null) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "--depth does not apply to --node");
        }
        int d = depth == null ? Database.DUMP_ALL : depth;
        try (Database database = db.openForReading(ctx)) {
            if (target.uuid != null) {
                database.dumpTree(target.uuid, version.version, d, ctx.out());
            } else if (target.node != null) {
                database.dumpNode(target.node, ctx.out());
            } else {
                database.dumpRegistry(d, ctx.out());
            }
        }
        return Main.OK;
    }
}
