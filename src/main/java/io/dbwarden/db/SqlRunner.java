package io.dbwarden.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs SQL that an agent sends: one statement, checked by {@link SqlGuard}, inside a READ ONLY transaction with a
 * statement timeout, a row limit and a byte cap. Explains statements, and executes them under EXPLAIN ANALYZE only
 * when the guard has proven them read-only.
 */
public final class SqlRunner {
    /** Longer input is refused before it is lexed: no real query needs a megabyte of text. */
    public static final int MAX_SQL_CHARS = 200_000;
    private static final int MAX_VALUE_CHARS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;

    public SqlRunner(Database db) {
        this.db = db;
    }

    /** Executes one read-only statement and returns at most maxRows rows. */
    public QueryResult execute(String sql, int maxRows) {
        checkSize(sql);
        int rowLimit = Math.max(1, Math.min(maxRows, db.limits().maxRows()));
        return db.readOnly(c -> {
            requireAllowed(SqlGuard.check(sql, lookup(c)));
            long start = System.nanoTime();
            try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                st.setMaxRows(rowLimit + 1);
                st.setFetchSize(Math.min(rowLimit + 1, 1000));
                boolean hasRows = st.execute(sql);
                if (!hasRows) {
                    return new QueryResult(List.of(), List.of(), false, null, elapsed(start));
                }
                try (ResultSet rs = st.getResultSet()) {
                    return collect(rs, rowLimit, start);
                }
            }
        });
    }

    /** EXPLAIN (FORMAT JSON); with analyze, the statement runs, so the guard must prove it read-only first. */
    public Explained explain(String sql, boolean analyze) {
        checkSize(sql);
        String body = sql.strip();
        while (body.endsWith(";")) body = body.substring(0, body.length() - 1).strip();
        String statement = body;
        return db.readOnly(c -> {
            SqlGuard.Verdict verdict = analyze ? SqlGuard.check(statement, lookup(c)) : SqlGuard.checkExplainable(statement);
            requireAllowed(verdict);
            String prefix = analyze ? "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) " : "EXPLAIN (VERBOSE, FORMAT JSON) ";
            try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                try (ResultSet rs = st.executeQuery(prefix + statement)) {
                    rs.next();
                    JsonNode plan = JSON.readTree(rs.getString(1));
                    return new Explained(PlanSummary.compact(plan), PlanSummary.summarize(plan), analyze);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new SQLException("EXPLAIN returned a plan that is not JSON", e);
                }
            }
        });
    }

    /**
     * The execute_sql guard on a connection the caller holds: one statement proven read-only, with its functions'
     * volatility looked up in this database. Analyzers use it before they EXPLAIN ANALYZE a statement from the workload.
     */
    public static SqlGuard.Verdict checkReadOnly(Connection c, String sql) {
        return SqlGuard.check(sql, lookup(c));
    }

    public record Explained(JsonNode plan, List<String> summary, boolean analyzed) {
        /** The JSON shape every surface returns. */
        public java.util.Map<String, Object> asMap() {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("summary", summary);
            out.put("analyzed", analyzed);
            out.put("plan", plan);
            return out;
        }
    }

    private static void checkSize(String sql) {
        if (sql == null || sql.isBlank()) throw new IllegalArgumentException("sql is empty. Pass one SQL statement.");
        if (sql.length() > MAX_SQL_CHARS) {
            throw new IllegalArgumentException("sql is " + sql.length() + " characters; the limit is " + MAX_SQL_CHARS
                    + ". Send a shorter statement.");
        }
    }

    private static void requireAllowed(SqlGuard.Verdict v) {
        if (!v.allowed()) throw new IllegalArgumentException(v.message());
    }

    /** Volatility of a function name as the server resolves it: visible on the search_path, or in the named schema. */
    private static FunctionLookup lookup(Connection c) {
        return (schema, name) -> {
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(SqlRunner.class, "function_volatility.sql"))) {
                ps.setString(1, name);
                ps.setString(2, schema);
                ps.setString(3, schema);
                Set<Character> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1).charAt(0));
                }
                return out;
            } catch (SQLException e) {
                throw new DatabaseException("Cannot look up function " + name + ": " + e.getMessage(), e.getSQLState(), null);
            }
        };
    }

    private QueryResult collect(ResultSet rs, int rowLimit, long start) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) columns.add(md.getColumnLabel(i));
        List<List<Object>> rows = new ArrayList<>();
        long bytes = 0;
        String reason = null;
        while (rs.next()) {
            if (rows.size() >= rowLimit) {
                reason = "row limit " + rowLimit + " reached; add LIMIT/OFFSET or a narrower WHERE to page";
                break;
            }
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                Object v = value(rs, md, i);
                bytes += v == null ? 4 : v.toString().length() + 2;
                row.add(v);
            }
            if (bytes > db.limits().maxResultBytes()) {
                reason = "result larger than " + db.limits().maxResultBytes() + " bytes; select fewer columns or rows";
                break;
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows, reason != null, reason, elapsed(start));
    }

    private static Object value(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        switch (md.getColumnType(i)) {
            case Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            }
            case Types.BOOLEAN, Types.BIT -> {
                if (!md.getColumnTypeName(i).equals("bool")) break;
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            }
            case Types.REAL, Types.DOUBLE, Types.FLOAT -> {
                double v = rs.getDouble(i);
                return rs.wasNull() || Double.isNaN(v) || Double.isInfinite(v) ? rs.getString(i) : v;
            }
            default -> {
            }
        }
        String s = rs.getString(i);
        if (s != null && s.length() > MAX_VALUE_CHARS) s = s.substring(0, MAX_VALUE_CHARS) + "…[value truncated]";
        return s;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
