package io.dendro;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The fixed workload of the fault sweeps ({@link FaultSweepTest}) and its model: three
 * streams, twenty inserts of mixed sizes (one a bulk of 50,000 points, some unsorted, with
 * duplicate times, two with {@link MergePolicy#REPLACE}), three annotation updates, and a
 * close and reopen in the middle. Everything is generated from a fixed seed, so every run
 * makes the same calls and the same file-system operations.
 */
final class FaultWorkload {
    static final int STREAMS = 3;
    /** A stream that only the check after recovery creates. */
    static final UUID EXTRA = new UUID(0xFA17L, 99);

    private FaultWorkload() {
    }

    static UUID uuid(int stream) {
        return new UUID(0xFA17L, stream + 1);
    }

    static String collection(int stream) {
        return "faults/" + (char) ('a' + stream);
    }

    static Map<String, String> tags(int stream) {
        return Map.of("name", "s" + stream, "unit", "V");
    }

    // ---- steps --------------------------------------------------------------------------------

    sealed interface Step permits Open, Close, Create, Insert, Annotate {
    }

    /** Opens the database (the first one creates it). */
    record Open() implements Step {
    }

    record Close() implements Step {
    }

    record Create(int stream) implements Step {
        @Override
        public String toString() {
            return "Create(" + collection(stream) + ")";
        }
    }

    /** An insert; {@code batch} is what it adds to the model (for REPLACE: the last point of each time). */
    record Insert(int stream, long[] t, double[] v, MergePolicy policy, Pts batch) implements Step {
        @Override
        public String toString() {
            return "Insert(" + collection(stream) + ", " + t.length + " points, " + policy + ")";
        }
    }

    /** An update with the expected property version taken from the model at the time. */
    record Annotate(int stream, Map<String, String> set, List<String> remove) implements Step {
        @Override
        public String toString() {
            return "Annotate(" + collection(stream) + ", set " + set + ", remove " + remove + ")";
        }
    }

    /** Whether a step commits (and so may leave a failed commit behind). */
    static boolean commits(Step s) {
        return s instanceof Create || s instanceof Insert || s instanceof Annotate;
    }

    static final List<Step> STEPS = build();

    private static List<Step> build() {
        Random rnd = new Random(0xD3AD_F00DL);
        long base = 1_700_000_000_000_000_000L;
        List<Step> s = new ArrayList<>();
        s.add(new Open());
        for (int i = 0; i < STREAMS; i++) {
            s.add(new Create(i));
        }
        s.add(insert(rnd, 0, 5, base, 1_000_000_000L, false, 0, MergePolicy.NEVER));
        s.add(insert(rnd, 1, 2_000, base, 60_000_000_000L, true, 0, MergePolicy.NEVER));
        s.add(insert(rnd, 2, 1, base, 1_000L, false, 0, MergePolicy.NEVER));
        s.add(bulk(0, 50_000, base + 10_000_000_000L, 1_000_000L));                        // the bulk
        s.add(insert(rnd, 1, 300, base, 1_000_000L, true, 8, MergePolicy.NEVER));           // duplicates
        s.add(insert(rnd, 2, 1_000, base, 1_000L, true, 0, MergePolicy.REPLACE));          // over its own point
        s.add(new Annotate(1, Map.of("state", "calibrated"), List.of()));
        s.add(insert(rnd, 0, 10, base + 20_000_000_000L, 5_000_000_000L, true, 0, MergePolicy.NEVER)); // in the bulk
        s.add(insert(rnd, 1, 4_000, base - 3_600_000_000_000L, 7_200_000_000_000L, true, 0, MergePolicy.NEVER));
        s.add(insert(rnd, 2, 3, base, 2L, false, 0, MergePolicy.NEVER));                   // same times again
        s.add(new Close());
        s.add(new Open());
        s.add(insert(rnd, 0, 20, -5_000_000_000L, 10_000_000_000L, true, 0, MergePolicy.NEVER)); // negative times
        s.add(insert(rnd, 1, 1, base, 1L, false, 0, MergePolicy.NEVER));
        s.add(insert(rnd, 2, 5_000, base, 3_600_000_000_000L, false, 0, MergePolicy.NEVER));
        s.add(new Annotate(0, Map.of("owner", "faults", "site", "lab"), List.of()));
        // over the bulk, on its grid: replaces existing points
        s.add(insert(rnd, 0, 500, base + 10_000_000_000L, 50_000_000L, 1_000_000L, true, 0, MergePolicy.REPLACE));
        s.add(insert(rnd, 1, 100, base, 100_000L, true, 4, MergePolicy.NEVER));
        s.add(insert(rnd, 2, 7, Time.MAX_TIME - 100, 100L, true, 0, MergePolicy.NEVER));   // the end of time
        s.add(new Annotate(0, Map.of("state", "moved"), List.of("site")));
        s.add(insert(rnd, 0, 2, Time.MIN_TIME, 10L, false, 0, MergePolicy.NEVER));          // the start of time
        s.add(insert(rnd, 1, 12_000, base + 86_400_000_000_000L, 86_400_000_000_000L, true, 0, MergePolicy.NEVER));
        s.add(insert(rnd, 2, 64, base, 64L, false, 0, MergePolicy.NEVER));
        s.add(insert(rnd, 0, 1, base, 1L, false, 0, MergePolicy.NEVER));
        s.add(new Close());
        return List.copyOf(s);
    }

    /** {@code n} random points in {@code [from, from + span)}; {@code dupEvery > 0} repeats earlier times. */
    private static Insert insert(Random rnd, int stream, int n, long from, long span, boolean unsorted, int dupEvery,
                                 MergePolicy policy) {
        return insert(rnd, stream, n, from, span, 1, unsorted, dupEvery, policy);
    }

    /** As above, with every time on a grid of {@code grid} ns from {@code from} (to hit existing times). */
    private static Insert insert(Random rnd, int stream, int n, long from, long span, long grid, boolean unsorted,
                                 int dupEvery, MergePolicy policy) {
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = dupEvery > 0 && i > 0 && i % dupEvery == 0 ? t[rnd.nextInt(i)]
                    : from + (long) (rnd.nextDouble() * (span / grid)) * grid;
            v[i] = switch (rnd.nextInt(6)) {
                case 0 -> -0.0;
                case 1 -> Double.MIN_VALUE * rnd.nextInt(10);
                case 2 -> rnd.nextInt(3);
                default -> Math.round(rnd.nextGaussian() * 1e6) / 1e3;
            };
        }
        if (!unsorted) {
            Arrays.sort(t);
        }
        return new Insert(stream, t, v, policy, Pts.batch(t, v, policy));
    }

    private static Insert bulk(int stream, int n, long from, long step) {
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i * step;
            v[i] = Math.sin(i / 100.0) * 230.0;
        }
        return new Insert(stream, t, v, MergePolicy.NEVER, Pts.batch(t, v, MergePolicy.NEVER));
    }

    // ---- the model ----------------------------------------------------------------------------

    /** Points sorted by time, then by the bits of the value: equal as multisets iff equal arrays. */
    record Pts(long[] t, long[] bits) {
        static final Pts EMPTY = new Pts(new long[0], new long[0]);

        int size() {
            return t.length;
        }

        /** What a batch adds under {@code policy} (NEVER or REPLACE), normalized. */
        static Pts batch(long[] t, double[] v, MergePolicy policy) {
            if (policy == MergePolicy.REPLACE) {
                TreeMap<Long, Long> last = new TreeMap<>();
                for (int i = 0; i < t.length; i++) {
                    last.put(t[i], Double.doubleToRawLongBits(v[i]));
                }
                long[] tt = new long[last.size()];
                long[] bb = new long[last.size()];
                int i = 0;
                for (Map.Entry<Long, Long> e : last.entrySet()) {
                    tt[i] = e.getKey();
                    bb[i++] = e.getValue();
                }
                return new Pts(tt, bb);
            }
            if (policy != MergePolicy.NEVER) {
                throw new IllegalArgumentException("the fault workload models NEVER and REPLACE only");
            }
            long[] bits = new long[t.length];
            for (int i = 0; i < t.length; i++) {
                bits[i] = Double.doubleToRawLongBits(v[i]);
            }
            return normalize(t.clone(), bits);
        }

        /** Sorts by time (stable for equal arrays), then each run of equal times by bits. */
        static Pts normalize(long[] t, long[] bits) {
            int n = t.length;
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> t[a] != t[b] ? Long.compare(t[a], t[b]) : Long.compare(bits[a], bits[b]));
            long[] tt = new long[n];
            long[] bb = new long[n];
            for (int i = 0; i < n; i++) {
                tt[i] = t[idx[i]];
                bb[i] = bits[idx[i]];
            }
            return new Pts(tt, bb);
        }

        /** From points already in ascending time (a cursor): only runs of equal times need sorting. */
        static Pts fromTimeOrdered(long[] t, long[] bits, int n) {
            long[] tt = Arrays.copyOf(t, n);
            long[] bb = Arrays.copyOf(bits, n);
            for (int i = 0; i < n; ) {
                int j = i + 1;
                while (j < n && tt[j] == tt[i]) {
                    j++;
                }
                if (j - i > 1) {
                    Arrays.sort(bb, i, j);
                }
                i = j;
            }
            return new Pts(tt, bb);
        }

        /** The multiset union of two normalized sets, normalized. */
        Pts merge(Pts o) {
            long[] tt = new long[size() + o.size()];
            long[] bb = new long[tt.length];
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < size() || j < o.size()) {
                boolean left = j >= o.size() || (i < size()
                        && (t[i] < o.t[j] || (t[i] == o.t[j] && bits[i] <= o.bits[j])));
                if (left) {
                    tt[k] = t[i];
                    bb[k++] = bits[i++];
                } else {
                    tt[k] = o.t[j];
                    bb[k++] = o.bits[j++];
                }
            }
            return new Pts(tt, bb);
        }

        /** Without the points whose time occurs in {@code o}. */
        Pts withoutTimesOf(Pts o) {
            long[] tt = new long[size()];
            long[] bb = new long[size()];
            int k = 0;
            int j = 0;
            for (int i = 0; i < size(); i++) {
                while (j < o.size() && o.t[j] < t[i]) {
                    j++;
                }
                if (j < o.size() && o.t[j] == t[i]) {
                    continue;
                }
                tt[k] = t[i];
                bb[k++] = bits[i];
            }
            return new Pts(Arrays.copyOf(tt, k), Arrays.copyOf(bb, k));
        }

        boolean same(Pts o) {
            return Arrays.equals(t, o.t) && Arrays.equals(bits, o.bits);
        }

        /** Where two sets first differ, for messages. */
        String firstDifference(Pts o) {
            int n = Math.min(size(), o.size());
            for (int i = 0; i < n; i++) {
                if (t[i] != o.t[i] || bits[i] != o.bits[i]) {
                    return "point " + i + ": (" + t[i] + ", " + Double.longBitsToDouble(bits[i]) + ") vs ("
                            + o.t[i] + ", " + Double.longBitsToDouble(o.bits[i]) + ")";
                }
            }
            return size() + " points vs " + o.size();
        }
    }

    /** One stream in the model: its points at every version (index = version) and its properties. */
    record MStream(List<Pts> versions, Map<String, String> annotations, long propertyVersion) {
        MStream {
            versions = java.util.Collections.unmodifiableList(new ArrayList<>(versions)); // may hold nulls
        }

        static MStream created() {
            return new MStream(List.of(Pts.EMPTY), Map.of(), 0);
        }

        long version() {
            return versions.size() - 1;
        }

        MStream insert(Insert ins) {
            Pts latest = versions.get(versions.size() - 1);
            Pts next = ins.policy() == MergePolicy.REPLACE
                    ? latest.withoutTimesOf(ins.batch()).merge(ins.batch())
                    : latest.merge(ins.batch());
            List<Pts> vs = new ArrayList<>(versions);
            vs.add(next);
            return new MStream(vs, annotations, propertyVersion);
        }

        MStream annotate(Annotate a) {
            TreeMap<String, String> m = new TreeMap<>(annotations);
            m.putAll(a.set());
            a.remove().forEach(m::remove);
            return new MStream(versions, Map.copyOf(m), propertyVersion + 1);
        }
    }

    /** The whole database in the model: the streams that exist, by index (null: not created). */
    record Model(List<MStream> streams) {
        static Model empty() {
            List<MStream> l = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                l.add(null);
            }
            return new Model(java.util.Collections.unmodifiableList(l));
        }

        MStream stream(int i) {
            return streams.get(i);
        }

        /** The model after {@code s} succeeded; {@code s} must be a committing step. */
        Model apply(Step s) {
            List<MStream> l = new ArrayList<>(streams);
            switch (s) {
                case Create c -> l.set(c.stream(), MStream.created());
                case Insert i -> l.set(i.stream(), l.get(i.stream()).insert(i));
                case Annotate a -> l.set(a.stream(), l.get(a.stream()).annotate(a));
                default -> throw new IllegalArgumentException(s + " does not commit");
            }
            return new Model(java.util.Collections.unmodifiableList(l));
        }

        /** Null when equal, else the first difference. A version whose points are null (not read) matches any. */
        String difference(Model o) {
            for (int i = 0; i < STREAMS; i++) {
                MStream a = stream(i);
                MStream b = o.stream(i);
                String name = collection(i);
                if ((a == null) != (b == null)) {
                    return name + (a == null ? " absent vs present" : " present vs absent");
                }
                if (a == null) {
                    continue;
                }
                if (a.version() != b.version()) {
                    return name + " at version " + a.version() + " vs " + b.version();
                }
                if (a.propertyVersion() != b.propertyVersion() || !a.annotations().equals(b.annotations())) {
                    return name + " annotations " + a.annotations() + " (property version " + a.propertyVersion()
                            + ") vs " + b.annotations() + " (" + b.propertyVersion() + ")";
                }
                for (int v = 1; v <= a.version(); v++) {
                    Pts pa = a.versions().get(v);
                    Pts pb = b.versions().get(v);
                    if (pa != null && pb != null && !pa.same(pb)) {
                        return name + " version " + v + ": " + a.versions().get(v).firstDifference(b.versions().get(v));
                    }
                }
            }
            return null;
        }

        private static String latestSize(MStream s) {
            Pts p = s.versions().get((int) s.version());
            return p == null ? "?" : Integer.toString(p.size());
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < STREAMS; i++) {
                MStream s = stream(i);
                b.append(i == 0 ? "" : ", ").append(collection(i)).append(s == null ? " absent"
                        : " v" + s.version() + "/p" + s.propertyVersion() + " " + latestSize(s) + " pts");
            }
            return b.append('}').toString();
        }
    }
}
