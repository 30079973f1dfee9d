package io.dendro.cli;

import io.dendro.Database;
import io.dendro.StreamInfo;
import io.dendro.StreamQuery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dendro streams}: lists the streams that match a collection prefix, tags and annotations. */
@Command(name = "streams", sortOptions = false,
        description = {"List streams as CSV uuid,collection,version,tags,annotations,kind,derived (the operator of a derived stream), sorted by collection "
                + "then UUID.",
            "Tags and annotations print as k=v pairs sorted by key and joined by ';' (with %%, ; and = inside "
                + "keys and values written as %%25, %%3B and %%3D)."})
final class StreamsCommand implements Callable<Integer> {
    @ParentCommand
    DendroCommand parent;

    @Mixin
    DbOption db;

    @Option(names = "--collection", paramLabel = "PREFIX", description = "Only collections starting with PREFIX.")
    String collection;

    @Option(names = "--tag", paramLabel = "K[=V]", converter = KeyValue.Converter.class,
            description = "Only streams with tag K equal to V; a bare K matches any value (repeatable).")
    List<KeyValue> tags = new ArrayList<>();

    @Option(names = "--annotation", paramLabel = "K[=V]", converter = KeyValue.Converter.class,
            description = "Only streams with annotation K equal to V; a bare K matches any value (repeatable).")
    List<KeyValue> annotations = new ArrayList<>();

    @Option(names = "--where", paramLabel = "LOOKUP=V",
            description = "Only streams matching a condition in Datastream's lookup syntax over tags and annotations "
                    + "(values are JSON; nested keys with __): key[__key...][__op]=value, op one of exact (default), "
                    + "iexact, contains, icontains, startswith, istartswith, gt, gte, lt, lte, in, nin, all (comma "
                    + "lists), exists (true/false). E.g. --where 'title__icontains=strEAm' (repeatable: all must hold).")
    List<String> where = new ArrayList<>();

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        StreamQuery q = StreamQuery.all();
        if (collection != null) {
            q.collectionPrefix(collection);
        }
        KeyValue.toMap(tags).forEach(q::tag);
        KeyValue.toMap(annotations).forEach(q::annotation);
        where.forEach(q::where);
        List<StreamInfo> found;
        CliContext ctx = parent.ctx;
        try (Database d = db.openForReading(ctx)) {
            found = new ArrayList<>(d.streams(q));
        }
        found.sort(Comparator.comparing(StreamInfo::collection).thenComparing(StreamInfo::uuid));
        PrintWriter out = ctx.out();
        out.append("uuid,collection,version,tags,annotations,kind,derived\n");
        for (StreamInfo s : found) {
            out.append(s.uuid().toString()).append(',')
                    .append(Csv.field(s.collection())).append(',')
                    .append(Long.toString(s.version())).append(',')
                    .append(field(s.tags())).append(',')
                    .append(field(s.annotations())).append(',')
                    .append(s.kind() == null ? "unknown" : s.kind().label()).append(',')
                    .append(s.derivedBy() == null ? "" : s.derivedBy()).append('\n');
        }
        return Main.OK;
    }

    private static String field(Map<String, String> m) {
        return Csv.field(Csv.pairs(m));
    }
}
