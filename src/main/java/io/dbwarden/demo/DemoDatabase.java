package io.dbwarden.demo;

import io.dbwarden.db.SqlResource;
import io.dbwarden.monitor.ChangeCapture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The sample field-operations database that the demo and the tests use: schema, about 100,000 deterministic rows,
 * and a short workload (a few queries slow on purpose because an index is missing) that fills pg_stat_statements.
 */
public final class DemoDatabase {
    public static final String NAME = "dbwarden_demo";

    /** One workload query; {@code slowBecause} is set for the ones that are slow on purpose. */
    public record WorkloadQuery(String name, String sql, String slowBecause) {
    }

    private DemoDatabase() {
    }

    /**
     * Creates the schema and data in the database at url (which must be empty), and installs the change capture so
     * that the demo's schema monitor works in real time.
     */
    public static void load(String jdbcUrl, String user) throws SQLException {
        try (Connection c = connect(jdbcUrl, user); Statement st = c.createStatement()) {
            st.execute(SqlResource.load(DemoDatabase.class, "schema.sql"));
            st.execute(SqlResource.load(DemoDatabase.class, "data.sql"));
            st.execute(ChangeCapture.installSql(null));
        }
    }

    /** Runs every workload query {@code rounds} times, read-only, and returns how many statements ran. */
    public static int runWorkload(String jdbcUrl, String user, int rounds) throws SQLException {
        int ran = 0;
        try (Connection c = connect(jdbcUrl, user); Statement st = c.createStatement()) {
            c.setReadOnly(true);
            for (int r = 0; r < rounds; r++) {
                for (WorkloadQuery q : workload()) {
                    try (ResultSet rs = st.executeQuery(q.sql())) {
                        while (rs.next()) {
                            // drain: the point is the execution statistics
                        }
                    }
                    ran++;
                }
            }
        }
        return ran;
    }

    public static List<WorkloadQuery> workload() {
        List<WorkloadQuery> out = new ArrayList<>();
        String name = null, slow = null;
        StringBuilder sql = new StringBuilder();
        for (String line : SqlResource.load(DemoDatabase.class, "workload.sql").split("\n")) {
            String t = line.trim();
            if (t.startsWith("-- name:")) {
                name = t.substring("-- name:".length()).trim();
                slow = null;
                sql.setLength(0);
            } else if (t.startsWith("-- slow:")) {
                slow = t.substring("-- slow:".length()).trim();
            } else if (name != null && !t.startsWith("--")) {
                sql.append(line).append('\n');
                if (t.endsWith(";")) {
                    String text = sql.toString().trim();
                    out.add(new WorkloadQuery(name, text.substring(0, text.length() - 1), slow));
                    name = null;
                    sql.setLength(0);
                }
            }
        }
        return List.copyOf(out);
    }

    private static Connection connect(String jdbcUrl, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("ApplicationName", "dbwarden-demo");
        return DriverManager.getConnection(jdbcUrl, p);
    }
}
