package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-based random test: random inserts (sorted, unsorted, duplicates, every merge policy,
 * wide and narrow ranges, negative times, the extremes of the time range, null points, values at the ends of
 * the double range), random queries of
 * every kind at random past versions compared with a brute-force model, and random
 * close/reopen. The seed is printed on failure; rerun one with
 * {@code mvn -pl engine -am verify -Dtest=ModelTest -Ddendro.model.seed=S}, and a long run
 * with {@code -Ddendro.model.ops=2000000}.
 */
class ModelTest {
    @TempDir
    Path dir;

    /** An immutable snapshot of a stream at one version: points in engine order. */
    record Snap(long[] t, double[] v) {
        int size() {
            return t.length;
        }
    }

    /** The model of one stream: its latest points and some remembered past versions. */
    static final class ModelStream {
        final UUID id;
        long version;        // the latest sealed version
        boolean buffered;    // points acknowledged but not sealed yet
        long keepVersions;   // retention: 0 keeps every version
        long firstRetained = 1;
        Snap latest = new Snap(new long[0], new double[0]);
        final Map<Long, Snap> remembered = new HashMap<>();

        ModelStream(UUID id) {
            this.id = id;
            remembered.put(0L, latest); // version "0 of an empty stream" is handled separately
        }
    }

    private Random rnd;
    private Database db;
    private final List<ModelStream> streams = new ArrayList<>();
    private long ops;
    private long checks;

    @Test
    void shouldAgreeWithTheModel() {
        String seedProp = System.getProperty("dendro.model.seed", "");
        long seed = seedProp.isBlank() ? System.nanoTime() : Long.parseLong(seedProp.trim());
        long total = Long.parseLong(System.getProperty("dendro.model.ops", "30000").trim());
        rnd = new Random(seed);
        System.out.println("ModelTest seed " + seed + ", " + total + " operations");
        try {
            run(total);
        } catch (Throwable e) {
            throw new AssertionError("ModelTest failed at operation " + ops + " with seed " + seed
                    + " (rerun: -Ddendro.model.seed=" + seed + "): " + e, e);
        } finally {
            if (db != null) {
                db.close();
            }
        }
        System.out.println("ModelTest: " + ops + " operations, " + checks + " checks, " + streams.size() + " streams");
    }

    private int bufferPoints;

    private void open() {
        // no background sealing: the model knows when a buffer is sealed (full, delete, flush, close)
        db = Database.open(dir, DatabaseOptions.defaults().fsync(false).segmentCapacity(1 << 24)
                .bufferPoints(bufferPoints).bufferMaxAgeMillis(3_600_000).logFileBytes(1 << 20));
    }

    /** The model's side of sealing a buffer: the buffered content becomes the next version. */
    private void seal(ModelStream m) {
        if (m.buffered) {
            m.version++;
            m.buffered = false;
            remember(m);
            retain(m);
        }
    }

    /** The model of the retention policy: keep the last keepVersions versions. */
    private static void retain(ModelStream m) {
        if (m.keepVersions > 0) {
            m.firstRetained = Math.max(m.firstRetained, m.version - m.keepVersions + 1);
        }
        m.remembered.keySet().removeIf(v -> v != 0 && v < m.firstRetained);
    }

    private void setRetention(ModelStream m) {
        long keep = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(8);
        long first = db.stream(m.id).setRetention(keep, null);
        m.keepVersions = keep;
        if (m.version > 0) {
            retain(m);
        }
        assertEquals(Math.max(1, m.firstRetained), first, "first retained version");
    }

    private void compact() {
        db.compact();
        checks++;
    }

    private void run(long total) {
        bufferPoints = new int[] {1, 50, 2000, 32768}[rnd.nextInt(4)];
        System.out.println("ModelTest buffer of " + bufferPoints + " points");
        open();
        for (ops = 0; ops < total; ops++) {
            if (streams.isEmpty() || rnd.nextInt(400) == 0) {
                newStream();
            }
            ModelStream m = streams.get(rnd.nextInt(streams.size()));
            int r = rnd.nextInt(1000);
            if (r < 5) {
                streams.forEach(this::seal);
                db.close();
                open();
                checkAll();
            } else if (r < 8) {
                seal(m);
                assertEquals(m.version, db.stream(m.id).flush());
            } else if (r < 10) {
                compact();
            } else if (r < 12) {
                setRetention(m);
            } else if (r < 15) {
                badInsert(m);
            } else if (r < 350) {
                insert(m);
            } else if (r < 380) {
                delete(m);
            } else if (r < 420) {
                checkChanges(m);
            } else {
                query(m);
            }
        }
        streams.forEach(this::seal);
        db.close();
        open();
        checkAll();
    }

    private void newStream() {
        UUID id = new UUID(rnd.nextLong(), rnd.nextLong());
        db.create(id, "model/" + streams.size(), Map.of("n", Integer.toString(streams.size())), Map.of());
        streams.add(new ModelStream(id));
    }

    // ---- inserts ----------------------------------------------------------------------------

    private long randomTime(long center, int mode) {
        return switch (mode) {
            case 0 -> center + rnd.nextInt(64);                         // very narrow: many duplicates
            case 1 -> center + (rnd.nextLong() & ((1L << 20) - 1));     // a millisecond
            case 2 -> center + (rnd.nextLong() & ((1L << 36) - 1));     // about a minute
            case 3 -> Time.MIN_TIME + (long) (rnd.nextDouble() * ((double) Time.MAX_TIME - Time.MIN_TIME)); // anywhere
            case 4 -> rnd.nextBoolean() ? Time.MIN_TIME + rnd.nextInt(4) : Time.MAX_TIME - 1 - rnd.nextInt(4);
            default -> -rnd.nextInt(1_000_000);                         // around zero, negative
        };
    }

    private double randomValue() {
        if (rnd.nextInt(25) == 0) {
            return Stream.NULL; // a null point: kept, counted as a point, skipped by every statistic
        }
        if (rnd.nextInt(60) == 0) { // near the ends of the double range: sums and squares overflow or underflow
            double sign = rnd.nextBoolean() ? 1 : -1;
            return switch (rnd.nextInt(5)) {
                case 0 -> sign * Double.MAX_VALUE;
                case 1 -> sign * Double.MAX_VALUE * (1 - rnd.nextDouble() * 1e-6);
                case 2 -> sign * 1.7e308;
                case 3 -> sign * Double.MIN_NORMAL * rnd.nextDouble();
                default -> sign * 1e300 * rnd.nextDouble();
            };
        }
        return switch (rnd.nextInt(10)) {
            case 0 -> -0.0;
            case 1 -> Double.MIN_VALUE * rnd.nextInt(100);               // subnormals
            case 2 -> rnd.nextInt(5);                                    // few distinct values
            case 3 -> (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble() * 1e12;
            default -> Math.round(rnd.nextGaussian() * 1e7) / 1e4;      // 4 decimals
        };
    }

    private void insert(ModelStream m) {
        if (m.latest.size() > 150_000) {
            return; // keep the model's cost bounded; other streams take the writes
        }
        int n = switch (rnd.nextInt(10)) {
            case 0, 1, 2, 3 -> 1 + rnd.nextInt(4);
            case 4, 5, 6, 7 -> 1 + rnd.nextInt(300);
            case 8 -> 1 + rnd.nextInt(3000);
            default -> 1 + rnd.nextInt(12000);
        };
        int mode = rnd.nextInt(6);
        long center = mode == 3 || mode == 4 ? 0 : randomTime(0, 3) / 2;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = rnd.nextInt(8) == 0 && i > 0 ? t[rnd.nextInt(i)] : randomTime(center, mode);
            if (t[i] < Time.MIN_TIME) {
                t[i] = Time.MIN_TIME;
            }
            if (t[i] >= Time.MAX_TIME) {
                t[i] = Time.MAX_TIME - 1;
            }
            v[i] = rnd.nextInt(4) == 0 && i > 0 ? v[rnd.nextInt(i)] : randomValue();
        }
        if (rnd.nextBoolean()) {
            java.util.Arrays.sort(t); // sorted input (values stay where they were)
        }
        MergePolicy p = MergePolicy.values()[rnd.nextInt(4)];
        Stream s = db.stream(m.id);
        long got = s.insert(t, v, p, Durability.values()[rnd.nextInt(3)]);
        Snap after = modelInsert(m.latest, t, v, p);
        long sealed = s.version();
        boolean bufferedNow = s.bufferedPoints() > 0;
        // the buffer is sealed first when the batch would overfill it; a batch of a full
        // buffer's size or more is committed directly as its own version
        long sealedBefore = bufferedNow ? sealed - m.version : sealed - m.version - 1;
        assertTrue(sealedBefore == 0 || (sealedBefore == 1 && m.buffered),
                () -> "sealed " + sealed + " after version " + m.version + ", buffered " + bufferedNow);
        if (sealedBefore == 1) {
            seal(m); // the old buffer, without this batch
        }
        m.latest = after;
        m.buffered = true;
        if (!bufferedNow) {
            seal(m);
        }
        assertEquals(bufferedNow ? m.version + 1 : m.version, got, "the version this batch belongs to");
    }

    private void remember(ModelStream m) {
        if (m.remembered.size() < 24 || rnd.nextInt(4) == 0) {
            if (m.remembered.size() >= 24) {
                List<Long> keys = new ArrayList<>(m.remembered.keySet());
                keys.remove(0L); // keep the empty initial version for changes()
                m.remembered.remove(keys.get(rnd.nextInt(keys.size())));
            }
            m.remembered.put(m.version, m.latest);
        }
    }

    private void delete(ModelStream m) {
        long[] r = rnd.nextInt(20) == 0 ? new long[] {Time.MIN_TIME, Time.MAX_TIME} : randomRange(m.latest);
        long got = db.stream(m.id).delete(r[0], r[1]);
        seal(m); // a delete seals the buffer first
        m.version++;
        assertEquals(m.version, got, "version after delete");
        retain(m);
        Snap s = m.latest;
        int keep = 0;
        for (long t : s.t()) {
            if (t < r[0] || t >= r[1]) {
                keep++;
            }
        }
        long[] t = new long[keep];
        double[] v = new double[keep];
        int k = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.t()[i] < r[0] || s.t()[i] >= r[1]) {
                t[k] = s.t()[i];
                v[k++] = s.v()[i];
            }
        }
        m.latest = new Snap(t, v);
        remember(m);
    }

    /** changes() must cover every time at which two remembered versions differ. */
    private void checkChanges(ModelStream m) {
        List<Long> vs = new ArrayList<>(m.remembered.keySet());
        long a = vs.get(rnd.nextInt(vs.size()));
        long b = vs.get(rnd.nextInt(vs.size()));
        long from = Math.min(a, b);
        long to = Math.max(a, b);
        int res = rnd.nextInt(4) == 0 ? rnd.nextInt(63) : rnd.nextInt(40);
        Versioned<List<TimeRange>> got = db.stream(m.id).changes(from, to, res);
        assertEquals(to, got.version());
        List<TimeRange> ranges = got.value();
        long block = 1L << res;
        for (int i = 0; i < ranges.size(); i++) {
            TimeRange r = ranges.get(i);
            assertTrue(r.start() < r.end(), "non-empty range");
            assertTrue(r.start() == Time.MIN_TIME || Math.floorMod(r.start(), block) == 0, "aligned start");
            assertTrue(r.end() == Time.MAX_TIME || Math.floorMod(r.end(), block) == 0, "aligned end");
            if (i > 0) {
                assertTrue(ranges.get(i - 1).end() < r.start(), "sorted, disjoint and merged");
            }
        }
        checks++;
        for (long t : differingTimes(m.remembered.get(from), m.remembered.get(to))) {
            boolean covered = false;
            for (TimeRange r : ranges) {
                if (r.start() <= t && t < r.end()) {
                    covered = true;
                    break;
                }
            }
            long at = t;
            assertTrue(covered, () -> "changes(" + from + ", " + to + ", " + res + ") misses time " + at);
        }
        if (from == to) {
            assertEquals(List.of(), ranges, "a version does not differ from itself");
        }
    }

    /** Times whose sequence of values differs between two snapshots. */
    private static Set<Long> differingTimes(Snap x, Snap y) {
        Map<Long, List<Long>> gx = new HashMap<>();
        Map<Long, List<Long>> gy = new HashMap<>();
        for (int i = 0; i < x.size(); i++) {
            gx.computeIfAbsent(x.t()[i], k -> new ArrayList<>()).add(Double.doubleToRawLongBits(x.v()[i]));
        }
        for (int i = 0; i < y.size(); i++) {
            gy.computeIfAbsent(y.t()[i], k -> new ArrayList<>()).add(Double.doubleToRawLongBits(y.v()[i]));
        }
        Set<Long> out = new HashSet<>();
        Set<Long> all = new HashSet<>(gx.keySet());
        all.addAll(gy.keySet());
        for (long t : all) {
            if (!gx.getOrDefault(t, List.of()).equals(gy.getOrDefault(t, List.of()))) {
                out.add(t);
            }
        }
        return out;
    }

    /** The contract of SEMANTICS.md, written the simple way. */
    static Snap modelInsert(Snap old, long[] t, double[] v, MergePolicy p) {
        int n = t.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Long.compare(t[a], t[b])); // stable
        Set<Long> batchTimes = new HashSet<>();
        for (long x : t) {
            batchTimes.add(x);
        }
        Map<Long, Set<Long>> oldBits = new HashMap<>(); // only for times the batch touches
        for (int i = 0; i < old.size(); i++) {
            if (batchTimes.contains(old.t()[i])) {
                oldBits.computeIfAbsent(old.t()[i], k -> new HashSet<>()).add(Double.doubleToRawLongBits(old.v()[i]));
            }
        }
        List<long[]> accepted = new ArrayList<>(); // (time, bits) in time order, batch order on ties
        Map<Long, Long> replace = new TreeMap<>();
        Set<Long> acceptedTimes = new HashSet<>();
        for (int k : idx) {
            long bits = Double.doubleToRawLongBits(v[k]);
            switch (p) {
                case NEVER -> accepted.add(new long[] {t[k], bits});
                case EQUAL -> {
                    if (oldBits.computeIfAbsent(t[k], x -> new HashSet<>()).add(bits)) {
                        accepted.add(new long[] {t[k], bits});
                    }
                }
                case RETAIN -> {
                    if (!oldBits.containsKey(t[k]) && acceptedTimes.add(t[k])) {
                        accepted.add(new long[] {t[k], bits});
                    }
                }
                case REPLACE -> replace.put(t[k], bits);
            }
        }
        replace.forEach((time, bits) -> accepted.add(new long[] {time, bits}));
        // merge: old points first among equal times (REPLACE drops the old ones at replaced times)
        long[] rt = new long[old.size() + accepted.size()];
        double[] rv = new double[rt.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < old.size() || j < accepted.size()) {
            boolean takeOld = j == accepted.size() || (i < old.size() && old.t()[i] <= accepted.get(j)[0]);
            if (takeOld) {
                if (p != MergePolicy.REPLACE || !replace.containsKey(old.t()[i])) {
                    rt[k] = old.t()[i];
                    rv[k++] = old.v()[i];
                }
                i++;
            } else {
                rt[k] = accepted.get(j)[0];
                rv[k++] = Double.longBitsToDouble(accepted.get(j++)[1]);
            }
        }
        return new Snap(java.util.Arrays.copyOf(rt, k), java.util.Arrays.copyOf(rv, k));
    }

    private void badInsert(ModelStream m) {
        Stream s = db.stream(m.id);
        long before = s.version();
        long[] t = {randomTime(0, 5), randomTime(0, 5)};
        double[] v = {1, 2};
        ErrorCode want;
        switch (rnd.nextInt(3)) {
            case 0 -> {
                v[1] = Double.NaN;
                want = ErrorCode.INVALID_VALUE;
            }
            case 1 -> {
                v[1] = Double.NEGATIVE_INFINITY;
                want = ErrorCode.INVALID_VALUE;
            }
            default -> {
                t[1] = rnd.nextBoolean() ? Time.MAX_TIME : Time.MIN_TIME - 1;
                want = ErrorCode.INVALID_TIME_RANGE;
            }
        }
        DendroException e = assertThrows(DendroException.class, () -> s.insert(t, v));
        assertEquals(want, e.code());
        assertTrue(e.getMessage().contains("point 1"), e.getMessage());
        assertEquals(before, s.version(), "a failed insert must not make a version");
    }

    // ---- queries ----------------------------------------------------------------------------

    private void checkAll() {
        for (ModelStream m : streams) {
            Stream s = db.stream(m.id);
            assertEquals(m.version, s.version());
            checkValues(s, m, 0, m.latest, Time.MIN_TIME, Time.MAX_TIME);
        }
    }

    private void query(ModelStream m) {
        Stream s = db.stream(m.id);
        long version;
        Snap snap;
        if (m.version == 0 || rnd.nextInt(3) == 0) {
            version = 0;
            snap = m.latest;
        } else {
            List<Long> vs = new ArrayList<>(m.remembered.keySet());
            vs.remove(0L);
            if (vs.isEmpty()) {
                version = 0;
                snap = m.latest;
            } else {
                version = vs.get(rnd.nextInt(vs.size()));
                snap = m.remembered.get(version);
            }
        }
        long[] range = randomRange(snap);
        long a = range[0];
        long b = range[1];
        checks++;
        switch (rnd.nextInt(8)) {
            case 0, 1 -> checkValues(s, m, version, snap, a, b);
            case 2 -> checkAligned(s, m, version, snap, a, b, rnd.nextInt(63));
            case 3 -> checkWindows(s, m, version, snap, a, b);
            case 4 -> checkNearest(s, m, version, snap, a);
            case 5 -> {
                var r = rnd.nextBoolean() ? s.earliest(version) : s.latest(version);
                assertEquals(expected(m, version), r.version());
            }
            case 6 -> assertEquals(new Versioned<>(countIn(snap, a, b), expected(m, version)), s.count(a, b, version));
            default -> {
                DendroException e = assertThrows(DendroException.class, () -> s.count(0, 1, m.version + 1 + rnd.nextInt(5)));
                assertEquals(ErrorCode.NO_SUCH_VERSION, e.code());
                if (m.firstRetained > 1) {
                    long dropped = 1 + rnd.nextLong(m.firstRetained - 1);
                    e = assertThrows(DendroException.class, () -> s.count(0, 1, dropped));
                    assertEquals(ErrorCode.NO_SUCH_VERSION, e.code(), "version dropped by retention");
                }
            }
        }
    }

    private static long expected(ModelStream m, long version) {
        return version == 0 ? m.version + (m.buffered ? 1 : 0) : version;
    }

    private long[] randomRange(Snap snap) {
        long a;
        long b;
        if (snap.size() > 0 && rnd.nextInt(4) != 0) {
            a = snap.t()[rnd.nextInt(snap.size())] + rnd.nextInt(3) - 1;
            b = snap.t()[rnd.nextInt(snap.size())] + rnd.nextInt(3) - 1;
        } else {
            a = randomTime(0, rnd.nextInt(6));
            b = randomTime(0, rnd.nextInt(6));
        }
        if (rnd.nextInt(10) == 0) {
            a = Time.MIN_TIME;
            b = Time.MAX_TIME;
        }
        a = Math.max(Time.MIN_TIME, Math.min(Time.MAX_TIME, a));
        b = Math.max(Time.MIN_TIME, Math.min(Time.MAX_TIME, b));
        return new long[] {Math.min(a, b), Math.max(a, b)};
    }

    private static long countIn(Snap s, long a, long b) {
        return lowerBound(s.t(), b) - lowerBound(s.t(), a);
    }

    /** The points of {@code [a, b)} that are not null: what windows count. */
    private static long valuesIn(Snap s, long a, long b) {
        long n = 0;
        for (int i = lowerBound(s.t(), a); i < lowerBound(s.t(), b); i++) {
            if (!Stream.isNull(s.v()[i])) {
                n++;
            }
        }
        return n;
    }

    private static int lowerBound(long[] t, long x) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void checkValues(Stream s, ModelStream m, long version, Snap snap, long a, long b) {
        // half the time through the batch call, with a random batch size (1 .. 3,000), mixed with next()
        int batch = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 3000);
        long[] bt = new long[batch];
        double[] bv = new double[batch];
        int have = 0;
        int at = 0;
        try (PointCursor c = s.values(a, b, version)) {
            assertEquals(expected(m, version), c.version());
            for (int i = 0; i < snap.size(); i++) {
                if (snap.t()[i] >= a && snap.t()[i] < b) {
                    long time;
                    double value;
                    if (batch == 0 || (at == have && rnd.nextInt(4) == 0)) {
                        if (at < have) {
                            fail("next() called with batch points left");
                        }
                        if (!c.next()) {
                            fail("values ended early before " + snap.t()[i] + " in [" + a + ", " + b + ")");
                        }
                        time = c.time();
                        value = c.value();
                    } else {
                        if (at == have) {
                            have = c.next(bt, bv);
                            at = 0;
                            if (have == 0) {
                                fail("values (batch of " + batch + ") ended early before " + snap.t()[i]);
                            }
                            assertEquals(bt[have - 1], c.time(), "time() after a batch is its last point's");
                        }
                        time = bt[at];
                        value = bv[at++];
                    }
                    assertEquals(snap.t()[i], time);
                    assertEquals(Double.doubleToRawLongBits(snap.v()[i]), Double.doubleToRawLongBits(value),
                            () -> "value at " + time);
                }
            }
            if (at < have) {
                fail("values (batch) returned an extra point at " + bt[at]);
            }
            if (batch > 0 && c.next(bt, bv) != 0) {
                fail("values (batch) returned an extra point at " + bt[0]);
            }
            if (c.next()) {
                fail("values returned an extra point at " + c.time());
            }
        }
    }

    /**
     * The exact statistics of some points ({@link ExactStats}), to compare a window with: count,
     * min and max exactly, mean and standard deviation within the documented error bound
     * ({@link io.dendro.tree.Summary#errorBound}; a leaf here may hold more than
     * {@code LEAF_CAPACITY} points only at the lowest level, and then no more than the window).
     */
    static final class Acc {
        final ExactStats e = new ExactStats();

        /** Adds a value; a null point is not a value (statistics skip it). */
        void add(double x) {
            if (!Stream.isNull(x)) {
                e.add(x);
            }
        }

        long n() {
            return e.count();
        }

        void check(StatPoint p, String what, long key) {
            java.util.function.Supplier<String> where = () -> what + " " + key;
            long n = e.count();
            assertEquals(n, p.count(), () -> "count " + where.get());
            if (n == 0) {
                assertTrue(Double.isNaN(p.min()) && Double.isNaN(p.mean()) && Double.isNaN(p.stddev()), where);
                return;
            }
            assertEquals(Double.doubleToLongBits(e.min()), Double.doubleToLongBits(p.min()), () -> "min " + where.get());
            assertEquals(Double.doubleToLongBits(e.max()), Double.doubleToLongBits(p.max()), () -> "max " + where.get());
            double bound = io.dendro.tree.Summary.errorBound(e.maxAbs(),
                    Math.max(io.dendro.tree.Geometry.LEAF_CAPACITY, n), 10);
            double mean = e.mean();
            double sd = e.stddev();
            assertTrue(Math.abs(p.mean() - mean) <= bound + Math.ulp(mean),
                    () -> "mean " + p.mean() + " is not within " + bound + " of the exact " + mean + ", " + where.get());
            assertTrue(Math.abs(p.stddev() - sd) <= bound + Math.ulp(sd),
                    () -> "stddev " + p.stddev() + " is not within " + bound + " of the exact " + sd + ", " + where.get());
        }
    }

    private void checkAligned(Stream s, ModelStream m, long version, Snap snap, long a, long b, int pw) {
        long fa = Math.floorDiv(a, 1L << pw) * (1L << pw);
        long fb = Math.floorDiv(b, 1L << pw) * (1L << pw);
        TreeMap<Long, Acc> want = new TreeMap<>();
        for (int i = 0; i < snap.size(); i++) {
            long t = snap.t()[i];
            if (t >= fa && t < fb && !Stream.isNull(snap.v()[i])) { // a window of only nulls is empty: omitted
                want.computeIfAbsent(Math.floorDiv(t, 1L << pw) * (1L << pw), k -> new Acc()).add(snap.v()[i]);
            }
        }
        try (StatCursor c = s.alignedWindows(a, b, pw, version)) {
            assertEquals(expected(m, version), c.version());
            for (Map.Entry<Long, Acc> e : want.entrySet()) {
                assertTrue(c.next(), () -> "aligned windows ended early, pw " + pw);
                assertEquals(e.getKey(), c.time(), () -> "window start, pw " + pw);
                e.getValue().check(c.point(), "aligned window, pw " + pw, e.getKey());
            }
            assertTrue(!c.next(), "aligned windows returned an extra window, pw " + pw);
        }
    }

    private void checkWindows(Stream s, ModelStream m, long version, Snap snap, long a, long b) {
        long span = b - a;
        long width = span <= 0 ? 1 + rnd.nextInt(1000) : Math.max(1, span / (1 + rnd.nextInt(50)));
        if (rnd.nextInt(5) == 0) {
            width = 1 + rnd.nextInt(100);
            b = Math.min(b, a + width * 200);
        }
        int depth = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(63);
        long windows = (b - a) / width;
        List<Acc> want = new ArrayList<>();
        for (long k = 0; k < windows; k++) {
            want.add(new Acc());
        }
        long end = a + windows * width;
        for (int i = 0; i < snap.size(); i++) {
            long t = snap.t()[i];
            if (t >= a && t < end) {
                want.get((int) ((t - a) / width)).add(snap.v()[i]);
            }
        }
        List<StatPoint> got;
        try (StatCursor c = s.windows(a, b, width, depth, version)) {
            assertEquals(expected(m, version), c.version());
            got = c.toList();
        }
        assertEquals(windows, got.size(), "number of windows");
        if (depth == 0) {
            for (int k = 0; k < windows; k++) {
                assertEquals(a + k * width, got.get(k).time());
                want.get(k).check(got.get(k), "window of width " + width + " number", k);
            }
            return;
        }
        // depth > 0: a point may move to an earlier window, by less than 2^depth; totals are exact.
        // The windows still hold consecutive runs of the range's points: check their statistics.
        List<Double> xs = new ArrayList<>(); // the range's values (null points are not values)
        for (int i = 0; i < snap.size(); i++) {
            if (snap.t()[i] >= a && snap.t()[i] < end && !Stream.isNull(snap.v()[i])) {
                xs.add(snap.v()[i]);
            }
        }
        long cumGot = 0;
        long cumExact = 0;
        for (int k = 0; k < windows; k++) {
            Acc run = new Acc();
            for (long j = 0; j < got.get(k).count() && cumGot + j < xs.size(); j++) {
                run.add(xs.get((int) (cumGot + j)));
            }
            run.check(got.get(k), "window of width " + width + " at depth " + depth + " number", k);
            cumGot += got.get(k).count();
            cumExact += want.get(k).n();
            long windowEnd = a + (k + 1) * width;
            long bound = windowEnd + (1L << depth) > end || windowEnd + (1L << depth) < windowEnd
                    ? end : windowEnd + (1L << depth);
            assertTrue(cumGot >= cumExact, () -> "depth " + depth + ": points moved to a later window");
            assertTrue(cumGot <= valuesIn(snap, a, bound), () -> "depth " + depth + ": points moved too far");
        }
        assertEquals(cumExact, cumGot, "total over all windows");
    }

    private void checkNearest(Stream s, ModelStream m, long version, Snap snap, long t) {
        boolean backward = rnd.nextBoolean();
        Optional<RawPoint> want = Optional.empty();
        if (backward) {
            for (int i = snap.size() - 1; i >= 0; i--) {
                if (snap.t()[i] < t) {
                    want = Optional.of(new RawPoint(snap.t()[i], snap.v()[i]));
                    break;
                }
            }
        } else {
            for (int i = 0; i < snap.size(); i++) {
                if (snap.t()[i] >= t) {
                    want = Optional.of(new RawPoint(snap.t()[i], snap.v()[i]));
                    break;
                }
            }
        }
        Versioned<Optional<RawPoint>> got = s.nearest(t, version, backward);
        assertEquals(expected(m, version), got.version());
        assertEquals(want.map(RawPoint::time), got.value().map(RawPoint::time), "nearest time, backward=" + backward);
        assertEquals(want.map(p -> Double.doubleToRawLongBits(p.value())),
                got.value().map(p -> Double.doubleToRawLongBits(p.value())), "nearest value");
    }
}
