package io.dbwarden.catalog;

import io.dbwarden.db.Database;
import io.dbwarden.db.SqlResource;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Keeps the last catalog of one database and re-reads it only when the schema fingerprint changes. Checking the
 * fingerprint is one cheap query, so callers always see the current schema without paying for a full read.
 */
public final class CatalogCache {
    private final Database db;
    private final CatalogReader reader = new CatalogReader();
    private record Entry(String fingerprint, Catalog catalog) {
    }
    private volatile Entry entry;

    public CatalogCache(Database db) {
        this.db = db;
    }

    public Catalog current() {
        return db.readOnly(c -> {
            String fp = fingerprint(c);
            Entry e = entry;
            if (e != null && e.fingerprint().equals(fp)) return e.catalog();
            // Read inside the same snapshot as the fingerprint, so the pair is consistent.
            Catalog fresh = reader.read(c);
            entry = new Entry(fp, fresh);
            return fresh;
        });
    }

    /** The schema fingerprint on a connection the caller owns: one cheap query, for polling. */
    public static String fingerprint(java.sql.Connection c) throws java.sql.SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(SqlResource.load(CatalogCache.class, "fingerprint.sql"))) {
            rs.next();
            return rs.getString(1);
        }
    }

    public Database database() {
        return db;
    }
}
