package io.dbwarden.advise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.db.SqlNames;
import io.dbwarden.db.SqlResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Failed-permission and failed-login attempts, read from the server's own CSV or JSON log through pg_read_binary_file:
 * the only place PostgreSQL reports them. It reads the part of the current log file written since the last position,
 * at most {@link #MAX_BYTES} a sample, and when it cannot read the log it says why and what would enable it.
 */
final class ServerLog {
    /** The most a sample reads; a busier log is skipped ahead to its end, and the note says how much was skipped. */
    static final int MAX_BYTES = 4 * 1024 * 1024;
    /** insufficient_privilege, invalid_authorization_specification, invalid_password. */
    static final Set<String> FAILURE_STATES = Set.of("42501", "28000", "28P01");
    private static final ObjectMapper JSON = new ObjectMapper();
    // csvlog columns (0-based), as the PostgreSQL manual lists them under "Using CSV-Format Log Output"
    private static final int CSV_USER = 1, CSV_DATABASE = 2, CSV_CONNECTION_FROM = 4, CSV_SQLSTATE = 12, CSV_MESSAGE = 13;

    private ServerLog() {
    }

    /** Where reading stopped: a log file (as pg_current_logfile names it) and a byte offset in it. */
    record Position(String file, long offset) {
    }

    /** One failed attempt: the role, its client address without the port ("[local]" for a socket), SQLSTATE and message. */
    record Failure(String role, String address, String sqlState, String message) {
    }

    /**
     * What a sample read. {@code next} is null when the log cannot be read (keep nothing); {@code counted} is false on
     * the first read, which only marks where the next one starts.
     */
    record Read(Position next, boolean counted, List<Failure> failures, List<String> notes) {
    }

    /** Reads the failures on this database since {@code since} (null: never read; this read is the baseline). */
    static Read read(Connection c, Position since) throws SQLException {
        String destination, collector, role, database;
        int version;
        boolean allowed, supabase;
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ServerLog.class, "access/log_status.sql"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            destination = rs.getString("log_destination");
            collector = rs.getString("logging_collector");
            version = rs.getInt("server_version");
            role = rs.getString("role_name");
            database = rs.getString("database_name");
            allowed = rs.getBoolean("can_locate") && rs.getBoolean("can_stat") && rs.getBoolean("can_read");
            supabase = rs.getBoolean("supabase");
        }
        String format = format(destination, version);
        if (!allowed && supabase) {
            return unreadable("on Supabase the server log is not readable from SQL; look for SQLSTATE 42501 and 28P01 in the "
                    + "dashboard's Log Explorer (Postgres logs) instead");
        }
        if (format == null || !collector.equals("on")) {
            return unreadable("the server writes no CSV or JSON log (log_destination = '" + destination + "', logging_collector = "
                    + collector + "). To watch them, set log_destination = 'stderr,csvlog'"
                    + (version >= 150000 ? " (or jsonlog)" : "") + " and logging_collector = on (the latter needs a restart)");
        }
        if (!allowed) {
            return unreadable("role " + role + " may not read the server log. To watch them, as a superuser run: grant execute on function "
                    + "pg_current_logfile(text), pg_stat_file(text, boolean), pg_read_binary_file(text, bigint, bigint, boolean) to "
                    + SqlNames.ident(role));
        }
        String path;
        long size;
        Savepoint sp = c.setSavepoint();
        try (PreparedStatement ps = NamedSql.prepare(c, SqlResource.load(ServerLog.class, "access/log_file.sql"), Map.of("format", format));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            path = rs.getString(1);
            size = rs.getLong(2);
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            c.rollback(sp);
            return unreadable("the server log could not be located (" + firstLine(e) + ")");
        }
        if (path == null) return unreadable("the server reports no current " + format + " file yet (pg_current_logfile is empty)");
        List<String> notes = new ArrayList<>();
        if (since == null) {
            notes.add("Failed-permission attempts: this is the first read of the server log (" + format + "); it marks the start, and "
                    + "attempts from now on are counted.");
            return new Read(new Position(path, size), false, List.of(), notes);
        }
        List<Failure> failures = new ArrayList<>();
        long budget = MAX_BYTES;
        long start = since.offset();
        if (!since.file().equals(path)) {
            // rotated: finish the previous file first, then read the new one from its start
            Long previousSize = previousSize(c, since.file());
            if (previousSize == null) {
                notes.add("The server log rotated since the last sample and the previous file is gone; attempts written to its end "
                        + "were not read.");
            } else if (previousSize > start) {
                budget -= readRange(c, format, database, new Position(since.file(), start), previousSize, budget, failures, notes).read();
            }
            start = 0;
        } else if (start > size) {
            start = 0; // the same name, truncated and rewritten (log_truncate_on_rotation)
        }
        Range range = readRange(c, format, database, new Position(path, start), size, budget, failures, notes);
        return new Read(new Position(path, range.next()), true, failures, notes);
    }

    /** How far a read of one file got, and how many bytes it took from the sample's budget. */
    private record Range(long next, long read) {
    }

    /** Reads from a position to end (at most budget bytes), adding failures; past the budget it skips to end, with a note. */
    private static Range readRange(Connection c, String format, String database, Position from, long end, long budget,
                                   List<Failure> failures, List<String> notes) throws SQLException {
        long available = end - from.offset();
        int length = (int) Math.max(0, Math.min(available, budget));
        byte[] data = new byte[0];
        if (length > 0) {
            try (PreparedStatement ps = NamedSql.prepare(c, SqlResource.load(ServerLog.class, "access/log_read.sql"),
                    Map.of("path", from.file(), "offset", from.offset(), "length", (long) length)); ResultSet rs = ps.executeQuery()) {
                rs.next();
                byte[] got = rs.getBytes(1);
                if (got != null) data = got;
            }
        }
        int consumed = format.equals("csvlog") ? fromCsv(data, database, failures) : fromJson(data, database, failures);
        if (available <= budget) return new Range(from.offset() + consumed, length);
        notes.add("The server log grew by " + available / (1024 * 1024) + " MiB since the last sample; only " + MAX_BYTES / (1024 * 1024)
                + " MiB a sample are read for failed-permission attempts, so " + (available - consumed) / (1024 * 1024)
                + " MiB of " + from.file() + " were skipped.");
        return new Range(resume(c, format, from.file(), end), length);
    }

    /** How far back from the end of a log the start of its last record is looked for after a skip. */
    static final int RESYNC_BYTES = 64 * 1024;

    /**
     * Where the next read starts after a skip: the start of the last record that begins before {@code end}, so that the
     * next read does not begin inside a record (a quote in the middle of one would throw the CSV parser off).
     */
    private static long resume(Connection c, String format, String file, long end) throws SQLException {
        long from = Math.max(0, end - RESYNC_BYTES);
        try (PreparedStatement ps = NamedSql.prepare(c, SqlResource.load(ServerLog.class, "access/log_read.sql"),
                Map.of("path", file, "offset", from, "length", end - from)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            byte[] tail = rs.getBytes(1);
            int at = tail == null ? -1 : lastRecordStart(tail, format);
            return at < 0 ? end : from + at;
        }
    }

    private static final java.util.regex.Pattern CSV_RECORD_START = java.util.regex.Pattern.compile("\\n(?=\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})");
    private static final java.util.regex.Pattern JSON_RECORD_START = java.util.regex.Pattern.compile("\\n(?=\\{)");

    /** The offset in data of the last line that starts a log record (csvlog: its timestamp; jsonlog: an object), or -1. */
    static int lastRecordStart(byte[] data, String format) {
        String text = new String(data, StandardCharsets.ISO_8859_1);  // one char per byte, so indexes are byte offsets
        java.util.regex.Matcher m = (format.equals("csvlog") ? CSV_RECORD_START : JSON_RECORD_START).matcher(text);
        int last = -1;
        while (m.find()) last = m.start() + 1;
        return last;
    }

    private static Long previousSize(Connection c, String file) throws SQLException {
        try (PreparedStatement ps = NamedSql.prepare(c, SqlResource.load(ServerLog.class, "access/log_size.sql"), Map.of("path", file));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long size = rs.getLong(1);
            return rs.wasNull() ? null : size;
        }
    }

    /** csvlog if the server writes it, else jsonlog (PostgreSQL 15+), else null. */
    static String format(String destination, int version) {
        List<String> parts = List.of(destination.toLowerCase().replace(" ", "").split(","));
        if (parts.contains("csvlog")) return "csvlog";
        if (parts.contains("jsonlog") && version >= 150000) return "jsonlog";
        return null;
    }

    /** Adds the failures in the complete CSV records of data; returns the bytes they span. */
    static int fromCsv(byte[] data, String database, List<Failure> out) {
        CsvRecords.Parsed parsed = CsvRecords.parse(data, data.length);
        for (List<String> r : parsed.records()) {
            if (r.size() <= CSV_MESSAGE) continue;
            // csvlog writes host:port (an IPv6 host has colons of its own); jsonlog keeps the port in another field
            add(out, database, r.get(CSV_USER), r.get(CSV_DATABASE), r.get(CSV_CONNECTION_FROM).replaceFirst(":\\d+$", ""),
                    r.get(CSV_SQLSTATE), r.get(CSV_MESSAGE));
        }
        return parsed.consumed();
    }

    /** Adds the failures in the complete lines of a JSON log (one object a line); returns the bytes they span. */
    static int fromJson(byte[] data, String database, List<Failure> out) {
        int end = data.length;
        while (end > 0 && data[end - 1] != '\n') end--;
        for (String line : new String(data, 0, end, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            try {
                JsonNode n = JSON.readTree(line);
                add(out, database, n.path("user").asText(""), n.path("dbname").asText(""), n.path("remote_host").asText(""),
                        n.path("state_code").asText(""), n.path("message").asText(""));
            } catch (IOException e) {
                // not a log record (a torn write); nothing to count in it
            }
        }
        return end;
    }

    private static void add(List<Failure> out, String database, String role, String db, String from, String state, String message) {
        if (!FAILURE_STATES.contains(state) || role.isEmpty() || !db.equals(database)) return;
        out.add(new Failure(role, from.isEmpty() ? "[local]" : from, state, message));
    }

    private static Read unreadable(String why) {
        return new Read(null, false, List.of(), List.of("Failed-permission and failed-login attempts are not watched: " + why + "."));
    }

    private static String firstLine(SQLException e) {
        return e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    }
}
