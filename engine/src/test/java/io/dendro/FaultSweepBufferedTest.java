package io.dendro;

import io.dendro.core.StreamHandle;
import io.dendro.BufferedFaultWorkload.Close;
import io.dendro.BufferedFaultWorkload.Crash;
import io.dendro.BufferedFaultWorkload.Create;
import io.dendro.BufferedFaultWorkload.Delete;
import io.dendro.BufferedFaultWorkload.Flush;
import io.dendro.BufferedFaultWorkload.FlushAll;
import io.dendro.BufferedFaultWorkload.Insert;
import io.dendro.BufferedFaultWorkload.Observe;
import io.dendro.BufferedFaultWorkload.Open;
import io.dendro.BufferedFaultWorkload.Step;
import io.dendro.FaultWorkload.Pts;
import io.dendro.storage.FaultyFileIO;
import io.dendro.storage.FaultyFileIO.Kind;
import io.dendro.storage.FaultyFileIO.Op;
import io.dendro.storage.FileIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Fault injection on the buffered write path: the write-ahead log, the per-stream buffers and
 * their seals, replay at open ({@link Buffers}, {@code storage/WriteAheadLog}), as
 * docs/design/durability.md describes them. {@link FaultSweepTest} runs with
 * {@code bufferPoints(1)}, so every insert there is a direct tree commit; this sweep runs the
 * fixed {@link BufferedFaultWorkload} with {@code bufferPoints(500)}, log files of 16 KiB and no
 * sealing by age, so that most inserts are logged and buffered, and every seal, rotation and log
 * truncation happens at the same call in every run (K = 266 file-system operations at the time
 * of writing).
 *
 * <p>The sweeps and the checks every run makes are those of {@link FaultSweep} (the
 * short writes that then continue are tried at every {@value #STRIDE}-th write only, and there
 * are no out-of-space budgets at byte edges); here an acknowledged call during which the
 * background log force failed is fine too (the insert forces the log itself). Each run records
 * what every call did and checks besides:
 * <ol>
 * <li>after every call: a logged insert is in its stream's buffer (until a later call seals
 *     it), an acknowledged buffered insert returned the stream's latest sealed version plus one
 *     and a direct one its new version, a flush or delete leaves the buffer empty, and a buffer
 *     holds fewer than {@code bufferPoints} points;</li>
 * <li>by content, at version 0 (sealed versions plus the buffer): in the running database
 *     before the close and before the final crash, after each reopen in the middle, and after
 *     reopening with the real file system once the workload has ended (in a process crash, so
 *     the buffers come back from the log). Each insert writes its own block of time, so which
 *     inserts a stream holds is read off its points: each one wholly or not at all, exactly
 *     once, with its values, minus what the deletes took (each delete took effect or not, as a
 *     whole), and nothing else. Which inserts those must be:
 *     <ul>
 *     <li>every acknowledged insert and delete;</li>
 *     <li>no insert that threw, except in the documented cases: its log record was written and
 *         only the force after it failed (then it is in the buffer and survives a process
 *         crash: it must be there unless the power failed), or it was a direct commit (or a
 *         delete) whose own commit failed at the force of {@code dendro.db}, after its meta
 *         slot was written (the tree commit's known gap: either, once the database was
 *         reopened; not in the process that made the call);</li>
 *     <li>after a power loss, a logged insert may be gone only if nothing made it durable: not
 *         its own SYNC or GROUP acknowledgement, nor a later one (its force covers every record
 *         before it), nor a later database flush or close, nor a seal of its buffer, nor a
 *         successful force of its log file after its write (read from the operation log:
 *         rotations and the background force count). Those gone must be the last of them in
 *         log order (the log ends at its first bad record), except the records of a buffer
 *         whose seal failed at the force of {@code dendro.db} (a tree may hold them anyway);</li>
 *     <li>what a reopen showed stays;</li>
 *     </ul></li>
 * <li>every version sealed by a flush during the workload reads the same count and values
 *     (an order-independent hash) at every later reopen;</li>
 * <li>after recovery, {@link Database#verify()} is clean, and the database takes a new insert in
 *     every stream and keeps it across another reopen.</li>
 * </ol>
 * A run's summary counts its calls that were not acknowledged and notes what the reopen after it
 * allowed and showed: "failed force, record kept", "unforced record lost" or "kept" (after a
 * power loss), "known gap seen" or "not seen".
 *
 * <h2>The background log force</h2>
 * The thread {@code dendro-log-forcer} forces the log every {@code groupCommitMillis} whenever a
 * record is unforced, which would put forces at timing-dependent places in the operation
 * sequence. A {@link ForcerGate} between the database and the {@link FaultyFileIO} makes it
 * deterministic: a force from that thread reaches the file system only during a GROUP insert,
 * once, while the test thread waits for it (then it is numbered, and can fail, like any other
 * operation); every other attempt fails at the gate, uncounted, and the forcer swallows it. So
 * NONE records are forced by later SYNC and GROUP inserts, flushes, close and rotation, and a
 * GROUP insert whose background force fails forces the log itself after its eight waits, as
 * the design says. {@code groupCommitMillis} is 1. The first two unarmed runs must make the same
 * operations.
 *
 * <h2>Bugs this sweep found (fixed, and swept)</h2>
 * <ul>
 * <li>A failed rotation left a stale next log file behind, and smaller records still went into
 *     the old file: the next open dropped them. Now the half-made file is deleted and no record
 *     enters the old file until the rotation succeeds.</li>
 * <li>A reopen started a new log file without forcing the one it replayed: a later power loss
 *     could cut the older file short while the newer survived. Now the newest file is forced
 *     before the next begins, at open as at every rotation. The workload crashes with unforced
 *     NONE records in the log to cover it.</li>
 * </ul>
 *
 * <h2>Running</h2>
 * {@code -Dtest=FaultSweepBufferedTest} runs these sweeps alone (about 16 seconds; with
 * {@code -Ddendro.faults.all=true} about 30), and the options of {@link FaultSweep} apply.
 */
class FaultSweepBufferedTest extends FaultSweep<Step> {
    private static final List<Step> STEPS = BufferedFaultWorkload.STEPS;
    private static final List<Insert> INSERTS = BufferedFaultWorkload.INSERTS;
    private static final List<Delete> DELETES = BufferedFaultWorkload.DELETES;
    private static final int STREAMS = BufferedFaultWorkload.STREAMS;

    @Override
    Run newRun(String name, Path dir, FaultyFileIO io, boolean failuresOnly, boolean powerLoss) {
        return new BufferedRun(name, dir, io, failuresOnly, powerLoss);
    }

    @Override
    long shortContinueExhaustiveUpTo() {
        return 0;
    }

    @Override
    String describeUnarmed(List<Op> log, Run second) {
        long groups = INSERTS.stream().filter(x -> x.durability() == Durability.GROUP && !x.direct()).count();
        long walWrites = log.stream().filter(op -> op.kind() == Kind.WRITE && isLog(op)).count();
        long walForces = log.stream().filter(op -> op.kind() == Kind.FORCE && isLog(op)).count();
        return " (" + walWrites + " to the log, which is forced " + walForces + " times, "
                + ((BufferedRun) second).gate.admitted().size() + " of them by the background forcer for the "
                + groups + " GROUP inserts)";
    }

    static DatabaseOptions options(FileIO io) {
        return DatabaseOptions.defaults().fsync(true).segmentCapacity(SEGMENT).io(io)
                .bufferPoints(BufferedFaultWorkload.BUFFER_POINTS).bufferMaxAgeMillis(3_600_000)
                .groupCommitMillis(1).logFileBytes(BufferedFaultWorkload.LOG_FILE_BYTES);
    }

    // ---- one run ----------------------------------------------------------------------------

    /** Where a stream's content is read, which decides what it must hold. */
    private enum Ctx {
        /** In the running database: a failed commit is not there, whatever reached the disk. */
        RUNNING,
        /** After a reopen without a power loss: everything written to a file is there. */
        REOPEN,
        /** After a power loss: unforced log records may be gone. */
        POWER_LOSS
    }

    /** What an observation requires of an insert or a delete. */
    private enum Need { PRESENT, ABSENT, EITHER, LOSSABLE }

    /** What happened to one insert of the workload. */
    private static final class InsertState {
        final Insert ins;
        boolean attempted;
        boolean ok;
        boolean failed;
        /** The LSN of its log record, when {@code append} returned (-1: not written). */
        long lsn = -1;
        /** The operations during the call (exclusive, inclusive). */
        long opsFrom;
        long opsTo;
        boolean bufferedBefore;
        /** The database process (counted by successful opens) that ran the call. */
        int proc;
        /** The step of the call. */
        int step;
        boolean seenBuffered;
        /** Seen leaving its buffer through a successful seal (or a successful close). */
        boolean sealed;
        /** A seal of its buffer failed at the force of dendro.db: it may be in a tree anyway. */
        boolean free;

        InsertState(Insert ins) {
            this.ins = ins;
        }
    }

    private static final class DeleteState {
        boolean ok;
        boolean failed;
        int proc;
        long opsFrom;
        long opsTo;
        boolean bufferedBefore;
    }

    /** A sealed version as a flush saw it. */
    private record Digest(int stream, long version, long count, long hash, String where) {
    }

    private final class BufferedRun extends Run {
        final ForcerGate gate;
        final InsertState[] inserts = new InsertState[INSERTS.size()];
        final DeleteState[] deletes = new DeleteState[DELETES.size()];
        final boolean[] created = new boolean[STREAMS];
        final boolean[] createGap = new boolean[STREAMS];
        final List<Digest> digests = new ArrayList<>();
        /** What an earlier reopen showed: insert id -> present, delete id -> took effect. */
        final Map<Integer, Boolean> seenInserts = new HashMap<>();
        final Map<Integer, Boolean> seenDeletes = new HashMap<>();
        final Map<Integer, Stream> handles = new HashMap<>();
        /** The steps at which a database flush or a close succeeded: each forced the whole log. */
        final List<Integer> logForcedAt = new ArrayList<>();
        /** Successful opens so far: a failed commit of an earlier process is settled by the reopen. */
        int proc;
        int currentStep;
        final int[] createProc = new int[STREAMS];

        BufferedRun(String name, Path dir, FaultyFileIO io, boolean failuresOnly, boolean powerLoss) {
            super(name, dir, io, failuresOnly, powerLoss);
            this.gate = new ForcerGate(io);
            for (int i = 0; i < inserts.length; i++) {
                inserts[i] = new InsertState(INSERTS.get(i));
            }
            for (int i = 0; i < deletes.length; i++) {
                deletes[i] = new DeleteState();
            }
        }

        @Override
        List<Step> workload() {
            return STEPS;
        }

        @Override
        boolean opens(Step step) {
            return step instanceof Open;
        }

        // ---- the steps --------------------------------------------------------------------

        @Override
        boolean perform(int i, Step step, String where) {
            long opsBefore = io.operations();
            currentStep = i;
            return switch (step) {
                case Open o -> open(where, i == 0);
                case Close c -> close();
                case Crash c -> crash();
                case Create c -> create(c);
                case Insert x -> insert(where, x, opsBefore);
                case Flush f -> flush(where, f);
                case FlushAll f -> flushAll(where);
                case Delete d -> delete(where, d, opsBefore);
                case Observe o -> observeRunning(where);
            };
        }

        @Override
        void acknowledged(String where, Step step) {
            if (db != null) {
                syncBuffers(where, false, step);
            }
        }

        /** Also the background forces: a GROUP insert whose force fails forces the log itself. */
        @Override
        boolean swallowed(Op op) {
            return super.swallowed(op) || gate.admitted().contains(op.number());
        }

        @Override
        void afterWorkload() {
            if (!gate.strays().isEmpty()) {
                fail("file-system calls from unexpected threads: " + gate.strays());
            }
        }


        /** Bookkeeping after a call threw IO_ERROR or OUT_OF_SPACE. */
        @Override
        void failed(int i, Step step, List<Op> faults) {
            boolean metaForce = !faults.isEmpty() && isMetaForce(faults.get(0));
            switch (step) {
                case Close c -> {
                    db = null; // closed even so
                    if (metaForce) {
                        markAllFree();
                    }
                    return;
                }
                case Create c -> {
                    createGap[c.stream()] = metaForce;
                    createProc[c.stream()] = proc;
                }
                default -> {
                }
            }
            if (db != null) {
                if (metaForce) {
                    markBufferedFree();
                }
                syncBuffers("after the failed " + step, false, step);
            } else if (metaForce) {
                markAllFree();
            }
        }

        private boolean open(String where, boolean first) {
            db = Database.open(dir, options(gate));
            proc++;
            handles.clear();
            for (int s = 0; s < STREAMS; s++) {
                Stream st = db.find(BufferedFaultWorkload.uuid(s)).orElse(null);
                if (st != null) {
                    handles.put(s, st);
                }
            }
            syncBuffers(where, true, null);
            if (!first) {
                check(where, db, Ctx.REOPEN);
            }
            return true;
        }

        private boolean close() {
            if (db == null) {
                return false;
            }
            Database d = db;
            db = null;
            boolean sealing = !poisoned; // after a commit of unknown outcome close seals nothing
            d.close();
            logForcedAt.add(currentStep);
            for (InsertState st : inserts) {
                if (st.lsn > 0 && sealing) {
                    st.sealed = true; // close sealed every buffer and forced the log
                }
            }
            return true;
        }

        private boolean crash() {
            if (db == null) {
                return false;
            }
            Database d = db;
            db = null;
            d.crashForTesting();
            return true;
        }

        private boolean create(Create c) {
            if (db == null) {
                return false;
            }
            handles.put(c.stream(), db.create(BufferedFaultWorkload.uuid(c.stream()),
                    BufferedFaultWorkload.collection(c.stream()), BufferedFaultWorkload.tags(c.stream()), Map.of()));
            created[c.stream()] = true;
            return true;
        }

        private boolean insert(String where, Insert x, long opsBefore) {
            InsertState st = inserts[x.id()];
            Stream s = handles.get(x.stream());
            if (s == null) {
                return false;
            }
            st.attempted = true;
            st.proc = proc;
            st.step = currentStep;
            st.opsFrom = opsBefore;
            Database d = db;
            long lsnBefore = d == null ? -1 : d.core().buffers().lastLsn();
            st.bufferedBefore = d != null && pending(x.stream()).points() > 0;
            gate.expectGroupWait(x.durability() == Durability.GROUP && !x.direct());
            long v;
            try {
                v = s.insert(x.t(), x.v(), x.policy(), x.durability());
            } catch (RuntimeException e) {
                st.failed = true;
                throw e;
            } finally {
                gate.expectGroupWait(false);
                st.opsTo = io.operations();
                if (d != null && !x.direct() && d.core().buffers().lastLsn() == lsnBefore + 1) {
                    st.lsn = lsnBefore + 1;
                } else if (d != null && d.core().buffers().lastLsn() != lsnBefore) {
                    fail(where + " moved the log from LSN " + lsnBefore + " to " + d.core().buffers().lastLsn());
                }
            }
            st.ok = true;
            long sealed = s.version();
            long expect = x.direct() ? sealed : sealed + 1;
            if (v != expect) {
                fail(where + " returned version " + v + ", expected " + expect + " (latest sealed " + sealed + ")");
            }
            if (!x.direct() && st.lsn < 0) {
                fail(where + " was acknowledged without a log record");
            }
            return true;
        }

        private boolean flush(String where, Flush f) {
            Stream s = handles.get(f.stream());
            if (s == null) {
                return false;
            }
            long v = s.flush();
            if (v != s.version() || s.bufferedPoints() != 0) {
                fail(where + " returned " + v + " with version " + s.version() + " and " + s.bufferedPoints()
                        + " points buffered");
            }
            remember(where, f.stream(), s, v);
            return true;
        }

        private boolean flushAll(String where) {
            if (db == null) {
                return false;
            }
            db.flush();
            logForcedAt.add(currentStep);
            for (var e : handles.entrySet()) {
                Stream s = e.getValue();
                if (s.bufferedPoints() != 0) {
                    fail(where + ": " + s.collection() + " still buffers " + s.bufferedPoints() + " points");
                }
                remember(where, e.getKey(), s, s.version());
            }
            return true;
        }

        private void remember(String where, int stream, Stream s, long v) {
            if (v > 0) {
                long[] d = digest(s, v);
                digests.add(new Digest(stream, v, d[0], d[1], where));
            }
        }

        private boolean delete(String where, Delete d, long opsBefore) {
            DeleteState st = deletes[d.id()];
            Stream s = handles.get(d.stream());
            if (s == null) {
                return false;
            }
            st.opsFrom = opsBefore;
            st.proc = proc;
            st.bufferedBefore = db != null && pending(d.stream()).points() > 0;
            long v;
            try {
                v = s.delete(d.start(), d.end());
            } catch (RuntimeException e) {
                st.failed = true;
                throw e;
            } finally {
                st.opsTo = io.operations();
            }
            st.ok = true;
            if (v != s.version() || s.bufferedPoints() != 0) {
                fail(where + " returned " + v + " with version " + s.version() + " and " + s.bufferedPoints()
                        + " points buffered");
            }
            return true;
        }

        private boolean observeRunning(String where) {
            if (db == null) {
                return false;
            }
            check(where, db, Ctx.RUNNING);
            return true;
        }

        private StreamHandle.Pending pending(int stream) {
            return db.core().handle(BufferedFaultWorkload.uuid(stream)).state.pending();
        }

        /**
         * Follows every logged insert through its stream's buffer: in it right after its call,
         * sealed when a later call of the same process takes it out. At an open, the replayed
         * buffers are the new start (a record not replayed is in a tree, or lost: the content
         * checks tell).
         */
        private void syncBuffers(String where, boolean atOpen, Step current) {
            for (int s : handles.keySet()) {
                StreamHandle.Pending p = pending(s);
                if (p.points() >= BufferedFaultWorkload.BUFFER_POINTS) {
                    fail(where + ": " + BufferedFaultWorkload.collection(s) + " buffers " + p.points() + " points");
                }
                for (InsertState st : inserts) {
                    if (st.ins.stream() != s || st.lsn < 0 || st.sealed) {
                        continue;
                    }
                    boolean in = !p.isEmpty() && st.lsn >= p.firstLsn() && st.lsn <= p.lastLsn();
                    if (atOpen) {
                        st.seenBuffered = in;
                    } else if (in) {
                        st.seenBuffered = true;
                    } else if (st.seenBuffered) {
                        st.sealed = true;
                    } else if (st.ins == current) {
                        fail(where + ": " + st.ins + " was logged as LSN " + st.lsn
                                + " but is not in its stream's buffer");
                    }
                }
            }
        }

        private void markBufferedFree() {
            for (int s : handles.keySet()) {
                StreamHandle.Pending p = pending(s);
                for (InsertState st : inserts) {
                    if (st.ins.stream() == s && st.lsn > 0 && !st.sealed && !p.isEmpty() && st.lsn >= p.firstLsn()
                            && st.lsn <= p.lastLsn()) {
                        st.free = true;
                    }
                }
            }
        }

        private void markAllFree() {
            for (InsertState st : inserts) {
                if (st.lsn > 0 && !st.sealed) {
                    st.free = true;
                }
            }
        }

        // ---- what must be there -----------------------------------------------------------

        /** Whether the first fault of a failed call was the meta force of its own (last) commit. */
        private boolean ownCommitGap(long from, long to, boolean sealFirst, List<Op> log, Set<Long> injected) {
            Op first = null;
            int metaForces = 0;
            for (Op op : log) {
                if (op.number() <= from || op.number() > to) {
                    continue;
                }
                if (isMetaForce(op)) {
                    metaForces++;
                }
                if (injected.contains(op.number())) {
                    first = op;
                    break;
                }
            }
            return first != null && isMetaForce(first) && metaForces == (sealFirst ? 2 : 1);
        }

        /**
         * Whether the contract makes a written log record durable: its own SYNC or GROUP insert
         * returned, or a later one did (its force covers every record written before it), or a
         * database flush or a close succeeded after it.
         */
        private boolean promised(InsertState st) {
            for (InsertState x : inserts) {
                if (x.ok && !x.ins.direct() && x.ins.durability() != Durability.NONE && x.lsn >= st.lsn) {
                    return true;
                }
            }
            return logForcedAt.stream().anyMatch(step -> step > st.step);
        }

        /** Whether a successful force of its file followed the last write of an insert's record. */
        private boolean forced(InsertState st, List<Op> log, Set<Long> injected) {
            Op last = null;
            for (Op op : log) {
                if (op.number() > st.opsFrom && op.number() <= st.opsTo && op.kind() == Kind.WRITE && isLog(op)
                        && op.position() >= 64) {
                    last = op;
                }
            }
            if (last == null) {
                return false;
            }
            for (Op op : log) {
                if (op.number() > last.number() && op.kind() == Kind.FORCE && op.fileName().equals(last.fileName())
                        && !injected.contains(op.number())) {
                    return true;
                }
            }
            return false;
        }

        private Need need(InsertState st, Ctx ctx, List<Op> log, Set<Long> injected) {
            if (!st.attempted || (!st.ok && !st.failed)) {
                return Need.ABSENT; // skipped, or CLOSED
            }
            if (st.ins.direct()) {
                if (st.ok) {
                    return Need.PRESENT;
                }
                return (ctx != Ctx.RUNNING || st.proc < proc)
                        && ownCommitGap(st.opsFrom, st.opsTo, st.bufferedBefore, log, injected) ? Need.EITHER : Need.ABSENT;
            }
            if (st.lsn < 0) {
                return Need.ABSENT; // the log append (or the seal before it) failed
            }
            if (ctx != Ctx.POWER_LOSS || st.sealed || promised(st) || forced(st, log, injected)) {
                return Need.PRESENT;
            }
            return st.free ? Need.EITHER : Need.LOSSABLE;
        }

        private Need need(int deleteId, Ctx ctx, List<Op> log, Set<Long> injected) {
            DeleteState st = deletes[deleteId];
            if (st.ok) {
                return Need.PRESENT;
            }
            return st.failed && (ctx != Ctx.RUNNING || st.proc < proc)
                    && ownCommitGap(st.opsFrom, st.opsTo, st.bufferedBefore, log, injected) ? Need.EITHER : Need.ABSENT;
        }

        /**
         * Reads every stream at version 0 and checks it against what happened (see the class
         * comment), and the remembered sealed versions unless running.
         */
        private void check(String where, Database d, Ctx ctx) {
            List<Op> log = io.log();
            Set<Long> injected = new HashSet<>();
            io.injectedOps().forEach(op -> injected.add(op.number()));
            Map<Integer, Boolean> presence = new HashMap<>();
            Map<UUID, StreamInfo> infos = new HashMap<>();
            for (StreamInfo info : d.streams(StreamQuery.all())) {
                infos.put(info.uuid(), info);
            }
            for (int s = 0; s < STREAMS; s++) {
                StreamInfo info = infos.remove(BufferedFaultWorkload.uuid(s));
                String name = BufferedFaultWorkload.collection(s);
                if (info == null) {
                    if (created[s]) {
                        fail(where + ": " + name + " was created but is gone");
                    }
                    for (InsertState st : inserts) {
                        if (st.ins.stream() == s && need(st, ctx, log, injected) == Need.PRESENT) {
                            fail(where + ": " + name + " is missing, with " + st.ins);
                        }
                    }
                    continue;
                }
                if (!created[s] && !(createGap[s] && (ctx != Ctx.RUNNING || createProc[s] < proc))) {
                    fail(where + ": " + name + " exists although its creation failed before its meta force");
                }
                Stream st = d.stream(info.uuid());
                Pts seen = read(st, 0);
                String problem = explain(s, seen, ctx, log, injected, presence);
                if (problem != null) {
                    fail(where + ": " + name + " " + problem);
                }
            }
            if (!infos.isEmpty()) {
                fail(where + ": streams nobody created: " + infos.keySet());
            }
            if (!failures.isEmpty()) {
                return;
            }
            if (ctx == Ctx.POWER_LOSS) {
                prefixOfTheLog(where, presence, log, injected);
            }
            if (ctx != Ctx.RUNNING) {
                note(presence, ctx, log, injected);
            }
            for (var e : presence.entrySet()) {
                Boolean before = ctx != Ctx.RUNNING ? seenInserts.put(e.getKey(), e.getValue())
                        : seenInserts.get(e.getKey());
                if (before != null && before && !e.getValue() && !inserts[e.getKey()].free) {
                    fail(where + ": " + inserts[e.getKey()].ins + " was there at an earlier reopen, and is gone");
                }
            }
            if (ctx != Ctx.RUNNING) {
                for (Digest g : digests) {
                    Stream s = d.stream(BufferedFaultWorkload.uuid(g.stream()));
                    if (s.version() < g.version()) {
                        fail(where + ": " + s.collection() + " is at version " + s.version() + ", but " + g.where()
                                + " sealed version " + g.version());
                        continue;
                    }
                    long[] now = digest(s, g.version());
                    if (now[0] != g.count() || now[1] != g.hash()) {
                        fail(where + ": " + s.collection() + " version " + g.version() + " holds " + now[0]
                                + " points (hash " + now[1] + "), but " + g.count() + " (hash " + g.hash()
                                + ") when " + g.where() + " sealed it");
                    }
                }
            }
        }

        /**
         * Which inserts a stream's content holds, for a choice of which deletes took effect
         * that explains it; null when one does, else what is wrong. Records the presence of
         * each insert it can tell.
         */
        private String explain(int s, Pts seen, Ctx ctx, List<Op> log, Set<Long> injected,
                               Map<Integer, Boolean> presence) {
            // the points by the insert whose block they are in
            Map<Integer, List<long[]>> byInsert = new HashMap<>();
            for (int k = 0; k < seen.size(); k++) {
                long t = seen.t()[k];
                long block = Math.floorDiv(t - BufferedFaultWorkload.BASE, BufferedFaultWorkload.BLOCK);
                if (block < 0 || block >= INSERTS.size() || INSERTS.get((int) block).stream() != s) {
                    return "holds a point nobody inserted: (" + t + ", " + Double.longBitsToDouble(seen.bits()[k]) + ")";
                }
                byInsert.computeIfAbsent((int) block, b -> new ArrayList<>()).add(new long[] {t, seen.bits()[k]});
            }
            Map<Integer, Pts> held = new HashMap<>();
            byInsert.forEach((id, l) -> held.put(id, new Pts(l.stream().mapToLong(p -> p[0]).toArray(),
                    l.stream().mapToLong(p -> p[1]).toArray())));
            List<Integer> dels = new ArrayList<>();
            for (Delete d : DELETES) {
                if (d.stream() == s) {
                    dels.add(d.id());
                }
            }
            String firstProblem = null;
            for (int mask = 0; mask < 1 << dels.size(); mask++) {
                boolean possible = true;
                List<Delete> effective = new ArrayList<>();
                for (int k = 0; k < dels.size(); k++) {
                    boolean on = (mask >> k & 1) != 0;
                    Need n = need(dels.get(k), ctx, log, injected);
                    possible &= n == Need.EITHER || on == (n == Need.PRESENT);
                    if (on) {
                        effective.add(DELETES.get(dels.get(k)));
                    }
                }
                if (!possible) {
                    continue;
                }
                Map<Integer, Boolean> found = new HashMap<>();
                String problem = null;
                for (InsertState st : inserts) {
                    if (st.ins.stream() != s) {
                        continue;
                    }
                    Pts expected = surviving(st.ins, effective);
                    Pts got = held.getOrDefault(st.ins.id(), Pts.EMPTY);
                    Need n = need(st, ctx, log, injected);
                    if (got.size() == 0) {
                        if (expected.size() > 0) {
                            found.put(st.ins.id(), false);
                            if (n == Need.PRESENT) {
                                problem = "lacks " + st.ins + " (" + expected.size() + " points expected)";
                            }
                        }
                    } else if (got.same(expected)) {
                        found.put(st.ins.id(), true);
                        if (n == Need.ABSENT) {
                            problem = "holds " + st.ins + ", which failed (or never ran) and must not be there";
                        }
                    } else {
                        problem = "holds " + got.size() + " points of " + st.ins + ", not its " + expected.size()
                                + " (" + got.firstDifference(expected) + ")";
                    }
                    if (problem != null) {
                        break;
                    }
                }
                if (problem == null) {
                    for (int k = 0; k < dels.size(); k++) {
                        Boolean before = seenDeletes.get(dels.get(k));
                        boolean on = (mask >> k & 1) != 0;
                        if (before != null && before != on) {
                            // another choice may explain it as well; only report when none does
                            problem = "delete " + dels.get(k) + " changed its effect since an earlier reopen";
                            break;
                        }
                    }
                    if (problem == null) {
                        presence.putAll(found);
                        if (ctx != Ctx.RUNNING) {
                            for (int k = 0; k < dels.size(); k++) {
                                DeleteState ds = deletes[dels.get(k)];
                                if (ds.ok || ds.failed) {
                                    seenDeletes.put(dels.get(k), (mask >> k & 1) != 0);
                                }
                            }
                        }
                        return null;
                    }
                }
                firstProblem = firstProblem == null ? problem + deletesSaid(dels, mask) : firstProblem;
            }
            return firstProblem == null ? "cannot be explained by any outcome of its deletes" : firstProblem;
        }

        private static String deletesSaid(List<Integer> dels, int mask) {
            if (dels.isEmpty()) {
                return "";
            }
            List<String> l = new ArrayList<>();
            for (int k = 0; k < dels.size(); k++) {
                l.add("delete " + dels.get(k) + ((mask >> k & 1) != 0 ? " done" : " not done"));
            }
            return " (with " + String.join(", ", l) + ")";
        }

        /** Adds to the run's summary what the reopen allowed and showed (once each). */
        private void note(Map<Integer, Boolean> presence, Ctx ctx, List<Op> log, Set<Long> injected) {
            Set<String> seen = new java.util.TreeSet<>();
            for (var e : presence.entrySet()) {
                InsertState st = inserts[e.getKey()];
                Need n = need(st, ctx, log, injected);
                boolean there = e.getValue();
                if (n == Need.LOSSABLE || (n == Need.EITHER && !st.ins.direct())) {
                    seen.add(there ? "unforced record kept" : "unforced record lost");
                } else if (n == Need.EITHER) {
                    seen.add(there ? "known gap seen" : "known gap not seen");
                }
                if (there && st.failed && st.lsn > 0) {
                    seen.add("failed force, record kept");
                }
            }
            for (var e : seenDeletes.entrySet()) {
                if (e.getValue() && deletes[e.getKey()].failed) {
                    seen.add("known gap seen");
                }
            }
            steps.addAll(seen);
        }

        /**
         * Lost log records must be the last ones: among the records no force or seal made
         * durable, none may be there after one that is gone.
         */
        private void prefixOfTheLog(String where, Map<Integer, Boolean> presence, List<Op> log, Set<Long> injected) {
            List<InsertState> lossable = new ArrayList<>();
            for (InsertState st : inserts) {
                if (need(st, Ctx.POWER_LOSS, log, injected) == Need.LOSSABLE && presence.containsKey(st.ins.id())) {
                    lossable.add(st);
                }
            }
            lossable.sort(Comparator.comparingLong(st -> st.lsn));
            InsertState gone = null;
            for (InsertState st : lossable) {
                boolean there = presence.get(st.ins.id());
                if (!there && gone == null) {
                    gone = st;
                } else if (there && gone != null) {
                    fail(where + ": " + st.ins + " (LSN " + st.lsn + ") survived the power loss, but "
                            + gone.ins + " (LSN " + gone.lsn + ") before it in the log did not");
                    return;
                }
            }
        }

        // ---- recovery -------------------------------------------------------------------------

        /** Reopens with the real file system, checks, then writes and reopens once more. */
        @Override
        void recover() {
            DatabaseOptions clean = options(FileIO.DEFAULT).fsync(false);
            Map<Integer, Pts> state = new HashMap<>();
            try (Database d = Database.open(dir, clean)) {
                if (creationFailed) {
                    if (!d.streams(StreamQuery.all()).isEmpty()) {
                        fail("creation failed, yet the reopened database holds streams");
                    }
                    return;
                }
                check("reopen after the workload", d, powerLoss ? Ctx.POWER_LOSS : Ctx.REOPEN);
                if (!failures.isEmpty()) {
                    return;
                }
                VerifyReport report = d.verify();
                if (!report.isClean()) {
                    fail("verify after the workload: " + report.problems().subList(0, Math.min(3,
                            report.problems().size())));
                    return;
                }
                for (int s = 0; s < STREAMS; s++) {
                    Stream st = d.find(BufferedFaultWorkload.uuid(s)).orElse(null);
                    if (st == null) {
                        continue;
                    }
                    long t0 = BufferedFaultWorkload.BASE + (INSERTS.size() + s) * BufferedFaultWorkload.BLOCK;
                    long[] t = {t0 + 2, t0, t0 + 1};
                    double[] v = {s + 0.5, -s, s};
                    long before = st.version();
                    long got = st.insert(t, v, MergePolicy.NEVER, Durability.SYNC);
                    if (got != before + 1) {
                        fail("an insert after recovery returned " + got + " on version " + before);
                    }
                    state.put(s, read(st, 0));
                }
            }
            try (Database d = Database.open(dir, clean)) {
                for (var e : state.entrySet()) {
                    Pts now = read(d.stream(BufferedFaultWorkload.uuid(e.getKey())), 0);
                    if (!now.same(e.getValue())) {
                        fail(BufferedFaultWorkload.collection(e.getKey()) + " after recovery and another reopen: "
                                + now.firstDifference(e.getValue()));
                    }
                }
            }
        }
    }

    /** An insert's points without those in effective deletes that came after it. */
    private static Pts surviving(Insert ins, List<Delete> effective) {
        Pts p = ins.batch();
        int at = STEPS.indexOf(ins);
        long[] t = new long[p.size()];
        long[] b = new long[p.size()];
        int n = 0;
        outer:
        for (int k = 0; k < p.size(); k++) {
            for (Delete d : effective) {
                if (STEPS.indexOf(d) > at && p.t()[k] >= d.start() && p.t()[k] < d.end()) {
                    continue outer;
                }
            }
            t[n] = p.t()[k];
            b[n++] = p.bits()[k];
        }
        return new Pts(Arrays.copyOf(t, n), Arrays.copyOf(b, n));
    }

    /** A sealed version's count and an order-independent hash of its points. */
    private static long[] digest(Stream st, long version) {
        Pts p = read(st, version);
        long h = 0;
        for (int i = 0; i < p.size(); i++) {
            h += mix(p.t()[i] * 0x9E3779B97F4A7C15L ^ p.bits()[i]);
        }
        return new long[] {p.size(), h};
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}