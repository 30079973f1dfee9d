package io.dendro.cli;

import io.dendro.Database;
import io.dendro.MergePolicy;
import io.dendro.Stream;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates the demo's streams and loads whatever part of them is missing, one insert per stream
 * and hour (sorted batches of {@value MeterSignal#SAMPLES_PER_HOUR} points), with a progress bar
 * on stderr. An hour that already holds its points is kept, so a second run, or a run after an
 * interrupted one, loads only what is missing.
 */
final class DemoLoader {
    /** What the load did. */
    record Result(List<Stream> streams, long pointsLoaded, int inserts, long nanos) {
    }

    private final CliContext ctx;
    private final boolean quiet;
    private final int hours;

    DemoLoader(CliContext ctx, boolean quiet, int hours) {
        this.ctx = ctx;
        this.quiet = quiet;
        this.hours = hours;
    }

    Result load(Database db) {
        List<Stream> streams = new ArrayList<>();
        List<int[]> todo = new ArrayList<>(); // {phase, hour}
        for (int p = 0; p < MeterSignal.PHASES.length; p++) {
            MeterSignal.Phase ph = MeterSignal.PHASES[p];
            Stream s = db.find(ph.uuid()).orElseGet(() -> db.create(ph.uuid(), MeterSignal.COLLECTION,
                    Map.of("name", ph.name(), "unit", "V"), Map.of("source", "dendro demo (synthetic)")));
            streams.add(s);
            for (int h = 0; h < hours; h++) {
                long start = MeterSignal.START + h * MeterSignal.HOUR_NS;
                long n = s.count(start, start + MeterSignal.HOUR_NS, 0).value();
                if (n == 0) {
                    todo.add(new int[] {p, h});
                } else if (n != MeterSignal.SAMPLES_PER_HOUR) {
                    throw new DendroException(ErrorCode.INVALID_ARGUMENT, "demo stream " + ph.name() + " ("
                            + ph.uuid() + ") holds " + n + " points in hour " + h + ", not 0 or "
                            + MeterSignal.SAMPLES_PER_HOUR + ": remove " + db.directory() + " or use another --db");
                }
            }
        }
        long total = (long) todo.size() * MeterSignal.SAMPLES_PER_HOUR;
        Progress progress = new Progress(ctx, quiet, "loading", "points", total);
        long t0 = System.nanoTime();
        long[] t = new long[MeterSignal.SAMPLES_PER_HOUR];
        double[] v = new double[MeterSignal.SAMPLES_PER_HOUR];
        long glitch = MeterSignal.glitchSample(hours);
        long done = 0;
        // hour by hour, so that an interrupted load leaves whole hours of all three phases
        todo.sort((a, b) -> a[1] != b[1] ? Integer.compare(a[1], b[1]) : Integer.compare(a[0], b[0]));
        for (int[] job : todo) {
            MeterSignal.fillHour(MeterSignal.PHASES[job[0]], job[1], glitch, true, t, v);
            streams.get(job[0]).insert(t, v, MergePolicy.NEVER);
            done += t.length;
            progress.update(done);
        }
        progress.finish(done);
        return new Result(streams, total, todo.size(), System.nanoTime() - t0);
    }
}
