package io.dendro.bench.compare;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB (org.duckdb:duckdb_jdbc) as its Java documentation recommends for bulk loading: a
 * file database, a table {@code (ts TIMESTAMP_NS, value DOUBLE)} filled through the
 * {@link DuckDBAppender} (the data-chunk appender: values go straight into native vectors),
 * {@code flush()} per 1 M-row batch (each flush is a commit), then {@code CHECKPOINT} so that
 * the data is in the database file and forced. Rows arrive in time order, so DuckDB's per-row-
 * group min/max (zone maps) prune range filters without an index. Queries are prepared
 * statements; times are bound as nanoseconds through {@code make_timestamp_ns(?)} and read back
 * as {@code epoch_ns(ts)} (a {@code BIGINT}, the cheap way through JDBC). DuckDB runs with its
 * default settings: as many threads as cores.
 */
final class DuckDbSubject implements Subject {
    private DuckDBConnection conn;
    private DuckDBAppender appender;
    private PreparedStatement scan;
    private PreparedStatement count;
    private PreparedStatement hourly;
    private PreparedStatement timeBucket;
    private PreparedStatement latest;

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String version() {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1).replaceFirst("^v", "");
        } catch (java.sql.SQLException e) {
            return "unknown";
        }
    }

    @Override
    public String setup() {
        return "jdbc:duckdb:<dir>/bench.duckdb; CREATE TABLE t (ts TIMESTAMP_NS, value DOUBLE); "
                + "createAppender: beginRow().appendEpochNanos(ts).append(value).endRow(), flush() per 1 M rows, "
                + "CHECKPOINT at the end; prepared statements; hourly buckets as epoch_ns(ts) // 3600000000000; latest as WHERE ts = (SELECT max(ts) FROM t); default threads";
    }

    @Override
    public void open(Path dir) throws Exception {
        conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("bench.duckdb"));
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE t (ts TIMESTAMP_NS, value DOUBLE)");
        }
        appender = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t");
    }

    @Override
    public void append(long[] t, double[] v, int n) throws Exception {
        DuckDBAppender a = appender;
        for (int k = 0; k < n; k++) {
            a.beginRow().appendEpochNanos(t[k]).append(v[k]).endRow();
        }
        a.flush();
    }

    @Override
    public void durable() throws Exception {
        appender.close();
        appender = null;
        try (Statement st = conn.createStatement()) {
            st.execute("CHECKPOINT");
        }
    }

    @Override
    public Sum scan(String variant, long from, long to) throws Exception {
        if (scan == null) {
            scan = conn.prepareStatement("SELECT epoch_ns(ts), value FROM t "
                    + "WHERE ts >= make_timestamp_ns(?) AND ts < make_timestamp_ns(?)");
        }
        scan.setLong(1, from);
        scan.setLong(2, to);
        Sum s = new Sum();
        try (ResultSet rs = scan.executeQuery()) {
            while (rs.next()) {
                s.add(rs.getLong(1), rs.getDouble(2));
            }
        }
        return s;
    }

    /** The integer bucket is the figure compared; time_bucket, the textbook form, is measured too. */
    static final String TIME_BUCKET = "hourly_stats_time_bucket";

    @Override
    public String[] hourlyVariants() {
        return new String[] {Workload.HOURLY.key, TIME_BUCKET};
    }

    @Override
    public Sum hourly(String variant, long from, long to) throws Exception {
        if (hourly == null) {
            // the fastest form tried (10 M rows, median): an integer hour bucket, 442 ms; date_trunc('hour', ts)
            // 607 ms; time_bucket(INTERVAL 1 hour, ts) 928 ms
            hourly = conn.prepareStatement("SELECT epoch_ns(ts) // 3600000000000 AS h, min(value), avg(value), "
                    + "max(value), count(*), stddev_pop(value) FROM t GROUP BY h ORDER BY h");
            timeBucket = conn.prepareStatement("SELECT epoch_ns(time_bucket(INTERVAL 1 hour, ts)) AS h, min(value), "
                    + "avg(value), max(value), count(*), stddev_pop(value) FROM t GROUP BY h ORDER BY h");
        }
        Sum s = new Sum();
        try (ResultSet rs = (variant.equals(TIME_BUCKET) ? timeBucket : hourly).executeQuery()) {
            while (rs.next()) {
                s.addWindow(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getLong(5), rs.getDouble(6));
            }
        }
        return s;
    }

    @Override
    public long count(long from, long to) throws Exception {
        if (count == null) {
            count = conn.prepareStatement("SELECT count(*) FROM t WHERE ts >= make_timestamp_ns(?) AND ts < make_timestamp_ns(?)");
        }
        count.setLong(1, from);
        count.setLong(2, to);
        try (ResultSet rs = count.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public long latest() throws Exception {
        if (latest == null) {
            // the fastest form tried (10 M rows, median): ORDER BY ts DESC LIMIT 1 took 2.9 ms,
            // max(ts) with arg_max(value, ts) 410 ms, this 0.74 ms
            latest = conn.prepareStatement("SELECT epoch_ns(ts), value FROM t WHERE ts = (SELECT max(ts) FROM t)");
        }
        try (ResultSet rs = latest.executeQuery()) {
            return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
        }
    }

    @Override
    public void close() throws Exception {
        for (PreparedStatement p : new PreparedStatement[] {scan, count, hourly, timeBucket, latest}) {
            if (p != null) {
                p.close();
            }
        }
        if (appender != null) {
            appender.close();
        }
        if (conn != null) {
            conn.close();
        }
    }
}
