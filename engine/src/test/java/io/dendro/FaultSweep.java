package io.dendro;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.storage.CrashSimulator;
import io.dendro.storage.CrashSimulator.Loss;
import io.dendro.storage.FaultyFileIO;
import io.dendro.storage.FaultyFileIO.Kind;
import io.dendro.storage.FaultyFileIO.Op;
import io.dendro.storage.FaultyFileIO.ShortWrite;
import io.dendro.storage.OpenFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault sweeps, run against a fixed workload through {@link Database} with a
 * {@link FaultyFileIO} ({@code DatabaseOptions.io}), in the manner of H2's
 * {@code FilePathUnstable}. A subclass supplies the workload and what it checks
 * ({@link Run}); this class arms the file system, runs the workload once for each fault in a
 * fresh directory, and makes the checks every workload shares. {@link FaultSweepTest} sweeps
 * direct tree commits, {@link FaultSweepBufferedTest} the write-ahead log and the buffers.
 *
 * <p>The workload first runs unarmed, twice, to count its file-system operations {@code K},
 * its writes {@code W} and the bytes it writes {@code B} (printed), and to show that two runs
 * make the same operations in the same order (the sweeps rely on it). Then:
 * <ul>
 * <li>{@link #shouldSurviveAFailureAtEveryOperation}: operation {@code N} fails once (an
 *     IOException), for every {@code N} in {@code 1..K}; the workload goes on after it;</li>
 * <li>{@link #shouldSurviveAShortWriteAtEveryWrite}: write {@code N} is short, then the next
 *     write fails, or continues; every {@code N} in {@code 1..W}, both modes;</li>
 * <li>{@link #shouldSurviveRunningOutOfSpace}: writes fail with "No space left on device"
 *     after {@code B} bytes, for the workload's {@link #outOfSpaceEdges() edges} and 60 budgets
 *     spread over the whole run;</li>
 * <li>{@link #shouldSurviveADiskThatDiesAtAnyOperation}: operation {@code N} and every one
 *     after it fail;</li>
 * <li>{@link #shouldRecoverFromAPowerLossAtAnyOperation}: as the dying disk, and then the
 *     directory is turned into what a power loss could leave ({@link CrashSimulator}: every
 *     unforced write and directory change lost, or a seeded random part of them kept or torn),
 *     before the recovery check.</li>
 * </ul>
 * Every run checks, besides what its workload checks:
 * <ol>
 * <li>every throw is a {@link DendroException} with code IO_ERROR or OUT_OF_SPACE,
 *     COMMIT_OUTCOME_UNKNOWN exactly when the call's first fault was the force of
 *     {@code dendro.db} (then READ_ONLY for every write until the next reopen), or CLOSED
 *     for a call on the handles of a database whose reopen failed (a later open tries again);
 *     no call fails without a fault injected during it, and (when every injection is a failure)
 *     no call succeeds although one was injected during it, except the faults the engine
 *     swallows by design ({@link Run#swallowed});</li>
 * <li>if the fault hit the creation of the database (the first open failed), the directory
 *     opens afterwards as a new, empty database (the workload's {@link Run#recover});</li>
 * <li>nothing is left open (file descriptors, mappings) once the workload has closed the
 *     database, even after failed opens, nor after the recovery check.</li>
 * </ol>
 * A sweep checks every run and then reports all failing runs together, each with the arming
 * ({@link FaultyFileIO#toString()}) and the first difference found.
 *
 * <p>Forces are counted and can fail, but do not reach the device
 * ({@link FaultyFileIO#forcesReachDevice}; in the power-loss sweep they reach the
 * {@link CrashSimulator}, which records them instead): no run crashes the machine, so real
 * forces would only cost time.
 *
 * <h2>Running</h2>
 * <pre>
 * mvn -q -pl engine -am verify -Dtest='FaultSweep*' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * By default a sweep tries every {@code N} up to {@value #EXHAUSTIVE_UP_TO} and every
 * {@value #STRIDE}-th after that (so all of today's {@code K}); the dying-disk sweep tries every
 * {@value #DEAD_DISK_STRIDE}-th and the power-loss sweeps every {@value #POWER_LOSS_STRIDE}-th
 * {@code N}. The full sweep, every {@code N} in every sweep and 400 out-of-space budgets:
 * {@code -Ddendro.faults.all=true}. To rerun one fault, select the class with {@code -Dtest}
 * and add {@code -Ddendro.faults.only=failAt:137} (also {@code shortFail:N},
 * {@code shortContinue:N}, {@code outOfSpace:B}, {@code failFrom:N}, {@code powerLossALL:N},
 * {@code powerLossRANDOM:N}); add {@code -Ddendro.faults.trace=true} to print every step of
 * each run with its operations and which of them failed.
 *
 * @param <S> the workload's step
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FaultSweep<S> {
    static final int EXHAUSTIVE_UP_TO = 300;
    static final int STRIDE = 7;
    static final int DEAD_DISK_STRIDE = 4;
    static final int POWER_LOSS_STRIDE = 2;
    static final long SEGMENT = 256 << 10;
    static final boolean ALL = Boolean.getBoolean("dendro.faults.all");
    private static final String ONLY = System.getProperty("dendro.faults.only", "").trim();
    /** With {@code -Ddendro.faults.trace=true}, each run prints its steps and their operations. */
    private static final boolean TRACE = Boolean.getBoolean("dendro.faults.trace");

    /** Where each run makes its directory. */
    private Path root;
    /** The unarmed run: operations, writes, bytes written. */
    private long opsTotal;
    private long writesTotal;
    private long bytesTotal;

    // ---- what a workload supplies --------------------------------------------------------------

    /** A run of the workload in {@code dir} (not made yet) under {@code io}. */
    abstract Run newRun(String name, Path dir, FaultyFileIO io, boolean failuresOnly, boolean powerLoss);

    /** Out-of-space budgets tried besides those spread over the run. */
    List<Long> outOfSpaceEdges() {
        return List.of();
    }

    /** Up to which write a short write that then continues is tried at every write (then every {@value #STRIDE}-th). */
    long shortContinueExhaustiveUpTo() {
        return EXHAUSTIVE_UP_TO;
    }

    /** What else the first line printed says of the unarmed run ({@code second}: its second run). */
    String describeUnarmed(List<Op> log, Run second) {
        return "";
    }

    // ---- the sweeps ----------------------------------------------------------------------------

    @BeforeAll
    void countTheUnarmedRun(@TempDir Path dir) {
        root = dir;
        long start = System.nanoTime();
        FaultyFileIO io = new FaultyFileIO().forcesReachDevice(false);
        Outcome o = run("unarmed", io, true, false, d -> { });
        assertTrue(o.failures().isEmpty(), "the unarmed workload failed: " + o.failures());
        assertTrue(o.steps().stream().allMatch(s -> s.equals("ok")), "the unarmed workload: " + o.steps());
        opsTotal = io.operations();
        List<Op> log = io.log();
        // the sweeps rely on the same operations in the same order in every run
        FaultyFileIO again = new FaultyFileIO().forcesReachDevice(false);
        Run second = runIn("unarmed-again", again, true, false);
        assertTrue(second.execute(d -> { }).failures().isEmpty(), "the second unarmed run failed");
        String d = firstDifference(shapes(log, "unarmed"), shapes(again.log(), "unarmed-again"));
        assertTrue(d == null, "two unarmed runs made different file-system operations: " + d);
        writesTotal = log.stream().filter(op -> op.kind() == Kind.WRITE).count();
        bytesTotal = io.bytesWritten();
        Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
        log.forEach(op -> byKind.merge(op.kind(), 1L, Long::sum));
        System.out.println(getClass().getSimpleName() + ": the workload makes K = " + opsTotal
                + " file-system operations " + byKind + ", " + writesTotal + " writes" + describeUnarmed(log, second)
                + ", " + bytesTotal + " bytes written; two unarmed runs " + (System.nanoTime() - start) / 1_000_000
                + " ms" + (ALL ? "; full sweep (dendro.faults.all)" : ""));
    }

    @Test
    void shouldSurviveAFailureAtEveryOperation() {
        sweep("failAt", plan(opsTotal, EXHAUSTIVE_UP_TO, STRIDE), true, false,
                n -> new Setup(new FaultyFileIO().failAt(n)));
    }

    @Test
    void shouldSurviveAShortWriteAtEveryWrite() {
        sweep("shortFail", plan(writesTotal, EXHAUSTIVE_UP_TO, STRIDE), false, false,
                n -> new Setup(new FaultyFileIO().shortWriteAt(n, ShortWrite.THEN_FAIL)));
        sweep("shortContinue", plan(writesTotal, shortContinueExhaustiveUpTo(), STRIDE), false, false,
                n -> new Setup(new FaultyFileIO().shortWriteAt(n, ShortWrite.THEN_CONTINUE)));
    }

    @Test
    void shouldSurviveRunningOutOfSpace() {
        int spread = ALL ? 400 : 60;
        List<Long> budgets = new ArrayList<>(outOfSpaceEdges());
        for (int i = 0; i < spread; i++) {
            budgets.add(bytesTotal * i / spread + (i * 7919L) % 4093); // spread over the run, off any alignment
        }
        budgets.removeIf(b -> b >= bytesTotal);
        sweep("outOfSpace", budgets.stream().distinct().sorted().toList(), false, false,
                b -> new Setup(new FaultyFileIO().outOfSpaceAfter(b)));
    }

    @Test
    void shouldSurviveADiskThatDiesAtAnyOperation() {
        sweep("failFrom", plan(opsTotal, ALL ? Long.MAX_VALUE : 0, DEAD_DISK_STRIDE), true, false,
                n -> new Setup(new FaultyFileIO().failFrom(n, op -> true)));
    }

    /**
     * The power goes at operation {@code N}: nothing from it on reaches the device, and what
     * was not forced before it is lost ({@link Loss#ALL}) or partly lost ({@link Loss#RANDOM},
     * seeded with {@code N}: writes kept whole, dropped or torn at a sector; directory changes
     * kept up to a point), as {@link CrashSimulator} models it. {@code N = K + 1} is a power loss
     * after the whole workload.
     */
    @Test
    void shouldRecoverFromAPowerLossAtAnyOperation() {
        for (Loss loss : Loss.values()) {
            sweep("powerLoss" + loss, plan(opsTotal + 1, ALL ? Long.MAX_VALUE : 0, POWER_LOSS_STRIDE), true, true,
                    n -> {
                        CrashSimulator sim = new CrashSimulator();
                        FaultyFileIO io = new FaultyFileIO(sim).failFrom(n, op -> true);
                        return new Setup(io, dir -> sim.crash(loss, n));
                    });
        }
    }

    /** 1..upTo, then every stride-th, and always the last. */
    private static List<Long> plan(long total, long upTo, int stride) {
        List<Long> l = new ArrayList<>();
        for (long n = 1; n <= total; n++) {
            if (ALL || n <= upTo || (n - 1) % stride == 0 || n == total) {
                l.add(n);
            }
        }
        return l;
    }

    /** The file system of one run, and what to do to the directory before the recovery check. */
    private record Setup(FaultyFileIO io, Consumer<Path> beforeRecovery) {
        Setup(FaultyFileIO io) {
            this(io.forcesReachDevice(false), dir -> { });
        }
    }

    private interface Arming {
        Setup arm(long n);
    }

    /**
     * {@code failuresOnly}: every injection throws, so a call during which one happened must
     * fail. {@code powerLoss}: the directory is crashed before the recovery check.
     */
    private void sweep(String label, List<Long> ns, boolean failuresOnly, boolean powerLoss, Arming arming) {
        if (!ONLY.isEmpty() && !ONLY.startsWith(label + ":")) {
            return;
        }
        List<Long> todo = ONLY.isEmpty() ? ns : List.of(Long.parseLong(ONLY.substring(label.length() + 1)));
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        Throwable first = null;
        Map<String, Integer> outcomes = new TreeMap<>();
        for (long n : todo) {
            Setup setup = arming.arm(n);
            String run = label + ":" + n;
            Outcome o;
            try {
                o = run(run, setup.io(), failuresOnly, powerLoss, setup.beforeRecovery());
            } catch (Throwable e) {
                o = new Outcome(List.of(), List.of(describe(e)), e);
            }
            outcomes.merge(o.summary(), 1, Integer::sum);
            if (!o.failures().isEmpty()) {
                failures.add(run + " [" + setup.io() + "]: " + String.join("; ", o.failures()));
                if (first == null) {
                    first = o.cause();
                }
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(getClass().getSimpleName() + " " + label + ": " + todo.size() + " runs in " + ms
                + " ms; outcomes " + outcomes);
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(label + ": " + failures.size() + " of " + todo.size()
                    + " runs failed:\n  " + String.join("\n  ", failures.subList(0, Math.min(40, failures.size()))));
            if (first != null) {
                e.initCause(first);
            }
            throw e;
        }
    }

    private Outcome run(String name, FaultyFileIO io, boolean failuresOnly, boolean powerLoss,
                        Consumer<Path> beforeRecovery) {
        return runIn(name, io, failuresOnly, powerLoss).execute(beforeRecovery);
    }

    private Run runIn(String name, FaultyFileIO io, boolean failuresOnly, boolean powerLoss) {
        return newRun(name, root.resolve(name.replace(':', '-')).resolve("db"), io, failuresOnly, powerLoss);
    }

    /** What an operation did, without its number or directory. */
    private static List<String> shapes(List<Op> log, String run) {
        return log.stream().map(op -> op.kind() + " " + (op.fileName().equals(run) ? "<run>" : op.fileName()) + " @"
                + op.position() + " len " + op.length()).toList();
    }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "operation " + (i + 1) + ": " + a.get(i) + " vs " + b.get(i);
            }
        }
        return a.size() == b.size() ? null : a.size() + " operations vs " + b.size();
    }

    static String describe(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        String[] lines = w.toString().split("\n");
        return String.join(" | ", Arrays.copyOf(lines, Math.min(8, lines.length)));
    }

    /**
     * What one run found.
     *
     * @param steps    one word per step: ok, failed CODE, closed, skipped; and what the workload's
     *                 reopens showed (e.g. "known gap seen")
     * @param failures the checks that failed (empty: the run passed)
     * @param cause    the first exception behind a failure, if any
     */
    record Outcome(List<String> steps, List<String> failures, Throwable cause) {
        /** Which calls were not acknowledged, e.g. "{closed=12, failed IO_ERROR=1}". */
        String summary() {
            if (!failures.isEmpty()) {
                return "FAILED";
            }
            Map<String, Long> m = new TreeMap<>();
            steps.stream().filter(s -> !s.equals("ok")).forEach(s -> m.merge(s, 1L, Long::sum));
            return m.isEmpty() ? "all acknowledged" : m.toString();
        }
    }

    // ---- one run -------------------------------------------------------------------------------

    /**
     * One run of the workload under one armed file system: makes each call, classifies what it
     * did (the checks of the class comment), and leaves the rest to the workload.
     */
    abstract class Run {
        final String name;
        final FaultyFileIO io;
        /** Every injection throws: a call during which one happened must fail. */
        final boolean failuresOnly;
        /** The directory is crashed ({@link CrashSimulator}) before the recovery check. */
        final boolean powerLoss;
        final Path dir;
        final List<String> steps = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        Throwable cause;
        Database db;
        /** A reopen failed: the workload's calls go on with the closed handles. */
        boolean unusable;
        /** A commit's outcome is unknown (COMMIT_OUTCOME_UNKNOWN): every write is refused until a reopen. */
        boolean poisoned;
        /** The first open failed. */
        boolean creationFailed;

        Run(String name, Path dir, FaultyFileIO io, boolean failuresOnly, boolean powerLoss) {
            this.name = name;
            this.dir = dir;
            this.io = io.recordOperations();
            this.failuresOnly = failuresOnly;
            this.powerLoss = powerLoss;
        }

        /** The workload's steps, the same in every run. */
        abstract List<S> workload();

        /** Whether the step opens the database (the first one creates it). */
        abstract boolean opens(S step);

        /**
         * Makes the step's call and checks what it returned; false when there is nothing to call
         * it on (skipped). What the call throws is thrown on.
         */
        abstract boolean perform(int i, S step, String where);

        /** After the step's call was acknowledged. */
        void acknowledged(String where, S step) {
        }

        /**
         * After the step's call threw IO_ERROR or OUT_OF_SPACE with {@code faults} injected
         * during it; never for an open (the run marks the database unusable).
         */
        abstract void failed(int i, S step, List<Op> faults);

        /**
         * Whether a fault injected during an acknowledged call is swallowed by design: writing
         * the lock file's holder line (it only feeds error messages), deleting log files whose
         * records are sealed (the commit succeeded; the next truncation retries).
         */
        boolean swallowed(Op op) {
            return op.toString().contains("WRITE dendro.lock") || (op.kind() == Kind.DELETE && isLog(op));
        }

        /** Checks of the workload as a whole, once its database is closed. */
        void afterWorkload() {
        }

        /**
         * Reopens with the real file system and checks what the database holds (an empty new
         * database if {@link #creationFailed}), then that it takes new writes.
         */
        abstract void recover();

        void fail(String message) {
            failures.add(message);
        }

        List<Op> injectedSince(int before) {
            List<Op> all = io.injectedOps();
            return new ArrayList<>(all.subList(Math.min(before, all.size()), all.size()));
        }

        /** Runs the workload in a fresh directory and checks everything. */
        final Outcome execute(Consumer<Path> beforeRecovery) {
            try {
                // the parent exists (and is durable) already: Store.open creates and forces only db itself
                Files.createDirectories(dir.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<S> work = workload();
            try {
                for (int i = 0; i < work.size() && failures.isEmpty() && !creationFailed; i++) {
                    step(i, work.get(i));
                }
            } finally {
                if (db != null) {
                    Database d = db;
                    db = null;
                    d.close();
                }
            }
            afterWorkload();
            if (!failures.isEmpty()) {
                return new Outcome(steps, failures, cause);
            }
            try {
                if (Files.exists(dir)) {
                    long open = OpenFiles.under(dir);
                    if (open != 0) {
                        fail(open + " descriptors or mappings left open after the workload closed the database");
                    }
                }
                beforeRecovery.accept(dir);
                recover();
                long open = OpenFiles.under(dir);
                if (open != 0) {
                    fail(open + " descriptors or mappings left open after the recovery check");
                }
            } catch (Throwable e) {
                fail("recovery check threw " + describe(e));
                cause = cause == null ? e : cause;
            }
            if (failures.isEmpty()) {
                deleteTree(dir.getParent());
            }
            return new Outcome(steps, failures, cause);
        }

        private void step(int i, S step) {
            long opsBefore = io.operations();
            try {
                call(i, step);
            } finally {
                if (TRACE) {
                    Set<Long> injected = new HashSet<>();
                    io.injectedOps().forEach(op -> injected.add(op.number()));
                    System.out.println(name + " step " + i + " " + step + ": " + steps.get(steps.size() - 1));
                    for (Op op : io.log()) {
                        if (op.number() > opsBefore) {
                            System.out.println("    " + op + (injected.contains(op.number()) ? "  <- injected" : ""));
                        }
                    }
                }
            }
        }

        private void call(int i, S step) {
            int injectedBefore = io.injectedOps().size();
            String where = "step " + i + " " + step;
            try {
                if (!perform(i, step, where)) {
                    steps.add("skipped");
                    return;
                }
                if (unusable && !opens(step)) {
                    fail(where + " succeeded on a database whose reopen had failed");
                }
                if (opens(step)) {
                    unusable = false;
                    poisoned = false;
                }
                List<Op> injected = injectedSince(injectedBefore);
                injected.removeIf(this::swallowed);
                if (failuresOnly && !injected.isEmpty()) {
                    fail(where + " succeeded although " + injected.get(0)
                            + " failed during it (an IOException was swallowed)");
                }
                steps.add("ok");
                acknowledged(where, step);
            } catch (DendroException e) {
                List<Op> faults = injectedSince(injectedBefore);
                // a reopen tries again; every other call on the handles of a closed database is CLOSED
                boolean closedExpected = unusable && !opens(step);
                boolean closedAsExpected = closedExpected && e.code() == ErrorCode.CLOSED;
                steps.add(closedAsExpected ? "closed" : "failed " + e.code());
                if (closedAsExpected) {
                    return;
                }
                if (!closedExpected && poisoned && e.code() == ErrorCode.READ_ONLY) {
                    return; // refused before doing anything: the database waits for a reopen
                }
                if (e.code() == ErrorCode.COMMIT_OUTCOME_UNKNOWN) {
                    poisoned = true;
                    if (faults.isEmpty() || !isMetaForce(faults.get(0))) {
                        fail(where + " threw COMMIT_OUTCOME_UNKNOWN, but its first fault was "
                                + (faults.isEmpty() ? "none" : faults.get(0)) + ", not the force of dendro.db");
                    }
                } else if (closedExpected) {
                    fail(where + " on a closed database threw " + e + " instead of CLOSED");
                } else if (e.code() != ErrorCode.IO_ERROR && e.code() != ErrorCode.OUT_OF_SPACE) {
                    fail(where + " threw " + e.code() + ", not IO_ERROR or OUT_OF_SPACE: " + e.getMessage());
                } else if (faults.isEmpty()) {
                    fail(where + " threw " + e + " although no fault was injected during it");
                }
                if (!failures.isEmpty() && cause == null) {
                    cause = e;
                }
                if (opens(step)) {
                    openFailed(i);
                } else {
                    failed(i, step, faults);
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Throwable e) {
                steps.add("threw " + e.getClass().getSimpleName());
                fail(where + " threw " + e + ", not a DendroException: " + describe(e));
                cause = cause == null ? e : cause;
            }
        }

        private void openFailed(int i) {
            if (db != null) { // opened, but reading it back failed
                try {
                    db.close();
                } catch (DendroException e) {
                    // closed even so
                }
                db = null;
            }
            if (i == 0) {
                creationFailed = true;
                steps.add("creation failed");
            } else {
                unusable = true; // the rest of the workload runs on the closed handles
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    static boolean isLog(Op op) {
        return op.fileName().startsWith("wal-") && op.fileName().endsWith(".log");
    }

    static boolean isMetaForce(Op op) {
        return op.kind() == Kind.FORCE && op.fileName().equals("dendro.db");
    }

    /**
     * Every point at {@code version} (0: the latest, buffered points included), normalized
     * (time, then value bits); the count must agree, and a cursor at a numbered version must
     * say that version.
     */
    static FaultWorkload.Pts read(Stream st, long version) {
        long[] t = new long[1024];
        long[] b = new long[1024];
        int n = 0;
        try (PointCursor c = st.values(Time.MIN_TIME, Time.MAX_TIME, version)) {
            while (c.next()) {
                if (n == t.length) {
                    t = Arrays.copyOf(t, n * 2);
                    b = Arrays.copyOf(b, n * 2);
                }
                t[n] = c.time();
                b[n++] = Double.doubleToRawLongBits(c.value());
            }
            if (version != 0 && c.version() != version) {
                throw new AssertionError("a cursor at version " + version + " says version " + c.version());
            }
        }
        long count = st.count(Time.MIN_TIME, Time.MAX_TIME, version).value();
        if (count != n) {
            throw new AssertionError("count " + count + " and values " + n + " disagree at version " + version);
        }
        return FaultWorkload.Pts.fromTimeOrdered(t, b, n);
    }

    private static void deleteTree(Path p) {
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
