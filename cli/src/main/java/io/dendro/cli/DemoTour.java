package io.dendro.cli;

import io.dendro.Database;
import io.dendro.RawPoint;
import io.dendro.StatPoint;
import io.dendro.Stream;
import io.dendro.StreamInfo;
import io.dendro.StreamQuery;
import io.dendro.Time;
import io.dendro.Versioned;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The guided tour that {@code dendro demo} prints to stdout once the data is loaded: the
 * streams, counts and end points, aligned and arbitrary windows, and a correction made as a new
 * version and compared with the old one. Every query is timed ({@link Timed}).
 */
final class DemoTour {
    private static final DateTimeFormatter WINDOW_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int POINTWIDTH = 42;
    private static final long QUARTER_HOUR = 900_000_000_000L;

    private final PrintWriter out;
    private final Database db;
    private final String dbArg;
    private final int hours;
    private final List<Stream> streams;

    DemoTour(PrintWriter out, Database db, String dbArg, int hours, List<Stream> streams) {
        this.out = out;
        this.db = db;
        this.dbArg = dbArg;
        this.hours = hours;
        this.streams = streams;
    }

    void run(DemoLoader.Result load) {
        out.append(String.format(Locale.ROOT, "Dendro demo: a three-phase power meter, RMS voltage at %d Hz for %d h "
                + "from %s%n", MeterSignal.RATE_HZ, hours, Time.format(MeterSignal.START)));
        out.append("database: ").append(db.directory().toAbsolutePath().toString()).append("\n");
        loadSection(load);
        streamsSection();
        countsSection();
        alignedSection();
        windowsSection();
        correctionSection();
        diskSection();
        tryItSection();
        out.flush();
    }

    private void headline(String title) {
        out.append('\n').append("== ").append(title).append(' ')
                .append("=".repeat(Math.max(3, 86 - title.length()))).append('\n');
    }

    private void note(String text) {
        out.append("  ").append(text).append('\n');
    }

    private void loadSection(DemoLoader.Result load) {
        headline("Load");
        long perStream = (long) hours * MeterSignal.SAMPLES_PER_HOUR;
        if (load.inserts() == 0) {
            note(String.format(Locale.ROOT, "Reusing the data already here: %d streams x %,d points.",
                    streams.size(), perStream));
        } else {
            double secs = load.nanos() / 1e9;
            note(String.format(Locale.ROOT, "Loaded %,d points in %d inserts (one sorted batch per stream and hour, "
                    + "each a new version) in %.1f s: %s points/s.", load.pointsLoaded(), load.inserts(), secs,
                    Units.count(load.pointsLoaded() / Math.max(secs, 1e-9))));
        }
    }

    private void streamsSection() {
        Timed<List<StreamInfo>> t = Timed.of(() -> db.streams(StreamQuery.all().collectionPrefix("demo/")));
        headline("1. The streams: db.streams(collectionPrefix \"demo/\")");
        TextTable table = new TextTable("llllr", "uuid", "collection", "name", "unit", "version");
        t.value().stream().sorted(Comparator.comparing(s -> s.tags().getOrDefault("name", "")))
                .forEach(s -> table.row(s.uuid(), s.collection(), s.tags().get("name"), s.tags().get("unit"),
                        s.version()));
        table.print(out, "  ");
        note("Found in " + t.describe() + ". Every insert made a version; a version never changes.");
    }

    private void countsSection() {
        headline("2. count, earliest and latest per stream");
        TextTable table = new TextTable("lrrlrlrr", "name", "count", "took", "earliest", "value", "latest", "value",
                "took");
        for (Stream s : streams) {
            Timed<Versioned<Long>> c = Timed.of(() -> s.count(Time.MIN_TIME, Time.MAX_TIME, 0));
            Timed<Versioned<Optional<RawPoint>>> e = Timed.of(() -> s.earliest(0));
            Timed<Versioned<Optional<RawPoint>>> l = Timed.of(() -> s.latest(0));
            RawPoint first = e.value().value().orElseThrow();
            RawPoint last = l.value().value().orElseThrow();
            table.row(s.tags().get("name"), String.format(Locale.ROOT, "%,d", c.value().value()),
                    Units.duration(c.warmNanos()), Time.format(first.time()), first.value(), Time.format(last.time()),
                    last.value(), Units.duration(Math.max(e.warmNanos(), l.warmNanos())));
        }
        table.print(out, "  ");
        note("count comes from the tree's per-node summaries: its cost is the tree height, not the points.");
        note("Times: median of repeated runs, after a first run that also pays for class loading and JIT.");
    }

    private void alignedSection() {
        Stream s = streams.get(0);
        long start = MeterSignal.START;
        long end = start + hours * MeterSignal.HOUR_NS;
        Timed<List<StatPoint>> t = Timed.of(() -> s.alignedWindows(start, end, POINTWIDTH, 0).toList());
        headline(String.format(Locale.ROOT, "3. %s: alignedWindows, pointwidth %d (2^%d ns = %.1f min)",
                s.tags().get("name"), POINTWIDTH, POINTWIDTH, (1L << POINTWIDTH) / 60e9));
        statTable(t.value()).print(out, "  ");
        long points = t.value().stream().mapToLong(StatPoint::count).sum();
        note(String.format(Locale.ROOT, "%d windows over %,d points in %s.", t.value().size(), points, t.describe()));
        note("Windows start at multiples of 2^42 ns since 1970, so the first and last cover the day only in part.");
        note("The cost follows the number of windows, not of points: whole subtrees answer from their summaries.");
    }

    private void windowsSection() {
        Stream s = streams.get(0);
        long start = MeterSignal.START;
        long end = start + Math.min(2, hours) * MeterSignal.HOUR_NS;
        Timed<List<StatPoint>> t = Timed.of(() -> s.windows(start, end, QUARTER_HOUR, 0, 0).toList());
        headline(String.format(Locale.ROOT, "4. %s: windows of 15 min (width 900e9 ns, depth 0), first %d h",
                s.tags().get("name"), Math.min(2, hours)));
        statTable(t.value()).print(out, "  ");
        note(String.format(Locale.ROOT, "%d windows in %s. Depth 0 is exact: every point counts in its own window.",
                t.value().size(), t.describe()));
    }

    private void correctionSection() {
        Stream s = streams.get(0);
        DemoCorrection.Result c = DemoCorrection.applyOrFind(s, hours);
        long glitchTime = c.times()[0];
        headline(String.format(Locale.ROOT, "5. A correction at %s as a new version", clock(glitchTime)));
        note(String.format(Locale.ROOT, "%s recorded a %d ms glitch at %s (%d samples, up to %.0f V above normal).",
                s.tags().get("name"), Math.round(c.times().length * 1000.0 / MeterSignal.RATE_HZ), clock(glitchTime),
                c.times().length, MeterSignal.GLITCH_VOLTS));
        if (c.insertNanos() >= 0) {
            note(String.format(Locale.ROOT, "insert(%d corrected points, MergePolicy.REPLACE) made version %d in %s.",
                    c.times().length, c.after(), Units.duration(c.insertNanos())));
        } else {
            note(String.format(Locale.ROOT, "An earlier run corrected it: insert(%d points, MergePolicy.REPLACE) "
                    + "made version %d.", c.times().length, c.after()));
        }
        note("REPLACE swaps the points at those times; the count stays the same. Version " + c.before()
                + " still answers as before:");
        out.append('\n');
        long from = MeterSignal.time(MeterSignal.glitchSample(hours) - 2);
        long to = MeterSignal.time(MeterSignal.glitchSample(hours) + c.times().length + 2);
        Timed<List<RawPoint>> before = Timed.of(() -> s.values(from, to, c.before()).toList());
        Timed<List<RawPoint>> after = Timed.of(() -> s.values(from, to, c.after()).toList());
        TextTable values = new TextTable("lrrl", "time", "version " + c.before(), "version " + c.after(), "");
        for (int i = 0; i < before.value().size() && i < after.value().size(); i++) {
            RawPoint b = before.value().get(i);
            RawPoint a = after.value().get(i);
            values.row(Time.format(b.time()), b.value(), a.value(), b.value() == a.value() ? "" : "corrected");
        }
        values.print(out, "  ");
        note("values at each version: " + before.describe() + " / " + after.describe() + ".");
        out.append('\n');

        long wStart = Math.floorDiv(glitchTime - MeterSignal.START, QUARTER_HOUR) * QUARTER_HOUR + MeterSignal.START;
        note(String.format(Locale.ROOT, "The 15-minute window from %s at both versions:", clock(wStart)));
        TextTable w = new TextTable("rrrrrrr", "version", "min", "mean", "max", "count", "stddev", "took");
        for (long v : new long[] {c.before(), c.after()}) {
            Timed<List<StatPoint>> t = Timed.of(() -> s.windows(wStart, wStart + QUARTER_HOUR, QUARTER_HOUR, 0, v)
                    .toList());
            StatPoint p = t.value().get(0);
            w.row(v, fmt(p.min()), fmt(p.mean()), fmt(p.max()), String.format(Locale.ROOT, "%,d", p.count()),
                    fmt(p.stddev()),
                    Units.duration(t.warmNanos()));
        }
        w.print(out, "  ");
    }

    private void diskSection() {
        headline("6. On disk: db.info()");
        Timed<io.dendro.DatabaseInfo> t = Timed.of(db::info);
        InfoCommand.print(out, "  ", db.directory().toString(), t.value());
        note("Answered in " + t.describe() + ": the point total is a count per stream, from the summaries.");
    }

    private void tryItSection() {
        headline("7. Try it yourself");
        String uuid = streams.get(0).uuid().toString();
        long glitch = MeterSignal.time(MeterSignal.glitchSample(hours));
        String at = Time.format(glitch);
        String until = Time.format(glitch + 100_000_000L);
        long v = streams.get(0).version();
        String db = "--db " + dbArg;
        note("./dendro streams " + db);
        note("./dendro values " + db + " --uuid " + uuid + " --start " + at + " --end " + until + " --version "
                + (v - 1));
        note("./dendro aligned-windows " + db + " --uuid " + uuid + " --start " + Time.format(MeterSignal.START)
                + " --end " + Time.format(MeterSignal.START + hours * MeterSignal.HOUR_NS) + " --pointwidth 38 --iso");
        note("./dendro windows " + db + " --uuid " + uuid + " --start " + Time.format(MeterSignal.START)
                + " --end " + Time.format(MeterSignal.START + MeterSignal.HOUR_NS) + " --width PT5M");
        note("./dendro downsample " + db + " --uuid " + uuid + " --granularity 6hours --time-zone Europe/Ljubljana"
                + " --start " + Time.format(MeterSignal.START) + " --end "
                + Time.format(MeterSignal.START + hours * MeterSignal.HOUR_NS) + " --value-downsamplers c,m,l,u");
        note("./dendro --help");
    }

    private static TextTable statTable(List<StatPoint> points) {
        TextTable t = new TextTable("lrrrrr", "window start (UTC)", "min", "mean", "max", "count", "stddev");
        for (StatPoint p : points) {
            t.row(WINDOW_TIME.format(instant(p.time())), fmt(p.min()), fmt(p.mean()), fmt(p.max()),
                    String.format(Locale.ROOT, "%,d", p.count()), fmt(p.stddev()));
        }
        return t;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    private static String clock(long t) {
        return DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC).format(instant(t));
    }

    private static Instant instant(long t) {
        return Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), Math.floorMod(t, 1_000_000_000L));
    }
}
