package io.dendro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.derive.Operator;
import io.dendro.derive.Operators;
import io.dendro.derive.SourcePoints;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Derived streams in the engine: Datastream's numbers through real streams, the rules, and a
 * model test where sources get random inserts (in and out of order), REPLACE corrections and
 * deletes, with reopens and a compaction, after which every derived stream equals its operator
 * applied from scratch to its sources, at its latest version and at recorded older ones.
 */
class DerivedStreamsTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private Database open() {
        return Database.open(dir, DatabaseOptions.defaults().fsync(false));
    }

    private static double[] values(Stream s) {
        return s.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList().stream().mapToDouble(RawPoint::value).toArray();
    }

    @Test
    void datastreamsNumbersThroughStreams() {
        try (Database db = open()) {
            Stream a = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            Stream b = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            a.insert(new long[] {0, S, 2 * S, 3 * S, 4 * S, 10 * S, 11 * S}, new double[] {21, 25, 28, 32, 25, 70, 74});
            a.flush();
            Stream sum = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "sum", List.of(a.uuid(), b.uuid()),
                    Arrays.asList(null, null), Map.of(), true);
            assertEquals(0, sum.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList().size(), "b is empty: no sum yet");
            // B arrives after the sum exists: the sum follows, in the same commit as B's version
            b.insert(new long[] {0, S, 2 * S, 3 * S, 4 * S, 10 * S, 11 * S}, new double[] {21, 25, 28, 32, 25, 42, 42});
            b.flush();
            assertTrue(Arrays.equals(new double[] {42, 50, 56, 64, 50, 112, 116}, values(sum)), Arrays.toString(values(sum)));
            Stream der = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "derivative", List.of(a.uuid()),
                    Arrays.asList((String) null), Map.of(), true);
            assertTrue(Arrays.equals(new double[] {4.0, 3.0, 4.0, -7.0, 7.5, 4.0}, values(der)), Arrays.toString(values(der)));
            Stream chain = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "sum", List.of(a.uuid(), der.uuid()),
                    Arrays.asList(null, null), Map.of(), true);
            assertTrue(Arrays.equals(new double[] {29.0, 31.0, 36.0, 18.0, 77.5, 78.0}, values(chain)),
                    Arrays.toString(values(chain)));
            // a late correction in A: every stream derived from it, directly or not, follows exactly
            a.insert(new long[] {2 * S}, new double[] {30}, MergePolicy.REPLACE);
            a.flush();
            assertTrue(Arrays.equals(new double[] {4.0, 5.0, 2.0, -7.0, 7.5, 4.0}, values(der)), Arrays.toString(values(der)));
            assertTrue(Arrays.equals(new double[] {29.0, 35.0, 34.0, 18.0, 77.5, 78.0}, values(chain)),
                    Arrays.toString(values(chain)));
            assertEquals(2, der.version());
            // older derived versions never change
            assertTrue(Arrays.equals(new double[] {4.0, 3.0, 4.0, -7.0, 7.5, 4.0},
                    der.values(Time.MIN_TIME, Time.MAX_TIME, 1).toList().stream().mapToDouble(RawPoint::value).toArray()));
            // counter_reset is a label stream
            Stream up = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            double[] uptime = {10, 23, 28, 44, 2, 17, 90, 30, 2, 5, 10, 15, 23, 1, 7, 12, 19, 25, 31, 45, 51};
            long[] t = new long[uptime.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = i * S;
            }
            up.insert(t, uptime);
            up.flush();
            Stream resets = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "counter_reset", List.of(up.uuid()),
                    Arrays.asList((String) null), Map.of(), true);
            assertEquals(StreamKind.NOMINAL, resets.kind());
            assertEquals(List.of(4 * S, 7 * S, 8 * S, 13 * S),
                    resets.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList().stream().map(RawPoint::time).toList());
            // counter_derivative of a counter_reset stream named reset and a data stream, with wrap-around
            Stream counter = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            Stream data = db.create(UUID.randomUUID(), "c", Map.of(), Map.of());
            long[] nine = {0, S, 2 * S, 3 * S, 4 * S, 5 * S, 6 * S, 7 * S, 8 * S};
            counter.insert(nine, new double[] {10, 23, 28, 44, 2, 17, 90, 30, 2});
            data.insert(nine, new double[] {5, 12, 7, 25, 7, 18, 33, 40, 5});
            db.flush();
            Stream reset = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "counter_reset", List.of(counter.uuid()),
                    Arrays.asList((String) null), Map.of(), true);
            Stream rate = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "counter_derivative",
                    List.of(reset.uuid(), data.uuid()), Arrays.asList("reset", null), Map.of("max_value", "256"), true);
            assertTrue(Arrays.equals(new double[] {7.0, 251.0, 18.0, 11.0, 15.0}, values(rate)), Arrays.toString(values(rate)));
            assertEquals(List.of(S, 2 * S, 3 * S, 5 * S, 6 * S),
                    rate.values(Time.MIN_TIME, Time.MAX_TIME, 0).toList().stream().map(RawPoint::time).toList());
            // the lineage: which source versions each derived version reflects
            assertEquals(2, der.lineages().size());
            assertEquals(2L, der.lineage().sources().get(0).version());
            assertEquals(1L, der.versionReflecting(Map.of(a.uuid(), 1L)));
            assertEquals(2L, der.versionReflecting(Map.of(a.uuid(), 2L)));
            // the rules
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(DendroException.class,
                    () -> der.insert(new long[] {1}, new double[] {1})).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(DendroException.class, () -> der.delete(0, 10)).code());
            DendroException dependents = assertThrows(DendroException.class, a::obliterate);
            assertEquals(ErrorCode.HAS_DEPENDENTS, dependents.code());
            assertTrue(dependents.getMessage().contains(der.uuid().toString()), dependents::getMessage);
            assertEquals(ErrorCode.WRONG_TYPE, assertThrows(DendroException.class, () -> db.derive(UUID.randomUUID(),
                    "d", Map.of(), Map.of(), "derivative", List.of(resets.uuid()), Arrays.asList((String) null), Map.of(),
                    true)).code());
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
        }
        try (Database db = open()) { // reopened: the dependents are found in the registry again
            db.compact();
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
        }
    }

    @Test
    void shouldBackprocessInChunksThatResumeAfterAnInterruptAndACrash() {
        UUID a = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        int n = 5_000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * S;
            v[i] = (i * 7919) % 101;
        }
        List<long[]> events = new ArrayList<>();
        try (Database db = open()) {
            Stream sa = db.create(a, "a", Map.of(), Map.of());
            sa.insert(t, v);
            sa.flush();
            BackprocessOptions chunks = BackprocessOptions.defaults().chunkPoints(700).listener((id, until, done, total) -> {
                assertEquals(d, id);
                events.add(new long[] {until, done, total});
                if (events.size() == 3) {
                    Thread.currentThread().interrupt(); // stop after the third chunk
                }
            });
            Stream der = db.derive(d, "d", Map.of(), Map.of(), "derivative", List.of(a), Arrays.asList((String) null),
                    Map.of(), true, chunks);
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            assertEquals(3, events.size());
            assertEquals(3, der.version(), "a version per chunk, the first one the creation's");
            assertEquals(List.of(700L * S, 1400L * S, 2100L * S), events.stream().map(e -> e[0]).toList());
            assertEquals(List.of(700L, 1400L, 2100L), events.stream().map(e -> e[1]).toList());
            assertTrue(events.stream().allMatch(e -> e[2] == n));
            assertFalse(der.lineage().complete());
            assertEquals(2100L * S, der.lineage().until());
            // each version holds exactly the derivative before its until
            for (long version = 1; version <= 3; version++) {
                long until = der.lineages().get((int) (3 - version)).until();
                List<RawPoint> pts = der.values(Time.MIN_TIME, Time.MAX_TIME, version).toList();
                assertEquals(until / S - 1, pts.size(), "version " + version);
                assertEquals((until / S - 1) * S, pts.get(pts.size() - 1).time());
            }
            // the source changes in the part computed and in the part not yet computed
            sa.insert(new long[] {10 * S, 4000 * S}, new double[] {1e6, 1e6}, MergePolicy.REPLACE);
            sa.flush();
            assertEquals(4, der.version(), "the part computed follows the source");
            assertEquals(2100L * S, der.lineage().until());
            assertEquals(1e6 - v[9], der.values(10 * S, 11 * S, 0).toList().get(0).value());
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
            TestAccess.crash(db);
        }
        events.clear();
        try (Database db = open()) {
            assertFalse(db.stream(d).lineage().complete(), "the crash kept the chunks committed");
            assertEquals(1, db.resumeBackprocessing(BackprocessOptions.defaults().chunkPoints(1_000)
                    .listener((id, until, done, total) -> events.add(new long[] {until, done, total}))));
            assertEquals(List.of(3100L * S, 4100L * S, Time.MAX_TIME), events.stream().map(e -> e[0]).toList());
            Stream der = db.stream(d);
            assertTrue(der.lineage().complete());
            check(db, "derivative", der, List.of(a), "resumed");
            assertEquals(0, db.resumeBackprocessing(BackprocessOptions.defaults()), "nothing left to do");
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
        }
    }

    @Test
    void shouldLetASourceGoOnceItsDerivedStreamsAreGone() {
        UUID a = UUID.randomUUID();
        try (Database db = open()) {
            db.create(a, "a", Map.of(), Map.of());
        }
        try (Database db = open()) { // the first derive of this open loads who derives from whom
            Stream d = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "sum", List.of(a, a),
                    Arrays.asList(null, null), Map.of(), true);
            assertEquals(List.of(d.uuid()), db.stream(a).derivedStreams());
            d.obliterate();
            assertEquals(List.of(), db.stream(a).derivedStreams());
            db.stream(a).obliterate();
            assertEquals(0, db.streams(StreamQuery.all()).size());
        }
    }

    @Test
    void shouldObliterateTheWholeDependentGraphInOneCommitWithCascade() {
        UUID a;
        UUID b;
        UUID u;
        try (Database db = open()) {
            Stream sa = db.create(UUID.randomUUID(), "a", Map.of(), Map.of());
            Stream sb = db.create(UUID.randomUUID(), "b", Map.of(), Map.of());
            a = sa.uuid();
            b = sb.uuid();
            sa.insert(new long[] {0, S, 2 * S}, new double[] {1, 2, 4});
            sb.insert(new long[] {0, S, 2 * S}, new double[] {5, 5, 6});
            db.flush();
            List<String> one = Arrays.asList((String) null);
            List<String> two = Arrays.asList(null, null);
            Stream d1 = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "derivative", List.of(a), one, Map.of(), true);
            Stream s = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "sum", List.of(a, d1.uuid()), two, Map.of(),
                    true);
            Stream t = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "sum", List.of(sb.uuid(), d1.uuid()), two,
                    Map.of(), true); // also derived from b: goes with d1 all the same
            Stream su = db.derive(UUID.randomUUID(), "d", Map.of(), Map.of(), "derivative", List.of(b), one, Map.of(),
                    true);
            u = su.uuid();
            DendroException e = assertThrows(DendroException.class, d1::obliterate);
            assertEquals(ErrorCode.HAS_DEPENDENTS, e.code());
            assertEquals(6, db.streams(StreamQuery.all()).size(), "a refused obliterate removes nothing");
            List<UUID> removed = sa.obliterateWithDependents();
            assertEquals(a, removed.get(0));
            assertEquals(java.util.Set.of(a, d1.uuid(), s.uuid(), t.uuid()), new java.util.HashSet<>(removed));
            for (Stream gone : List.of(sa, d1, s, t)) {
                assertTrue(db.find(gone.uuid()).isEmpty());
                assertEquals(ErrorCode.NO_SUCH_STREAM, assertThrows(DendroException.class, gone::version).code());
            }
            assertEquals(java.util.Set.of(b, u), db.streams(StreamQuery.all()).stream().map(StreamInfo::uuid)
                    .collect(java.util.stream.Collectors.toSet()));
            sb.insert(new long[] {3 * S}, new double[] {9});
            sb.flush();
            assertTrue(Arrays.equals(new double[] {0, 1, 3}, values(su)), Arrays.toString(values(su)));
            assertEquals(ErrorCode.HAS_DEPENDENTS, assertThrows(DendroException.class, sb::obliterate).code());
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
        }
        try (Database db = open()) { // the dependents come from the registry index again
            assertEquals(2, db.streams(StreamQuery.all()).size());
            assertEquals(List.of(b, u), db.stream(b).obliterateWithDependents());
            assertEquals(0, db.streams(StreamQuery.all()).size());
            assertEquals(0, db.verify().problems().size(), () -> db.verify().toString());
        }
    }

    @Test
    void derivedStreamsEqualTheirOperatorFromScratch() {
        long seed = Long.getLong("dendro.derived.seed", System.nanoTime());
        System.out.println("DerivedStreamsTest seed " + seed + " (-Ddendro.derived.seed=" + seed + " repeats it)");
        SplittableRandom rnd = new SplittableRandom(seed);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Map<String, UUID> derived = new HashMap<>();
        Map<String, List<UUID>> sourcesOf = new HashMap<>();
        for (int phase = 0; phase < 4; phase++) {
            try (Database db = Database.open(dir, DatabaseOptions.defaults().fsync(false).bufferPoints(2_000))) {
                if (phase == 0) {
                    db.create(a, "src", Map.of(), Map.of());
                    db.create(b, "src", Map.of(), Map.of());
                    insertRandom(db.stream(a), rnd, 300);
                    db.stream(a).flush();
                    for (String op : List.of("sum", "derivative", "counter_reset")) {
                        List<UUID> src = op.equals("sum") ? List.of(a, b) : List.of(a);
                        List<String> names = new ArrayList<>();
                        src.forEach(x -> names.add(null));
                        UUID id = db.derive(UUID.randomUUID(), "der/" + op, Map.of(), Map.of(), op, src, names, Map.of(),
                                true, chunky(rnd)).uuid();
                        Thread.interrupted(); // an interrupted backprocess is resumed later
                        derived.put(op, id);
                        sourcesOf.put(op, src);
                    }
                    UUID chain = db.derive(UUID.randomUUID(), "der/chain", Map.of(), Map.of(), "sum",
                            List.of(b, derived.get("derivative")), Arrays.asList(null, null), Map.of(), true,
                            chunky(rnd)).uuid();
                    Thread.interrupted();
                    derived.put("chain", chain);
                    sourcesOf.put("chain", List.of(b, derived.get("derivative")));
                }
                for (int round = 0; round < 8; round++) {
                    Stream s = db.stream(rnd.nextBoolean() ? a : b);
                    switch (rnd.nextInt(4)) {
                        case 0, 1 -> insertRandom(s, rnd, 1 + rnd.nextInt(200));
                        case 2 -> { // a REPLACE correction
                            long t = rnd.nextLong(400) * S / 2;
                            s.insert(new long[] {t}, new double[] {rnd.nextInt(100)}, MergePolicy.REPLACE);
                        }
                        default -> {
                            long t = rnd.nextLong(400) * S / 2;
                            s.delete(t, t + rnd.nextLong(20) * S);
                        }
                    }
                    s.flush();
                    if (rnd.nextInt(4) == 0) { // go on with backprocessing (maybe interrupted again)
                        db.resumeBackprocessing(chunky(rnd));
                        Thread.interrupted();
                    }
                    for (var e : derived.entrySet()) {
                        String op = e.getKey().equals("chain") ? "sum" : e.getKey();
                        check(db, op, db.stream(e.getValue()), sourcesOf.get(e.getKey()),
                                "seed " + seed + " phase " + phase + " round " + round + " " + e.getKey());
                    }
                }
                // recorded older versions: each equals its operator over the source versions it records
                for (var e : derived.entrySet()) {
                    String op = e.getKey().equals("chain") ? "sum" : e.getKey();
                    List<Lineage> all = db.stream(e.getValue()).lineages();
                    for (int k = 0; k < 3 && !all.isEmpty(); k++) {
                        Lineage l = all.get(rnd.nextInt(all.size()));
                        check(db, op, db.stream(e.getValue()), sourcesOf.get(e.getKey()), "seed " + seed + " phase "
                                + phase + " " + e.getKey() + " at its version " + l.version(), l);
                    }
                }
                if (phase == 2) {
                    db.compact();
                }
                if (phase == 3) { // every history computed at last
                    db.resumeBackprocessing(BackprocessOptions.defaults().chunkPoints(50));
                    for (var e : derived.entrySet()) {
                        assertTrue(db.stream(e.getValue()).lineage().complete(), "seed " + seed + ": " + e.getKey());
                        String op = e.getKey().equals("chain") ? "sum" : e.getKey();
                        check(db, op, db.stream(e.getValue()), sourcesOf.get(e.getKey()), "seed " + seed + " at the end "
                                + e.getKey());
                    }
                }
                assertEquals(0, db.verify().problems().size(), () -> "seed " + seed + ": " + db.verify());
            }
        }
    }

    /** Small chunks, and now and then an interrupt after one (the thread's flag, cleared by the caller). */
    private static BackprocessOptions chunky(SplittableRandom rnd) {
        long points = 20 + rnd.nextInt(100);
        SplittableRandom r = rnd.split();
        return BackprocessOptions.defaults().chunkPoints(points).listener((stream, until, done, total) -> {
            if (r.nextInt(3) == 0) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void insertRandom(Stream s, SplittableRandom rnd, int n) {
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = rnd.nextLong(400) * S / 2 + (rnd.nextInt(8) == 0 ? 1 : 0);
            v[i] = rnd.nextInt(12) == 0 ? Stream.NULL : rnd.nextInt(100);
        }
        s.insert(t, v);
    }

    /**
     * The derived stream at its latest version equals the operator applied to the sources' latest
     * versions (before its {@code until} while its backprocessing is not finished).
     */
    private static void check(Database db, String opName, Stream d, List<UUID> sources, String what) {
        check(db, opName, d, sources, what, d.lineage());
    }

    /**
     * The derived stream at the version of {@code lineage} equals the operator applied to the
     * sources at the versions that lineage records (before its {@code until}).
     */
    private static void check(Database db, String opName, Stream d, List<UUID> sources, String what, Lineage lineage) {
        long until = lineage.until();
        Operator op = Operators.byName(opName);
        List<SourcePoints> in = new ArrayList<>();
        for (UUID s : sources) {
            SourcePoints sp = new SourcePoints();
            long at = lineage.sources().stream().filter(x -> x.uuid().equals(s)).findFirst().orElseThrow().version();
            if (at == 0) {
                in.add(sp); // the source had no version yet: empty
                continue;
            }
            for (RawPoint p : db.stream(s).values(Time.MIN_TIME, Time.MAX_TIME, at).toList()) {
                sp.add(p.time(), p.value(), p.document());
            }
            in.add(sp);
        }
        SourcePoints all = new SourcePoints();
        op.compute(in, Map.of(), Time.MIN_TIME, Time.MAX_TIME, all);
        SourcePoints want = new SourcePoints();
        for (int i = 0; i < all.size() && all.time(i) < until; i++) {
            want.add(all.time(i), all.value(i), all.label(i));
        }
        List<RawPoint> got = d.values(Time.MIN_TIME, Time.MAX_TIME, lineage.version()).toList();
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            if (want.time(i) != got.get(i).time()) {
                throw new AssertionError(what + ": first difference at point " + i + ": want time " + want.time(i)
                        + ", got " + got.get(i).time() + " (want " + want.size() + " points, got " + got.size() + ")");
            }
        }
        assertEquals(want.size(), got.size(), what + ": points");
        for (int i = 0; i < got.size(); i++) {
            assertEquals(want.time(i), got.get(i).time(), what + " point " + i);
            assertEquals(Double.doubleToRawLongBits(want.value(i)), Double.doubleToRawLongBits(got.get(i).value()),
                    what + " value " + i + " at " + want.time(i));
            assertEquals(want.label(i), got.get(i).document(), what + " label " + i);
        }
    }
}
