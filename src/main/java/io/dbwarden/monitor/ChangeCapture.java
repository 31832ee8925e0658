package io.dbwarden.monitor;

import io.dbwarden.db.Database;
import io.dbwarden.db.SqlNames;
import io.dbwarden.db.SqlResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Installs, removes and inspects the durable DDL capture in the target database: a dbwarden schema with an event
 * table and two event triggers. Installing needs a role that may create event triggers (a superuser on plain
 * PostgreSQL); without one the monitor polls instead.
 */
public final class ChangeCapture {
    public static final String CHANNEL = "dbwarden_ddl";
    /** How many events one read returns at most (events_after.sql says the same). */
    public static final int BATCH = 1000;
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private ChangeCapture() {
    }

    /** The SQL that installs capture; {@code readerRole}, if set, also gets read access to the events. */
    public static String installSql(String readerRole) {
        String sql = SqlResource.load(ChangeCapture.class, "capture_install.sql");
        if (readerRole != null) {
            if (!ROLE.matcher(readerRole).matches()) throw new IllegalArgumentException("Role name '" + readerRole + "' is not a plain identifier.");
            sql += "\n" + SqlResource.load(ChangeCapture.class, "capture_grant.sql").replace("{{role}}", SqlNames.quote(readerRole));
        }
        return sql;
    }

    public static String uninstallSql() {
        return SqlResource.load(ChangeCapture.class, "capture_uninstall.sql");
    }

    public static void install(Database db, String readerRole) {
        String sql = installSql(readerRole);
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            return null;
        });
    }

    public static void uninstall(Database db) {
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(uninstallSql());
            }
            return null;
        });
    }

    /** Whether both event triggers are enabled and this session can read the event table. */
    public static boolean ready(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SqlResource.load(ChangeCapture.class, "capture_status.sql"))) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Events after the cursor, oldest first, at most one batch. */
    public static List<DdlEvent> eventsAfter(Connection c, long cursor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ChangeCapture.class, "events_after.sql"))) {
            ps.setLong(1, cursor);
            List<DdlEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DdlEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("event"),
                            rs.getString("command_tag"), rs.getString("object_type"), rs.getString("schema_name"),
                            rs.getString("object_identity"), rs.getString("role_name")));
                }
            }
            return out;
        }
    }
}
