package io.dbwarden.migrate;

import io.dbwarden.db.Database;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells which migration files the target has not applied yet, from the history tables of the tools that applied the
 * others: the Supabase CLI ({@code supabase_migrations.schema_migrations}) and Flyway ({@code flyway_schema_history}).
 * Without either, every file counts as pending.
 */
public final class AppliedMigrations {
    private static final Pattern SUPABASE_FILE = Pattern.compile("(\\d+)_.*\\.sql");
    private static final Pattern FLYWAY_FILE = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.*\\.sql", Pattern.CASE_INSENSITIVE);

    /** The pending files and which history told us so ("supabase", "flyway" or "none"). */
    public record Pending(List<MigrationSource> files, String history, int applied) {
    }

    private AppliedMigrations() {
    }

    public static Pending pending(Database target, List<MigrationSource> all) {
        Set<String> supabase = versions(target, "supabase_migrations.schema_migrations", "version::text", "true");
        Set<String> flyway = versions(target, "flyway_schema_history", "version", "success and version is not null");
        String history = !supabase.isEmpty() ? "supabase" : !flyway.isEmpty() ? "flyway" : "none";
        List<MigrationSource> out = new ArrayList<>();
        int applied = 0;
        for (MigrationSource s : all) {
            String file = s.name().substring(s.name().lastIndexOf('/') + 1);
            boolean done = false;
            Matcher sm = SUPABASE_FILE.matcher(file);
            if (sm.matches() && supabase.contains(sm.group(1))) done = true;
            Matcher fm = FLYWAY_FILE.matcher(file);
            if (fm.matches() && flyway.contains(fm.group(1).replace('_', '.'))) done = true;
            if (done) applied++;
            else out.add(s);
        }
        return new Pending(List.copyOf(out), history, applied);
    }

    private static Set<String> versions(Database target, String table, String column, String where) {
        return target.readOnly(c -> {
            Set<String> out = new HashSet<>();
            try (Statement st = c.createStatement();
                 ResultSet exists = st.executeQuery("select to_regclass('" + table + "') is not null")) {
                exists.next();
                if (!exists.getBoolean(1)) return out;
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select " + column + " from " + table + " where " + where)) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }
}
