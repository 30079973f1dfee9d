package io.dendro.cli;

import io.dendro.MergePolicy;
import io.dendro.RawPoint;
import io.dendro.Stream;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.Arrays;

/**
 * The demo's correction: the glitch on phase A is replaced by the values it should have had,
 * with {@link MergePolicy#REPLACE}, as one new version. Run again, it finds the correction
 * already made and reports the versions before and after it instead of making another.
 */
final class DemoCorrection {
    /**
     * @param before      the last version with the glitch
     * @param after       the version the correction made ({@code before + 1})
     * @param times       the corrected points' times
     * @param glitched    their values with the glitch
     * @param corrected   their corrected values
     * @param insertNanos how long the insert took, or -1 when it was made by an earlier run
     */
    record Result(long before, long after, long[] times, double[] glitched, double[] corrected, long insertNanos) {
    }

    private DemoCorrection() {
    }

    static Result applyOrFind(Stream phaseA, int hours) {
        long glitch = MeterSignal.glitchSample(hours);
        int hour = (int) (glitch / MeterSignal.SAMPLES_PER_HOUR);
        int from = (int) (glitch % MeterSignal.SAMPLES_PER_HOUR);
        int to = from + MeterSignal.GLITCH.length;
        long[] t = new long[MeterSignal.SAMPLES_PER_HOUR];
        double[] raw = new double[MeterSignal.SAMPLES_PER_HOUR];
        double[] fixed = new double[MeterSignal.SAMPLES_PER_HOUR];
        MeterSignal.fillHour(MeterSignal.PHASES[0], hour, glitch, true, t, raw);
        MeterSignal.fillHour(MeterSignal.PHASES[0], hour, glitch, false, t, fixed);
        long[] times = Arrays.copyOfRange(t, from, to);
        double[] glitched = Arrays.copyOfRange(raw, from, to);
        double[] corrected = Arrays.copyOfRange(fixed, from, to);

        long latest = phaseA.version();
        double now = valueAt(phaseA, times[0], latest);
        if (now == glitched[0]) {
            long t0 = System.nanoTime();
            phaseA.insert(times, corrected, MergePolicy.REPLACE);
            long after = phaseA.flush(); // seal the small buffered correction as its own version
            return new Result(latest, after, times, glitched, corrected, System.nanoTime() - t0);
        }
        if (now == corrected[0]) {
            for (long v = latest - 1; v >= 1; v--) {
                if (valueAt(phaseA, times[0], v) == glitched[0]) {
                    return new Result(v, v + 1, times, glitched, corrected, -1);
                }
            }
        }
        throw new DendroException(ErrorCode.INVALID_ARGUMENT, "demo stream " + phaseA.uuid()
                + " holds neither the glitch nor its correction at " + times[0]
                + ": remove the demo database or use another --db");
    }

    private static double valueAt(Stream s, long time, long version) {
        return s.nearest(time, version, false).value().map(RawPoint::value).orElse(Double.NaN);
    }
}
