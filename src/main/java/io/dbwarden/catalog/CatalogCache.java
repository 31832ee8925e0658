package io.dbwarden.catalog;

import io.dbwarden.db.Database;
import io.dbwarden.db.SqlResource;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Keeps the last catalog of one database and re-reads it only when the schema changed. Normally that costs one cheap
 * fingerprint query per call; while the schema monitor is LISTENing to the event-trigger capture, the cache trusts
 * its notifications instead and answers without touching the database.
 */
public final class CatalogCache {
    private final Database db;
    private final CatalogReader reader = new CatalogReader();
    private record Entry(String fingerprint, Catalog catalog) {
    }
    private volatile Entry entry;
    private volatile boolean pushed;

    public CatalogCache(Database db) {
        this.db = db;
    }

    public Catalog current() {
        Entry cached = entry;
        if (pushed && cached != null) return cached.catalog();
        return db.readOnly(this::current);
    }

    /** The current catalog as seen by the caller's transaction, so that other reads in it share its snapshot. */
    public Catalog current(java.sql.Connection c) throws java.sql.SQLException {
        String fp = fingerprint(c);
        Entry e = entry;
        if (e != null && e.fingerprint().equals(fp)) return e.catalog();
        Catalog fresh = reader.read(c);
        entry = new Entry(fp, fresh);
        return fresh;
    }

    /**
     * Whether DDL notifications reach this cache (the monitor is LISTENing). While true, {@link #current()} returns
     * the cached catalog until {@link #invalidate()}; a notification is at most milliseconds behind its commit.
     */
    public void trustNotifications(boolean trust) {
        pushed = trust;
    }

    /** The schema changed: the next {@link #current()} reads it again. */
    public void invalidate() {
        entry = null;
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
