package io.dbwarden.advise;

import io.dbwarden.db.Database;
import io.dbwarden.db.SqlResource;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optional per-table row-change audit in the target database: {@code dbwarden audit enable <table>} installs a trigger
 * that records who, when, the operation and the old and new rows in dbwarden_audit.row_change, with a retention in
 * days. Enabling and disabling write to the database and so need allow_writes; reading is read-only.
 */
public final class RowAudit {
    private static final String TRIGGER = "dbwarden_audit_row_change";
    private final Database database;

    public RowAudit(Database database) {
        this.database = database;
    }

    /** Installs the audit schema if needed and the trigger on the table; returns the table's canonical name. */
    public String enable(String table, int retentionDays) {
        if (retentionDays < 1 || retentionDays > 36_500) throw new IllegalArgumentException("retention must be from 1 to 36500 days.");
        return database.write(c -> {
            String name = resolve(c, table);
            try (Statement st = c.createStatement()) {
                st.execute(SqlResource.load(RowAudit.class, "audit/install.sql"));
                st.execute("drop trigger if exists " + TRIGGER + " on " + name);
                st.execute("create trigger " + TRIGGER + " after insert or update or delete on " + name
                        + " for each row execute function dbwarden_audit.capture('" + retentionDays + "')");
            }
            return name;
        });
    }

    public String disable(String table) {
        return database.write(c -> {
            String name = resolve(c, table);
            try (Statement st = c.createStatement()) {
                st.execute("drop trigger if exists " + TRIGGER + " on " + name);
            }
            return name;
        });
    }

    /** The table as the server names it (quoted where needed), or one clear error. */
    private static String resolve(java.sql.Connection c, String table) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("select to_regclass(?)::text, (select relkind from pg_class where oid = to_regclass(?))::text")) {
            ps.setString(1, table);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getString(1) == null || !"r".equals(rs.getString(2)) && !"p".equals(rs.getString(2))) {
                    throw new IllegalArgumentException("No table named " + table + " (use schema.table for tables outside public).");
                }
                return rs.getString(1);
            }
        }
    }

    /** The newest recorded row changes; empty when the audit was never enabled on this database. */
    public List<AuditLog.Entry> changes(Instant since, int limit) {
        return database.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("select to_regclass('dbwarden_audit.row_change') is not null"); ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) return List.of();
            }
            List<AuditLog.Entry> out = new ArrayList<>();
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("since", since == null ? null : since.toString());
            params.put("limit", limit);
            try (PreparedStatement ps = NamedSql.prepare(c, SqlResource.load(RowAudit.class, "audit/row_changes.sql"), params);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("api_user", rs.getString("api_user"));
                    d.put("old", rs.getString("old_row"));
                    d.put("new", rs.getString("new_row"));
                    out.add(new AuditLog.Entry(rs.getTimestamp("at").toInstant().toString(), "row_change", rs.getString("role_name"),
                            rs.getString("operation"), rs.getString("table_name"), "done", d));
                }
            }
            return out;
        });
    }
}
