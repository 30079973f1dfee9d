package io.dendro.bench.compare;

import io.questdb.cairo.CairoConfiguration;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.CommitMode;
import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.BindVariableService;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import java.nio.file.Path;

/**
 * QuestDB embedded (org.questdb:questdb) as its Java-embedded documentation shows it: a
 * {@link CairoEngine} over a {@link DefaultCairoConfiguration}, a table with a designated
 * {@code TIMESTAMP_NS} column partitioned by day and created {@code BYPASS WAL}, written through
 * the engine's {@link TableWriter} (the direct, fastest writer: no WAL, no apply job), one
 * {@code commit()} per 1 M-row batch with commit mode SYNC so that the last commit is durable.
 * Queries are SQL compiled once into a {@link RecordCursorFactory} with bind variables, then run
 * with fresh values; the execution context has one worker, as the embedded documentation says.
 */
final class QuestDbSubject implements Subject {
    private static final String SCAN = "SELECT ts, value FROM t WHERE ts >= $1 AND ts < $2";
    private static final String COUNT = "SELECT count() FROM t WHERE ts >= $1 AND ts < $2";
    private static final String HOURLY = "SELECT ts, min(value), avg(value), max(value), count(), stddev_pop(value) "
            + "FROM t SAMPLE BY 1h";
    private static final String LATEST = "SELECT ts, value FROM t LIMIT -1";

    private CairoEngine engine;
    private SqlExecutionContextImpl ctx;
    private BindVariableService binds;
    private TableWriter writer;
    private RecordCursorFactory scan;
    private RecordCursorFactory count;
    private RecordCursorFactory hourly;
    private RecordCursorFactory latest;

    @Override
    public String name() {
        return "questdb";
    }

    @Override
    public String version() {
        String v = CairoEngine.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }

    @Override
    public String setup() {
        return "CairoEngine(DefaultCairoConfiguration(dir), commit mode SYNC); CREATE TABLE t (ts TIMESTAMP_NS, value DOUBLE) "
                + "TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL; engine.getWriter: newRow(ts).putDouble.append per row, "
                + "commit() per 1 M rows; SQL compiled once with bind variables ($1, $2), SqlExecutionContextImpl(engine, 1)";
    }

    @Override
    public void open(Path dir) throws Exception {
        CairoConfiguration conf = new DefaultCairoConfiguration(dir.toString()) {
            @Override
            public int getCommitMode() {
                return CommitMode.SYNC; // the default, NOSYNC, leaves commits to the OS
            }
        };
        engine = new CairoEngine(conf);
        binds = new BindVariableServiceImpl(conf);
        ctx = new SqlExecutionContextImpl(engine, 1).with(AllowAllSecurityContext.INSTANCE, binds);
        engine.execute("CREATE TABLE t (ts TIMESTAMP_NS, value DOUBLE) TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL", ctx);
        TableToken token = engine.getTableTokenIfExists("t");
        writer = engine.getWriter(token, "dendro-compare");
    }

    @Override
    public void append(long[] t, double[] v, int n) {
        TableWriter w = writer;
        for (int k = 0; k < n; k++) {
            TableWriter.Row row = w.newRow(t[k]);
            row.putDouble(1, v[k]);
            row.append();
        }
        w.commit();
    }

    @Override
    public void durable() {
        writer.commit();
        writer.close(); // back to the engine's pool
        writer = null;
    }

    private RecordCursorFactory compile(String sql, long from, long to) throws Exception {
        binds.setTimestampNano(0, from);
        binds.setTimestampNano(1, to);
        return engine.select(sql, ctx);
    }

    private void bind(long from, long to) throws Exception {
        binds.setTimestampNano(0, from);
        binds.setTimestampNano(1, to);
    }

    @Override
    public Sum scan(String variant, long from, long to) throws Exception {
        if (scan == null) {
            scan = compile(SCAN, from, to);
        }
        bind(from, to);
        Sum s = new Sum();
        try (RecordCursor c = scan.getCursor(ctx)) {
            Record r = c.getRecord();
            while (c.hasNext()) {
                s.add(r.getTimestamp(0), r.getDouble(1));
            }
        }
        return s;
    }

    @Override
    public Sum hourly(String variant, long from, long to) throws Exception {
        if (hourly == null) {
            hourly = engine.select(HOURLY, ctx);
        }
        Sum s = new Sum();
        try (RecordCursor c = hourly.getCursor(ctx)) {
            Record r = c.getRecord();
            while (c.hasNext()) {
                s.addWindow(r.getTimestamp(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getLong(4), r.getDouble(5));
            }
        }
        return s;
    }

    @Override
    public long count(long from, long to) throws Exception {
        if (count == null) {
            count = compile(COUNT, from, to);
        }
        bind(from, to);
        try (RecordCursor c = count.getCursor(ctx)) {
            return c.hasNext() ? c.getRecord().getLong(0) : 0;
        }
    }

    @Override
    public long latest() throws Exception {
        if (latest == null) {
            latest = engine.select(LATEST, ctx);
        }
        try (RecordCursor c = latest.getCursor(ctx)) {
            return c.hasNext() ? c.getRecord().getTimestamp(0) : Long.MIN_VALUE;
        }
    }

    @Override
    public void close() {
        for (RecordCursorFactory f : new RecordCursorFactory[] {scan, count, hourly, latest}) {
            if (f != null) {
                f.close();
            }
        }
        if (writer != null) {
            writer.close();
        }
        if (ctx != null) {
            ctx.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
